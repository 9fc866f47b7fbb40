using NanoStack.Tests.Wire;
using System;
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

        void Send(int count)
        {
            for (int i = 0; i < count; i++)
            {
                now++;
                int length = i % 100 == 99 ? 65507 : 3000;
                Assert.True(s.SendTo(linux, 40000, data, 0, length, now));
                while (peer.Receive() > 0) frames++;
                if (i % 1000 == 0) stack.Poll(now);
                while (peer.Receive() > 0) { }
            }
        }

        Send(200);
        frames = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Send(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0L, allocated);
        Assert.Equal(0, stack.Interface.TxTooBig + stack.Interface.TxFragmentedArpMiss);
        Assert.True(frames >= 9_900 * 3, $"{frames} frames");
    }
}
