using System;
using System.IO;
using System.Linq;
using System.Threading;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>The kernel in a test-made namespace ARPs and pings through our TAP to a minimal responder.</summary>
public class TapLinkTests
{
    private const uint BoardIp = 0xC0000202; // 192.0.2.2

    [Fact]
    public void KernelPingsThroughTapAndPcapIsClean()
    {
        string pcap = Path.Combine(Path.GetTempPath(), "taplink-" + Environment.ProcessId + ".pcap");
        string name;
        using (var ns = NetNamespace.Create("tap"))
        {
            name = ns.Name;
            var tap = ns.CreateTap();
            using var writer = new PcapWriter(pcap);
            using var wire = new PcapWire(tap, writer);
            using (var responder = new MiniResponder(wire, BoardIp))
            {
                var r = ns.Exec(20_000, "ping", "-c", "5", "-i", "0.2", "-W", "2", "-s", "56", "192.0.2.2");
                Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
                Assert.Contains("5 received", r.Stdout);
                Assert.True(responder.ArpReplies >= 1);
                Assert.Equal(5, responder.EchoReplies);
            }
            // The namespace is the only place the TAP exists.
            Assert.Contains("tap0", ns.ExecChecked("ip", "link", "show").Stdout);
        }
        // This namespace by its exact name: a parallel test of the same process may hold "...-tap-2" meanwhile.
        string[] listed = NetNamespace.Run("ip", ["netns", "list"], 5000).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();
        Assert.DoesNotContain(name, listed);
        Assert.Equal("", Tshark.Problems(pcap));
        Assert.Equal(5, Tshark.Count(pcap, "icmp.type == 0"));
        File.Delete(pcap);
    }

    [Fact]
    public void StaleNamespacesOfDeadProcessesAreRemoved()
    {
        string stale = NetNamespace.Prefix + "999999999-stale-1";
        NetNamespace.Run("ip", ["netns", "add", stale], 5000);
        try
        {
            NetNamespace.CleanupStale();
            Assert.DoesNotContain(stale, NetNamespace.Run("ip", ["netns", "list"], 5000).Stdout);
        }
        finally { NetNamespace.Run("ip", ["netns", "delete", stale], 5000); }
    }
}
