using System;
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
        Check("BoardApp default (DHCP)", 83_064, HeapScenarios.BoardApp(24, dhcp: true));
        Check("BoardApp static", 68_472, HeapScenarios.BoardApp(24, dhcp: false));
    }

    private void Check(string what, long measured, long modelled)
    {
        double error = (modelled - measured) / (double)measured;
        _out.WriteLine(what + ": model " + modelled + " B, nanoCLR " + measured + " B (" + (error * 100).ToString("+0.0;-0.0") + " %)");
        Assert.True(Math.Abs(error) <= 0.05, what + ": model " + modelled + " B is not within 5 % of the measured " + measured + " B");
    }
}

public class HeapBreakdownProbe
{
    private readonly ITestOutputHelper _out;
    public HeapBreakdownProbe(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Print()
    {
        var heap = new NanoHeap(12);
        long b = HeapScenarios.BoardApp(12, true, heap);
        _out.WriteLine("default12 " + b + "\n" + heap.Breakdown(40) + "\n" + heap.ArraysByOwner(40));
        var h2 = new NanoHeap(12);
        h2.Exclude(new object());
        var link = new NanoStack.Phy.MemoryLink(8);
        h2.Exclude(link);
        var st = new NanoStack.NetworkStack(link, new NanoStack.StackConfig { MacAddress = new byte[] { 2, 0, 0, 0, 0, 1 }, Address = 0xC0000202, Netmask = 0xFFFFFF00 });
        _out.WriteLine("stackonly " + h2.Add(st) + "\n" + h2.Breakdown(30) + "\n" + h2.ArraysByOwner(30));
        _out.WriteLine("static12 " + HeapScenarios.BoardApp(12, false));
        _out.WriteLine("stack12 " + HeapScenarios.NetworkStackDefault(12) + " tcp12 " + HeapScenarios.TcpStackFourByTwoKiB(12));
    }
}
