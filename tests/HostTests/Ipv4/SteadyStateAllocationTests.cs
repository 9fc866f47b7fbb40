using NanoStack.Tests.Wire;
using System;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Wire;
using Xunit;

namespace NanoStack.HostTests.Ipv4;

/// <summary>
/// Steady state: 100,000 ping exchanges (1 in 10 a fragmented 3000-byte ping) and 100,000 UDP echo round trips
/// through an in-memory link allocate 0 bytes after start-up, and every request is answered correctly.
/// </summary>
public class SteadyStateAllocationTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _out;
    public SteadyStateAllocationTests(Xunit.Abstractions.ITestOutputHelper output) => _out = output;

    [Fact]
    public void HundredThousandPingsAndUdpRoundTripsAllocateNothing()
    {
        var config = FuzzSupport.BoardConfig();
        config.ReassemblyBufferBytes = 4096; // the 3000-byte pings: above the default one Ethernet datagram (1480)
        var (stack, link, peer) = FuzzSupport.Create(config);
        UdpSocket server = stack.OpenUdp();
        server.Bind(7);
        byte[] ping = CapturedFrames.EchoRequest;
        byte[][] bigPing = { CapturedFrames.Echo3000Fragment1, CapturedFrames.Echo3000Fragment2, CapturedFrames.Echo3000Fragment3 };
        byte[] udp = CapturedFrames.UdpHello;
        byte[] app = new byte[1500];
        byte[] arpReply = FuzzSupport.ArpReply();
        int arpRequests = 0;
        long now = 0;
        int replies = 0, fragments = 0, udpReplies = 0;

        peer.Send(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
        stack.Poll(now);
        peer.Clear();

        void Exchange(int count)
        {
            for (int i = 0; i < count; i++)
            {
                now += 1;
                if (i % 10 == 9)
                {
                    for (int k = 0; k < 3; k++) peer.Send(bigPing[k], 0, bigPing[k].Length);
                }
                else
                {
                    peer.Send(ping, 0, ping.Length);
                }
                stack.Poll(now);
                int n;
                while ((n = peer.Receive()) > 0)
                {
                    byte[] r = peer.ReceiveBuffer;
                    if (AnswerArp(r, peer.ReceiveOffset)) continue;
                    if (r[peer.ReceiveOffset + 23] == 1 && (r[peer.ReceiveOffset + 20] & 0x3F) == 0 && r[peer.ReceiveOffset + 34] == 0) replies++;
                    if ((r[peer.ReceiveOffset + 20] & 0x3F) != 0 || r[peer.ReceiveOffset + 21] != 0) fragments++;
                }

                peer.Send(udp, 0, udp.Length);
                stack.Poll(now);
                int got = server.ReceiveFrom(app, 0, app.Length, out uint from, out ushort port);
                server.SendTo(from, port, app, 0, got, now);
                while ((n = peer.Receive()) > 0)
                {
                    if (AnswerArp(peer.ReceiveBuffer, peer.ReceiveOffset)) continue;
                    if (peer.ReceiveBuffer[peer.ReceiveOffset + 23] == 17 && n == udp.Length) udpReplies++;
                }
            }
        }

        // Linux answers the board's ARP refreshes (RFC 1122 §2.3.2.1), as in real life; the entry must never expire.
        bool AnswerArp(byte[] r, int o)
        {
            if (r[o + 12] != 0x08 || r[o + 13] != 0x06) return false;
            arpRequests++;
            peer.Send(arpReply, 0, arpReply.Length);
            return true;
        }

        var clock = new System.Diagnostics.Stopwatch();
        long allocated = AllocationMeter.Measure(
            () => { Exchange(2_000); replies = fragments = udpReplies = 0; clock.Start(); },
            () => Exchange(100_000));
        clock.Stop();
        _out.WriteLine($"100,000 pings (10% of 3000 bytes) + 100,000 UDP round trips: {clock.ElapsedMilliseconds} ms, {allocated} bytes allocated");

        Assert.Equal(0L, allocated);
        Assert.Equal(100_000, udpReplies);
        Assert.Equal(100_000, stack.Interface.EchoRepliesSent - 2_000);
        Assert.Equal(30_000, fragments);   // 10,000 big pings answered in 3 fragments each
        Assert.Equal(90_000, replies);     // every unfragmented ping answered with an unfragmented reply
        Assert.Equal(stack.Interface.FramesReceived, stack.Interface.FramesAccepted + stack.Interface.DroppedTotal);
        Assert.Equal(0, stack.Interface.DroppedTotal);
        // Every exchange brings a datagram from Linux's cached MAC, which confirms the entry (RFC 1122 §2.3.2.1
        // advice): a neighbour we keep hearing from is never polled, and its entry never expires.
        Assert.Equal(0, arpRequests);
    }
}
