using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// The five timers of a connection: retransmission (RFC 6298 §5, sharing its deadline with RACK-TLP's
    /// reordering timer and probe timeout, see TcpSocket.Rack.cs), persist (RFC 9293 §3.8.6.1),
    /// delayed ACK (RFC 1122 4.2.3.2), keep-alive (RFC 1122 4.2.3.6) and TIME-WAIT / orphaned FIN-WAIT-2.
    /// </summary>
    public sealed partial class TcpSocket
    {
        /// <summary>Runs expired timers and transmits what is due; returns the next deadline.</summary>
        internal long Poll(IIpv4Output output, long nowMs)
        {
            if (!InUse)
            {
                return long.MaxValue;
            }

            if (_state == TcpState.FinWait2 && AppClosed)
            {
                // Orphaned FIN-WAIT-2: give up after this long without hearing from the peer.
                TimeWaitDeadline = LastActivityMs + _config.FinWait2TimeoutMs;
            }

            if (nowMs >= TimeWaitDeadline)
            {
                TimeWaitDeadline = long.MaxValue;
                if (_state == TcpState.FinWait2)
                {
                    // The peer never sent its FIN: that is a failure, and the peer is told with a RST.
                    _stack.Counters.TimeOuts++;
                    RstPending = true;
                    Fail(TcpError.TimedOut);
                    Output(output, nowMs);
                    return long.MaxValue;
                }

                // TIME-WAIT over (2 MSL).
                EnterClosed();
                Release();
                return long.MaxValue;
            }

            if (nowMs >= RetransmitDeadline && LossTimer == TimerProbe)
            {
                OnProbeTimeout(output, nowMs);
            }
            else if (nowMs >= RetransmitDeadline && LossTimer == TimerReorder)
            {
                OnReorderTimeout(output, nowMs);
            }
            else if (nowMs >= RetransmitDeadline)
            {
                OnRetransmitTimeout(nowMs);
                if (!InUse || _state == TcpState.Closed)
                {
                    Output(output, nowMs);
                    return long.MaxValue;
                }
            }

            if (nowMs >= PersistDeadline)
            {
                SendZeroWindowProbe(output, nowMs);
            }

            if (nowMs >= DelayedAckDeadline)
            {
                AckNow = true;
                DelayedAckDeadline = long.MaxValue;
            }

            if (_config.KeepAliveIdleMs > 0 && (_state == TcpState.Established || _state == TcpState.CloseWait))
            {
                if (KeepAliveDeadline == long.MaxValue || KeepAliveSent == 0)
                {
                    KeepAliveDeadline = LastActivityMs + _config.KeepAliveIdleMs;
                }

                if (nowMs >= KeepAliveDeadline && SndUna == SndMax)
                {
                    if (KeepAliveSent >= _config.KeepAliveProbes)
                    {
                        _stack.Counters.TimeOuts++;
                        RstPending = true;
                        Fail(TcpError.TimedOut);
                        Output(output, nowMs);
                        return long.MaxValue;
                    }

                    // RFC 1122 4.2.3.6: SEG.SEQ = SND.NXT - 1, no data, elicits an ACK.
                    Emit(output, SndNxt - 1, TcpFlags.Ack, 0, 0, false, nowMs);
                    KeepAliveSent++;
                    KeepAliveDeadline = nowMs + _config.KeepAliveIntervalMs;
                }
            }

            Output(output, nowMs);
            return NextDeadline();
        }

        internal long NextDeadline()
        {
            if (!InUse)
            {
                return long.MaxValue;
            }

            long d = RetransmitDeadline;
            if (PersistDeadline < d)
            {
                d = PersistDeadline;
            }

            if (DelayedAckDeadline < d)
            {
                d = DelayedAckDeadline;
            }

            if (TimeWaitDeadline < d)
            {
                d = TimeWaitDeadline;
            }

            if (_config.KeepAliveIdleMs > 0 && KeepAliveDeadline < d
                && (_state == TcpState.Established || _state == TcpState.CloseWait))
            {
                d = KeepAliveDeadline;
            }

            return d;
        }

        private void OnRetransmitTimeout(long nowMs)
        {
            RetransmitDeadline = long.MaxValue;
            if (SndUna == SndMax)
            {
                return;
            }

            Retries++;
            _stack.Counters.RetransmitTimeouts++;
            int limit = (_state == TcpState.SynSent || _state == TcpState.SynReceived)
                ? _config.MaxSynRetries : _config.MaxRetransmits;
            if (Retries > limit)
            {
                // RFC 1122 4.2.3.5 R2: give up and tell the application.
                _stack.Counters.TimeOuts++;
                bool synchronized = IsSynchronized(_state) || _state == TcpState.SynReceived;
                if (_state == TcpState.SynReceived && !ActiveOpen)
                {
                    EnterClosed();
                    Release();
                    return;
                }

                RstPending = synchronized;
                Fail(TcpError.TimedOut);
                return;
            }

            // RFC 6298 (5.5)-(5.7) and RFC 5681 §3.1 eq. 4: back off, collapse cwnd, go back to SND.UNA.
            RtoTimer.Backoff();
            Cc.OnRetransmitTimeout(SeqNum.Diff(SndUna, SndMax), SndMax);
            RttActive = false;
            SndNxt = (_state == TcpState.SynSent || _state == TcpState.SynReceived) ? Iss : SndUna;
        }

        private void SendZeroWindowProbe(IIpv4Output output, long nowMs)
        {
            PersistDeadline = long.MaxValue;
            int sent = SeqNum.Diff(SndBufSeq, SndNxt);
            if (SndWnd != 0 || SndNxt != SndUna || Tx.Count - sent <= 0)
            {
                return;
            }

            // One byte beyond the closed window (RFC 9293 §3.8.6.1); SND.NXT is not advanced, so the byte
            // counts as sent only when the peer acknowledges it.
            Emit(output, SndNxt, TcpFlags.Ack, sent, 1, false, nowMs);
            if (SeqNum.Lt(SndMax, SndNxt + 1))
            {
                SndMax = SndNxt + 1;
            }

            int next = PersistIntervalMs * 2;
            PersistIntervalMs = next > _config.MaxPersistMs ? _config.MaxPersistMs : (next < _config.MinRtoMs ? _config.MinRtoMs : next);
            PersistDeadline = nowMs + PersistIntervalMs;
        }
    }
}
