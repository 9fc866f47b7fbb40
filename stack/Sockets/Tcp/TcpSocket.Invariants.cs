namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// Consistency of the control block with the rings, checked by the simulations after every step (and
    /// usable on a device as a self-test). Returns null when consistent, else what is broken.
    /// </summary>
    public sealed partial class TcpSocket
    {
        public string CheckInvariants()
        {
            if (!InUse)
            {
                return null;
            }

            if (_state == TcpState.Closed || _state == TcpState.Listen)
            {
                return null;
            }

            if (SeqNum.Gt(SndUna, SndNxt))
            {
                return "SND.UNA beyond SND.NXT";
            }

            if (SeqNum.Gt(SndNxt, SndMax))
            {
                return "SND.NXT beyond SND.MAX";
            }

            // The ring starts at SND.UNA, one after it while the SYN is unacknowledged, one before it once
            // the FIN is acknowledged.
            int ringAhead = SeqNum.Diff(SndUna, SndBufSeq);
            if (ringAhead < -1 || ringAhead > 1)
            {
                return "transmit ring does not start at SND.UNA (+SYN/FIN)";
            }

            int sentData = SeqNum.Diff(SndBufSeq, SndMax);
            int extra = (FinQueued && SeqNum.Gt(SndMax, FinSeq)) ? 1 : 0;
            if (sentData - extra > Tx.Count + 1)
            {
                return "more sent than the transmit ring holds";
            }

            if (FinQueued && SndBufSeq + (uint)Tx.Count != FinSeq && SeqNum.Le(SndUna, FinSeq))
            {
                return "FIN not right after the last queued byte";
            }

            if (Tx.Count < 0 || Tx.Count > Tx.Capacity || Rx.Count < 0 || Rx.Count > Rx.Capacity)
            {
                return "ring count out of range";
            }

            int window = SeqNum.Diff(RcvNxt, RcvAdv);
            if (_state != TcpState.SynSent && (window < 0 || window > Rx.Free))
            {
                return "advertised window " + window.ToString() + " outside 0.." + Rx.Free.ToString();
            }

            for (int i = 0; i < Rx.Blocks; i++)
            {
                if (Rx.BlockStart(i) <= 0 || Rx.BlockEnd(i) <= Rx.BlockStart(i) || Rx.BlockEnd(i) > Rx.Free)
                {
                    return "out-of-order block outside the window";
                }
            }

            if (Cc.Cwnd <= 0)
            {
                return "cwnd not positive";
            }

            if (SndUna != SndMax && RetransmitDeadline == long.MaxValue && PersistDeadline == long.MaxValue
                && _state != TcpState.TimeWait && SndWnd != 0)
            {
                return "data in flight without a retransmission timer";
            }

            return null;
        }
    }
}
