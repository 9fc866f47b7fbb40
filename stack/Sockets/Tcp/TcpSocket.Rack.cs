using NanoStack.Iface;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// Loss recovery for tiny windows: RACK-TLP (RFC 8985) on one shared timer, with RFC 6298's RTO as the last
    /// resort. With 2 KiB rings one or two segments are in flight, so three duplicate ACKs never come and every
    /// loss used to wait for the RTO.
    /// </summary>
    /// <remarks>
    /// RFC 8985 is written for senders that receive SACK and keep a transmit time per segment. This stack
    /// negotiates no SACK and keeps two words per connection instead (each field is a 12-byte heap block per
    /// socket on the device), so the algorithm is adapted:
    /// <list type="bullet">
    /// <item>the only segment RACK can declare lost is the one at SND.UNA, the only hole a cumulative ACK shows;
    /// <see cref="RackSentMs"/> is its transmit time (taken as the last data transmission when an ACK moves
    /// SND.UNA onto a segment sent earlier: later, so never a premature loss);</item>
    /// <item>a duplicate ACK is the delivery signal (RFC 8985 §6.2 step 1 with SACK): the peer received something
    /// sent after that segment. It is lost once it has been outstanding longer than one RTT plus the reordering
    /// window (§6.2 step 5), else the reordering timer waits for the rest of that time (§6.3);</item>
    /// <item>RACK.rtt is SRTT and RACK.reo_wnd is SRTT/4, at least one clock tick (§6.2 step 4 uses min_RTT/4);
    /// without DSACK the window does not adapt;</item>
    /// <item>a TLP retransmission always counts as a loss for congestion control (§7.4.2: no DSACK, so the
    /// episode can never prove that only an ACK was lost); the reduction is made when the probe is sent;</item>
    /// <item>the duplicate ACK that answers a retransmission of data the peer already had is recognised by its
    /// sequence (<see cref="RackEchoSeq"/>) instead of by DSACK;</item>
    /// <item>the PTO also runs during recovery, for a head retransmitted fewer than two times (a lost
    /// retransmission has no later segments to reveal it in a flight of two).</item>
    /// </list>
    /// </remarks>
    public sealed partial class TcpSocket
    {
        // RackState bits 0-1 say what RetransmitDeadline means now (RFC 8985 §8: the RACK reordering timer, the
        // TLP PTO and the RTO share one timer); bits 2-5 count the retransmissions of the segment at SND.UNA.
        internal const int TimerRto = 0;
        internal const int TimerProbe = 1;
        internal const int TimerReorder = 2;
        private const int TimerMask = 3;
        private const int HeadRetransmissionUnit = 4;
        private const int HeadRetransmissionMask = 15 * HeadRetransmissionUnit;
        // A probe is out and unanswered (RFC 8985 §7.2: no second probe until an ACK of new data ends the episode).
        private const int ProbeOut = 64;
        // A retransmission's echo may still come (see RackEchoSeq).
        private const int EchoPending = 128;

        /// <summary>
        /// Retransmissions of one head (RACK, probes) after which only the RTO runs: its backoff and retry limit
        /// (RFC 1122 4.2.3.5) then end a path that delivers later segments but never this one.
        /// </summary>
        private const int MaxHeadRetransmissionsBeforeRto = 2;

        internal int RackState;

        /// <summary>RFC 8985 Segment.xmit_ts of the segment at SND.UNA (its last transmission).</summary>
        internal long RackSentMs;

        /// <summary>
        /// End of the last retransmission. A copy of data the peer already holds is answered at once with an ACK
        /// of RCV.NXT: once SND.UNA has reached this sequence, that ACK arrives as a duplicate ACK that says nothing
        /// about later segments. Without DSACK (RFC 8985 §7.4 uses it for TLP) it is recognised this way, and the
        /// first such duplicate ACK is not taken as a delivery signal; else one spurious retransmission (a probe, a
        /// reordered or duplicated segment) would make RACK declare the next head lost, and so on: a storm.
        /// </summary>
        internal uint RackEchoSeq;

        internal int LossTimer
        {
            get { return RackState & TimerMask; }
        }

        private void SetLossTimer(int kind, long deadline)
        {
            RackState = (RackState & ~TimerMask) | kind;
            RetransmitDeadline = deadline;
        }

        private int HeadRetransmissions
        {
            get { return (RackState & HeadRetransmissionMask) / HeadRetransmissionUnit; }
        }

        /// <summary>Data up to <paramref name="end"/> was sent again: its echo may come (see <see cref="RackEchoSeq"/>).</summary>
        private void OnRetransmitted(uint end)
        {
            RackEchoSeq = end;
            RackState |= EchoPending;
        }

        /// <summary>The segment at SND.UNA went out at <paramref name="nowMs"/>, for the first time or again.</summary>
        private void OnHeadSent(long nowMs, bool retransmission)
        {
            RackSentMs = nowMs;
            if (!retransmission)
            {
                RackState &= ~HeadRetransmissionMask;
            }
            else if (HeadRetransmissions < 15)
            {
                RackState += HeadRetransmissionUnit;
            }
        }

        /// <summary>RACK.reo_wnd (RFC 8985 §6.2 step 4): SRTT/4, at least 1 ms (the clock's granularity).</summary>
        private int ReorderWindowMs()
        {
            int w = RtoTimer.Srtt / 4;
            return w > 1 ? w : 1;
        }

        /// <summary>
        /// RFC 8985 §7.2: the PTO may replace the RTO once an RTT sample exists, not after an RTO until new data is
        /// acknowledged, not for the SYN. Unlike §7.2 it also runs in fast recovery while the head has been
        /// retransmitted fewer than <see cref="MaxHeadRetransmissionsBeforeRto"/> times: with SACK, RACK sees a lost
        /// retransmission from later segments; with a flight of two and no SACK nothing would, but the RTO.
        /// </summary>
        private bool ProbeAllowed()
        {
            return _config.RackTlp && RtoTimer.HasSample && Retries == 0 && (RackState & ProbeOut) == 0
                && IsSynchronized(_state)
                && _state != TcpState.TimeWait && HeadRetransmissions < MaxHeadRetransmissionsBeforeRto;
        }

        /// <summary>
        /// RFC 8985 §7.2 PTO = 2 SRTT, plus the peer's worst-case delayed ACK when only one segment is in flight
        /// (one segment gets no immediate ACK from an RFC 1122 receiver), plus two ticks of our 1 ms clock (an RTT
        /// of about 1 ms is measured in whole milliseconds; Linux adds the same two ticks).
        /// </summary>
        private int ProbeTimeoutMs()
        {
            int pto = 2 * RtoTimer.Srtt + 2;
            if (SeqNum.Diff(SndUna, SndMax) <= SndMss)
            {
                pto += _config.WorstCaseDelayedAckMs;
            }

            return pto;
        }

        /// <summary>Arms the shared timer after new data left or new data was acknowledged (RFC 8985 §7.2, RFC 6298 5.1/5.3).</summary>
        internal void ArmLossTimer(long nowMs)
        {
            if (SndUna == SndMax)
            {
                SetLossTimer(TimerRto, long.MaxValue);
                return;
            }

            if (!TryArmProbe(nowMs))
            {
                ArmRto(nowMs);
            }
        }

        /// <summary>Arms the PTO when allowed and earlier than the RTO; else leaves the timer as it is.</summary>
        private bool TryArmProbe(long nowMs)
        {
            // §7.2 caps the PTO at the RTO; a probe no earlier than the RTO gains nothing, so then the RTO runs.
            if (!ProbeAllowed())
            {
                return false;
            }

            int pto = ProbeTimeoutMs();
            if (pto >= RtoTimer.Rto)
            {
                return false;
            }

            SetLossTimer(TimerProbe, nowMs + pto);
            return true;
        }

        /// <summary>New data was acknowledged: a probe episode is over (RFC 8985 §7.4).</summary>
        private void EndProbeEpisode()
        {
            RackState &= ~ProbeOut;
        }

        internal void ArmRto(long nowMs)
        {
            SetLossTimer(TimerRto, nowMs + RtoTimer.Rto);
        }

        /// <summary>
        /// A duplicate ACK while data is outstanding (RFC 8985 §6.2 with the duplicate ACK as the delivery signal).
        /// Returns true when the segment at SND.UNA was retransmitted.
        /// </summary>
        private bool RackOnDuplicateAck(IIpv4Output output, long nowMs)
        {
            if (!_config.RackTlp || !RtoTimer.HasSample)
            {
                // No RTT yet: only the third duplicate ACK (RFC 5681) decides.
                return false;
            }

            if ((RackState & EchoPending) != 0 && SeqNum.Ge(SndUna, RackEchoSeq))
            {
                RackState &= ~EchoPending;
                return false;
            }

            long lostAt = RackSentMs + RtoTimer.Srtt + ReorderWindowMs();
            if (nowMs >= lostAt)
            {
                RackRetransmit(output, nowMs);
                return true;
            }

            // §6.3: not yet beyond the reordering window: check again when it ends. A retransmitted head proves
            // nothing by an early duplicate ACK (that may come from a segment sent before the retransmission).
            if (HeadRetransmissions == 0 && (LossTimer == TimerProbe || RetransmitDeadline > lostAt))
            {
                SetLossTimer(TimerReorder, lostAt);
            }

            return false;
        }

        /// <summary>RACK marked the segment at SND.UNA lost: fast recovery (once per window) and its retransmission.</summary>
        private void RackRetransmit(IIpv4Output output, long nowMs)
        {
            if (!Cc.InRecovery)
            {
                Cc.EnterRecovery(SeqNum.Diff(SndUna, SndMax), SndMax);
            }

            _stack.Counters.RackRetransmits++;
            RetransmitFirst(output, nowMs);
        }

        /// <summary>The reordering window ended with the hole still open (RFC 8985 §6.3).</summary>
        private void OnReorderTimeout(IIpv4Output output, long nowMs)
        {
            SetLossTimer(TimerRto, long.MaxValue);
            if (SndUna == SndMax)
            {
                return;
            }

            RackRetransmit(output, nowMs);
            if (RetransmitDeadline == long.MaxValue)
            {
                ArmRto(nowMs);
            }
        }

        /// <summary>
        /// RFC 8985 §7.3: the PTO expired. Send one new segment if the peer's window allows it, else retransmit
        /// the last segment sent, so that the ACK it elicits (or RACK on the duplicate ACK) repairs a tail loss
        /// without waiting for the RTO; then the RTO runs (one probe per episode).
        /// </summary>
        private void OnProbeTimeout(IIpv4Output output, long nowMs)
        {
            SetLossTimer(TimerRto, long.MaxValue);
            if (SndUna == SndMax)
            {
                return;
            }

            _stack.Counters.LossProbes++;
            RackState |= ProbeOut;
            if (SndNxt != SndMax || SendData(output, nowMs, SndWnd, 1) == 0)
            {
                Cc.OnLossProbeRetransmit(SeqNum.Diff(SndUna, SndMax), SndMax, SndUna);
                RetransmitLast(output, nowMs);
            }

            ArmRto(nowMs);
        }

        /// <summary>RFC 8985 §7.3: the probe retransmits the highest-sequence segment sent (up to one MSS, with the FIN if sent).</summary>
        private void RetransmitLast(IIpv4Output output, long nowMs)
        {
            bool finSent = FinQueued && SeqNum.Gt(SndMax, FinSeq);
            uint dataEnd = finSent ? FinSeq : SndMax;
            int outstanding = SeqNum.Diff(SndUna, dataEnd);
            int mss = SegmentCapacity(output);
            int length = outstanding < mss ? outstanding : mss;
            if (length < 0)
            {
                length = 0;
            }

            Retransmit(output, dataEnd - (uint)length, nowMs);
        }
    }
}
