using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>
/// Issue 7 "done when": the firmware uses DHCP by default. The virtual board CLI runs the real firmware with
/// <c>--dhcp</c> (as the real board's BoardConfig does), dnsmasq serves its namespace: the board leases an address,
/// serves /api/status there (reporting the lease), and answers an mDNS A query for nanostack.local with it; with
/// avahi + libnss-mdns in the namespace, <c>curl http://nanostack.local/</c> reaches it by name.
/// </summary>
public class VirtualBoardDhcpTests
{
    [Fact]
    public void FirmwareLeasesByDhcpServesStatusThereAndAnswersMdns()
    {
        var total = Stopwatch.StartNew();
        string work = Path.Combine(Path.GetTempPath(), "vboard-dhcp-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        string nsFile = Path.Combine(work, "ns");
        string leases = Path.Combine(work, "leases");
        File.WriteAllText(leases, "");
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nanostack-vboard"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--dhcp", "--netns-file", nsFile, "--duration", "80" }) psi.ArgumentList.Add(a);
        using var board = Process.Start(psi)!;
        var output = new StringBuilder();
        board.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        board.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        board.BeginOutputReadLine();
        board.BeginErrorReadLine();
        Process dnsmasq = null;
        string ns = null;
        try
        {
            for (int i = 0; i < 300 && string.IsNullOrWhiteSpace(ns); i++)
            {
                Thread.Sleep(100);
                if (File.Exists(nsFile)) ns = File.ReadAllText(nsFile).Trim();
                Assert.False(board.HasExited, Text(output));
            }
            Assert.False(string.IsNullOrWhiteSpace(ns), Text(output));
            Assert.True(WaitFor(() => Text(output).Contains("by DHCP"), 5000), Text(output));

            // The firmware has been asking since boot; its next DISCOVER (4 s +-1, RFC 2131 4.1) reaches dnsmasq.
            var route = NetNamespace.Run("ip", ["netns", "exec", ns, "ip", "route", "add", "224.0.0.0/4", "dev", "tap0"], 5000);
            Assert.Equal(0, route.ExitCode);
            var dpsi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "netns", "exec", ns, "dnsmasq", "--keep-in-foreground", "--interface=tap0", "--bind-interfaces",
                         "--except-interface=lo", "--dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m",
                         "--dhcp-option=option:router,192.0.2.1", "--dhcp-option=option:dns-server,192.0.2.1", "--no-resolv",
                         "--no-hosts", "--dhcp-authoritative", "--dhcp-leasefile=" + leases, "--pid-file=",
                         "--log-facility=" + Path.Combine(work, "dnsmasq.log") })
                dpsi.ArgumentList.Add(a);
            dnsmasq = Process.Start(dpsi)!;

            Assert.True(WaitFor(() => File.ReadAllText(leases).Trim().Length > 0, 25_000), "no lease\n" + Text(output));
            string[] lease = File.ReadAllText(leases).Trim().Split(' ');
            Assert.Equal("02:00:5e:10:00:02", lease[1]); // BoardConfig's MAC
            Assert.Equal("nanostack", lease[3]);         // option 12 = BoardConfig.HostName
            string ip = lease[2];
            Assert.StartsWith("192.0.2.", ip);
            Assert.NotEqual("192.0.2.2", ip);            // the lease, not the fallback

            // The board uses the address after its RFC 5227 probe (~5 s) and prints it.
            Assert.True(WaitFor(() => Text(output).Contains("BOUND: " + ip + "/24 gateway 192.0.2.1"), 15_000), Text(output));
            Assert.Contains("ready: http://" + ip + "/ and http://nanostack.local/", Text(output));

            var curl = NetNamespace.Run("ip", ["netns", "exec", ns, "curl", "-sS", "-m", "10", "--retry", "2", "http://" + ip + "/api/status"], 30_000);
            Assert.True(curl.ExitCode == 0, curl.Stdout + curl.Stderr + Text(output));
            Assert.Contains("\"address\":\"" + ip + "\"", curl.Stdout);
            Assert.Contains("\"dhcp\":{\"enabled\":true,\"state\":\"BOUND\",\"server\":\"192.0.2.1\"", curl.Stdout);
            Assert.Contains("\"mdns\":\"nanostack.local\"", curl.Stdout);

            // mDNS (RFC 6762): a one-shot query from an ordinary port gets the legacy unicast answer (6.7), from the
            // board's address, with the A record of the leased address. The responder probes and announces first.
            string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            ProcessResult q = default;
            bool answered = WaitFor(() =>
            {
                q = NetNamespace.Run("ip", ["netns", "exec", ns, python, "-c", OneShotQuery, "nanostack.local"], 15_000);
                return q.ExitCode == 0;
            }, 15_000);
            Assert.True(answered, "no mDNS answer: " + q.Stdout + q.Stderr + Text(output));
            Assert.Equal(ip + " " + ip, q.Stdout.Trim());

            // As on a LAN with an mDNS resolver (issue 16): avahi + libnss-mdns in the namespace, and curl finds the
            // board by the name it announces.
            using (var resolver = MdnsResolver.Start(ns, "tap0"))
            {
                ProcessResult byName = default;
                bool found = WaitFor(() =>
                {
                    byName = NetNamespace.Run("ip", ["netns", "exec", ns, "curl", "-sS", "-m", "5", "http://nanostack.local/api/status"], 10_000);
                    return byName.ExitCode == 0;
                }, 15_000);
                Assert.True(found, "curl http://nanostack.local/ failed: " + byName.Stdout + byName.Stderr + "\navahi:\n" + resolver.Log);
                Assert.Contains("\"address\":\"" + ip + "\"", byName.Stdout);
            }
            Assert.True(total.ElapsedMilliseconds < 90_000, "took " + total.ElapsedMilliseconds + " ms");
        }
        finally
        {
            if (dnsmasq != null)
            {
                try { dnsmasq.Kill(entireProcessTree: true); dnsmasq.WaitForExit(5000); } catch { }
                dnsmasq.Dispose();
            }
            if (!board.HasExited) Process.Start("kill", new[] { "-TERM", board.Id.ToString() })!.WaitForExit(5000);
            if (!board.WaitForExit(20_000)) board.Kill(true);
            // WaitForExit(ms) returns before the redirected output is drained; only the parameterless form waits for
            // its end (a loaded machine lost the board's last line, "nanoStack stopped", to this race).
            board.WaitForExit();
            try { Directory.Delete(work, true); } catch { }
        }
        Assert.Contains("nanoStack stopped", Text(output));
        if (ns != null) Assert.DoesNotContain(ns, NetNamespace.Run("ip", ["netns", "list"], 5000).Stdout);
    }

    /// <summary>
    /// One-shot mDNS query (RFC 6762 §5.1) for an A record from an ephemeral port, out of the namespace's TAP;
    /// prints "answer-source A-address" of the first response with the same id, up to 5 tries of 1 s.
    /// </summary>
    private const string OneShotQuery = """
import socket, struct, sys
name = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("192.0.2.1"))
s.settimeout(1.0)
q = struct.pack(">6H", 0x4E53, 0, 1, 0, 0, 0) + b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
def skip(m, p):
    while m[p]:
        if m[p] >= 0xC0: return p + 2
        p += 1 + m[p]
    return p + 1
for _ in range(5):
    s.sendto(q, ("224.0.0.251", 5353))
    try: m, src = s.recvfrom(4096)
    except socket.timeout: continue
    ident, flags, qd, an, ns, ar = struct.unpack(">6H", m[:12])
    if ident != 0x4E53 or not flags & 0x8000: continue
    p = 12
    for _ in range(qd): p = skip(m, p) + 4
    for _ in range(an):
        p = skip(m, p)
        t, c, ttl, l = struct.unpack(">HHIH", m[p:p + 10]); p += 10
        if t == 1 and l == 4:
            print(src[0], socket.inet_ntoa(m[p:p + 4])); sys.exit(0)
        p += l
sys.exit(1)
""";

    private static string Text(StringBuilder sb)
    {
        lock (sb) return sb.ToString();
    }

    private static bool WaitFor(Func<bool> condition, int timeoutMs)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < timeoutMs)
        {
            if (condition()) return true;
            Thread.Sleep(100);
        }
        return condition();
    }
}
