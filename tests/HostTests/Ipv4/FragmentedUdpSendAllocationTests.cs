using NanoStack.Tests.Wire;
using NanoStack.Wire;
using System;
using NanoStack.Iface;
using NanoStack.Sockets;
using Xunit;

namespace NanoStack.HostTests.Ipv4;

/// <summary>
/// UdpSocket.SendTo of datagrams above one frame (3000 and 65507 bytes) fragments straight from the caller's
/// buffer: 10,000 sends allocate 0 bytes and each leaves as the expected number of fragments.
/// </summary>
public class FragmentedUdpSendAllocationTests
{
    [Fact]
    public void TenThousandFragmentedUdpSendsAllocateNothing()
    {
        var (stack, link, peer) = FuzzSupport.Create(FuzzSupport.BoardConfig());
        peer.Send(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
        stack.Poll(0);
        peer.Clear();
        UdpSocket s = stack.OpenUdp();
        Assert.True(s.Bind(7));
        byte[] data = new byte[65507];
        new Random(3).NextBytes(data);
        uint linux = 0xC0000201;
        long now = 0;
        int frames = 0;
        int arpRequests = 0;
        // Linux answers the board's unicast polls (RFC 1122 §2.3.2.1): a one-way sender hears nothing else from it.
        byte[] arpReply = new byte[60];
        EthernetFrame.Emit(arpReply, 0, CapturedFrames.BoardMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeArp);
        ArpPacket.Emit(arpReply, 14, ArpPacket.OperationReply, CapturedFrames.LinuxMac, 0, linux, CapturedFrames.BoardMac, 0,
            CapturedFrames.BoardAddress);

        void Drain(bool count)
        {
            while (peer.Receive() > 0)
            {
                byte[] r = peer.ReceiveBuffer;
                int o = peer.ReceiveOffset;
                if (r[o + 12] == 0x08 && r[o + 13] == 0x06)
                {
                    arpRequests++;
                    peer.Send(arpReply, 0, arpReply.Length);
                }
                else if (count)
                {
                    frames++;
                }
            }
        }

        void Send(int count)
        {
            for (int i = 0; i < count; i++)
            {
                now++;
                int length = i % 100 == 99 ? 65507 : 3000;
                Assert.True(s.SendTo(linux, 40000, data, 0, length, now) == SendResult.Ok); // not Assert.Equal: its comparer allocates
                Drain(true);
                if (i % 1000 == 0) stack.Poll(now);
                Drain(false);
            }
        }

        // Warm-up and measurement on one dedicated thread, per-thread counter (AllocationMeter says why).
        long allocated = AllocationMeter.Measure(() => { Send(200); frames = 0; }, () => Send(10_000));
        Assert.Equal(0L, allocated);
        Assert.Equal(0, stack.Interface.TxTooBig + stack.Interface.TxFragmentedArpMiss);
        Assert.True(frames >= 9_900 * 3, $"{frames} frames");
        Assert.InRange(arpRequests, 1, 3); // polled once 5 s after the last word from Linux, then confirmed by its reply
    }
}
