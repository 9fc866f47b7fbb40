using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NanoStack.IntegrationTests.Board;
using NanoStack.Sockets;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Ipv4;

/// <summary>
/// The real Linux kernel against our stack: a NetworkStack on a TAP link (buffer offset 1, like the ENC28J60
/// driver) inside a namespace this test creates, answering arping, ping, `ping -s 2000/3000` (fragmented both
/// ways) and a UDP echo via socat (15 bytes, and 3000 bytes fragmented both ways); Wireshark's dissectors then check every frame, checksums included.
/// </summary>
public class LiveIpv4Tests
{
    private const uint BoardIp = 0xC0000202; // 192.0.2.2

    [Fact]
    public void LinuxArpingsPingsFragmentedPingsAndUdpEchoesTheStack()
    {
        string pcap = Path.Combine(Path.GetTempPath(), "ipv4-live-" + Environment.ProcessId + ".pcap");
        string largeIn = Path.Combine(Path.GetTempPath(), "ipv4-live-udp-in-" + Environment.ProcessId + ".bin");
        string largeOut = Path.Combine(Path.GetTempPath(), "ipv4-live-udp-out-" + Environment.ProcessId + ".bin");
        NetworkStack stack;
        using (var ns = NetNamespace.Create("ipv4"))
        {
            var tap = ns.CreateTap();
            using var writer = new PcapWriter(pcap);
            using var wire = new PcapWire(tap, writer);
            var device = new TapLinkDevice(wire, 1, 1);
            stack = new NetworkStack(device, new StackConfig
            {
                MacAddress = [0x02, 0x00, 0x5e, 0x00, 0x02, 0x02],
                Address = BoardIp,
                Netmask = 0xFFFFFF00,
                Gateway = 0,
                RandomSeed = 99,
                UdpReceiveQueueBytes = 8192, // room for the 3000-byte datagram echoed below
                ReassemblyBufferBytes = 4096, // `ping -s 3000` and the 3000-byte datagram: above the default 1480
            });
            UdpSocket echo = stack.OpenUdp();
            Assert.True(echo.Bind(7));
            bool stop = false;
            Exception failure = null;
            var poller = new Thread(() =>
            {
                try
                {
                    var clock = Stopwatch.StartNew();
                    byte[] buffer = new byte[4096];
                    while (!Volatile.Read(ref stop) && clock.ElapsedMilliseconds < 90_000)
                    {
                        long now = clock.ElapsedMilliseconds;
                        long next = stack.Poll(now);
                        int n;
                        while ((n = echo.ReceiveFrom(buffer, 0, buffer.Length, out uint from, out ushort port)) >= 0)
                            echo.SendTo(from, port, buffer, 0, n, now);
                        device.WaitReadable((int)Math.Clamp(next - now, 0, 20));
                    }
                }
                catch (Exception e) { failure = e; }
            })
            { IsBackground = true, Name = "ipv4-live-poll" };
            poller.Start();
            try
            {
                var arping = ns.Exec(15_000, "arping", "-c", "2", "-w", "5", "-I", "tap0", "192.0.2.2");
                Assert.True(arping.ExitCode == 0, "arping: " + arping.Stdout + arping.Stderr);

                var ping = ns.Exec(20_000, "ping", "-c", "5", "-i", "0.2", "-W", "2", "192.0.2.2");
                Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
                Assert.Contains("5 received", ping.Stdout);

                var big = ns.Exec(20_000, "ping", "-c", "3", "-i", "0.3", "-W", "2", "-s", "3000", "192.0.2.2");
                Assert.True(big.ExitCode == 0, big.Stdout + big.Stderr);
                Assert.Contains("3 received", big.Stdout);

                var mid = ns.Exec(20_000, "ping", "-c", "2", "-i", "0.3", "-W", "2", "-s", "2000", "192.0.2.2");
                Assert.Contains("2 received", mid.Stdout);

                var udp = ns.Exec(15_000, "sh", "-c", "printf 'hello nanoStack' | socat -t 2 - UDP4:192.0.2.2:7");
                Assert.Equal("hello nanoStack", udp.Stdout);

                // A 3000-byte datagram: Linux fragments it, we reassemble, and our echo leaves fragmented straight
                // from the application buffer (UdpSocket.SendTo above one frame); the kernel must reassemble it intact.
                byte[] large = new byte[3000];
                new Random(3000).NextBytes(large);
                File.WriteAllBytes(largeIn, large);
                var udpLarge = ns.Exec(15_000, "sh", "-c", "socat -t 2 - UDP4:192.0.2.2:7 < " + largeIn + " > " + largeOut);
                Assert.True(udpLarge.ExitCode == 0, udpLarge.Stdout + udpLarge.Stderr);
                Assert.Equal(large, File.ReadAllBytes(largeOut));

                // A closed port: the kernel turns our ICMP port unreachable into ECONNREFUSED for socat.
                var closed = ns.Exec(15_000, "sh", "-c", "printf 'x' | socat -t 1 - UDP4:192.0.2.2:9; echo rc=$?");
                Assert.DoesNotContain("rc=0", closed.Stdout);
            }
            finally
            {
                Volatile.Write(ref stop, true);
                poller.Join(5_000);
            }
            Assert.Null(failure);
        }
        var iface = stack.Interface;
        Assert.Equal(iface.FramesReceived, iface.FramesAccepted + iface.DroppedTotal);
        Assert.True(iface.EchoRepliesSent >= 10);
        Assert.Equal("", Tshark.Problems(pcap));
        Assert.Equal(10, Tshark.Count(pcap, "icmp.type == 0 && !(ip.flags.mf == 1) "));
        Assert.True(Tshark.Count(pcap, "ip.src == 192.0.2.2 && ip.flags.mf == 1") >= 5, "fragmented replies expected");
        Assert.True(Tshark.Count(pcap, "ip.src == 192.0.2.2 && ip.proto == 17 && ip.flags.mf == 1") >= 2, "fragmented UDP echo expected");
        Assert.True(Tshark.Count(pcap, "icmp.type == 3 && icmp.code == 3 && ip.src == 192.0.2.2") >= 1);
        Assert.True(Tshark.Count(pcap, "arp.opcode == 2 && arp.src.proto_ipv4 == 192.0.2.2") >= 2);
        File.Delete(pcap);
        File.Delete(largeIn);
        File.Delete(largeOut);
    }
}
