namespace NanoStack.Sockets.Tcp
{
    /// <summary>Why an incoming segment was dropped without effect.</summary>
    public enum TcpDropReason
    {
        Truncated,
        BadHeader,
        BadChecksum,
        /// <summary>Nothing listens on the port (answered with RST unless it was a RST).</summary>
        NoListener,
        /// <summary>Sequence number not acceptable (RFC 9293 §3.10.7.4 first check).</summary>
        OutOfWindow,
        /// <summary>ACK of unsent data or too old (RFC 5961 §5).</summary>
        BadAck,
        /// <summary>RST whose sequence number is outside the window (RFC 5961 §3.2).</summary>
        RstOutOfWindow,
        /// <summary>SYN or RST answered with a challenge ACK instead of acting on it.</summary>
        Challenged,
        /// <summary>Challenge ACK not sent because of the rate limit.</summary>
        ChallengeAckLimited,
        /// <summary>SYN dropped: listener backlog full.</summary>
        BacklogFull,
        /// <summary>SYN dropped: no connection slot and no TIME_WAIT to reclaim.</summary>
        TableFull,
        /// <summary>An ACK to a listening port that is not a valid cookie, while cookies are out (RFC 4987 §3.6): no RST.</summary>
        BadCookie,
        /// <summary>Out-of-order data dropped: every assembler slot taken.</summary>
        AssemblerFull,
        /// <summary>Segment without ACK in a synchronized state, or otherwise meaningless.</summary>
        Ignored,
        Count
    }

    /// <summary>Global TCP counters (per-connection ones live on <see cref="TcpSocket"/>).</summary>
    public sealed class TcpCounters
    {
        public int SegmentsIn;
        public int SegmentsOut;
        public int Retransmits;
        /// <summary>Retransmission timer expirations (RFC 6298 §5.4), each a go-back-N from SND.UNA.</summary>
        public int RetransmitTimeouts;
        /// <summary>Tail loss probes sent (RFC 8985 §7.3).</summary>
        public int LossProbes;
        /// <summary>Segments at SND.UNA retransmitted on ACK evidence: RACK's time rule or the third duplicate ACK.</summary>
        public int RackRetransmits;
        public int DuplicateAcks;
        public int RstIn;
        public int RstOut;
        public int ChallengeAcks;
        public int ConnectionsOpened;
        public int ConnectionsAccepted;
        public int TimeWaitReclaimed;
        /// <summary>SYN-ACKs sent with a SYN cookie (RFC 4987 §3.6) because the SYN queue or the table was full.</summary>
        public int CookiesSent;
        /// <summary>Handshake ACKs that carried a valid cookie (a connection was made, or the client was left to retry).</summary>
        public int CookiesValidated;
        /// <summary>Half-open passive connections dropped to make room for a proven client (RFC 4987 §3.4).</summary>
        public int HalfOpenRecycled;
        /// <summary>Orphaned FIN-WAIT-2 connections reset because their slot was needed.</summary>
        public int FinWait2Reclaimed;
        /// <summary>Connections reset because data arrived after the application closed (RFC 1122 4.2.2.13).</summary>
        public int AbortsOnData;
        public int TimeOuts;
        public readonly int[] Drops = new int[(int)TcpDropReason.Count];

        public void Drop(TcpDropReason reason)
        {
            Drops[(int)reason]++;
        }

        public int TotalDrops
        {
            get
            {
                int sum = 0;
                for (int i = 0; i < Drops.Length; i++)
                {
                    sum += Drops[i];
                }

                return sum;
            }
        }
    }
}
