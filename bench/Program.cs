using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using NanoStack.TapLink;
using NanoStack.VirtualBoard;

namespace NanoStack.Bench;

/// <summary>
/// nanostack-bench: brings the virtual board up twice — with the ENC28J60 model and driver in the loop, and with
/// the stack straight on the TAP — and measures /bytes/N download rate (curl) and ping RTT from the namespace.
/// Prints one table. Needs root. The <c>heap</c> group (HeapBench) prints the modelled device heap.
/// </summary>
public static class Program
{
    /// <summary>Scenario groups: <c>heap</c> (modelled device heap, no root needed), <c>page</c> (status page size and
    /// render time), <c>ilops</c> (the interpreter cost model), <c>chip</c> (downloads through
    /// the chip model at 2 and 8 KiB TCP buffers, root; only when named), <c>board</c> (downloads and pings
    /// on the virtual board, root), <c>loss</c> (a download through the chip model on a clean and on a lossy wire, root;
    /// only when named), <c>pressure</c> (issue 11: floods and crowds on the chip-model board, root, about 3 minutes;
    /// only when named). No group runs heap, page, ilops and board. Each figure is printed as <c>figure NAME VALUE</c>.</summary>
    public static readonly string[] Groups = { "heap", "page", "ilops", "chip", "board", "loss", "pressure" };

    public static int Main(string[] args)
    {
        var groups = args.Where(a => Groups.Contains(a)).ToList();
        args = args.Where(a => !Groups.Contains(a)).ToArray();
        bool all = groups.Count == 0;
        if (all || groups.Contains("heap"))
        {
            int rc = HeapBench.Run();
            if (rc != 0) return rc;
        }

        if (all || groups.Contains("page"))
        {
            int rc = PageBench.Run();
            if (rc != 0) return rc;
        }

        if (all || groups.Contains("ilops"))
        {
            // --by-method [N]: the per-method table of every scenario (top N methods, default 30; 0 = all).
            int at = Array.IndexOf(args, "--by-method");
            int? byMethod = null;
            if (at >= 0) byMethod = at + 1 < args.Length && int.TryParse(args[at + 1], out int n) ? n : 30;
            int rc = IlOpsBench.Run(byMethod);
            if (rc != 0) return rc;
        }

        if (groups.Contains("chip"))
        {
            // Not part of "all": the board group already downloads through the chip (root, minutes).
            var mib = args.SkipWhile(a => a != "--mib").Skip(1).FirstOrDefault();
            var runs = args.SkipWhile(a => a != "--runs").Skip(1).FirstOrDefault();
            int rc = ChipBench.Run(mib == null ? 4 : int.Parse(mib), runs == null ? 3 : int.Parse(runs));
            if (rc != 0) return rc;
        }

        if (groups.Contains("pressure"))
        {
            int rc = PressureBench.Run();
            if (rc != 0) return rc;
        }

        if (groups.Contains("loss"))
        {
            int rc = RunLoss(args);
            if (rc != 0) return rc;
        }

        if (!all && !groups.Contains("board")) return 0;

        return RunBoard(args);
    }

