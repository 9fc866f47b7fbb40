using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>Segment arrival, RFC 9293 §3.10.7.3 (SYN-SENT) and §3.10.7.4 (other states), with RFC 5961.</summary>
    public sealed partial class TcpSocket
    {
        /// <summary>
        /// A segment for this connection's 4-tuple (checksum already verified): RFC 9293 §3.10.7.4, one method per
        /// step; a step that consumes the segment (drops it, answers it, or ends the connection) returns false.
        /// </summary>
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

            if (!CheckRetransmittedSynOrFin(output, ref seg, nowMs)
                || !CheckSequence(output, ref seg, nowMs)     // first
                || !CheckReset(output, ref seg, nowMs)        // second (third, security, does not apply)
                || !CheckSyn(output, ref seg, nowMs)          // fourth
                || !CheckAckPresent(ref seg))                 // fifth, no ACK
            {
                return;
            }

            Touch(nowMs);
            KeepAliveSent = 0;
            if (_state == TcpState.SynReceived && !CompleteHandshake(output, ref seg, nowMs))
            {
                return;
            }

            // Fifth, the ACK itself; sixth (URG) is not supported.
            if (!ProcessAck(output, ref seg, nowMs) || _state == TcpState.Closed)
            {
                return;
            }

            if (!ProcessTextAndFin(output, ref seg, buffer, nowMs))  // seventh and eighth
            {
                return;
            }

            Output(output, nowMs);
        }

        /// <summary>
        /// Answers the peer's retransmission of its SYN (SYN-RECEIVED: our SYN-ACK was lost, send it again) or of its
        /// FIN (TIME-WAIT: acknowledged again, the 2 MSL timer restarts, §3.10.7.4). False when it did.
        /// </summary>
        private bool CheckRetransmittedSynOrFin(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            if (_state == TcpState.SynReceived && seg.Syn && !seg.Ack && !seg.Rst && seg.SequenceNumber == Irs)
            {
                SndNxt = Iss;
                Output(output, nowMs);
                return false;
            }

            if (_state == TcpState.TimeWait && seg.Fin && !seg.Rst && !seg.Syn
                && seg.SequenceNumber + (uint)seg.PayloadLength + 1 == RcvNxt)
            {
                TimeWaitDeadline = nowMs + _config.TimeWaitMs;
                SendAck(output, nowMs);
                return false;
            }

            return true;
        }

        /// <summary>§3.10.7.4 first: sequence number acceptability (the four cases). False when the segment is dropped.</summary>
        private bool CheckSequence(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            if (SequenceAcceptable(ref seg))
            {
                return true;
            }

            if (seg.Rst)
            {
                // RFC 5961 §3.2: an RST outside the window is dropped silently.
                _stack.Counters.Drop(TcpDropReason.RstOutOfWindow);
                return false;
            }

            _stack.Counters.Drop(TcpDropReason.OutOfWindow);
            if (seg.SegmentLength == 0)
            {
                // An unacceptable bare ACK needs no urgent answer; answering every one invites ACK wars
                // and amplification, so it shares the RFC 5961 §7 budget. Data gets its ACK at once.
                SendChallengeAck(output, nowMs);
                return false;
            }

            SendAck(output, nowMs);
            return false;
        }

        /// <summary>§3.10.7.4 second: RST, acted on only at an exact match (RFC 5961 §3.2), challenged elsewhere in the window.</summary>
        private bool CheckReset(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            if (!seg.Rst)
            {
                return true;
            }

            if (seg.SequenceNumber != RcvNxt)
            {
                SendChallengeAck(output, nowMs);
                return false;
            }

            OnReset();
            return false;
        }

        /// <summary>§3.10.7.4 fourth (RFC 5961 §4): a SYN in a synchronized state.</summary>
        private bool CheckSyn(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            if (!seg.Syn)
            {
                return true;
            }

            if (_state == TcpState.SynReceived && !ActiveOpen)
            {
                // A different SYN from a passive open: the half-open connection goes back to LISTEN,
                // i.e. its slot is freed (§3.10.7.4 fourth, SYN-RECEIVED).
                _stack.Counters.Drop(TcpDropReason.Ignored);
                EnterClosed();
                Release();
                return false;
            }

            SendChallengeAck(output, nowMs);
            return false;
        }

        /// <summary>§3.10.7.4 fifth: a segment without ACK is dropped.</summary>
        private bool CheckAckPresent(ref TcpPacket seg)
        {
            if (seg.Ack)
            {
                return true;
            }

            _stack.Counters.Drop(TcpDropReason.Ignored);
            return false;
        }

        /// <summary>
        /// §3.10.7.4 fifth, SYN-RECEIVED: an acceptable ACK completes the handshake (ESTABLISHED, or FIN-WAIT-1 when
        /// Close was called meanwhile, §3.10.4); an unacceptable one is answered with &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;.
        /// </summary>
        private bool CompleteHandshake(IIpv4Output output, ref TcpPacket seg, long nowMs)
        {
            if (!(SeqNum.Lt(SndUna, seg.AckNumber) && SeqNum.Le(seg.AckNumber, SndMax)))
            {
                _stack.Counters.Drop(TcpDropReason.BadAck);
                _stack.SendReset(output, LocalAddress, RemoteAddress, LocalPort, RemotePort, seg.AckNumber, 0, false, nowMs);
                return false;
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
                SetState(TcpState.FinWait1);
            }

            return true;
        }

        /// <summary>
        /// §3.10.7.4 seventh (segment text) and eighth (FIN). False when the connection was aborted instead: data
        /// after <see cref="CloseReceive"/> gets a RST (RFC 1122 4.2.2.13).
        /// </summary>
        private bool ProcessTextAndFin(IIpv4Output output, ref TcpPacket seg, byte[] buffer, long nowMs)
        {
            if (seg.PayloadLength > 0 && ReadClosed && (_state == TcpState.FinWait1 || _state == TcpState.FinWait2)
                && SeqNum.Gt(seg.SequenceNumber + (uint)seg.PayloadLength, RcvNxt))
            {
                // The application closed its receive side and will never read this; a RST tells the peer that data
                // was lost (instead of acknowledging and discarding it while the slot stays taken).
                _stack.Counters.AbortsOnData++;
                RstPending = true;
                Fail(TcpError.Aborted);
                Output(output, nowMs);
                return false;
            }

            if (seg.PayloadLength > 0)
            {
                ProcessText(ref seg, buffer, nowMs);
            }

            // A FIN only once every byte before it has arrived (a FIN beyond a hole or beyond the window is not
            // acknowledged; the peer retransmits it).
            if (seg.Fin && seg.SequenceNumber + (uint)seg.PayloadLength == RcvNxt)
            {
                ProcessFin(nowMs);
            }

            return true;
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
            else if (_config.DelayedAckMs <= 0 || (BytesSinceAck >= AckEveryBytes()
                && (!_config.AckWhenWindowMoves || WindowIncrease() >= SwsThreshold())))
            {
                // RFC 5681 §4.2 / RFC 1122 4.2.3.2: at least every second full-sized segment; with a receive
                // buffer smaller than two segments, every half buffer (else the sender stalls for the timer).
                // With the data still unread the ACK waits for the read (Consumed) or the delayed-ACK timer.
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
                    TakeFin();
                    SetState(TcpState.CloseWait);
                    break;
                case TcpState.FinWait1:
                    TakeFin();
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
                    TakeFin();
                    EnterTimeWait(nowMs);
                    break;
                default:
                    // CLOSE-WAIT, CLOSING, LAST-ACK: a retransmitted FIN; it is outside the window anyway.
                    AckNow = true;
                    break;
            }
        }

        /// <summary>RFC 9293 §3.10.7.4, eighth step: the FIN occupies one sequence number, ends the receive side and is acknowledged at once.</summary>
        private void TakeFin()
        {
            RcvNxt++;
            FinReceived = true;
            AckNow = true;
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
