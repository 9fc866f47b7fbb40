using System;
using System.Runtime.InteropServices;
using System.Threading;
using NanoStack.Firmware.Board;
using NanoStack.Sockets.Tcp;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>
/// The cooperative loop must not take the CPU from the user's threads (issue 13): <c>BoardApp.Step</c> says "now" only
/// when another round can make progress, and <c>BoardClock.DelayMicros</c> sleeps through long waits.
/// </summary>
public class BoardLoopTests
{
    [Fact]
    public void StepAsksForAnImmediateRoundOnlyWhenThatRoundCanMakeProgress()
    {
        var b = new InMemoryBoard();
        TcpSocket s = b.Connect();
        byte[] request = InMemoryBoard.Ascii("GET /bytes/1048576 HTTP/1.1\r\nHost: board\r\n\r\n");
        Assert.Equal(request.Length, s.Send(request, 0, request.Length));
        var sink = new byte[8192];
        for (int i = 0; i < 200; i++)
        {
            b.Step();
            while (s.Receive(sink, 0, sink.Length) > 0) { }
        }
        // The client answers (ACKs) only every 10th round: in between, the board's 2 KiB send ring is full, nothing
        // arrives and the server cannot write. A round that said "now" must be followed by one that did something.
        var iface = b.Server.Stack.Interface;
        int immediate = 0, wasted = 0;
        bool askedNow = false;
        for (int i = 0; i < 300; i++)
        {
            b.Now++;
            long rx = iface.FramesReceived, tx = iface.FramesTransmitted;
            long next = b.Server.Step(b.Now);
            bool progress = iface.FramesReceived != rx || iface.FramesTransmitted != tx;
            if (askedNow && !progress) wasted++;
            askedNow = next <= b.Now;
            if (askedNow) immediate++;
            if (i % 10 == 9)
            {
                b.ClientStack.Poll(b.Now);
                while (s.Receive(sink, 0, sink.Length) > 0) { }
            }
        }
        Assert.True(wasted == 0, wasted + " of " + immediate + " immediate rounds found nothing to do");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out Timespec ts);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    private static long ThreadCpuMicros()
    {
        Assert.Equal(0, clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t));
        return t.Seconds * 1_000_000 + t.Nanoseconds / 1000;
    }

    [Fact]
    public void LongDelaysSleepInsteadOfSpinning()
    {
        // The driver waits about a frame's wire time (≈ 1.2 ms) for the transmitter: that must not be busy CPU.
        var clock = new BoardClock();
        long wallStart = clock.NowMicros, cpuStart = ThreadCpuMicros();
        for (int i = 0; i < 20; i++) clock.DelayMicros(1500);
        long wall = clock.NowMicros - wallStart, cpu = ThreadCpuMicros() - cpuStart;
        Assert.True(wall >= 20 * 1500, "waited only " + wall + " µs");
        Assert.True(cpu < wall / 2, cpu + " µs of CPU in " + wall + " µs of waiting");
    }

    [Fact]
    public void ShortDelaysAreExactAtLeast()
    {
        // SPI/PHY timing (errata #2's reset wait is long; PHY BUSY polls are tens of µs) needs "at least", not "about".
        var clock = new BoardClock();
        foreach (int us in new[] { 10, 50, 300 })
        {
            long start = clock.NowMicros;
            clock.DelayMicros(us);
            Assert.True(clock.NowMicros - start >= us, us + " µs asked, " + (clock.NowMicros - start) + " waited");
        }
    }
}
