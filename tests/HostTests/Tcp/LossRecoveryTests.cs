using System;
using System.Collections.Generic;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Tcp;

/// <summary>
/// Issue 14: loss patterns aimed at RACK-TLP (RFC 8985) and limited transmit (RFC 3042) in the two-stack simulation,
/// at the default 2 KiB windows (one or two segments in flight). The server streams a download to the client over a
/// path without random impairments, with TCP_NODELAY as the HTTP server sets it; a script drops or delays chosen
/// segments. Each pattern runs with RackTlp on and
/// off: off shows the pattern really costs an RTO under RFC 5681/6582 alone, on shows the RTO is gone.
/// </summary>
public class LossRecoveryTests
{
    /// <summary>15 flights of 2,048 bytes (1,460 + 588 with TCP_NODELAY): the last flight is two segments.</summary>
    private const int Download = 15 * 2048;
    private readonly ITestOutputHelper _out;

    public LossRecoveryTests(ITestOutputHelper output) => _out = output;

    /// <summary>5 ms each way, 4 Mb/s (a 1460-byte segment takes about 3 ms), no random impairment.</summary>
    private static readonly SimParams Lan = new(0, 0, 0, 0, 5, 0, 500, 64);

    /// <summary>
    /// A 200 ms RTO floor: this path's RTT (12-20 ms) is to it what a LAN's 1-2 ms is to the default 50 ms floor, so
    /// a probe after 2 SRTT comes well before the RTO, as on a LAN.
    /// </summary>
    private static TcpConfig SlowPathConfig()
    {
        var config = TcpTransfer.SimConfig();
        config.MinRtoMs = 200;
        // The scripts pick segments by size: full 1460-byte ones, and the 588-byte tail of a 2 KiB ring that
        // overtakes a held one. TcpConfig.HalfRingSegments would send that ring as two 1024-byte halves.
        config.HalfRingSegments = false;
        return config;
    }

