using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using NanoStack.Sockets.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Tcp;

/// <summary>
/// Deterministic two-stack simulation (issue 4): seeded loss, duplication, corruption, reordering, delay and
/// bandwidth. Each seed either delivers exactly the bytes sent in both directions (SHA-256 compared, and byte
/// by byte as they arrive) or both ends report an error; invariants hold after every step. A failing seed is
/// printed and reproducible: <c>dotnet test --filter "FullyQualifiedName~OneSeed"</c> after putting it in OneSeed.
/// </summary>
public class TcpSimulationTests
{
    private readonly ITestOutputHelper _out;

    public TcpSimulationTests(ITestOutputHelper output) => _out = output;

    public const int SeedCount = 1000;
    private const long LimitMs = 600_000;

    public static TcpTransfer RunSeed(int seed, Action<string> trace = null)
    {
        var r = new Random(seed);
        SimParams p = SimParams.FromSeed(r);
        int clientBytes = r.Next(4) == 0 ? 0 : r.Next(40_000);
        int serverBytes = r.Next(4) == 0 ? 0 : r.Next(40_000);
        var t = new TcpTransfer(seed, p, clientBytes, serverBytes);
        t.Path.Trace = trace;
        t.Run(LimitMs);
        return t;
    }

    /// <summary>What a seed's outcome must satisfy; null when it does.</summary>
    public static string Judge(TcpTransfer t)
    {
        if (t.Violation != null)
        {
            return t.Violation;
        }

        bool clientOk = t.ClientDone && t.ClientSocket.Error == TcpError.None;
        bool serverOk = t.ServerDone && t.ServerSocket.Error == TcpError.None;
        if (clientOk && serverOk)
        {
            if (!SHA256.HashData(t.ClientData).AsSpan().SequenceEqual(SHA256.HashData(t.ClientData.AsSpan(0, t.ServerReceived))) ||
                !SHA256.HashData(t.ServerData).AsSpan().SequenceEqual(SHA256.HashData(t.ServerData.AsSpan(0, t.ClientReceived))))
            {
                return "hash mismatch";
            }

            for (int i = 0; i < t.Client.SlotCount; i++)
            {
                if (t.Client.Slot(i).State != TcpState.Closed || t.Server.Slot(i).State != TcpState.Closed)
                {
                    return "a slot did not return to CLOSED";
                }
            }

            return null;
        }

        // A failure must be clean: every side that did not finish reports an error (none is left hanging).
        if (!clientOk && !t.ClientFailed)
        {
            return "client neither finished nor reported an error";
        }

        if (!serverOk && t.ServerSocket != null && !t.ServerFailed)
        {
            return "server neither finished nor reported an error";
        }

        return null;
    }

    [Fact]
    public void ThousandSeedsDeliverExactlyOrFailCleanly()
    {
        var failures = new List<string>();
        int succeeded = 0, failedCleanly = 0;
        long bytes = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int seed = 1; seed <= SeedCount; seed++)
        {
            TcpTransfer t = RunSeed(seed);
            string verdict = Judge(t);
            if (verdict != null)
            {
                failures.Add(verdict + " — " + t.Describe());
            }
            else if (t.ClientDone && t.ServerDone)
            {
                succeeded++;
                bytes += t.ClientData.Length + t.ServerData.Length;
            }
            else
            {
                failedCleanly++;
            }
        }

        _out.WriteLine($"{SeedCount} seeds: {succeeded} delivered exactly ({bytes} bytes), {failedCleanly} failed cleanly, {failures.Count} broken; {watch.ElapsedMilliseconds} ms");
        foreach (var f in failures)
        {
            _out.WriteLine(f);
        }

