using NanoStack.Tests.Wire;
using System;
using System.Diagnostics;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Util;
using NanoStack.Wire;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Ipv4;

/// <summary>
/// Whole-receive-path fuzz: 1,000,000 random and mutated frames (mutations of valid ARP, IPv4, ICMP, UDP,
/// fragment and transport frames, half of them with their checksums repaired so the mutation reaches the
/// layer behind) go through a NetworkStack on a MemoryLink. Zero exceptions, zero bytes allocated after
/// warm-up, and every frame counted exactly once (received = accepted + sum of drops).
/// </summary>
public class ReceivePathFuzzTests
{
    private readonly ITestOutputHelper _out;
    public ReceivePathFuzzTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void MillionMutatedFramesNeverThrowNeverAllocateAndAreAllCounted()
    {
        const int frames = 1_000_000;
        var config = FuzzSupport.BoardConfig();
        config.ReassemblyTimeoutMs = 2000;
        var (stack, link, peer) = FuzzSupport.Create(config, peerQueue: 64);
        var transport = new NullTransport();
        stack.Register(transport);
        UdpSocket echo = stack.OpenUdp();
        echo.Bind(7);
        UdpSocket mdns = stack.OpenUdp();
        mdns.Bind(5353);
        stack.Interface.JoinMulticast(0xE00000FB);
        byte[] mdnsMac = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };

