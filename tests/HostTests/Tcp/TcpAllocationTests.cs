using System;
using NanoStack.Sockets.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Tcp;

/// <summary>
/// Zero allocation on every TCP path after start-up (issue 4): a long lossy transfer in both directions
/// (handshake, bulk data, reassembly, retransmission, fast recovery, persist, close, TIME-WAIT) runs with
/// GC.GetAllocatedBytesForCurrentThread() unchanged. The simulated path and the test's own application
/// loop are allocation-free too, so any byte counted is the stack's.
/// </summary>
public class TcpAllocationTests
{
    private readonly ITestOutputHelper _out;

    public TcpAllocationTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void LongLossyTransferAllocatesNothingAfterStartUp()
    {
        var p = new SimParams(0.03, 0.01, 0.01, 0.05, 2, 3, 1250, 48);
        // Warm-up run over the same paths (JIT, static initialisers), then the measured one, on one dedicated thread.
        TcpTransfer t = null;
        long allocated = AllocationMeter.Measure(
            () =>
            {
                new TcpTransfer(99, p, 50_000, 50_000).Run(600_000);
                t = new TcpTransfer(100, p, 1_000_000, 1_000_000);
            },
            () => t.Run(600_000));

        _out.WriteLine(t.Describe());
        _out.WriteLine($"allocated after start-up: {allocated} bytes; retransmits {t.Client.Counters.Retransmits + t.Server.Counters.Retransmits}; steps {t.Steps}");
        Assert.Null(t.Violation);
        Assert.True(t.ClientDone && t.ServerDone, t.Describe());
        Assert.True(t.Client.Counters.Retransmits + t.Server.Counters.Retransmits > 0, "the path must exercise loss recovery");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void StaticBytesReportsTheConfiguredBuffers()
    {
        var config = new TcpConfig();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var stack = new TcpStack(config, 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        _out.WriteLine($"StaticBytes={stack.StaticBytes}, measured allocation={allocated}");
        Assert.True(stack.StaticBytes >= 4 * (2048 + 2048));
        // The estimate is honest within a factor that covers .NET object headers.
        Assert.InRange(allocated, stack.StaticBytes / 2, stack.StaticBytes * 2);
    }
}
