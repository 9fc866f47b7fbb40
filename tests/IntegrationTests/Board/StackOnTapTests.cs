using System.Linq;
using NanoStack.VirtualBoard;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>The board application straight on the TAP (no driver, no chip model): the TapLink device path on its own.</summary>
public class StackOnTapTests
{
    [Fact]
    public void KernelPingsAndFetchesFromTheStackOnTheTap()
    {
        // `ping -s 3000` arrives in three fragments: a reassembly buffer above the default one datagram (1480 B).
        var firmware = VirtualBoardOptions.StaticFirmware();
        firmware.ReassemblyBytes = 4096;
        using var board = VirtualBoardHost.Start(new VirtualBoardOptions { UseChipModel = false, Tag = "tap", EchoGpio = false, Firmware = firmware });
        var ping = board.Exec(30_000, "ping", "-c", "5", "-i", "0.1", "-W", "2", "-s", "3000", "192.0.2.2");
        Assert.True(ping.ExitCode == 0, ping.Stdout + ping.Stderr);
        Assert.Contains("5 received", ping.Stdout);
        var curl = board.Exec(30_000, "curl", "-sS", "-m", "20", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "http://192.0.2.2/bytes/1000000");
        Assert.Equal("200 1000000", curl.Stdout);
        var status = board.Exec(30_000, "curl", "-sS", "-m", "20", "http://192.0.2.2/api/status");
        Assert.Contains("\"chipRevision\":\"none (host link)\"", status.Stdout);
        Assert.DoesNotContain("enc28j60", status.Stdout);
    }
}
