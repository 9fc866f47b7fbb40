using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Tools.HeapModel;

/// <summary>
/// The constructions the device heap is quoted for, rebuilt on the host and priced by <see cref="NanoHeap"/>. Each
/// counts what its constructor added to the heap, not the link device or chip built before it (the nanoCLR rows of
/// issue 17 left the two stacks' MemoryLink pair out too).
/// </summary>
public static class HeapScenarios
{
    /// <summary>NetworkStack with the default StackConfig (calibration row 1).</summary>
    public static long NetworkStackDefault(int block)
    {
        var link = new MemoryLink(8);
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        return heap.Add(NewStack(link, new StackConfig()));
    }

    /// <summary>A TcpStack of 4 connections with 2 KiB rings each way, registered with a stack (calibration row 2).</summary>
    public static long TcpStackFourByTwoKiB(int block)
    {
        var link = new MemoryLink(8);
        NetworkStack stack = NewStack(link, new StackConfig());
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        heap.Exclude(stack);
        var tcp = new TcpStack(new TcpConfig { MaxConnections = 4, ReceiveBufferSize = 2048, SendBufferSize = 2048 }, 7);
        stack.Register(tcp);
        return heap.Add(tcp);
    }

    /// <summary>The firmware application after its first Step on a host link: default (DHCP, DNS, mDNS, HTTP, 4 TCP)
    /// or static address. <paramref name="asMeasured"/>: with the stack's default UDP, reassembly and ARP tables and the
    /// HTTP library's default buffers, as the board was configured when the nanoCLR rows were measured (calibration
    /// rows 3 and 4). One code change since is not a knob: the mDNS names are sized by need (1,128 B less at 24-byte
    /// blocks in the DHCP row).</summary>
    public static long BoardApp(int block, bool dhcp, NanoHeap heap = null, bool asMeasured = false)
    {
        var link = new MemoryLink(8);
        heap ??= new NanoHeap(block);
        heap.Exclude(link);
        BoardConfig cfg = BoardConfig.Default();
        cfg.UseDhcp = dhcp;
        if (asMeasured)
        {
            var stackDefaults = new StackConfig();
            cfg.UdpSockets = stackDefaults.UdpSockets;
            cfg.UdpDirectSockets = stackDefaults.UdpDirectSockets;
            cfg.UdpQueueBytes = stackDefaults.UdpReceiveQueueBytes;
            cfg.UdpQueueDatagrams = stackDefaults.UdpReceiveQueueDatagrams;
            cfg.ReassemblyBytes = stackDefaults.ReassemblyBufferBytes;
            cfg.ArpPendingFrames = stackDefaults.ArpPendingFrames;
            // The measured server's response buffer was 512 B of head room + ResponseBufferSize; its one work buffer
            // now has HeadReserve in front instead: sized here to the measured buffer.
            var httpDefaults = new NanoStack.Http.HttpServerConfig();
            cfg.HttpResponseBytes = httpDefaults.ResponseBufferSize + 512 - NanoStack.Http.HttpServer.HeadReserve;
        }

        var app = new BoardApp(cfg, link, new NullLed(), 1000);
        app.Step(1001);
        if (asMeasured) AddedSinceMeasurement(app, heap);
        long bytes = heap.Add(app);
        if (asMeasured && dhcp) bytes += RemovedSinceMeasurement(heap); // the static board runs none of these services
        if (asMeasured) bytes += RemovedHttpBuffers(heap, app.Http.Config.MaxClients);
        return bytes;
    }

    /// <summary>
    /// The HTTP server's buffers the measured application had and this one does not, priced as the arrays they were
    /// (defaults of the measured commit): per client a 256-byte receive staging buffer and a 257-byte line buffer (the
    /// server parses requests straight out of the TCP receive buffer since) and a request body of 256 bytes instead of
    /// the firmware's 64; server-wide a 512-byte head buffer and a 1,460-byte streaming buffer (heads, streamed bodies
    /// and sections share the one work buffer since) and the two writers' 20-byte digit buffers.
    /// </summary>
    private static long RemovedHttpBuffers(NanoHeap heap, int clients)
    {
        long bytes = heap.Add(new byte[512]) + heap.Add(new byte[1460]) + heap.Add(new byte[20]) + heap.Add(new byte[20]);
        for (int i = 0; i < clients; i++)
        {
            bytes += heap.Add(new byte[256]) + heap.Add(new byte[257]) + heap.Add(new byte[256]) - NanoHeap.Measure(new byte[64], heap.BlockBytes);
        }
        return bytes;
    }

