using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.IntegrationTests.Board;

/// <summary>
/// Issue 11 on the virtual board (chip model, 4 TCP slots, 3 for HTTP): no crowd locks the board out. A SYN flood
/// from spoofed addresses, more clients than slots (wrk, ab, parallel curl and downloads), slow clients, and a flood
/// of fragments that never complete; each goal of the issue is an assertion. Every flood is bounded in count and time
/// and stays inside the test's namespace (192.0.2.0/24).
/// </summary>
[Collection("VirtualBoard")]
public class ConnectionPressureTests
{
    private const string Board = "192.0.2.2";
    private const string BoardMac = "02:00:5e:10:00:02";
    // Debian's python with python3-scapy (a pyenv python earlier in PATH may lack it).
    private const string Python = "/usr/bin/python3";

    private readonly BoardFixture _f;
    private readonly ITestOutputHelper _out;

    public ConnectionPressureTests(BoardFixture f, ITestOutputHelper output) { _f = f; _out = output; }

    private TapLink.ProcessResult Exec(int timeoutMs, string file, params string[] args) => _f.Board.Exec(timeoutMs, file, args);

    /// <summary>A flood script of tools/pressure/ (shared with <c>bench -- pressure</c>), found above the test binaries.</summary>
    private static string Script(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tools", "pressure", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tools/pressure/" + name + " not found above " + AppContext.BaseDirectory);
    }

    /// <summary>curl of /api/led: (HTTP status, seconds to connect, seconds in all); status 0 when it failed.</summary>
    private (int Code, double Connect, double Total) Curl(int maxSeconds, string path = "/api/led", params string[] extra)
    {
        var args = new[] { "-sS", "-m", maxSeconds.ToString(), "-o", "/dev/null", "-w", "%{http_code} %{time_connect} %{time_total}" }
            .Concat(extra).Append("http://" + Board + path).ToArray();
        var r = Exec((maxSeconds + 5) * 1000, "curl", args);
        var p = r.Stdout.Trim().Split(' ');
        if (p.Length != 3) return (0, 0, 0);
        return (int.Parse(p[0]), double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits (bounded) until the TCP table is empty again, so the next test starts from a quiet board.</summary>
    private void WaitForFreeSlots(int seconds)
    {
        var tcp = _f.Board.App.Tcp;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (tcp.SlotsInUse > 0 && DateTime.UtcNow < deadline) Thread.Sleep(100);
    }


    [Fact]
    public void SynFloodFromSpoofedAddressesDoesNotLockOutARealClient()
    {
        WaitForFreeSlots(10);
        var counters = _f.Board.App.Tcp.Counters;
        int cookiesBefore = counters.CookiesSent;
        var flood = _f.Board.Namespace.Start(Python, Script("synflood.py"), "2000", BoardMac);
        // Real clients during the flood: one kernel connection every 150 ms, each given 3 s (one SYN retry).
        var during = new System.Collections.Generic.List<Task<(int Code, double Connect, double Total)>>();
        var watch = Stopwatch.StartNew();
        while (!flood.HasExited && watch.ElapsedMilliseconds < 20_000)
        {
            during.Add(Task.Run(() => Curl(3)));
            Thread.Sleep(150);
        }
        if (!flood.WaitForExit(30_000)) flood.Kill(true);
        string sent = flood.StandardOutput.ReadToEnd() + flood.StandardError.ReadToEnd();
        // Right after the flood: a new client connects within 1 s (no SYN retry: Linux's first one comes at 1 s).
        var after = Curl(5, "/api/led", "--connect-timeout", "1");
        Task.WaitAll(during.ToArray(), 30_000);
        int ok = during.Count(t => t.Result.Code == 200);
        _out.WriteLine($"{sent.Trim()}; during the flood {ok}/{during.Count} connections served; after: {after}; "
            + $"cookies sent {counters.CookiesSent - cookiesBefore}, validated {counters.CookiesValidated}, half-open recycled {counters.HalfOpenRecycled}");
        Assert.Contains("sent 2000 SYNs", sent);
        Assert.True(counters.CookiesSent - cookiesBefore > 0, "the flood was answered with cookies");
        Assert.True(during.Count >= 2, "at least two attempts during the flood");
        Assert.True(ok * 2 >= during.Count, $"at least half the attempts during the flood succeed: {ok}/{during.Count}");
        Assert.Equal(200, after.Code);
        Assert.True(after.Connect < 1.0, "connected " + after.Connect + " s after the flood");
        Assert.Null(_f.Board.FirmwareError);
    }

    /// <summary>The board's pressure counters, for the test log.</summary>
    private string Pressure()
    {
        var t = _f.Board.App.Tcp.Counters;
        var h = _f.Board.App.Http.Counters;
        var d = _f.Board.App.Status.Driver?.Counters;
        return $"tcp: cookies {t.CookiesSent}/{t.CookiesValidated}, reclaimed TIME-WAIT {t.TimeWaitReclaimed} FIN-WAIT-2 {t.FinWait2Reclaimed} "
            + $"half-open {t.HalfOpenRecycled}, aborts on data {t.AbortsOnData}, rst out {t.RstOut}; http: resets {h.Resets}, idle closed {h.IdleClosedForWaiting}, "
            + $"keep-alive ended {h.KeepAliveEndedForWaiting}, 408 {h.HeaderTimeouts}, peer closed {h.PeerClosed}; chip rx overflows {d?.RxOverflows}";
    }

    private static void AssertWrkClean(string stdout)
    {
        Assert.Contains("Requests/sec", stdout);
        Assert.DoesNotContain("Socket errors", stdout);   // wrk prints the line only when one is non-zero
        Assert.DoesNotContain("Non-2xx", stdout);
    }

    [Fact]
    public void WrkWithTwiceAsManyConnectionsAsSlotsHasNoSocketErrors()
    {
        WaitForFreeSlots(10);
        var h = _f.Board.App.Http.Counters;
        long endedBefore = h.KeepAliveEndedForWaiting;
        var wrk = Exec(60_000, "wrk", "-t1", "-c8", "-d5s", "--timeout", "10s", "http://" + Board + "/api/led");
        _out.WriteLine(wrk.Stdout + wrk.Stderr);
        Assert.True(wrk.ExitCode == 0, wrk.Stdout + wrk.Stderr);
        AssertWrkClean(wrk.Stdout);
        Assert.True(h.KeepAliveEndedForWaiting > endedBefore, "slots turned over by Connection: close");
    }

    [Fact]
    public void ApacheBenchTwoThousandRequestsFourAtATimeLosesNone()
    {
        WaitForFreeSlots(10);
        var ab = Exec(180_000, "ab", "-n", "2000", "-c", "4", "-s", "20", "http://" + Board + "/api/led");
        _out.WriteLine(ab.Stdout + ab.Stderr);
        _out.WriteLine(Pressure());
        Assert.True(ab.ExitCode == 0, ab.Stdout + ab.Stderr);
        Assert.Matches(@"Complete requests:\s+2000\b", ab.Stdout);
        Assert.Matches(@"Failed requests:\s+0\b", ab.Stdout);
        Assert.DoesNotContain("Non-2xx", ab.Stdout);
    }

    [Fact]
    public void TwentyParallelCurlsAreAllServedWithoutRetrying()
    {
        WaitForFreeSlots(10);
        var all = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Curl(30))).ToArray();
        Task.WaitAll(all, 60_000);
        var codes = all.Select(t => t.Result.Code).ToArray();
        _out.WriteLine("codes: " + string.Join(",", codes) + "; slowest " + all.Max(t => t.Result.Total) + " s");
        Assert.All(codes, c => Assert.Equal(200, c));
    }

    [Fact]
    public void EightParallelDownloadsAllCompleteByteExact()
    {
        WaitForFreeSlots(10);
        const int size = 262_144;
        string dir = Path.Combine(Path.GetTempPath(), "nanostack-it-dl-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var all = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                Exec(120_000, "curl", "-sS", "-m", "90", "-o", Path.Combine(dir, i + ".bin"), "-w", "%{http_code}", "http://" + Board + "/bytes/" + size))).ToArray();
            Task.WaitAll(all, 150_000);
            for (int i = 0; i < 8; i++)
            {
                Assert.True(all[i].Result.Stdout == "200", $"download {i}: {all[i].Result.Stdout} {all[i].Result.Stderr}");
                byte[] body = File.ReadAllBytes(Path.Combine(dir, i + ".bin"));
                Assert.Equal(size, body.Length);
                for (int p = 0; p < body.Length; p++)
                {
                    if (body[p] != (byte)(p % 251)) Assert.Fail($"download {i}: byte {p} is {body[p]}");
                }
            }
        }
        finally { Directory.Delete(dir, true); }
    }


    [Fact]
    public void SixteenSlowClientsCannotKeepANewRequestOutForTenSeconds()
    {
        WaitForFreeSlots(10);
        var h = _f.Board.App.Http.Counters;
        long timeoutsBefore = h.HeaderTimeouts;
        var slow = _f.Board.Namespace.Start(Python, Script("slowclients.py"), "16", "16");
        Thread.Sleep(3000); // every slot taken by now
        var get = Curl(10);
        if (!slow.WaitForExit(40_000)) slow.Kill(true);
        string said = slow.StandardOutput.ReadToEnd() + slow.StandardError.ReadToEnd();
        _out.WriteLine($"{said.Trim()}; new GET {get}; 408s {h.HeaderTimeouts - timeoutsBefore}; "
            + $"FIN-WAIT-2 reclaimed {_f.Board.App.Tcp.Counters.FinWait2Reclaimed}, resets on data after close {_f.Board.App.Tcp.Counters.AbortsOnData}");
        Assert.Contains("slow clients:", said);
        Assert.Equal(200, get.Code);
        Assert.True(get.Total < 10, "the new GET took " + get.Total + " s");
        Assert.True(h.HeaderTimeouts > timeoutsBefore, "slow requests were answered 408");
        WaitForFreeSlots(15);
    }


    [Fact]
    public void FreshFragmentedPingRightAfterAFragmentFloodIsAnswered()
    {
        var flood = Exec(30_000, Python, Script("fragflood.py"), "200", BoardMac);
        Assert.True(flood.ExitCode == 0, flood.Stdout + flood.Stderr);
        // 2000 bytes of ICMP data: two fragments each way. A ping processed within ReassemblyStaleMs (100 ms) of the
        // flood's last fragment still finds the buffer taken (the chip may hold the flood's tail that long), so of
        // three pings 0.5 s apart at least the last two are answered (before issue 11: none for 15 s).
        var ping = Exec(15_000, "ping", "-c", "3", "-i", "0.5", "-W", "2", "-s", "2000", Board);
        _out.WriteLine(flood.Stdout + ping.Stdout + $"takeovers {_f.Board.App.Stack.Interface.ReassemblyTakeovers} busy {_f.Board.App.Stack.Interface.Dropped(NanoStack.Iface.DropReason.ReassemblyBusy)} " + Pressure());
        var m = Regex.Match(ping.Stdout, @"3 packets transmitted, (\d) received");
        Assert.True(m.Success, ping.Stdout + ping.Stderr);
        Assert.True(int.Parse(m.Groups[1].Value) >= 2, ping.Stdout);
        Assert.True(_f.Board.App.Stack.Interface.ReassemblyTakeovers > 0);
    }
}
