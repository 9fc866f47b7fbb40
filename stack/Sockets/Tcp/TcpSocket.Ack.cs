using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>The ACK field of an arriving segment, RFC 9293 §3.10.7.4 fifth, with RFC 5961 §5, RFC 5681 and RFC 6582.</summary>
    public sealed partial class TcpSocket
    {
        /// <summary>§3.10.7.4 fifth (ACK field), one method per rule. Returns false when the segment is dropped.</summary>
        private bool ProcessAck(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            uint ack = seg.AckNumber;
            if (!AckInRange(output, ack, nowMs))
            {
                return false;
            }

            int flightBefore = SeqNum.Diff(SndUna, SndNxt);
            if (SeqNum.Gt(ack, SndUna))
            {
                OnNewAck(output, ack, flightBefore, nowMs);
            }
            else if (IsDuplicateAck(ref seg, ack))
            {
                OnDuplicateAck(output, ack, nowMs);
            }

            UpdateSendWindow(ref seg, ack);
            return OnOurFinAcked(nowMs);
        }

        /// <summary>
        /// RFC 5961 §5.2: an ACK of data never sent, or one too old to be a genuine duplicate (below SND.UNA minus the
        /// largest window the peer offered), is answered with a (rate-limited) challenge ACK and dropped.
        /// </summary>
        private bool AckInRange(IIpv4Output output, uint ack, long nowMs)
        {
            int maxWnd = MaxSndWnd > 0 ? MaxSndWnd : 65535;
            if (SeqNum.Gt(ack, SndMax) || SeqNum.Lt(ack, SndUna - (uint)maxWnd))
            {
                _stack.Counters.Drop(TcpDropReason.BadAck);
                SendChallengeAck(output, nowMs);
                return false;
            }

            return true;
        }

        /// <summary>RFC 5681 §2 "duplicate acknowledgment": nothing new acknowledged, no data, no SYN/FIN, the same
        /// non-zero window, and data outstanding.</summary>
        private bool IsDuplicateAck(ref TcpPacket seg, uint ack)
        {
            return ack == SndUna && seg.PayloadLength == 0 && !seg.Syn && !seg.Fin && seg.Window == SndWnd && SndWnd != 0
                && SndMax != SndUna;
        }

        private void OnDuplicateAck(IIpv4Output output, uint ack, long nowMs)
        {
            DuplicateAcksIn++;
            _stack.Counters.DuplicateAcks++;
            if (Cc.OnDuplicateAck(SeqNum.Diff(SndUna, SndMax), SndMax, ack))
            {
                // Fast retransmit (RFC 5681 §3.2 step 2): the segment at SND.UNA, once, now.
                _stack.Counters.RackRetransmits++;
                RetransmitFirst(output, nowMs);
            }
            else
            {
                // RFC 8985: fewer than three duplicate ACKs are enough once the time says so.
                RackOnDuplicateAck(output, nowMs);
            }
        }

        /// <summary>Send window update (§3.10.7.4 fifth): only from a segment not older than the last update (SND.WL1/SND.WL2).</summary>
        private void UpdateSendWindow(ref TcpPacket seg, uint ack)
        {
            if (SeqNum.Lt(SndWl1, seg.SequenceNumber)
                || (SndWl1 == seg.SequenceNumber && SeqNum.Le(SndWl2, ack)))
            {
                SndWnd = seg.Window;
                SndWl1 = seg.SequenceNumber;
                SndWl2 = ack;
                if (SndWnd > MaxSndWnd)
                {
                    MaxSndWnd = SndWnd;
                }

                if (SndWnd > 0)
                {
                    PersistDeadline = long.MaxValue;
                    PersistIntervalMs = 0;
                }
            }
        }

        /// <summary>
        /// §3.10.7.4 fifth, the closing states: our FIN acknowledged moves FIN-WAIT-1 to FIN-WAIT-2, CLOSING to
        /// TIME-WAIT and LAST-ACK to CLOSED (false: the connection is gone).
        /// </summary>
        private bool OnOurFinAcked(long nowMs)
        {
            bool finAcked = FinQueued && SeqNum.Gt(SndUna, FinSeq);
            if (!finAcked)
            {
                return true;
            }

            switch (_state)
            {
                case TcpState.FinWait1:
                    SetState(TcpState.FinWait2);
                    if (AppClosed)
                    {
                        // Orphaned: do not wait forever for a FIN that may never come.
                        TimeWaitDeadline = nowMs + _config.FinWait2TimeoutMs;
                    }

                    break;
                case TcpState.Closing:
                    EnterTimeWait(nowMs);
                    break;
                case TcpState.LastAck:
                    EnterClosed();
                    Release();
                    return false;
            }

            return true;
        }

        private void OnNewAck(IIpv4Output output, uint ack, int flightBefore, long nowMs)
        {
            // Data bytes acknowledged: everything between the ring's first byte and the ACK, minus SYN/FIN.
            int dataAcked = SeqNum.Diff(SndBufSeq, ack);
            if (dataAcked > Tx.Count)
            {
                dataAcked = Tx.Count;
            }

            if (dataAcked > 0)
            {
                Tx.Consume(dataAcked);
                SndBufSeq += (uint)dataAcked;
            }
            else
            {
                dataAcked = 0;
            }

            SndUna = ack;
            if (SeqNum.Lt(SndNxt, SndUna))
            {
                // After a rewind or a zero-window probe the peer acknowledged beyond SND.NXT.
                SndNxt = SndUna;
            }

            // The new head was sent at the latest with the newest data (RACK's conservative transmit time).
            OnHeadSent(LastSendMs, false);
            EndProbeEpisode();

            // RFC 6298 §3 (Karn): the timed segment is fully acknowledged and was never retransmitted.
            if (RttActive && SeqNum.Gt(ack, RttSeq))
            {
                RtoTimer.Sample((int)(nowMs - RttStartMs));
                RttActive = false;
            }

            Retries = 0;
            // cwnd counts data bytes only: the SYN and FIN do not open the window (RFC 5681 §3.1 byte counting).
            bool partialAck = Cc.OnNewAck(dataAcked, ack, flightBefore);

            // RFC 6298 (5.2)/(5.3): stop the timer when all is acknowledged, else restart it (the PTO when
            // RFC 8985 §7.2 allows it).
            ArmLossTimer(nowMs);
            if (partialAck)
            {
                RetransmitFirst(output, nowMs);
            }
        }
    }
}
