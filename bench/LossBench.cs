using System.Globalization;
using System.Security.Cryptography;
using NanoStack.TapLink;
using NanoStack.VirtualBoard;

namespace NanoStack.Bench;

/// <summary>
/// bench loss (issue 14): a /bytes/N download from the virtual board through the ENC28J60 model and driver, once on
/// a clean wire and once with seeded faults both ways (10 % drop, 1 % bit flips, 1 % duplicates, 5 % reordering),
/// the body checked by SHA-256 each time. kB/s = 1,000 bytes per second of curl's whole transfer. Needs root.
/// </summary>
public static class LossBench
{
    public static int Run(long bytes, int seed)
    {
        var lossy = new FaultOptions { Drop = 0.1, Corrupt = 0.01, Duplicate = 0.01, Reorder = 0.05, Seed = seed };
        string expected = ExpectedSha256(bytes);
        var clean = Download(new FaultOptions(), bytes, expected, "clean");
        var loss = Download(lossy, bytes, expected, "loss10");
        Console.WriteLine();
        Console.WriteLine($"/bytes/{bytes} through the chip model, TCP buffers 2 KiB, seed {seed}");
        Console.WriteLine($"| {"wire",-50} | {"kB/s",8} | {"seconds",8} | {"segments out",12} | {"retransmitted",13} | {"RTOs",5} | {"probes",6} | {"RACK",5} |");
        foreach (var r in new[] { clean, loss })
            Console.WriteLine($"| {r.Wire,-50} | {r.KBps,8:F1} | {r.Seconds,8:F1} | {r.SegmentsOut,12} | {r.Retransmits,13} | {r.Rtos,5} | {r.Probes,6} | {r.Rack,5} |");
        Console.WriteLine(FormattableString.Invariant($"figure download.clean.kBps {clean.KBps:F1}"));
        Console.WriteLine(FormattableString.Invariant($"figure download.loss10.kBps {loss.KBps:F1}"));
        Console.WriteLine(FormattableString.Invariant($"figure download.loss10.retransmits {loss.Retransmits}"));
        return 0;
    }

    private sealed record Result(string Wire, double KBps, double Seconds, long SegmentsOut, long Retransmits, long Rtos, long Probes, long Rack);

    private static Result Download(FaultOptions faults, long bytes, string expectedSha256, string tag)
    {
        var options = new VirtualBoardOptions { UseChipModel = true, Tag = "loss", EchoGpio = false, AccessLog = false, Faults = faults };
        string file = Path.Combine(Path.GetTempPath(), "nanostack-bench-" + tag + "-" + Environment.ProcessId + ".bin");
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null); // the firmware's console would interleave with the table
        VirtualBoardHost board;
        try { board = VirtualBoardHost.Start(options); }
        finally { Console.SetOut(stdout); }
        try
        {
            using (board)
            {
                Console.Error.WriteLine("bench loss: " + tag + " ...");
                // Bounded: 30 minutes is 17 kB/s for 30 MB, well below anything this bench has measured.
                var c = board.Exec(1_860_000, "curl", "-sS", "-m", "1800", "-o", file, "-w", "%{http_code} %{size_download} %{time_total}",
                    "http://192.0.2.2/bytes/" + bytes);
                var parts = c.Stdout.Split(' ');
                if (c.ExitCode != 0 || parts[0] != "200" || long.Parse(parts[1]) != bytes)
                    throw new InvalidOperationException("download failed: " + c.Stdout + c.Stderr);
                string sha;
                using (var f = File.OpenRead(file)) sha = Convert.ToHexString(SHA256.HashData(f));
                if (sha != expectedSha256) throw new InvalidOperationException("body corrupted: sha256 " + sha + ", expected " + expectedSha256);
                double seconds = double.Parse(parts[2], CultureInfo.InvariantCulture);
                var counters = board.App.Tcp.Counters;
                string wire = faults.IsNone ? "clean" : FormattableString.Invariant(
                    $"drop {faults.Drop} corrupt {faults.Corrupt} dup {faults.Duplicate} reorder {faults.Reorder}");
                return new Result(wire, bytes / 1000.0 / seconds, seconds, counters.SegmentsOut, counters.Retransmits,
                    counters.RetransmitTimeouts, counters.LossProbes, counters.RackRetransmits);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The route's body: byte i = i mod 251.</summary>
    private static string ExpectedSha256(long bytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var block = new byte[251 * 64];
        for (int i = 0; i < block.Length; i++) block[i] = (byte)(i % 251);
        for (long done = 0; done < bytes; done += block.Length)
            sha.AppendData(block, 0, (int)Math.Min(block.Length, bytes - done));
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