    private static int RunBoard(string[] args)
    {
        var mib = new Option<int>("--mib") { Description = "Size of each /bytes download in MiB", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Downloads per configuration (the best and the median are shown)", DefaultValueFactory = _ => 3 };
        var pings = new Option<int>("--pings") { Description = "Pings per configuration (10 ms apart)", DefaultValueFactory = _ => 200 };
        var buffer = new Option<int>("--tcp-buffer") { Description = "TCP buffer per connection (firmware knob)", DefaultValueFactory = _ => 2048 };
        var root = new RootCommand("nanoStack throughput/latency bench on the virtual board") { mib, runs, pings, buffer };
        root.SetAction(r => Run(r.GetValue(mib), r.GetValue(runs), r.GetValue(pings), r.GetValue(buffer)));
        return root.Parse(args).Invoke();
    }

    private static int RunLoss(string[] args)
    {
        var mib = new Option<int>("--mib") { Description = "Size of the download in MiB", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault injector", DefaultValueFactory = _ => 1 };
        var root = new RootCommand("download through the chip model on a clean and on a lossy wire") { mib, seed };
        root.SetAction(r => LossBench.Run((long)r.GetValue(mib) << 20, r.GetValue(seed)));
        return root.Parse(args).Invoke();
    }

    private sealed record Result(string Name, double BestMiBs, double MedianMiBs, double RttMin, double RttAvg, double RttMax, int Lost);

    private static int Run(int mib, int runs, int pings, int tcpBuffer)
    {
        var results = new List<Result>();
        foreach (bool chip in new[] { true, false })
        {
            var options = new VirtualBoardOptions { UseChipModel = chip, Tag = "bench", EchoGpio = false, AccessLog = false };
            options.Firmware.TcpBufferSize = tcpBuffer;
            var stdout = Console.Out;
            Console.SetOut(TextWriter.Null); // the firmware's console would interleave with the table
            VirtualBoardHost board;
            try { board = VirtualBoardHost.Start(options); }
            finally { Console.SetOut(stdout); }
            using (board)
            {
                Console.Error.WriteLine("bench: " + (chip ? "chip model + driver" : "stack on TAP") + " ...");
                var speeds = new List<double>();
                for (int i = 0; i < runs; i++)
                {
                    var c = board.Exec(600_000, "curl", "-sS", "-m", "590", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}",
                        "http://192.0.2.2/bytes/" + ((long)mib << 20));
                    var parts = c.Stdout.Split(' ');
                    if (c.ExitCode != 0 || parts[0] != "200" || long.Parse(parts[1]) != (long)mib << 20)
                        throw new InvalidOperationException("download failed: " + c.Stdout + c.Stderr);
                    speeds.Add(double.Parse(parts[2], CultureInfo.InvariantCulture) / (1 << 20));
                }
                speeds.Sort();
                var p = board.Exec(pings * 50 + 30_000, "ping", "-c", pings.ToString(), "-i", "0.01", "-W", "2", "-q", "192.0.2.2");
                var rtt = Regex.Match(p.Stdout, @"= ([\d.]+)/([\d.]+)/([\d.]+)/");
                var loss = Regex.Match(p.Stdout, @"(\d+) packets transmitted, (\d+) received");
                if (!rtt.Success || !loss.Success) throw new InvalidOperationException("ping failed: " + p.Stdout + p.Stderr);
                results.Add(new Result(chip ? "ENC28J60 model + driver (SPI " + options.Firmware.SpiClockHz / 1_000_000 + " MHz)" : "stack on TAP (no chip)",
                    speeds[^1], speeds[speeds.Count / 2], D(rtt.Groups[1]), D(rtt.Groups[2]), D(rtt.Groups[3]),
                    int.Parse(loss.Groups[1].Value) - int.Parse(loss.Groups[2].Value)));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"/bytes/{(long)mib << 20} x {runs}, {pings} pings at 10 ms, TCP buffer {tcpBuffer} B, {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"| {"configuration",-40} | {"best MiB/s",10} | {"median MiB/s",12} | {"RTT min/avg/max ms",20} | {"lost",4} |");
        Console.WriteLine($"|{new string('-', 42)}|{new string('-', 12)}|{new string('-', 14)}|{new string('-', 22)}|{new string('-', 6)}|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Name,-40} | {r.BestMiBs,10:F2} | {r.MedianMiBs,12:F2} | {$"{r.RttMin:F2}/{r.RttAvg:F2}/{r.RttMax:F2}",20} | {r.Lost,4} |");
        foreach (var r in results)
        {
            string key = r.Name.StartsWith("ENC28J60", StringComparison.Ordinal) ? "board.chip" : "board.tap";
            Console.WriteLine(FormattableString.Invariant($"figure {key}.download.median.MiBps {r.MedianMiBs:F2}"));
            Console.WriteLine(FormattableString.Invariant($"figure {key}.rtt.avg.ms {r.RttAvg:F2}"));
        }
        return 0;
    }

    private static double D(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);
}
