using System.IO;
using System.Text.RegularExpressions;
using NanoStack.Firmware;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>hardware/README.md's wiring table, README.md's board section and BoardConfig name the same GPIOs.</summary>
public class BoardPinDocsTests
{
    private static string Read(string path) => File.ReadAllText(NanoStack.HostTests.Foundation.Repo.PathOf(path));

    private static int TablePin(string hardware, string signal)
    {
        Match m = Regex.Match(hardware, @"^\| " + Regex.Escape(signal) + @"[^|]*\| GPIO (\d+)", RegexOptions.Multiline);
        Assert.True(m.Success, "hardware/README.md has no wiring row for " + signal);
        return int.Parse(m.Groups[1].Value);
    }

    [Fact]
    public void HardwareReadmeWiringTableMatchesBoardConfig()
    {
        var c = BoardConfig.Default();
        string hw = Read("hardware/README.md");
        Assert.Equal(c.PinMosi, TablePin(hw, "SI (MOSI)"));
        Assert.Equal(c.PinMiso, TablePin(hw, "SO (MISO)"));
        Assert.Equal(c.PinSck, TablePin(hw, "SCK"));
        Assert.Equal(c.PinCs, TablePin(hw, "CS"));
        Assert.Equal(c.PinInt, TablePin(hw, "INT"));
        Assert.Equal(c.PinLed, TablePin(hw, "(status LED)"));
    }

    [Fact]
    public void OptionalResetPinCollidesWithNoPinTheFirmwareUses()
    {
        var c = BoardConfig.Default();
        int reset = TablePin(Read("hardware/README.md"), "RESET");
        int[] used = { c.PinMosi, c.PinMiso, c.PinSck, c.PinCs, c.PinInt, c.PinLed };
        Assert.DoesNotContain(reset, used);
        // ESP32 strapping pins (GPIO 0, 2, 5, 12, 15) must not be pulled by the module at reset.
        Assert.DoesNotContain(reset, new[] { 0, 2, 5, 12, 15 });
    }

    [Fact]
    public void ReadmeBoardSectionQuotesTheSamePins()
    {
        var c = BoardConfig.Default();
        string readme = Read("README.md");
        int start = readme.IndexOf("<!-- section:board -->", System.StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- /section:board -->", System.StringComparison.Ordinal);
        string board = readme.Substring(start, end - start);
        Assert.Contains("MOSI " + c.PinMosi + " / MISO " + c.PinMiso + " / SCK " + c.PinSck + " / CS " + c.PinCs + " / INT " + c.PinInt
            + ", LED GPIO " + c.PinLed, board);
        int reset = TablePin(Read("hardware/README.md"), "RESET");
        Assert.Contains("RESET goes to GPIO " + reset, board);
    }
}
