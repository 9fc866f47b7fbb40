using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// What to transmit and when: SYN / SYN-ACK, data under the send window, congestion window, Nagle and
    /// sender-side SWS avoidance (RFC 1122 4.2.3.4), FIN after the last byte, and pure ACKs. Segments are
    /// written straight into the IPv4 output buffer from the transmit ring.
    /// </summary>
    public sealed partial class TcpSocket
    {
        /// <summary>Sends everything that is due now. Safe to call at any time.</summary>
        internal void Output(IIpv4Output output, long nowMs)
        {
            if (!InUse)
            {
                return;
            }

            if (RstPending)
            {
                RstPending = false;
                // SND.MAX: the peer has most likely received everything we ever sent (see SendAck).
                _stack.SendReset(output, LocalAddress, RemoteAddress, LocalPort, RemotePort, SndMax, 0, false, nowMs);
                if (_state == TcpState.Closed && AppClosed)
                {
                    Release();
                }

                return;
            }

            switch (_state)
            {
                case TcpState.SynSent:
                    if (SndNxt == Iss)
                    {
                        SendSyn(output, false, nowMs);
                    }

                    return;
                case TcpState.SynReceived:
                    if (SndNxt == Iss)
                    {
                        SendSyn(output, true, nowMs);
                    }
                    else if (AckNow)
                    {
                        SendAck(output, nowMs);
                    }

                    return;
                case TcpState.Established:
                case TcpState.CloseWait:
                case TcpState.FinWait1:
                case TcpState.Closing:
                case TcpState.LastAck:
                    // Nothing unsent and no FIN to send: SendData would find no segment and arm no timer (the persist
                    // timer needs data waiting), so most polls of a receiver or of a sender waiting for its ACK skip it.
                    if (Tx.Count > SeqNum.Diff(SndBufSeq, SndNxt) || (FinQueued && SndNxt == FinSeq))
                    {
                        SendData(output, nowMs, LimitedTransmitAllowance(), 64);
                    }

                    break;
            }

            if (AckNow && _state != TcpState.Closed)
            {
                SendAck(output, nowMs);
            }
        }

        private void SendSyn(IIpv4Output output, bool withAck, long nowMs)
        {
            RcvMss = OurMss(output.PayloadCapacity);
            if (!withAck)
            {
                SndMss = SndMss > RcvMss ? RcvMss : SndMss;
            }

            if (SndMax != Iss)
            {
                // Karn: a retransmitted SYN is never timed.
                RetransmittedSegments++;
                _stack.Counters.Retransmits++;
            }
            else
            {
                RttActive = true;
                RttSeq = Iss;
                RttStartMs = nowMs;
            }

            byte flags = withAck ? (byte)(TcpFlags.Syn | TcpFlags.Ack) : TcpFlags.Syn;
            Emit(output, Iss, flags, 0, 0, true, nowMs);
            SndNxt = Iss + 1;
            if (SeqNum.Lt(SndMax, SndNxt))
            {
                SndMax = SndNxt;
            }

            if (RetransmitDeadline == long.MaxValue)
            {
                RetransmitDeadline = nowMs + RtoTimer.Rto;
            }
        }

        /// <summary>
        /// RFC 3042 limited transmit: on the first and second duplicate ACK (outside recovery) one new segment each
        /// may go beyond cwnd, so that a small flight still produces the ACKs that detect its loss. cwnd is unchanged.
        /// </summary>
        private int LimitedTransmitAllowance()
        {
            int dup = Cc.DupAcks;
            if (!_config.RackTlp || Cc.InRecovery || dup <= 0)
            {
                return 0;
            }

            return (dup < 2 ? dup : 2) * SndMss;
        }

        /// <summary>The segment size for data: <see cref="FullSegmentCapacity"/>, cut for a small ring (<see cref="CutForRing"/>).</summary>
        private int SegmentCapacity(IIpv4Output output)
        {
            return CutForRing(FullSegmentCapacity(output));
        }

        /// <summary>The peer's MSS, within what the interface can carry.</summary>
        private int FullSegmentCapacity(IIpv4Output output)
        {
            int capacity = output.PayloadCapacity - TcpPacket.HeaderLength;
            return SndMss < capacity ? SndMss : capacity;
        }

        /// <summary>
        /// TcpConfig.HalfRingSegments: a ring over 536 bytes (TCP_MSS_DEFAULT) and under two <paramref name="full"/>
        /// segments goes in halves, each then shorter than <paramref name="full"/>; otherwise <paramref name="full"/>.
        /// </summary>
        private int CutForRing(int full)
        {
            int ring = Tx.Capacity;
            if (ring < full << 1 && ring > 536 && _config.HalfRingSegments)
            {
                return ring >> 1;
            }

            return full;
        }

        /// <summary>
        /// Sends queued data the windows allow: min(SND.WND, cwnd + <paramref name="cwndAllowance"/>), at most
        /// <paramref name="maxSegments"/> segments. Returns the number of segments sent.
        /// </summary>
        private int SendData(IIpv4Output output, long nowMs, int cwndAllowance, int maxSegments)
        {
            int full = FullSegmentCapacity(output);
            int mss = CutForRing(full);
            int segments = 0;
            bool sentNew = false;

            // RFC 5681 §4.1: restart after an idle period longer than the RTO.
            if (SndUna == SndMax && nowMs - LastSendMs > RtoTimer.Rto && LastSendMs != 0 && Tx.Count > 0)
            {
                Cc.OnIdleRestart();
            }

            // At most a handful of segments per call; the loop always ends because SND.NXT advances.
            for (int guard = 0; guard < maxSegments; guard++)
            {
                int sent = SeqNum.Diff(SndBufSeq, SndNxt);
                if (sent < 0)
                {
                    // SND.NXT still covers only the SYN (cannot happen once established); resync.
                    sent = 0;
                }

                int unsent = Tx.Count - sent;
                bool finDue = FinQueued && SndNxt == FinSeq && unsent <= 0;
                int length = UsableLength(unsent, cwndAllowance, mss);
                if (length == 0 && !finDue)
                {
                    break;
                }

                byte flags = SegmentFlags(length, unsent, finDue);
                if (mss < full && length > 0)
                {
                    // Half-ring segments each carry PSH: a Linux receiver takes a segment without PSH that is as long
                    // as the largest it has seen for a full one (tcp_measure_rcv_mss) and ACKs every second one, so both
                    // halves would be ACKed together and the wire would idle while the next half is uploaded (bench
                    // chip, issue 13: about a third of the downloads at 0.74-0.77 MB/s without, 9 of 9 at 1.02-1.05 with).
                    flags |= TcpFlags.Psh;
                }

                sentNew |= !SendSegment(output, flags, sent, length, nowMs);
                segments++;
                if ((flags & TcpFlags.Fin) != 0)
                {
                    break;
                }
            }

            ArmTimersAfterData(segments, sentNew, nowMs);
            return segments;
        }

        /// <summary>
        /// How much of the <paramref name="unsent"/> bytes may go in the next segment: min(SND.WND, cwnd) minus what
        /// is in flight (RFC 5681 §3.1, RFC 9293 §3.8.6), at most one MSS, and 0 when Nagle or sender SWS avoidance
        /// says wait (<see cref="DataAllowed"/>).
        /// </summary>
        private int UsableLength(int unsent, int cwndAllowance, int mss)
        {
            int inFlight = SeqNum.Diff(SndUna, SndNxt);
            int cwnd = Cc.Cwnd + cwndAllowance;
            int window = SndWnd < cwnd ? SndWnd : cwnd;
            int usable = window - inFlight;
            int length = unsent < usable ? unsent : usable;
            if (length > mss)
            {
                length = mss;
            }

            if (length <= 0 || !DataAllowed(length, unsent, inFlight, mss))
            {
                return 0;
            }

            return length;
        }

        /// <summary>ACK always; PSH on the segment that empties the queue; FIN once every byte before it is sent.</summary>
        private byte SegmentFlags(int length, int unsent, bool finDue)
        {
            byte flags = TcpFlags.Ack;
            if (length > 0 && length == unsent)
            {
                flags |= TcpFlags.Psh;
            }

            bool withFin = FinQueued && SndNxt + (uint)length == FinSeq && length == unsent;
            if (withFin || (length == 0 && finDue))
            {
                flags |= TcpFlags.Fin;
            }

            return flags;
        }

        /// <summary>
        /// Emits one segment at SND.NXT and advances SND.NXT/SND.MAX. Starts an RTT measurement on new data only
        /// (Karn's rule: a retransmission never gives an RTT sample, RFC 6298 §3). Returns true for a retransmission.
        /// </summary>
        private bool SendSegment(IIpv4Output output, byte flags, int sent, int length, long nowMs)
        {
            uint seq = SndNxt;
            bool retransmission = SeqNum.Lt(seq, SndMax);
            if (retransmission)
            {
                RetransmittedSegments++;
                _stack.Counters.Retransmits++;
            }
            else if (!RttActive && length > 0)
            {
                RttActive = true;
                RttSeq = seq;
                RttStartMs = nowMs;
            }

            Emit(output, seq, flags, sent, length, false, nowMs);
            if (seq == SndUna)
            {
                OnHeadSent(nowMs, retransmission);
            }

            SndNxt = seq + (uint)length + (uint)((flags & TcpFlags.Fin) != 0 ? 1 : 0);
            if (retransmission)
            {
                OnRetransmitted(SndNxt);
            }

            if (SeqNum.Lt(SndMax, SndNxt))
            {
                SndMax = SndNxt;
            }

            return retransmission;
        }

        /// <summary>After sending: the retransmission timer, the tail loss probe, and the persist timer.</summary>
        private void ArmTimersAfterData(int segments, bool sentNew, long nowMs)
        {
            // RFC 6298 (5.1): start the timer if it is not running; RFC 8985 §7.2: (re)start the PTO after new data.
            if (segments > 0 && RetransmitDeadline == long.MaxValue)
            {
                ArmLossTimer(nowMs);
            }
            else if (sentNew && LossTimer != TimerReorder)
            {
                TryArmProbe(nowMs);
            }

            // Persist timer (RFC 9293 §3.8.6.1): data waits, nothing in flight, the peer's window is zero.
            bool waiting = Tx.Count - SeqNum.Diff(SndBufSeq, SndNxt) > 0;
            if (waiting && SndWnd == 0 && SndNxt == SndUna && PersistDeadline == long.MaxValue)
            {
                PersistIntervalMs = RtoTimer.Rto;
                PersistDeadline = nowMs + PersistIntervalMs;
            }
        }

        /// <summary>Nagle (RFC 1122 4.2.3.4 / RFC 896) and sender SWS avoidance for a segment of <paramref name="length"/>.</summary>
        private bool DataAllowed(int length, int unsent, int inFlight, int mss)
        {
            if (length >= mss)
            {
                return true;
            }

            if ((_flags & FlagNoDelay) == 0 && inFlight > 0)
            {
                // Nagle: a small segment waits until everything sent is acknowledged.
                return false;
            }

            if (length == unsent)
            {
                // All queued data fits ("PUSHed and all queued data can be sent").
                return true;
            }

            if (MaxSndWnd > 0 && length >= MaxSndWnd / 2)
            {
                return true;
            }

            // Window-limited and nothing in flight: send what fits rather than stall (override case).
            return inFlight == 0;
        }

        /// <summary>Resends one segment from SND.UNA (fast retransmit, RACK, NewReno partial ACK) without rewinding.</summary>
        private void RetransmitFirst(IIpv4Output output, long nowMs)
        {
            Retransmit(output, SndUna, nowMs);
        }

        /// <summary>Resends up to one MSS of what was sent from <paramref name="seq"/> (the FIN too if it was sent and fits); restarts the RTO.</summary>
        private void Retransmit(IIpv4Output output, uint seq, long nowMs)
        {
            int mss = SegmentCapacity(output);
            int from = SeqNum.Diff(SndBufSeq, seq);
            if (from < 0)
            {
                from = 0;
            }

            int outstanding = SeqNum.Diff(seq, SndMax);
            int length = Tx.Count - from;
            if (length > outstanding)
            {
                length = outstanding;
            }

            if (length > mss)
            {
                length = mss;
            }

            if (length < 0)
            {
                length = 0;
            }

            byte flags = TcpFlags.Ack;
            if (FinQueued && seq + (uint)length == FinSeq && SeqNum.Gt(SndMax, FinSeq))
            {
                flags |= TcpFlags.Fin;
            }

            if (length == 0 && (flags & TcpFlags.Fin) == 0)
            {
                return;
            }

            RttActive = false;
            RetransmittedSegments++;
            _stack.Counters.Retransmits++;
            Emit(output, seq, flags, from, length, false, nowMs);
            OnRetransmitted(seq + (uint)length + (uint)((flags & TcpFlags.Fin) != 0 ? 1 : 0));
            if (seq == SndUna)
            {
                OnHeadSent(nowMs, true);
            }

            // RFC 6298 (5.3) restarts the RTO; RFC 8985 §7.2 lets a probe come first while the head is young.
            ArmLossTimer(nowMs);
        }

        /// <summary>
        /// A pure ACK. Its SEQ is SND.MAX, not the rewound SND.NXT: after a go-back-N rewind the peer's RCV.NXT may
        /// already be beyond SND.NXT, and an ACK it finds unacceptable would be answered by one we find
        /// unacceptable, forever (an ACK war, found by the varied-configuration simulation, seed 156).
        /// </summary>
        internal void SendAck(IIpv4Output output, long nowMs)
        {
            Emit(output, SndMax, TcpFlags.Ack, 0, 0, false, nowMs);
        }

        /// <summary>RFC 5961 §7: an ACK that proves nothing to a blind attacker, rate-limited.</summary>
        internal void SendChallengeAck(IIpv4Output output, long nowMs)
        {
            _stack.Counters.Drop(TcpDropReason.Challenged);
            if (!_stack.ChallengeLimiter.TryTake(nowMs))
            {
                _stack.Counters.Drop(TcpDropReason.ChallengeAckLimited);
                return;
            }

            _stack.Counters.ChallengeAcks++;
            SendAck(output, nowMs);
        }

        /// <summary>Writes one segment into the output buffer and sends it.</summary>
        private void Emit(IIpv4Output output, uint seq, byte flags, int dataFrom, int dataLength, bool withMss, long nowMs)
        {
            byte[] buffer = output.PayloadBuffer;
            int offset = output.PayloadOffset;
            bool ack = (flags & TcpFlags.Ack) != 0;
            ushort window = AdvertiseWindow();
            int header = TcpPacket.Emit(buffer, offset, LocalPort, RemotePort, seq, ack ? RcvNxt : 0, flags, window,
                withMss ? (ushort)RcvMss : (ushort)0);
            if (dataLength > 0)
            {
                Tx.CopyOut(dataFrom, buffer, offset + header, dataLength);
            }

            int total = header + dataLength;
            TcpPacket.WriteChecksum(buffer, offset, total, LocalAddress, RemoteAddress);
            output.Send(RemoteAddress, TcpPacket.ProtocolNumber, total, nowMs);
            SegmentsOut++;
            _stack.Counters.SegmentsOut++;
            if (dataLength > 0)
            {
                // RFC 5681 §4.1 restarts after an interval without sending data; RACK takes it as the transmit time
                // of the newest segment.
                LastSendMs = nowMs;
                Touch(nowMs);
            }

            if (ack)
            {
                AckNow = false;
                DelayedAckDeadline = long.MaxValue;
                BytesSinceAck = 0;
            }
        }
    }
}
