using System;
using System.Linq;
using NanoStack.Tools.HeapModel;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Heap;

/// <summary>
/// Calibration of the heap model against the real nanoCLR (issue 17: free heap from GC.Run(false) before and after
/// each construction on the 64-bit Linux build of nf-interpreter, 24-byte blocks). Within 5 % of each row, the
/// 12-byte figure is the ESP32 estimate.
/// </summary>
public class HeapModelTests
{
    private readonly ITestOutputHelper _out;

    public HeapModelTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void ModelLandsWithinFivePercentOfTheMeasuredNanoClrHeap()
    {
        Check("NetworkStack default", 22_608, HeapScenarios.NetworkStackDefault(24));
        Check("TcpStack 4 x 2048/2048", 27_120, HeapScenarios.TcpStackFourByTwoKiB(24));
        Check("BoardApp default (DHCP)", 83_064, HeapScenarios.BoardApp(24, dhcp: true, asMeasured: true));
        Check("BoardApp static", 68_472, HeapScenarios.BoardApp(24, dhcp: false, asMeasured: true));
    }

    private void Check(string what, long measured, long modelled)
    {
        double error = (modelled - measured) / (double)measured;
        _out.WriteLine(what + ": model " + modelled + " B, nanoCLR " + measured + " B (" + (error * 100).ToString("+0.0;-0.0") + " %)");
        Assert.True(Math.Abs(error) <= 0.05, what + ": model " + modelled + " B is not within 5 % of the measured " + measured + " B");
    }
}

/// <summary>README's device-heap table is the model's output for the same configurations (issue 17).</summary>
public class HeapReadmeTests
{
    [Fact]
    public void ReadmeHeapFiguresMatchTheModel()
    {
        string readme = System.IO.File.ReadAllText(NanoStack.HostTests.Foundation.Repo.PathOf("README.md"));
        int start = readme.IndexOf("<!-- heap-figures", StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- /heap-figures -->", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start, "README has no heap-figures table");
        string table = readme.Substring(start, end - start);
        Row(table, "heap.default", HeapScenarios.DefaultFirmware(12));
        Row(table, "heap.default.64", HeapScenarios.DefaultFirmware(24));
        Row(table, "heap.boardapp.static", HeapScenarios.BoardApp(12, dhcp: false));
        Row(table, "heap.minimal", HeapScenarios.MinimalUdp(12));
        Row(table, "heap.default.capture16k", HeapScenarios.DefaultFirmware(12, captureBytes: 16384));
    }

    private static void Row(string table, string figure, long bytes)
    {
        string line = table.Split('\n').FirstOrDefault(l => l.Contains("(`" + figure + "`)", StringComparison.Ordinal));
        Assert.True(line != null, "README heap table has no row for " + figure);
        Assert.EndsWith("| " + bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " B |", line.TrimEnd());
    }
}

/// <summary>The board reports the heap its start-up took: banner, status page and /api/status (issue 17).</summary>
public class BoardHeapReportTests
{
    [Fact]
    public void StatusShowsTheHeapTheMeterReported()
    {
        var b = new NanoStack.HostTests.Board.InMemoryBoard();
        int modelled = (int)new NanoHeap(12) { Skip = t => t == typeof(NanoStack.Phy.MemoryLink) }.Add(b.Server);
        b.Server.SetHeap(modelled, "model, 12-byte blocks");
        var s = b.Connect();
        var keep = new byte[65536];
        int n = b.Exchange(s, System.Text.Encoding.ASCII.GetBytes("GET /api/status HTTP/1.1\r\nHost: b\r\n\r\n"), 1, keep);
        for (int i = 0; i < 3000; i++) { b.Step(); n += s.Receive(keep, n, keep.Length - n); }
        string text = System.Text.Encoding.ASCII.GetString(keep, 0, n);
        Assert.Contains("\"heap\":{\"bytes\":" + modelled + ",\"source\":\"model, 12-byte blocks\"}", text);
        Assert.InRange(modelled, 30_000, 80_000);

        n = b.Exchange(s, System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: b\r\n\r\n"), 1, keep);
        for (int i = 0; i < 3000; i++) { b.Step(); n += s.Receive(keep, n, keep.Length - n); }
        Assert.Contains("Heap at start-up</th><td>" + modelled + " bytes (model, 12-byte blocks)", System.Text.Encoding.ASCII.GetString(keep, 0, n));
    }
}
