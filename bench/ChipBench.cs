using System.Globalization;
using NanoStack.VirtualBoard;

namespace NanoStack.Bench;

/// <summary>
/// bench chip (issue 13): <c>/bytes/N</c> downloads (curl, in the board's namespace) through the ENC28J60 chip model and
/// the driver at 10 MHz SCK, with the firmware's default 2 KiB TCP buffers and with 8 KiB. The model charges every SPI
/// transfer its SCK time and every frame its 10 Mb/s wire time. Prints the median in MB/s (10^6 bytes). Needs root.
/// </summary>
public static class ChipBench
{
    public static int Run(int mib, int runs)
    {
        foreach (int buffer in new[] { 2048, 8192 })
        {
            var options = new VirtualBoardOptions { UseChipModel = true, Tag = "bench", EchoGpio = false, AccessLog = false };
            options.Firmware.TcpBufferSize = buffer;
            var stdout = Console.Out;
            Console.SetOut(TextWriter.Null);
            VirtualBoardHost board;
            try { board = VirtualBoardHost.Start(options); }
            finally { Console.SetOut(stdout); }
            var speeds = new List<double>();
            using (board)
            {
                for (int i = 0; i < runs; i++)
                {
                    long size = (long)mib << 20;
                    var c = board.Exec(600_000, "curl", "-sS", "-m", "590", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}",
                        "http://192.0.2.2/bytes/" + size);
                    var parts = c.Stdout.Split(' ');
                    if (c.ExitCode != 0 || parts[0] != "200" || long.Parse(parts[1]) != size)
                        throw new InvalidOperationException("download failed: " + c.Stdout + c.Stderr);
                    speeds.Add(double.Parse(parts[2], CultureInfo.InvariantCulture) / 1e6);
                }
            }
            speeds.Sort();
            string name = buffer == 2048 ? "chip.download.MBps" : "chip.download.8k.MBps";
            Console.WriteLine(FormattableString.Invariant($"chip: TCP buffer {buffer} B, {runs} x {mib} MiB: {string.Join(" ", speeds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} MB/s"));
            Console.WriteLine(FormattableString.Invariant($"figure {name} {speeds[speeds.Count / 2]:F3}"));
        }
        return 0;
    }
}
