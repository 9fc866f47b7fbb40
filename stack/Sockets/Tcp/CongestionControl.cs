namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// NewReno congestion control: slow start and congestion avoidance (RFC 5681 §3.1), fast retransmit on
    /// the third duplicate ACK and fast recovery with partial-ACK handling (RFC 6582 §3.2), restart after
    /// idle (RFC 5681 §4.1). Counts bytes; the socket asks it how much may be in flight.
    /// </summary>
    public sealed class CongestionControl
    {
        public int Cwnd;
        public int Ssthresh;
        public int DupAcks;
        public bool InRecovery;
        /// <summary>RFC 6582 "recover": highest sequence sent when loss was detected.</summary>
        public uint Recover;

        private int _mss;

        public void Reset(int mss)
        {
            _mss = mss;
            Cwnd = InitialWindow(mss);
            Ssthresh = 65535;
            DupAcks = 0;
            InRecovery = false;
            Recover = 0;
        }

        /// <summary>RFC 5681 §3.1 (IW per RFC 3390).</summary>
        public static int InitialWindow(int mss)
        {
            if (mss > 2190)
            {
                return 2 * mss;
            }

            return mss > 1095 ? 3 * mss : 4 * mss;
        }

        /// <summary>New data acknowledged. Returns true when a partial ACK in recovery wants the next hole resent.</summary>
        public bool OnNewAck(int acked, uint ack, int flightBefore)
        {
            DupAcks = 0;
            if (InRecovery)
            {
                if (SeqNum.Ge(ack, Recover))
                {
                    // RFC 6582 §3.2 step 3 (full ACK): cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS). After a
                    // go-back-N rewind the ACK can cover more than was counted in flight: never below zero.
                    int flight = flightBefore - acked;
                    int w = (flight > _mss ? flight : _mss) + _mss;
                    Cwnd = Ssthresh < w ? Ssthresh : w;
                    InRecovery = false;
                    return false;
                }

                // Partial ACK: retransmit the first unacknowledged segment, deflate by the amount acked,
                // add back one SMSS if that was at least one SMSS.
                Cwnd -= acked;
                if (acked >= _mss)
                {
                    Cwnd += _mss;
                }

                if (Cwnd < _mss)
                {
                    Cwnd = _mss;
                }

                return true;
            }

            if (acked <= 0)
            {
                return false;
            }

            if (Cwnd < Ssthresh)
            {
                // Slow start (RFC 5681 eq. 2), limited byte counting.
                Cwnd += acked < _mss ? acked : _mss;
            }
            else
            {
                // Congestion avoidance (eq. 3).
                int inc = _mss * _mss / (Cwnd > 0 ? Cwnd : 1);
                Cwnd += inc > 0 ? inc : 1;
            }

            if (Cwnd > 0x3FFFFFFF)
            {
                Cwnd = 0x3FFFFFFF;
            }

            return false;
        }

        /// <summary>
        /// A duplicate ACK (RFC 5681 §2 definition) acknowledging <paramref name="ack"/>. Returns true on the third:
        /// fast retransmit now, unless RFC 6582 §3.2 step 2 says no: after a retransmission timeout "recover" holds the
        /// highest sequence number sent, and duplicate ACKs that do not cover more than it are the echo of the
        /// go-back-N retransmissions, not a new loss; they neither retransmit nor reduce ssthresh again.
        /// </summary>
        public bool OnDuplicateAck(int flight, uint sndMax, uint ack)
        {
            DupAcks++;
            if (InRecovery)
            {
                // Fast recovery: each further dup ACK inflates cwnd (RFC 5681 §3.2 step 4).
                Cwnd += _mss;
                return false;
            }

            if (DupAcks == 3 && (Recover == 0 || SeqNum.Gt(ack, Recover)))
            {
                EnterRecovery(flight, sndMax);
                return true;
            }

            return false;
        }

        /// <summary>
        /// A loss detected (third duplicate ACK, or RACK's time rule after fewer, RFC 8985 §6.2): RFC 6582 §3.2
        /// step 2, ssthresh = max(FlightSize / 2, 2 SMSS), cwnd = ssthresh + one SMSS per duplicate ACK (the
        /// segments that have left the network).
        /// </summary>
        public void EnterRecovery(int flight, uint sndMax)
        {
            Ssthresh = HalfFlight(flight);
            Recover = sndMax;
            InRecovery = true;
            Cwnd = Ssthresh + DupAcks * _mss;
        }

        /// <summary>
        /// A tail loss probe retransmitted data (RFC 8985 §7.4.2): without DSACK the sender cannot learn that only
        /// an ACK was lost, so it must assume a loss and reduce as fast recovery would (ssthresh = max(FlightSize / 2,
        /// 2 SMSS), cwnd = ssthresh), once per window of data.
        /// </summary>
        public void OnLossProbeRetransmit(int flight, uint sndMax, uint sndUna)
        {
            if (InRecovery || (Recover != 0 && SeqNum.Lt(sndUna, Recover)))
            {
                return;
            }

            Ssthresh = HalfFlight(flight);
            Cwnd = Ssthresh;
            Recover = sndMax;
        }

        /// <summary>Retransmission timer expired (RFC 5681 eq. 4, loss window = 1 SMSS).</summary>
        public void OnRetransmitTimeout(int flight, uint sndMax)
        {
            Ssthresh = HalfFlight(flight);
            Cwnd = _mss;
            DupAcks = 0;
            InRecovery = false;
            Recover = sndMax;
        }

        /// <summary>RFC 5681 §4.1: after an idle period longer than RTO restart from the restart window.</summary>
        public void OnIdleRestart()
        {
            int rw = InitialWindow(_mss);
            if (Cwnd > rw)
            {
                Cwnd = rw;
            }
        }

        private int HalfFlight(int flight)
        {
            int half = flight / 2;
            return half > 2 * _mss ? half : 2 * _mss;
        }
    }
}