        Assert.True(failures.Count == 0, failures.Count + " seeds broke: " + string.Join("\n", failures.GetRange(0, Math.Min(10, failures.Count))));
        // Impairments are at most 10 % loss + 5 % corruption with 8 retries: giving up must be rare.
        Assert.True(failedCleanly <= SeedCount / 100, failedCleanly + " seeds gave up");
    }

    /// <summary>
    /// Paths bad enough that connections must give up: 15-35 % loss and up to 10 % corruption. Every seed must
    /// still end cleanly (exact data, or an error reported at every unfinished end, no broken invariant).
    /// </summary>
    [Fact]
    public void HarshPathsStillEndCleanly()
    {
        var failures = new List<string>();
        int delivered = 0, gaveUp = 0;
        for (int seed = 1; seed <= 100; seed++)
        {
            var r = new Random(seed * 7919);
            var p = new SimParams(0.15 + r.NextDouble() * 0.20, r.NextDouble() * 0.05, r.NextDouble() * 0.10,
                r.NextDouble() * 0.2, 1 + r.Next(30), r.Next(10), 200 + r.Next(1000), 16 + r.Next(32));
            var t = new TcpTransfer(seed, p, r.Next(30_000), r.Next(30_000));
            t.Run(LimitMs);
            string verdict = Judge(t);
            if (verdict != null)
            {
                failures.Add(verdict + " — " + t.Describe());
            }
            else if (t.ClientDone && t.ServerDone)
            {
                delivered++;
            }
            else
            {
                gaveUp++;
            }
        }

        _out.WriteLine($"harsh: {delivered} delivered exactly, {gaveUp} gave up cleanly, {failures.Count} broken");
        failures.ForEach(_out.WriteLine);
        Assert.Empty(failures);
    }

    /// <summary>
    /// The same judgement over varied configurations: rings from 256 B to 4 KiB, MSS 64..1460, one to four
    /// assembler blocks, delayed ACK on or off, Nagle on or off, small TIME-WAIT. Small rings and MSS drive the
    /// zero-window, persist, SWS and assembler-full paths hard.
    /// </summary>
    [Fact]
    public void VariedConfigurationsDeliverExactlyOrFailCleanly()
    {
        var failures = new List<string>();
        int delivered = 0, gaveUp = 0;
        for (int seed = 1; seed <= 1000; seed++)
        {
            var t = VariedTransfer(seed);
            var config = t.Client.Config;
            t.Run(LimitMs);
            string verdict = Judge(t);
            if (verdict != null)
            {
                failures.Add(verdict + $" — rx={config.ReceiveBufferSize} tx={config.SendBufferSize} gaps={config.MaxReceiveGaps} mss={config.Mss} dack={config.DelayedAckMs} nodelay={t.NoDelay} — " + t.Describe());
            }
            else if (t.ClientDone && t.ServerDone)
            {
                delivered++;
            }
            else
            {
                gaveUp++;
                _out.WriteLine($"gave up: rx={config.ReceiveBufferSize} tx={config.SendBufferSize} gaps={config.MaxReceiveGaps} mss={config.Mss} dack={config.DelayedAckMs} nodelay={t.NoDelay} — " + t.Describe());
            }
        }

        _out.WriteLine($"varied: {delivered} delivered exactly, {gaveUp} gave up cleanly, {failures.Count} broken");
        failures.ForEach(_out.WriteLine);
        Assert.Empty(failures);
        Assert.True(gaveUp <= 3, gaveUp + " seeds gave up");
    }

    public static TcpTransfer VariedTransfer(int seed)
    {
        var r = new Random(seed * 31337);
        var p = SimParams.FromSeed(r);
        var config = TcpTransfer.SimConfig();
        config.ReceiveBufferSize = 256 << r.Next(5);
        config.SendBufferSize = 256 << r.Next(5);
        config.MaxReceiveGaps = 1 + r.Next(4);
        config.Mss = r.Next(3) == 0 ? 64 + r.Next(1397) : 0;
        config.DelayedAckMs = r.Next(2) == 0 ? 0 : 40;
        config.TimeWaitMs = 100 + r.Next(2000);
        return new TcpTransfer(seed, p, r.Next(20_000), r.Next(20_000), config) { NoDelay = r.Next(2) == 0 };
    }

    [Theory]
    [InlineData(156)]
    [InlineData(981)]
    [InlineData(4094)]
    public void OneVariedSeed(int seed)
    {
        TcpTransfer t = VariedTransfer(seed);
        if (Environment.GetEnvironmentVariable("TCP_TRACE") == "1")
        {
            t.Path.Trace = _out.WriteLine;
        }

        t.Run(LimitMs);
        _out.WriteLine(t.Describe());
        Assert.Null(Judge(t));
        Assert.True(t.ClientDone && t.ServerDone, "gave up");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(538)]
    public void OneSeed(int seed)
    {
        TcpTransfer t = RunSeed(seed, _out.WriteLine);
        _out.WriteLine(t.Describe());
        Assert.Null(Judge(t));
    }

    [Fact]
    public void CleanPathDeliversBulkBothWaysQuickly()
    {
        var p = new SimParams(0, 0, 0, 0, 1, 0, 1250, 64);
        var t = new TcpTransfer(7, p, 200_000, 200_000);
        if (Environment.GetEnvironmentVariable("TCP_TRACE") == "1")
        {
            t.Path.Trace = _out.WriteLine;
        }

        t.Run(LimitMs);
        _out.WriteLine(t.Describe());
        Assert.Null(Judge(t));
        Assert.True(t.ClientDone && t.ServerDone);
        Assert.Equal(0, t.Client.Counters.Retransmits);
    }
}