        byte[][] seeds =
        {
            CapturedFrames.ArpRequest, FuzzSupport.ArpReply(), CapturedFrames.EchoRequest,
            CapturedFrames.Echo3000Fragment1, CapturedFrames.Echo3000Fragment2, CapturedFrames.Echo3000Fragment3,
            CapturedFrames.UdpHello,
            FuzzSupport.Udp(FuzzSupport.BoardMac, FuzzSupport.Linux, FuzzSupport.Board, 1234, 9, 20),
            FuzzSupport.Udp(FuzzSupport.BroadcastMac, FuzzSupport.Linux, 0xFFFFFFFF, 67, 68, 300),
            FuzzSupport.Udp(mdnsMac, FuzzSupport.Linux, 0xE00000FB, 5353, 5353, 40),
            FuzzSupport.Echo(FuzzSupport.BroadcastMac, 0xC00002FF, 16),
            FuzzSupport.Ipv4Frame(FuzzSupport.BoardMac, FuzzSupport.Linux, FuzzSupport.Board, 6, new byte[40]),
            FuzzSupport.Ipv4Frame(FuzzSupport.BoardMac, FuzzSupport.Linux, FuzzSupport.Board, 1, new byte[] { 3, 3, 0, 0, 0, 0, 0, 0, 0x45 }),
            FuzzSupport.Ipv4Frame(FuzzSupport.BoardMac, FuzzSupport.Linux, FuzzSupport.Board, 17, new byte[600], id: 9, more: true),
            FuzzSupport.Ipv4Frame(FuzzSupport.BoardMac, FuzzSupport.Linux, FuzzSupport.Board, 17, new byte[16], id: 9, fragOffset: 600),
        };
        byte[] work = new byte[1600];
        byte[] sink = new byte[2048];
        var rng = new XorShift32(20261121);
        long now = 0;
        int direct = 0;

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                int length = MakeFrame(rng, seeds, work);
                if (length >= 14 && length <= MemoryLink.MaxFrame)
                {
                    peer.Send(work, 0, length);
                }
                else
                {
                    // The link refuses runts and giants; the stack must still cope if a device hands one over.
                    stack.Interface.ReceiveFrame(work, 0, length, now);
                    direct++;
                }
                if ((i & 3) == 3)
                {
                    stack.Poll(now);
                    now += rng.NextInt(40);
                    peer.Clear();
                    while (echo.ReceiveFrom(sink, 0, sink.Length, out _, out _) >= 0) { }
                    while (mdns.ReceiveFrom(sink, 0, sink.Length, out _, out _) >= 0) { }
                }
            }
            stack.Poll(now);
            peer.Clear();
        }

        var iface = stack.Interface;
        int receivedBefore = 0;
        var sw = new Stopwatch();
        // Warm-up (JIT, static constructors, tiered compilation), then the measured run, on one dedicated thread.
        long allocated = AllocationMeter.Measure(
            () => { Run(20_000); receivedBefore = iface.FramesReceived; sw.Start(); },
            () => Run(frames));
        sw.Stop();

        Assert.Equal(0L, allocated);
        Assert.Equal(frames, iface.FramesReceived - receivedBefore);
        Assert.Equal(iface.FramesReceived, iface.FramesAccepted + iface.DroppedTotal);
        int reasonsHit = 0;
        for (int r = 1; r < (int)DropReason.Count; r++)
        {
            if (iface.Dropped((DropReason)r) > 0) reasonsHit++;
            _out.WriteLine($"{(DropReason)r,-22} {iface.Dropped((DropReason)r),8}");
        }
        _out.WriteLine($"accepted {iface.FramesAccepted}, echo replies {iface.EchoRepliesSent}, transport {transport.Received}, " +
            $"icmp errors {iface.IcmpErrorsSent}, reassembly timeouts {iface.ReassemblyTimeouts}, direct {direct}, {sw.ElapsedMilliseconds} ms");
        // The mutations must reach deep: most drop reasons exercised, and plenty of frames still accepted and answered.
        Assert.True(reasonsHit >= (int)DropReason.Count - 4, $"only {reasonsHit} drop reasons exercised");
        Assert.True(iface.FramesAccepted > frames / 10);
        Assert.True(iface.EchoRepliesSent > 1000);
        Assert.True(transport.Received > 1000);
    }

    /// <summary>One frame into <paramref name="work"/>: 10% random bytes, 90% a mutated seed. Allocation-free.</summary>
    internal static int MakeFrame(XorShift32 rng, byte[][] seeds, byte[] work)
    {
        int length;
        if (rng.NextInt(10) == 0)
        {
            length = rng.NextInt(200) == 0 ? rng.NextInt(14) : 14 + rng.NextInt(1500);
            for (int i = 0; i < length; i++) work[i] = (byte)rng.Next();
            if (length >= 14 && rng.NextInt(2) == 0)
            {
                Array.Copy(FuzzSupport.BoardMac, 0, work, 0, 6);
                work[12] = 0x08;
                work[13] = rng.NextInt(3) == 0 ? (byte)0x06 : (byte)0x00;
                if (work[13] == 0 && length >= 34) { work[14] = 0x45; FuzzSupport.FixChecksums(work, length, false); }
            }
            return length;
        }
        byte[] seed = seeds[rng.NextInt(seeds.Length)];
        length = seed.Length;
        Array.Copy(seed, 0, work, 0, length);
        int mutations = rng.NextInt(4);
        for (int m = 0; m < mutations; m++)
        {
            switch (rng.NextInt(7))
            {
                case 0: work[rng.NextInt(length)] ^= (byte)(1 << rng.NextInt(8)); break;
                case 1: work[rng.NextInt(length)] = (byte)rng.Next(); break;
                case 2:
                {
                    // Header fields are where the bugs live: hit the first 60 bytes with interesting 16-bit values.
                    if (length < 2) break;
                    int at = rng.NextInt(length < 60 ? length - 1 : 59);
                    int v = rng.NextInt(6) switch { 0 => 0, 1 => 0xFFFF, 2 => rng.NextInt(64), 3 => length - 14 - rng.NextInt(40), 4 => 0x2000 | rng.NextInt(400), _ => (int)rng.Next() };
                    NetworkEndian.WriteUInt16(work, at, v);
                    break;
                }
                case 3: length = 1 + rng.NextInt(length); break;
                case 4:
                {
                    int extra = rng.NextInt(64);
                    for (int i = 0; i < extra && length < MemoryLink.MaxFrame; i++) work[length++] = (byte)rng.Next();
                    break;
                }
                case 5: work[14] = (byte)(0x40 | rng.NextInt(16)); break; // IHL, including options and impossible values
                default: Array.Copy(rng.NextInt(2) == 0 ? FuzzSupport.BroadcastMac : FuzzSupport.BoardMac, 0, work, 0, 6); break;
            }
        }
        if (rng.NextInt(2) == 0) FuzzSupport.FixChecksums(work, length, rng.NextInt(2) == 0);
        return length;
    }
}
