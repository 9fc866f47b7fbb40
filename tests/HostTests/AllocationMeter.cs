using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NanoStack.HostTests;

/// <summary>
/// The one way host tests prove "0 bytes allocated": the code under test runs on a thread of its own, warmed up
/// on that same thread, and is measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
/// <remarks>
/// Why the figure is exact and cannot pick up anything but the measured code:
/// <list type="bullet">
/// <item>The counter is per thread: it is the number of bytes the GC handed out through this thread's own
/// allocation context, so allocations of other threads (xUnit's parallel test classes, the finalizer, the tiered-JIT
/// background compiler, timers, the test host's logging) are never in it, whatever they do meanwhile; a GC retires
/// the context and subtracts its unused rest, so a collection forced by another thread does not move it either.
/// A process-wide counter (<c>GC.GetTotalAllocatedBytes</c>) would see all of them.</item>
/// <item>The thread is new and dedicated: nothing but the lambdas given here ever runs on it, not the xUnit
/// runner's per-test bookkeeping, not another test's continuation scheduled on a shared worker thread.</item>
/// <item>The warm-up runs first on the same thread, so the one-time costs that land on the thread doing the
/// first call (JIT stubs, type loading, static constructors, lazily created thread-local state) are paid before
/// the first reading.</item>
/// <item>Tiered compilation is off for this test project (NanoStack.HostTests.csproj): with it, a method the measured
/// thread runs could be recompiled (tier-up, on-stack replacement) mid-window, and that work was charged to the thread
/// now and then under load (4-6 KB in BoardAllocationTests, issue 18).</item>
/// </list>
/// Only the measured lambda runs between the two readings; whatever a test needs around it (assertions on
/// results, formatting messages) goes outside.
/// </remarks>
internal static class AllocationMeter
{
    /// <summary>Runs <paramref name="warmUp"/> then <paramref name="measured"/> on one dedicated thread; returns the bytes <paramref name="measured"/> allocated.</summary>
    public static long Measure(Action warmUp, Action measured)
    {
        long allocated = -1;
        RunOnDedicatedThread(() =>
        {
            warmUp();
            long before = GC.GetAllocatedBytesForCurrentThread();
            measured();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        return allocated;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a new thread and waits for it, rethrowing its exception (assertion failures
    /// included) here. For tests that measure several windows themselves with <see cref="ThreadBytes"/>.
    /// </summary>
    public static void RunOnDedicatedThread(Action body)
    {
        ExceptionDispatchInfo failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, 16 * 1024 * 1024)
        { Name = "AllocationMeter", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    /// <summary>Bytes allocated so far by the calling thread (call it only inside <see cref="RunOnDedicatedThread"/>).</summary>
    public static long ThreadBytes => GC.GetAllocatedBytesForCurrentThread();
}
