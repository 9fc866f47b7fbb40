using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;
using NanoStack.Tools.HeapModel;

namespace NanoStack.HostTests.Heap;

/// <summary>
/// The constructions the nanoCLR heap was measured on (issue 17), rebuilt on the host and priced by <see cref="NanoHeap"/>:
/// each counts what its constructor added to the heap, not the link device built before it (the measured rows left
/// the two stacks' MemoryLink pair out too).
/// </summary>
public static class HeapScenarios
{
    public static long NetworkStackDefault(int block)
    {
        var link = new MemoryLink(8);
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        return heap.Add(NewStack(link));
    }

    public static long TcpStackFourByTwoKiB(int block)
    {
        var link = new MemoryLink(8);
        NetworkStack stack = NewStack(link);
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        heap.Exclude(stack);
        var tcp = new TcpStack(new TcpConfig { MaxConnections = 4, ReceiveBufferSize = 2048, SendBufferSize = 2048 }, 7);
        stack.Register(tcp);
        return heap.Add(tcp);
    }

    /// <summary>The firmware application after its first Step, default configuration (DHCP, DNS, mDNS, HTTP, 4 TCP) or static.</summary>
    public static long BoardApp(int block, bool dhcp, NanoHeap heap = null)
    {
        var link = new MemoryLink(8);
        heap ??= new NanoHeap(block);
        heap.Exclude(link);
        BoardConfig cfg = BoardConfig.Default();
        cfg.UseDhcp = dhcp;
        var app = new BoardApp(cfg, link, null, new NullLed(), 1000);
        app.Step(1001);
        return heap.Add(app);
    }

    /// <summary>A UDP-only stack: the interface with its UDP sockets, no TCP and no HTTP.</summary>
    public static long MinimalUdp(int block)
    {
        var link = new MemoryLink(8);
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        return heap.Add(NewStack(link));
    }

    private static NetworkStack NewStack(MemoryLink link)
    {
        var c = new StackConfig { MacAddress = new byte[] { 0x02, 0, 0x5e, 0, 0, 2 }, Address = 0xC0000202, Netmask = 0xFFFFFF00, RandomSeed = 1 };
        return new NetworkStack(link, c);
    }

    private sealed class NullLed : ILed
    {
        public bool IsOn => false;
        public void Set(bool on) { }
        public void Toggle() { }
    }
}