    private TcpTransfer Run(bool rackTlp, Func<ScriptView, int> script, SimParams p = null, int bytes = Download, TcpConfig config = null)
    {
        config ??= SlowPathConfig();
        config.RackTlp = rackTlp;
        config.TimeWaitMs = 100;
        var t = new TcpTransfer(14, p ?? Lan, 0, bytes, config) { NoDelay = true };
        var view = new ScriptView();
        if (Environment.GetEnvironmentVariable("TCP_TRACE") == "1")
        {
            t.Path.Trace = _out.WriteLine;
        }

        t.Path.Script = (from, seg, now) =>
        {
            view.Observe(from, seg, now);
            return script(view);
        };
        t.Run(600_000);
        var c = t.Server.Counters;
        _out.WriteLine($"rackTlp={rackTlp}: {t.Describe()}; server retransmits={c.Retransmits} rto={c.RetransmitTimeouts} probes={c.LossProbes} rack={c.RackRetransmits} scriptDrops={t.Path.ScriptDrops}");
        Assert.Null(TcpSimulationTests.Judge(t));
        Assert.True(t.ClientDone && t.ServerDone, "transfer did not finish");
        return t;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TailLossIsRepairedByAProbeInsteadOfTheRto(bool rackTlp)
    {
        // The last 2,000 bytes (two segments or more, and the FIN) are lost once: nothing follows them, so no ACK can
        // reveal the loss. The probe copies the last segment; the duplicate ACK it brings lets RACK resend the first.
        // 4 KiB rings make the last flight at least two segments (a lone one waits for the peer's delayed ACK, see
        // below).
        var config = SlowPathConfig();
        config.SendBufferSize = 4096;
        config.ReceiveBufferSize = 4096;
        var t = Run(rackTlp, v => v.ServerData && v.End > Download - 2000 && v.FirstTime ? -1 : 0, config: config);
        var c = t.Server.Counters;
        Assert.True(t.Path.ScriptDrops >= 2);
        if (rackTlp)
        {
            Assert.Equal(0, c.RetransmitTimeouts);
            Assert.Equal(1, c.LossProbes);
            Assert.True(c.RackRetransmits >= 1);
        }
        else
        {
            Assert.True(c.RetransmitTimeouts >= 1);
        }
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(40, 0)]
    public void LoneTailSegmentIsProbedOnlyWhenThePeersDelayedAckIsShorterThanTheRto(int worstCaseDelayedAckMs, int rtos)
    {
        // A tail of one segment: a receiver may hold its ACK for its delayed-ACK time (RFC 8985 §7.2 WCDelAckT).
        // With a 200 ms RTO floor and the RFC's 200 ms the probe would not come before the RTO; told the peer's
        // 40 ms, it does. (With the default 50 ms floor the RTO itself comes first.)
        var config = SlowPathConfig();
        config.WorstCaseDelayedAckMs = worstCaseDelayedAckMs;
        var t = Run(true, v => v.ServerData && v.End == Download + 1000 && v.FirstTime ? -1 : 0, bytes: Download + 1000, config: config);
        Assert.Equal(1, t.Path.ScriptDrops);
        Assert.Equal(rtos, t.Server.Counters.RetransmitTimeouts);
        Assert.Equal(1 - rtos, t.Server.Counters.LossProbes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LossInAFlightOfTwoIsRepairedOnTheFirstDuplicateAck(bool rackTlp)
    {
        // Every 7th data segment is lost once; with two segments in flight only one duplicate ACK follows each loss.
        var t = Run(rackTlp, v => v.ServerData && v.Index % 7 == 3 && v.FirstTime ? -1 : 0);
        var c = t.Server.Counters;
        Assert.True(t.Path.ScriptDrops >= 3);
        if (rackTlp)
        {
            // A lost first segment is found by RACK on the duplicate ACK, a lost second one by the probe (and
            // RACK when the probe's duplicate ACK shows the first lost too).
            Assert.Equal(0, c.RetransmitTimeouts);
            Assert.True(c.RackRetransmits >= 1);
            Assert.True(c.Retransmits <= 2 * t.Path.ScriptDrops, c.Retransmits + " retransmissions");
        }
        else
        {
            Assert.Equal(t.Path.ScriptDrops, c.RetransmitTimeouts);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LostRetransmissionIsRepairedWithoutTheRto(bool rackTlp)
    {
        // The 10th data segment is lost, and so is its first retransmission.
        int victim = -1;
        var t = Run(rackTlp, v =>
        {
            if (v.ServerData && v.FirstTime && v.Index == 10)
            {
                victim = v.Start;
            }

            return v.ServerData && v.Start == victim && v.Copy <= 2 ? -1 : 0;
        });
        var c = t.Server.Counters;
        Assert.Equal(2, t.Path.ScriptDrops);
        if (rackTlp)
        {
            Assert.Equal(0, c.RetransmitTimeouts);
        }
        else
        {
            Assert.True(c.RetransmitTimeouts >= 1);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LostAcksAreRepairedByAProbe(bool rackTlp)
    {
        // Every ACK the client sends for bytes 10,000..16,000 is lost until the server sends something again: its
        // flight is delivered but it hears nothing. The client ACKs at half its buffer even before it reads
        // (AckWhenWindowMoves off), so a flight has two ACKs to lose; by default it sends one, once it has read.
        var config = SlowPathConfig();
        config.AckWhenWindowMoves = false;
        bool resent = false;
        var t = Run(rackTlp, v =>
        {
            resent |= v.ServerData && !v.FirstTime;
            return !resent && v.ClientAck && v.AckedData >= 10_000 && v.AckedData < 16_000 ? -1 : 0;
        }, config: config);
        var c = t.Server.Counters;
        Assert.True(t.Path.ScriptDrops >= 2);
        if (rackTlp)
        {
            Assert.Equal(0, c.RetransmitTimeouts);
            Assert.True(c.LossProbes >= 1);
        }
        else
        {
            Assert.True(c.RetransmitTimeouts >= 1);
        }
    }

    [Fact]
    public void ReorderingWithinTheWindowCausesNoRetransmission()
    {
        // Every 3rd full-sized segment is held 2 ms, so the 588-byte one 1 ms behind it overtakes it by about 1 ms: the
        // client sends a duplicate ACK, then the cumulative one. RACK's reordering window (SRTT/4, here 3 ms) waits.
        int full = 0;
        var t = Run(true, v => v.ServerData && v.End - v.Start == 1460 && v.FirstTime && full++ % 3 == 0 ? 2 : 0);
        var c = t.Server.Counters;
        Assert.True(t.Server.Counters.DuplicateAcks >= 5, "the pattern must produce duplicate ACKs");
        Assert.Equal(0, c.Retransmits);
    }

    [Fact]
    public void ReorderingBeyondTheWindowCostsAtMostOneRetransmissionPerEvent()
    {
        // Held 8 ms, beyond the window: RACK takes the segment for lost, once; no storm of repeated retransmissions.
        int held = 0;
        var t = Run(true, v =>
        {
            if (v.ServerData && v.End - v.Start == 1460 && v.FirstTime && v.Index % 4 == 0)
            {
                held++;
                return 8;
            }

            return 0;
        });
        var c = t.Server.Counters;
        _out.WriteLine("held " + held);
        Assert.True(held >= 5);
        Assert.True(c.Retransmits <= held, c.Retransmits + " retransmissions for " + held + " reordered segments");
        Assert.Equal(0, c.RetransmitTimeouts);
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(50, false)]
    public void RtoFloorBelowThePeersDelayedAckRetransmitsSpuriously(int minRtoMs, bool spurious)
    {
        // The LAN default of MinRtoMs must outlast a receiver's delayed ACK of a lone segment: our own stack (and
        // Linux) hold it 40 ms. With Nagle every flight ends in a lone segment; on a clean path a 20 ms floor fires
        // before that ACK comes, 50 ms does not.
        var config = TcpTransfer.SimConfig();
        config.MinRtoMs = minRtoMs;
        config.HalfRingSegments = false; // the lone tail segment this is about (halves of the ring leave none)
        config.RackTlp = true;
        config.TimeWaitMs = 100;
        var t = new TcpTransfer(14, new SimParams(0, 0, 0, 0, 1, 0, 1250, 64), 0, 20_000, config);
        t.Run(600_000);
        _out.WriteLine($"floor {minRtoMs} ms: {t.Describe()}; retransmits={t.Server.Counters.Retransmits} rto={t.Server.Counters.RetransmitTimeouts}");
        Assert.Null(TcpSimulationTests.Judge(t));
        Assert.Equal(spurious, t.Server.Counters.Retransmits > 0);
    }

    /// <summary>
    /// The bench's impairments (10 % loss, 1 % corruption, 1 % duplication, 5 % reordering, both ways) on a LAN-like
    /// path in virtual time: RACK-TLP must need at most a third of the RTOs of RFC 5681/6582 alone, and finish sooner.
    /// </summary>
    [Fact]
    public void LossyLanDownloadNeedsAThirdOfTheRtos()
    {
        var p = new SimParams(0.10, 0.01, 0.01, 0.05, 1, 0, 1250, 64);
        var on = Run(true, _ => 0, p, 200_000, TcpTransfer.SimConfig());
        var off = Run(false, _ => 0, p, 200_000, TcpTransfer.SimConfig());
        _out.WriteLine($"virtual time: RACK-TLP {on.Now} ms, NewReno alone {off.Now} ms");
        Assert.True(on.Server.Counters.RetransmitTimeouts * 3 <= off.Server.Counters.RetransmitTimeouts);
        Assert.True(on.Now < off.Now, $"RACK-TLP {on.Now} ms vs NewReno alone {off.Now} ms");
    }

    /// <summary>What the script sees of each datagram: which side sent it and where it lies in the download.</summary>
    public sealed class ScriptView
    {
        private uint _serverIss, _clientIss;
        private readonly Dictionary<long, int> _copies = new();
        private int _dataSegments;
        private int _highestEnd;

        /// <summary>A server segment carrying download data.</summary>
        public bool ServerData;
        /// <summary>A client segment without data (an ACK).</summary>
        public bool ClientAck;
        /// <summary>Data offsets [Start, End) of a server segment.</summary>
        public int Start, End;
        /// <summary>Download bytes a client ACK acknowledges.</summary>
        public int AckedData;
        /// <summary>
        /// Which transmission of this ACK number, or of a data segment with this start, it is, from 1; a data segment
        /// that carries no byte beyond the highest sent before is never a first transmission.
        /// </summary>
        public int Copy;
        /// <summary>Index of a first transmission among the server's data segments, from 0.</summary>
        public int Index;

        public bool FirstTime => Copy == 1;

        public void Observe(int from, TcpPacket seg, long now)
        {
            if (from == 1 && seg.Syn)
            {
                _serverIss = seg.SequenceNumber;
            }
            else if (from == 0 && seg.Syn)
            {
                _clientIss = seg.SequenceNumber;
            }

            ServerData = from == 1 && !seg.Syn && seg.PayloadLength > 0;
            ClientAck = from == 0 && !seg.Syn && seg.Ack && seg.PayloadLength == 0;
            Start = (int)(seg.SequenceNumber - _serverIss - 1);
            End = Start + seg.PayloadLength;
            AckedData = (int)(seg.AckNumber - _serverIss - 1);
            long key = ServerData ? Start : ClientAck ? ((long)1 << 40) + AckedData : -1;
            Copy = 0;
            if (key >= 0)
            {
                _copies.TryGetValue(key, out Copy);
                Copy++;
                _copies[key] = Copy;
            }

            if (ServerData)
            {
                if (End <= _highestEnd && Copy == 1)
                {
                    Copy = 2;
                }

                _highestEnd = Math.Max(_highestEnd, End);
            }

            if (ServerData && Copy == 1)
            {
                Index = _dataSegments++;
            }
        }
    }
}
