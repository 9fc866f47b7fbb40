using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>Segment arrival, RFC 9293 §3.10.7.3 (SYN-SENT) and §3.10.7.4 (other states), with RFC 5961.</summary>
    public sealed partial class TcpSocket
    {
        /// <summary>A segment for this connection's 4-tuple (checksum already verified).</summary>
        internal void OnSegment(IIpv4Output output, ref TcpPacket seg, byte[] buffer, long nowMs)
        {
            SegmentsIn++;
            if (_state == TcpState.SynSent)
            {
                OnSegmentSynSent(output, ref seg, nowMs);
                return;
            }

            if (_state == TcpState.Closed || _state == TcpState.Listen)
            {
                _stack.Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            if (!seg.Rst)
            {
                // Any checksummed segment of this 4-tuple shows the peer is alive, even a retransmission of data we
                // already hold (its ACK to it may have been lost): the keep-alive and orphaned FIN-WAIT-2 timers
                // must not expire while the peer is still retransmitting.
                Touch(nowMs);
            }

            // A retransmitted SYN while we wait for the handshake's ACK: our SYN-ACK was lost, send it again.
            if (_state == TcpState.SynReceived && seg.Syn && !seg.Ack && !seg.Rst && seg.SequenceNumber == Irs)
            {
                SndNxt = Iss;
                Output(output, nowMs);
                return;
            }

            // TIME-WAIT: a retransmitted FIN is acknowledged again and restarts the 2 MSL timer (§3.10.7.4).
            if (_state == TcpState.TimeWait && seg.Fin && !seg.Rst && !seg.Syn
                && seg.SequenceNumber + (uint)seg.PayloadLength + 1 == RcvNxt)
            {
                TimeWaitDeadline = nowMs + _config.TimeWaitMs;
                SendAck(output, nowMs);
                return;
            }

            // First: sequence number acceptability (§3.10.7.4, the four cases).
            if (!SequenceAcceptable(ref seg))
            {
                if (seg.Rst)
                {
                    // RFC 5961 §3.2: an RST outside the window is dropped silently.
                    _stack.Counters.Drop(TcpDropReason.RstOutOfWindow);
                    return;
                }

                _stack.Counters.Drop(TcpDropReason.OutOfWindow);
                if (seg.SegmentLength == 0)
                {
                    // An unacceptable bare ACK needs no urgent answer; answering every one invites ACK wars
                    // and amplification, so it shares the RFC 5961 §7 budget. Data gets its ACK at once.
                    SendChallengeAck(output, nowMs);
                    return;
                }

                SendAck(output, nowMs);
                return;
            }

            // Second: RST (RFC 5961 §3.2: act only on an exact match, challenge anything else in window).
            if (seg.Rst)
            {
                if (seg.SequenceNumber != RcvNxt)
                {
                    SendChallengeAck(output, nowMs);
                    return;
                }

                OnReset();
                return;
            }

            // Fourth: SYN in a synchronized state (RFC 5961 §4 / RFC 9293 §3.10.7.4 fourth).
            if (seg.Syn)
            {
                if (_state == TcpState.SynReceived && !ActiveOpen)
                {
                    // A different SYN from a passive open: the half-open connection goes back to LISTEN,
                    // i.e. its slot is freed (§3.10.7.4 fourth, SYN-RECEIVED).
                    _stack.Counters.Drop(TcpDropReason.Ignored);
                    EnterClosed();
                    Release();
                    return;
                }

                SendChallengeAck(output, nowMs);
                return;
            }

            // Fifth: no ACK, drop.
            if (!seg.Ack)
            {
                _stack.Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            Touch(nowMs);
            KeepAliveSent = 0;

            if (_state == TcpState.SynReceived)
            {
                if (!(SeqNum.Lt(SndUna, seg.AckNumber) && SeqNum.Le(seg.AckNumber, SndMax)))
                {
                    // §3.10.7.4 fifth, SYN-RECEIVED: unacceptable ACK → <SEQ=SEG.ACK><CTL=RST>.
                    _stack.Counters.Drop(TcpDropReason.BadAck);
                    _stack.SendReset(output, LocalAddress, RemoteAddress, LocalPort, RemotePort, seg.AckNumber, 0, false, nowMs);
                    return;
                }

                SetState(TcpState.Established);
                SndWnd = seg.Window;
                if (SndWnd > MaxSndWnd)
                {
                    MaxSndWnd = SndWnd;
                }

                SndWl1 = seg.SequenceNumber;
                SndWl2 = seg.AckNumber;
                if (FinQueued)
                {
                    // Close() was called in SYN-RECEIVED (§3.10.4): now the FIN may go.
                    SetState(TcpState.FinWait1);
                }
            }

            if (!ProcessAck(output, ref seg, nowMs))
            {
                return;
            }

            if (_state == TcpState.Closed)
            {
                return;
            }

            // Seventh: segment text.
            if (seg.PayloadLength > 0 && ReadClosed && (_state == TcpState.FinWait1 || _state == TcpState.FinWait2)
                && SeqNum.Gt(seg.SequenceNumber + (uint)seg.PayloadLength, RcvNxt))
            {
                // RFC 1122 4.2.2.13: the application closed its receive side and will never read this; a RST tells the peer that
                // data was lost (instead of acknowledging and discarding it while the slot stays taken).
                _stack.Counters.AbortsOnData++;
                RstPending = true;
                Fail(TcpError.Aborted);
                Output(output, nowMs);
                return;
            }

            if (seg.PayloadLength > 0)
            {
                ProcessText(ref seg, buffer, nowMs);
            }

            // Eighth: FIN, only once every byte before it has arrived (a FIN beyond a hole or beyond the
            // window is not acknowledged; the peer retransmits it).
            if (seg.Fin && seg.SequenceNumber + (uint)seg.PayloadLength == RcvNxt)
            {
                ProcessFin(nowMs);
            }

            Output(output, nowMs);
        }

        private bool SequenceAcceptable(ref TcpPacket seg)
        {
            int window = SeqNum.Diff(RcvNxt, RcvAdv);
            if (window < 0)
            {
                window = 0;
            }

            int length = seg.SegmentLength;
            uint seq = seg.SequenceNumber;
            if (length == 0)
            {
                if (window == 0)
                {
                    return seq == RcvNxt;
                }

                return SeqNum.InWindow(seq, RcvNxt, window);
            }

            if (window == 0)
            {
                return false;
            }

            return SeqNum.InWindow(seq, RcvNxt, window) || SeqNum.InWindow(seq + (uint)length - 1, RcvNxt, window);
        }

        private void OnReset()
        {
            _stack.Counters.RstIn++;
            switch (_state)
            {
                case TcpState.SynReceived:
                    // Passive open: back to LISTEN (slot freed). Active open (simultaneous): refused.
                    if (ActiveOpen)
                    {
                        Fail(TcpError.Refused);
                    }
                    else
                    {
                        EnterClosed();
                        Release();
                    }

                    return;
                case TcpState.Closing:
                case TcpState.LastAck:
                case TcpState.TimeWait:
                    // §3.10.7.4: just close. If something of ours was still unacknowledged the peer did not get
                    // everything: say so (the application may still look at the handle).
                    if (SndUna != SndMax)
                    {
                        Error = TcpError.Reset;
                    }

                    EnterClosed();
                    Release();
                    return;
                default:
                    Fail(TcpError.Reset);
                    return;
            }
        }

        /// <summary>§3.10.7.4 fifth (ACK field), RFC 5961 §5. Returns false when the segment is dropped.</summary>
        private bool ProcessAck(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            uint ack = seg.AckNumber;
            if (SeqNum.Gt(ack, SndMax))
            {
                // ACK of data never sent: answer with an ACK and drop (§3.10.7.4, RFC 5961 §5.2).
                _stack.Counters.Drop(TcpDropReason.BadAck);
                SendChallengeAck(output, nowMs);
                return false;
            }

            int maxWnd = MaxSndWnd > 0 ? MaxSndWnd : 65535;
            if (SeqNum.Lt(ack, SndUna - (uint)maxWnd))
            {
                // RFC 5961 §5.2: too old to be a genuine duplicate.
                _stack.Counters.Drop(TcpDropReason.BadAck);
                SendChallengeAck(output, nowMs);
                return false;
            }

            int flightBefore = SeqNum.Diff(SndUna, SndNxt);
            if (SeqNum.Gt(ack, SndUna))
            {
                OnNewAck(output, ack, flightBefore, nowMs);
            }
            else if (ack == SndUna && seg.PayloadLength == 0 && !seg.Syn && !seg.Fin && seg.Window == SndWnd && SndWnd != 0
                && SndMax != SndUna)
            {
                // RFC 5681 §2 "duplicate acknowledgment".
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

            // Send window update (§3.10.7.4 fifth, SND.WL1/SND.WL2 rule against old segments).
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

            bool finAcked = FinQueued && SeqNum.Gt(SndUna, FinSeq);
            switch (_state)
            {
                case TcpState.FinWait1:
                    if (finAcked)
                    {
                        SetState(TcpState.FinWait2);
                        if (AppClosed)
                        {
                            // Orphaned: do not wait forever for a FIN that may never come.
                            TimeWaitDeadline = nowMs + _config.FinWait2TimeoutMs;
                        }
                    }

                    break;
                case TcpState.Closing:
                    if (finAcked)
                    {
                        EnterTimeWait(nowMs);
                    }

                    break;
                case TcpState.LastAck:
                    if (finAcked)
                    {
                        EnterClosed();
                        Release();
                        return false;
                    }

                    break;
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

        /// <summary>Stores payload (§3.10.7.4 seventh). Returns true when it ended exactly at the new RCV.NXT.</summary>
        private bool ProcessText(ref TcpPacket seg, byte[] buffer, long nowMs)
        {
            if (_state != TcpState.Established && _state != TcpState.FinWait1 && _state != TcpState.FinWait2)
            {
                // After the peer's FIN no more data can be legitimate; ignore it (§3.10.7.4 seventh).
                return false;
            }

            int at = SeqNum.Diff(RcvNxt, seg.SequenceNumber);
            int skip = 0;
            int length = seg.PayloadLength;
            if (at < 0)
            {
                // Leading bytes already received: trim them.
                skip = -at;
                at = 0;
                length -= skip;
            }

            if (length <= 0)
            {
                AckNow = true;
                return false;
            }

            bool trimmed = false;
            int room = Rx.Free - at;
            if (length > room)
            {
                // Beyond the window: keep what fits (§3.10.7.4: trim to the window).
                length = room < 0 ? 0 : room;
                trimmed = true;
            }

            if (length <= 0)
            {
                AckNow = true;
                return false;
            }

            int advanced = Rx.Insert(at, buffer, seg.PayloadOffset + skip, length);
            if (advanced < 0)
            {
                _stack.Counters.Drop(TcpDropReason.AssemblerFull);
                AckNow = true;
                return false;
            }

            if (at > 0 || advanced == 0)
            {
                // Out of order: send a duplicate ACK at once (RFC 5681 §4.2).
                AckNow = true;
                return false;
            }

            RcvNxt += (uint)advanced;
            BytesSinceAck += advanced;
            if (advanced > length || trimmed)
            {
                // A hole was filled (RFC 5681 §4.2: ACK at once), or part was cut off.
                AckNow = true;
            }
            else if (_config.DelayedAckMs <= 0 || BytesSinceAck >= AckEveryBytes())
            {
                // RFC 5681 §4.2 / RFC 1122 4.2.3.2: at least every second full-sized segment; with a receive
                // buffer smaller than two segments, every half buffer (else the sender stalls for the timer).
                AckNow = true;
            }
            else if (DelayedAckDeadline == long.MaxValue)
            {
                DelayedAckDeadline = nowMs + _config.DelayedAckMs;
            }

            return !trimmed && advanced == length;
        }

        private int AckEveryBytes()
        {
            int two = 2 * RcvMss;
            int half = Rx.Capacity / 2;
            return two < half ? two : half;
        }

        private void ProcessFin(long nowMs)
        {
            switch (_state)
            {
                case TcpState.SynReceived:
                case TcpState.Established:
                    RcvNxt++;
                    FinReceived = true;
                    AckNow = true;
                    SetState(TcpState.CloseWait);
                    break;
                case TcpState.FinWait1:
                    RcvNxt++;
                    FinReceived = true;
                    AckNow = true;
                    if (FinQueued && SeqNum.Gt(SndUna, FinSeq))
                    {
                        EnterTimeWait(nowMs);
                    }
                    else
                    {
                        // Simultaneous close (§3.6).
                        SetState(TcpState.Closing);
                    }

                    break;
                case TcpState.FinWait2:
                    RcvNxt++;
                    FinReceived = true;
                    AckNow = true;
                    EnterTimeWait(nowMs);
                    break;
                default:
                    // CLOSE-WAIT, CLOSING, LAST-ACK: a retransmitted FIN; it is outside the window anyway.
                    AckNow = true;
                    break;
            }
        }

        private void EnterTimeWait(long nowMs)
        {
            SetState(TcpState.TimeWait);
            RetransmitDeadline = long.MaxValue;
            PersistDeadline = long.MaxValue;
            KeepAliveDeadline = long.MaxValue;
            DelayedAckDeadline = long.MaxValue;
            TimeWaitDeadline = nowMs + _config.TimeWaitMs;
        }

        /// <summary>§3.10.7.3: SYN-SENT.</summary>
        private void OnSegmentSynSent(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            uint ack = seg.AckNumber;
            if (seg.Ack && (SeqNum.Le(ack, Iss) || SeqNum.Gt(ack, SndMax)))
            {
                _stack.Counters.Drop(TcpDropReason.BadAck);
                if (!seg.Rst)
                {
                    _stack.SendReset(output, LocalAddress, RemoteAddress, LocalPort, RemotePort, ack, 0, false, nowMs);
                }

                return;
            }

            if (seg.Rst)
            {
                if (seg.Ack)
                {
                    _stack.Counters.RstIn++;
                    Fail(TcpError.Refused);
                }
                else
                {
                    _stack.Counters.Drop(TcpDropReason.Ignored);
                }

                return;
            }

            if (!seg.Syn)
            {
                _stack.Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            Touch(nowMs);
            Irs = seg.SequenceNumber;
            RcvNxt = Irs + 1;
            RcvAdv = RcvNxt;
            SetPeerMss(seg.MaxSegmentSize);
            SndWnd = seg.Window;
            MaxSndWnd = SndWnd;
            SndWl1 = seg.SequenceNumber;
            SndWl2 = ack;
            if (seg.Ack)
            {
                SndUna = ack;
                if (RttActive)
                {
                    RtoTimer.Sample((int)(nowMs - RttStartMs));
                    RttActive = false;
                }

                Retries = 0;
                RetransmitDeadline = long.MaxValue;
                SetState(TcpState.Established);
                // Data carried on the SYN-ACK is not kept: the peer will retransmit it after our ACK.
                AckNow = true;
                Output(output, nowMs);
                return;
            }

            // Simultaneous open (§3.5): SYN-RECEIVED, answer SYN-ACK with our original ISS.
            SetState(TcpState.SynReceived);
            SndNxt = Iss;
            RttActive = false;
            Output(output, nowMs);
        }
    }
}
