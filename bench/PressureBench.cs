using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NanoStack.VirtualBoard;

namespace NanoStack.Bench;

/// <summary>
/// The <c>pressure</c> group (issue 11, root): the chip-model virtual board against crowds — a SYN flood from spoofed
/// addresses, more clients than slots (wrk, ab, parallel curl, parallel downloads), slow clients, a fragment flood —
/// with the flood scripts of <c>tools/pressure/</c>. Each outcome is a <c>figure</c>; failures are counted, not thrown.
/// </summary>
public static class PressureBench
{
    private const string Board = "192.0.2.2";
    private const string Python = "/usr/bin/python3";

    public static int Run()
    {
        string scripts = FindScripts();
        var options = new VirtualBoardOptions { UseChipModel = true, Tag = "bench", EchoGpio = false, AccessLog = false };
        // The fragment-flood scenario pings with 2,000 bytes (two fragments): above the firmware's default reassembly
        // buffer of one Ethernet datagram (issue 17), so it is raised as the live tests' fixture does; else no ping
        // of that size could be answered at all, flood or not, and the figure would say nothing about the flood.
        options.Firmware.ReassemblyBytes = 4096;
        string mac = FormatMac(options.Firmware.Mac);
        s_out = Console.Out;
        Console.SetOut(TextWriter.Null); // the firmware's console (its own thread) would interleave with the figures
        try
        {
            using var board = VirtualBoardHost.Start(options);
            Console.Error.WriteLine("bench: pressure on the chip-model board ...");
            SynFlood(board, scripts, mac);
            Quiet(board);
            Wrk(board, "8", "5s", "pressure.wrk.c8");
            Quiet(board);
            Wrk(board, "50", "20s", "pressure.wrk.c50");
            Quiet(board);
            var ab = board.Exec(240_000, "ab", "-n", "2000", "-c", "4", "-s", "20", "http://" + Board + "/api/led");
            var failed = Regex.Match(ab.Stdout, @"Failed requests:\s+(\d+)");
            var complete = Regex.Match(ab.Stdout, @"Complete requests:\s+(\d+)");
            Figure("pressure.ab.n2000.c4.failed", failed.Success ? int.Parse(failed.Groups[1].Value) + 2000 - int.Parse(complete.Groups[1].Value) : 2000);
            Quiet(board);
            var curls = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Curl(board, 30, "/api/led").Code)).ToArray();
            Task.WaitAll(curls, 60_000);
            Figure("pressure.curl20.failed", curls.Count(t => t.Result != 200));
            Quiet(board);
            var downloads = Enumerable.Range(0, 8).Select(_ => Task.Run(() => board.Exec(150_000, "curl", "-sS", "-m", "120", "-o", "/dev/null",
                "-w", "%{http_code} %{size_download}", "http://" + Board + "/bytes/262144").Stdout)).ToArray();
            Task.WaitAll(downloads, 180_000);
            Figure("pressure.downloads8.failed", downloads.Count(t => t.Result != "200 262144"));
            Quiet(board);
            SlowClients(board, scripts);
            Quiet(board);
            var flood = board.Exec(60_000, Python, Path.Combine(scripts, "fragflood.py"), "200", mac);
            var ping = board.Exec(20_000, "ping", "-c", "3", "-i", "0.5", "-W", "2", "-s", "2000", Board);
            var got = Regex.Match(ping.Stdout, @"(\d+) received");
            if (flood.ExitCode != 0) Console.Error.WriteLine("bench: fragment flood failed: " + flood.Stderr);
            Figure("pressure.fragflood.pings.answered.of3", got.Success ? int.Parse(got.Groups[1].Value) : 0);
        }
        finally { Console.SetOut(s_out); }
        return 0;
    }

    private static void SynFlood(VirtualBoardHost board, string scripts, string mac)
    {
        var flood = board.Namespace.Start(Python, Path.Combine(scripts, "synflood.py"), "2000", mac);
        var during = new List<Task<(int Code, double Connect, double Total)>>();
        var watch = Stopwatch.StartNew();
        while (!flood.HasExited && watch.ElapsedMilliseconds < 20_000)
        {
            during.Add(Task.Run(() => Curl(board, 3, "/api/led")));
            Thread.Sleep(150);
        }
        if (!flood.WaitForExit(30_000)) flood.Kill(true);
        var after = Curl(board, 40, "/api/led", "--connect-timeout", "35");
        Task.WaitAll(during.ToArray(), 30_000);
        int ok = during.Count(t => t.Result.Code == 200);
        Figure("pressure.synflood.during.served.pct", during.Count == 0 ? 0 : 100 * ok / during.Count);
        Figure("pressure.synflood.after.connect.ms", after.Code == 200 ? (int)(after.Connect * 1000) : -1);
    }

    private static void Wrk(VirtualBoardHost board, string connections, string duration, string name)
    {
        var wrk = board.Exec(120_000, "wrk", "-t1", "-c" + connections, "-d" + duration, "--timeout", "10s", "http://" + Board + "/api/led");
        var e = Regex.Match(wrk.Stdout, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        int errors = e.Success ? Enumerable.Range(1, 4).Sum(i => int.Parse(e.Groups[i].Value)) : 0;
        var non2xx = Regex.Match(wrk.Stdout, @"Non-2xx or 3xx responses: (\d+)");
        var rps = Regex.Match(wrk.Stdout, @"Requests/sec:\s+([\d.]+)");
        Figure(name + ".socket.errors", wrk.ExitCode == 0 ? errors : -1);
        Figure(name + ".non2xx", non2xx.Success ? int.Parse(non2xx.Groups[1].Value) : 0);
        s_out.WriteLine("figure " + name + ".requests.per.s " + (rps.Success ? rps.Groups[1].Value : "0"));
    }

    private static void SlowClients(VirtualBoardHost board, string scripts)
    {
        var slow = board.Namespace.Start(Python, Path.Combine(scripts, "slowclients.py"), "16", "40");
        Thread.Sleep(3000);
        var get = Curl(board, 30, "/api/led");
        Figure("pressure.slowclients16.newget.ms", get.Code == 200 ? (int)(get.Total * 1000) : -1);
        if (!slow.WaitForExit(60_000)) slow.Kill(true);
    }

    /// <summary>Lets the previous scenario's connections end (TIME-WAIT, FIN-WAIT-2, half-open) before the next.</summary>
    private static void Quiet(VirtualBoardHost board)
    {
        var deadline = DateTime.UtcNow.AddSeconds(70);
        while (board.App.Tcp.SlotsInUse > 0 && DateTime.UtcNow < deadline) Thread.Sleep(200);
    }

    private static (int Code, double Connect, double Total) Curl(VirtualBoardHost board, int maxSeconds, string path, params string[] extra)
    {
        var args = new[] { "-sS", "-m", maxSeconds.ToString(), "-o", "/dev/null", "-w", "%{http_code} %{time_connect} %{time_total}" }
            .Concat(extra).Append("http://" + Board + path).ToArray();
        var r = board.Exec((maxSeconds + 5) * 1000, "curl", args);
        var p = r.Stdout.Trim().Split(' ');
        if (p.Length != 3) return (0, 0, 0);
        return (int.Parse(p[0]), double.Parse(p[1], CultureInfo.InvariantCulture), double.Parse(p[2], CultureInfo.InvariantCulture));
    }

    private static TextWriter s_out = Console.Out;

    private static void Figure(string name, int value) => s_out.WriteLine("figure " + name + " " + value);

    private static string FormatMac(byte[] mac) => string.Join(":", mac.Select(b => b.ToString("x2")));

    /// <summary>tools/pressure/ of the source tree the bench was built from (walking up from the binary).</summary>
    public static string FindScripts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tools", "pressure");
            if (File.Exists(Path.Combine(candidate, "synflood.py"))) return candidate;
        }
        throw new FileNotFoundException("tools/pressure/synflood.py not found above " + AppContext.BaseDirectory);
    }
}
