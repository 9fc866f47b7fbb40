using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>
/// Issue 15, live: the virtual board CLI runs the firmware's client demo (--get/--ping/--udp) against real Linux peers
/// in its test-made namespace (192.0.2.1): python3 -m http.server (0 B, 1 B and 1 MiB files; the printed CRC-32
/// compared with Python's zlib.crc32 of the file, and the body the board saved (--save-bodies) with the file by
/// sha256), a small Python server for chunked, cut-short (FIN), reset (RST)
/// and silent responses, a socat UDP echo, dnsmasq for names (NXDOMAIN for another) and DNS servers that do not
/// answer; a closed port and an address with no host. Every line the board prints is the device's own.
/// </summary>
public class VirtualBoardClientTests
{
    private const string Peers = @"
# Peers for VirtualBoardClientTests (issue 15), run inside the test's namespace on 192.0.2.1:
#   /chunked  a chunked body (3 chunks, one with an extension) and a trailer
#   /closedelim  no Content-Length, no chunking: 2,300 bytes delimited by the close (RFC 9112 §6.3 item 8)
#   /early    Content-Length 1000, 10 bytes, then a normal close (FIN): the body is cut short
#   /reset    Content-Length 1000, 10 bytes, then RST (SO_LINGER 0)
#   /silent   reads the request and never answers (until the test ends)
import socket, struct, sys, threading, time

def handle(c):
    req = b""""
    while b""\r\n\r\n"" not in req:
        d = c.recv(4096)
        if not d:
            c.close(); return
        req += d
    path = req.split(b"" "")[1]
    if path == b""/chunked"":
        c.sendall(b""HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n""
                  b""5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: 1\r\n\r\n"")
        c.close()
    elif path == b""/closedelim"":
        c.sendall(b""HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"" + b""delimited by the close\n"" * 100)
        c.close()
    elif path == b""/early"":
        c.sendall(b""HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"")
        time.sleep(0.2); c.close()
    elif path == b""/reset"":
        c.sendall(b""HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"")
        time.sleep(0.2)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack(""ii"", 1, 0))
        c.close()
    else:
        time.sleep(120)

s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((""192.0.2.1"", int(sys.argv[1]))); s.listen(8)
while True:
    c, _ = s.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
";

    [Fact]
    public void GetsFilesChunkedBodiesPingsAndUdpEchoFromLinuxPeers()
    {
        string work = WorkDir("ok");
        var rnd = new Random(15);
        File.WriteAllBytes(Path.Combine(work, "empty.bin"), Array.Empty<byte>());
        File.WriteAllBytes(Path.Combine(work, "one.bin"), new byte[] { 0x5A });
        byte[] big = new byte[1 << 20];
        rnd.NextBytes(big);
        File.WriteAllBytes(Path.Combine(work, "big.bin"), big);
        string[] urls = { "http://192.0.2.1:8000/empty.bin", "http://192.0.2.1:8000/one.bin", "http://192.0.2.1:8000/big.bin", "http://192.0.2.1:8001/chunked",
            "http://192.0.2.1:8001/closedelim" };
        string bodies = Path.Combine(work, "bodies");
        Directory.CreateDirectory(bodies);
        var args = new List<string> { "--ping", "192.0.2.1", "--udp", "192.0.2.1:7007", "--save-bodies", bodies };
        foreach (string u in urls) { args.Add("--get"); args.Add(u); }
        RunBoard(work, args, 90, (ns, output) =>
        {
            Start(ns, "python3", "-m", "http.server", "8000", "--bind", "192.0.2.1", "--directory", work);
            Start(ns, "python3", Path.Combine(work, "peers.py"), "8001");
            Start(ns, "socat", "UDP4-RECVFROM:7007,bind=192.0.2.1,fork", "PIPE");
            foreach (var (file, size) in new[] { ("empty.bin", 0), ("one.bin", 1), ("big.bin", 1 << 20) })
            {
                string crc = Crc(Path.Combine(work, file));
                string line = "get http://192.0.2.1:8000/" + file + " -> 200, " + size + " bytes, crc32 " + crc;
                Assert.True(WaitFor(() => Text(output).Contains(line), 60_000), "missing: " + line + "\n" + Text(output));
                // The body itself, byte for byte: the board's copy (--save-bodies) hashed by Python, as the source file.
                string saved = Path.Combine(bodies, "192.0.2.1_8000_" + file);
                Assert.True(WaitFor(() => File.Exists(saved), 5_000), "not saved: " + saved + "\n" + Text(output));
                Assert.Equal(Sha256(Path.Combine(work, file)), Sha256(saved));
            }
            // "hello world" (5 + 1 + 5 bytes in three chunks).
            Assert.True(WaitFor(() => Text(output).Contains("get http://192.0.2.1:8001/chunked -> 200, 11 bytes, crc32 0d4a1185"), 10_000), Text(output));
            string chunked = Path.Combine(bodies, "192.0.2.1_8001_chunked");
            Assert.True(WaitFor(() => File.Exists(chunked), 5_000), "not saved: " + chunked + "\n" + Text(output));
            File.WriteAllText(Path.Combine(work, "chunked.expected"), "hello world");
            Assert.Equal(Sha256(Path.Combine(work, "chunked.expected")), Sha256(chunked));
            string delimited = Path.Combine(work, "closedelim.expected");
            File.WriteAllText(delimited, string.Concat(System.Linq.Enumerable.Repeat("delimited by the close\n", 100)));
            string delimitedLine = "get http://192.0.2.1:8001/closedelim -> 200, 2300 bytes, crc32 " + Crc(delimited);
            Assert.True(WaitFor(() => Text(output).Contains(delimitedLine), 10_000), "missing: " + delimitedLine + "\n" + Text(output));
            string delimitedSaved = Path.Combine(bodies, "192.0.2.1_8001_closedelim");
            Assert.True(WaitFor(() => File.Exists(delimitedSaved), 5_000), "not saved: " + delimitedSaved + "\n" + Text(output));
            Assert.Equal(Sha256(delimited), Sha256(delimitedSaved));
            Assert.True(WaitFor(() => Regex.IsMatch(Text(output), @"udp 192\.0\.2\.1:7007 -> 9 bytes back from 192\.0\.2\.1 in \d+ ms"), 20_000), Text(output));
            Assert.True(WaitFor(() => Regex.IsMatch(Text(output), @"ping 192\.0\.2\.1: [34]/4 replies, rtt min/avg/max \d+/\d+/\d+ ms"), 20_000), Text(output));
        });
    }

    [Fact]
    public void EveryFailureIsPrintedWithItsReason()
    {
        string work = WorkDir("err");
        var args = new List<string>();
        foreach (string u in new[] { "http://192.0.2.1:8009/", "http://192.0.2.77/", "http://192.0.2.1:8001/early", "http://192.0.2.1:8001/reset", "http://192.0.2.1:8001/silent" })
        { args.Add("--get"); args.Add(u); }
        RunBoard(work, args, 60, (ns, output) =>
        {
            Start(ns, "python3", Path.Combine(work, "peers.py"), "8001");
            string[] expected =
            {
                "get http://192.0.2.1:8009/ -> error: connection refused (RST)",
                "get http://192.0.2.77/ -> error: ARP timeout (host unreachable)",
                "get http://192.0.2.1:8001/early -> error: connection closed mid-body after 10 bytes",
                "get http://192.0.2.1:8001/reset -> error: connection reset by peer mid-body after 10 bytes",
                "get http://192.0.2.1:8001/silent -> error: timeout",
            };
            foreach (string line in expected)
                Assert.True(WaitFor(() => Text(output).Contains(line), 45_000), "missing: " + line + "\n" + Text(output));
        });
    }

    [Fact]
    public void PingOfAnAddressWithNoHostSaysHostUnreachable()
    {
        string work = WorkDir("ping");
        RunBoard(work, new List<string> { "--ping", "192.0.2.77" }, 30, (ns, output) =>
            Assert.True(WaitFor(() => Text(output).Contains("ping 192.0.2.77: 0/4 replies, rtt min/avg/max -/-/- ms (host unreachable)"), 25_000),
                Text(output)));
    }

    [Fact]
    public void NamesResolveThroughDnsmasqAndNxdomainIsNamed()
    {
        string work = WorkDir("dns");
        File.WriteAllBytes(Path.Combine(work, "one.bin"), new byte[] { 0x5A });
        var args = new List<string> { "--dhcp", "--get", "http://web.test:8000/one.bin", "--get", "http://nx.test/" };
        RunBoard(work, args, 90, (ns, output) =>
        {
            Start(ns, "python3", "-m", "http.server", "8000", "--bind", "192.0.2.1", "--directory", work);
            Start(ns, "dnsmasq", "--keep-in-foreground", "--interface=tap0", "--bind-interfaces", "--except-interface=lo",
                "--dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m", "--dhcp-option=option:router,192.0.2.1",
                "--dhcp-option=option:dns-server,192.0.2.1", "--no-resolv", "--no-hosts", "--dhcp-authoritative",
                "--dhcp-leasefile=" + Path.Combine(work, "leases"), "--pid-file=", "--address=/web.test/192.0.2.1", "--address=/nx.test/");
            string crc = Crc(Path.Combine(work, "one.bin"));
            Assert.True(WaitFor(() => Text(output).Contains("get http://web.test:8000/one.bin -> 200, 1 bytes, crc32 " + crc), 70_000), Text(output));
            Assert.True(WaitFor(() => Text(output).Contains("get http://nx.test/ -> error: NXDOMAIN (name not found)"), 10_000), Text(output));
        });
    }

    [Fact]
    public void DnsServersThatDoNotAnswerAreNamed()
    {
        // The lease names two DNS servers and neither answers: 192.0.2.1 runs dnsmasq for DHCP only (--port=0: port 53
        // closed) and nobody has 192.0.2.53 (ARP unanswered). The board must say "no DNS answer", not "timeout".
        string work = WorkDir("nodns");
        var args = new List<string> { "--dhcp", "--get", "http://web.test:8000/one.bin" };
        RunBoard(work, args, 75, (ns, output) =>
        {
            Start(ns, "dnsmasq", "--keep-in-foreground", "--port=0", "--interface=tap0", "--bind-interfaces", "--except-interface=lo",
                "--dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m", "--dhcp-option=option:router,192.0.2.1",
                "--dhcp-option=option:dns-server,192.0.2.1,192.0.2.53", "--no-resolv", "--no-hosts", "--dhcp-authoritative",
                "--dhcp-leasefile=" + Path.Combine(work, "leases"), "--pid-file=");
            Assert.True(WaitFor(() => Text(output).Contains("get http://web.test:8000/one.bin -> error: no DNS answer"), 60_000), Text(output));
            Assert.DoesNotContain("get http://web.test:8000/one.bin -> error: timeout", Text(output));
        });
    }

    [Fact]
    public void ReadmeVirtualBoardCommandsWorkAsWritten()
    {
        // README's block after <!-- vboard-client-commands -->: the board's command line, then the peers' commands
        // (ip netns exec NS ...), run as written; only the binary stands for tools/virtual-board.sh (no build here).
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        int at = readme.IndexOf("<!-- vboard-client-commands -->", StringComparison.Ordinal);
        Assert.True(at >= 0, "README has no vboard-client-commands block");
        int b = readme.IndexOf("```", at, StringComparison.Ordinal) + 3;
        int e = readme.IndexOf("```", b, StringComparison.Ordinal);
        string[] lines = readme.Substring(b, e - b).Trim().Split('\n');
        const string Script = "tools/virtual-board.sh ";
        Assert.StartsWith(Script, lines[0]);
        var args = new List<string>(lines[0].Substring(Script.Length).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var peers = new List<string[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            Assert.StartsWith("ip netns exec NS ", line);
            if (line.EndsWith(" &", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 2);
            peers.Add(line.Substring("ip netns exec NS ".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.Equal(2, peers.Count);
        RunBoard(WorkDir("readme"), args, 90, (ns, output) =>
        {
            foreach (string[] p in peers) Start(ns, p[0], p[1..]);
            Assert.True(WaitFor(() => Regex.IsMatch(Text(output), @"get http://192\.0\.2\.1:8000/ -> 200, \d+ bytes, crc32 [0-9a-f]{8}"), 60_000), Text(output));
            Assert.True(WaitFor(() => Regex.IsMatch(Text(output), @"udp 192\.0\.2\.1:7007 -> 9 bytes back from 192\.0\.2\.1 in \d+ ms"), 20_000), Text(output));
            Assert.True(WaitFor(() => Regex.IsMatch(Text(output), @"ping 192\.0\.2\.1: [34]/4 replies, rtt min/avg/max \d+/\d+/\d+ ms"), 20_000), Text(output));
        });
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        string dir = Path.GetDirectoryName(here);
        while (dir != null && !File.Exists(Path.Combine(dir, "nanoStack.Host.slnx"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        return dir;
    }

    // ---- plumbing ----

    private static readonly List<Process> s_peers = new();

    private static string WorkDir(string tag)
    {
        string work = Path.Combine(Path.GetTempPath(), "vboard-client-" + tag + "-" + Environment.ProcessId);
        if (Directory.Exists(work)) Directory.Delete(work, true);
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "peers.py"), Peers);
        File.WriteAllText(Path.Combine(work, "leases"), "");
        return work;
    }

    private static void RunBoard(string work, List<string> args, int durationSeconds, Action<string, StringBuilder> body)
    {
        string nsFile = Path.Combine(work, "ns");
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nanostack-vboard"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--netns-file", nsFile, "--duration", durationSeconds.ToString() }) psi.ArgumentList.Add(a);
        using var board = Process.Start(psi)!;
        var output = new StringBuilder();
        board.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        board.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        board.BeginOutputReadLine();
        board.BeginErrorReadLine();
        try
        {
            string ns = null;
            for (int i = 0; i < 300 && string.IsNullOrWhiteSpace(ns); i++)
            {
                Thread.Sleep(100);
                if (File.Exists(nsFile)) ns = File.ReadAllText(nsFile).Trim();
                Assert.False(board.HasExited, Text(output));
            }
            Assert.False(string.IsNullOrWhiteSpace(ns), Text(output));
            body(ns, output);
        }
        finally
        {
            lock (s_peers)
            {
                foreach (var p in s_peers) { try { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } catch { } }
                s_peers.Clear();
            }
            if (!board.HasExited) Process.Start("kill", new[] { "-TERM", board.Id.ToString() })!.WaitForExit(5000);
            if (!board.WaitForExit(30_000)) board.Kill(true);
        }
    }

    /// <summary>A peer inside the namespace, killed when the board stops.</summary>
    private static void Start(string ns, string file, params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", ns, file }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (s_peers) s_peers.Add(p);
    }

    /// <summary>CRC-32 as zlib computes it, by Python's zlib (not our implementation).</summary>
    private static string Crc(string path)
    {
        var r = NetNamespace.Run("python3", new[] { "-c", "import zlib,sys;print('%08x' % zlib.crc32(open(sys.argv[1],'rb').read()))", path }, 10_000);
        Assert.Equal(0, r.ExitCode);
        return r.Stdout.Trim();
    }

    /// <summary>sha256 as Python's hashlib computes it (not .NET's, the side the board's files are written with).</summary>
    private static string Sha256(string path)
    {
        var r = NetNamespace.Run("python3", new[] { "-c", "import hashlib,sys;print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", path }, 10_000);
        Assert.Equal(0, r.ExitCode);
        string hex = r.Stdout.Trim();
        Assert.Equal(64, hex.Length);
        return hex;
    }

    private static string Text(StringBuilder sb) { lock (sb) return sb.ToString(); }

    private static bool WaitFor(Func<bool> condition, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            if (condition()) return true;
            Thread.Sleep(100);
        }
        return condition();
    }
}