    /// <summary>
    /// Parts the measured application had and this one does not: the receive copies of the DHCP client (576 bytes),
    /// the DNS client (512) and the mDNS responder (1,472), gone since those services parse datagrams in place
    /// (IUdpReceiver), and the transmit buffers of the mDNS responder (1,472) and the DHCP client (576), gone since
    /// they build their messages in the interface's transmit buffer. Priced as the arrays they were, so the
    /// calibration still compares like with like.
    /// </summary>
    private static long RemovedSinceMeasurement(NanoHeap heap) =>
        heap.Add(new byte[576]) + heap.Add(new byte[512]) + heap.Add(new byte[1472])
        + heap.Add(new byte[1472]) + heap.Add(new byte[576]);

    /// <summary>
    /// Parts added to the application after the nanoCLR rows were measured (commit 2c7c02a), left out so the calibration
    /// prices the graph that was measured: the chart's sample ring, the section renderer's sink (its stage and writer are the work buffer and the
    /// head's writer since), and
    /// the status page/JSON section sources and static assets of the routes (each priced alone: they point back into
    /// the board's status). The fields added to existing classes since (about 35 blocks) stay in.
    /// </summary>
    private static void AddedSinceMeasurement(BoardApp app, NanoHeap heap)
    {
        heap.Exclude(app.Status.Samples);
        heap.Exclude(Field(app.Http, "_sink"));
        object routes = Field(app.Http, "_handler");
        foreach (string name in new[] { "_page", "_json", "_css", "_js" }) heap.ExcludeOnly(Field(routes, name));
    }

    private static object Field(object o, string name) =>
        o.GetType().GetField(name, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.GetValue(o)
        ?? throw new System.InvalidOperationException(o.GetType().Name + "." + name + " not found: update HeapScenarios.AddedSinceMeasurement");

    /// <summary>
    /// The default firmware as it boots on the board: the ENC28J60 driver initialised on the chip (model) and the
    /// BoardApp on it, after the first Step. The chip and its SPI bus are hardware, not heap. <paramref name="captureBytes"/>:
    /// BoardConfig.CaptureBytes (0 = off, the default).
    /// </summary>
    public static long DefaultFirmware(int block, NanoHeap heap = null, int captureBytes = 0)
    {
        var chip = new Enc28j60Chip();
        var bus = new ChipBus(chip);
        heap ??= new NanoHeap(block);
        heap.Exclude(chip);
        heap.Exclude(bus);
        BoardConfig cfg = BoardConfig.Default();
        cfg.CaptureBytes = captureBytes;
        var driver = new Enc28j60Driver(bus, bus, new Enc28j60Options { InterruptMode = true, SpiClockHz = cfg.SpiClockHz });
        driver.Initialize(cfg.Mac);
        var app = new BoardApp(cfg, driver, new NullLed(), 1000);
        app.Step(1001);
        return heap.Add(app);
    }

    /// <summary>A UDP-only stack (no TCP, no HTTP) with <see cref="StackConfig.Minimal"/>: what an app that only
    /// sends and receives datagrams pays.</summary>
    public static long MinimalUdp(int block, NanoHeap heap = null)
    {
        var link = new MemoryLink(8);
        heap ??= new NanoHeap(block);
        heap.Exclude(link);
        return heap.Add(NewStack(link, StackConfig.Minimal()));
    }

    private static NetworkStack NewStack(MemoryLink link, StackConfig c)
    {
        c.MacAddress = new byte[] { 0x02, 0, 0x5e, 0, 0, 2 };
        c.Address = 0xC0000202;
        c.Netmask = 0xFFFFFF00;
        return new NetworkStack(link, c);
    }

    private sealed class NullLed : ILed
    {
        public bool IsOn => false;
        public void Set(bool on) { }
        public void Toggle() { }
    }

    /// <summary>The chip model on the driver's SPI seam, in the chip's virtual time.</summary>
    private sealed class ChipBus : ISpiTransport, IDriverClock
    {
        private readonly Enc28j60Chip _chip;
        public ChipBus(Enc28j60Chip chip) => _chip = chip;
        public void Write(byte[] buffer, int offset, int length) => _chip.Transfer(buffer, offset, null, 0, length);
        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length) => _chip.Transfer(write, writeOffset, read, readOffset, length);
        public long NowMicros => _chip.NowMicros;
        public void DelayMicros(int us) => _chip.AdvanceMicros(us);
    }
}
