using System;
using System.IO;
using System.Linq;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>
/// The board's own capture (/capture.pcap, 16 KiB ring on the virtual board): pings from the namespace are in the
/// file the board serves, and Wireshark's dissectors read it without complaint.
/// </summary>
[Collection("VirtualBoard")]
public class OnBoardCaptureTests
{
    private readonly BoardFixture _f;

    public OnBoardCaptureTests(BoardFixture f) { _f = f; }

    [Fact]
    public void PingsAreInTheCaptureTheBoardServesAndTsharkReadsIt()
    {
        // An unusual payload size (77 bytes) picks out this test's echoes from anything else in the ring.
        var ping = _f.Board.Exec(20_000, "ping", "-c", "4", "-i", "0.2", "-W", "2", "-s", "77", "192.0.2.2");
        Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        string file = Path.Combine(Path.GetTempPath(), "nanostack-capture-" + Environment.ProcessId + ".pcap");
        try
        {
            var curl = _f.Board.Exec(20_000, "curl", "-sS", "-m", "15", "-o", file, "-w", "%{http_code} %{size_download} %{content_type}",
                "http://192.0.2.2/capture.pcap");
            Assert.True(curl.ExitCode == 0, curl.Stderr);
            string[] w = curl.Stdout.Split(' ');
            Assert.Equal("200", w[0]);
            Assert.Equal("application/vnd.tcpdump.pcap", w[2]);
            Assert.Equal(new FileInfo(file).Length.ToString(), w[1]);

            // tshark reads the whole file: exit 0 and nothing on stderr ("appears to be damaged or corrupt", "cut short")
            // but its warning about running as root.
            var read = NetNamespace.Run("tshark", ["-r", file], 60_000);
            string complaints = string.Join("\n", read.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => !l.Contains("Running as user \"root\"", StringComparison.Ordinal)));
            Assert.True(read.ExitCode == 0 && complaints.Length == 0, "tshark: " + read.Stderr);
            Assert.Equal("", Tshark.Problems(file));
            Assert.True(Tshark.Count(file, "icmp.type == 8 && data.len == 77 && ip.dst == 192.0.2.2") >= 4, read.Stdout);
            Assert.True(Tshark.Count(file, "icmp.type == 0 && data.len == 77 && ip.src == 192.0.2.2") >= 4, read.Stdout);
            Console.WriteLine("capture.pcap: " + w[1] + " bytes, " + read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length + " frames");
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void PostToTheCaptureIs405()
    {
        var r = _f.Board.Exec(15_000, "curl", "-sS", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "http://192.0.2.2/capture.pcap");
        Assert.Equal("405", r.Stdout);
    }
}
