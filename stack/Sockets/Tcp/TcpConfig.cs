namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// Every size and timer of the TCP layer. All buffers are allocated once from these numbers when the
    /// <see cref="TcpStack"/> is built; nothing grows later.
    /// </summary>
    /// <remarks>
    /// Defaults fit a small device: 4 connections x (2 KiB receive + 2 KiB transmit) = 16 KiB of ring
    /// buffers plus a few hundred bytes of control blocks (see <see cref="TcpStack.StaticBytes"/>).
    /// </remarks>
    public class TcpConfig
    {
        /// <summary>Connection slots (active + passive + TIME_WAIT).</summary>
        public int MaxConnections = 4;

        /// <summary>Listening sockets.</summary>
        public int MaxListeners = 2;

        /// <summary>Per listener: half-open plus not-yet-accepted connections (the SYN queue / backlog); 0 holds one, as BSD listen(2) does.</summary>
        public int Backlog = 2;

        public int ReceiveBufferSize = 2048;

        public int SendBufferSize = 2048;

        /// <summary>Out-of-order blocks the receive assembler can hold beyond the first hole.</summary>
        public int MaxReceiveGaps = 4;

        /// <summary>MSS we announce; 0 = derive from the MTU (PayloadCapacity - 20).</summary>
        public int Mss = 0;

        /// <summary>Peer MSS values below this are absurd and clamped up (RFC 9293 §3.7.1 / RFC 6691).</summary>
        public int MinPeerMss = 64;

        /// <summary>
        /// RFC 6298 (2.4) says 1 s; on a LAN the floor only has to outlast a receiver's delayed ACK of a lone segment
        /// (40 ms in Linux and in this stack; a lower floor retransmits spuriously, LossRecoveryTests). Measured with
        /// bench loss (4 MiB through the chip model, 10 % loss both ways, seed 1): floor 200 ms 62 kB/s, 100 ms
        /// 109, 50 ms 141, 20 ms 211; 0 RTOs on the clean link at each. Default 50 ms (issue 14; was 200).
        /// </summary>
        public int MinRtoMs = 50;

        public int MaxRtoMs = 60000;

        /// <summary>
        /// RFC 8985 §7.2 WCDelAckT: added to the tail loss probe timeout when one segment is in flight, because a
        /// receiver may hold the ACK of a lone segment this long (RFC 1122 4.2.3.2 allows up to 500 ms; 200 ms is
        /// the RFC's recommendation and what Windows and Linux use at most).
        /// </summary>
        public int WorstCaseDelayedAckMs = 200;

        /// <summary>
        /// RFC 8985 RACK-TLP (time-based loss detection on duplicate ACKs, tail loss probes) and RFC 3042 limited
        /// transmit on top of NewReno; false = RFC 5681/6582 alone (fast retransmit only on the third duplicate ACK,
        /// else the RTO).
        /// </summary>
        public bool RackTlp = true;

        /// <summary>RFC 6298 (2.1): initial RTO before any sample.</summary>
        public int InitialRtoMs = 1000;

        /// <summary>Retransmissions of one segment before the connection is aborted with TimedOut (RFC 1122 4.2.3.5 R2).</summary>
        public int MaxRetransmits = 8;

        /// <summary>Retransmissions of a SYN / SYN-ACK before giving up.</summary>
        public int MaxSynRetries = 5;

        /// <summary>Delayed-ACK timeout (RFC 1122 4.2.3.2 says &lt; 0.5 s; we use 40 ms); 0 = ACK at once.</summary>
        public int DelayedAckMs = 40;

        /// <summary>
        /// An ACK owed for in-order data (every second full-sized segment, RFC 5681 §4.2) that would not move the
        /// window's right edge, because the application has not read yet, waits for the read (which then sends one
        /// ACK with the opened window) or for the delayed-ACK timer, as Linux does (tcp_input.c
        /// __tcp_ack_snd_check, tcp.c tcp_cleanup_rbuf): the early ACK would only free the sender's buffer, it
        /// cannot let it send more, and a small buffer then pays two ACKs per flight (issue 13). false = ACK at
        /// once whatever the window. Ignored when <see cref="DelayedAckMs"/> is 0.
        /// </summary>
        public bool AckWhenWindowMoves = true;

        /// <summary>
        /// A send ring smaller than two segments (but over 536 bytes) is sent in segments of half the ring, not as one
        /// full segment and a remainder, each half with PSH (a Linux receiver ACKs a full-length segment without PSH only
        /// every second time): the first half is then ACKed and refilled while the second is on the wire, which keeps a
        /// 10 Mb/s link busy with the default 2 KiB ring (issue 13, bench chip: 0.639 → 1.041 MB/s through the ENC28J60
        /// model, with the driver's TX queue). The same reasoning as Linux's bound of segments to half the peer's window
        /// (tcp_bound_to_half_wnd), applied to our own buffer. No cost per byte: a 2 KiB ring is two segments either way.
        /// </summary>
        public bool HalfRingSegments = true;

        /// <summary>TIME_WAIT length (2*MSL). Short by default: a device reuses slots quickly.</summary>
        public int TimeWaitMs = 2000;

        /// <summary>How long an orphaned FIN_WAIT_2 (application closed) waits for the peer's FIN.</summary>
        public int FinWait2TimeoutMs = 30000;

        /// <summary>Keep-alive idle time (RFC 1122 4.2.3.6); 0 = keep-alive off (the default).</summary>
        public int KeepAliveIdleMs = 0;

        public int KeepAliveIntervalMs = 10000;

        public int KeepAliveProbes = 5;

        /// <summary>Zero-window probes back off up to this interval (persist timer, RFC 9293 §3.8.6.1).</summary>
        public int MaxPersistMs = 60000;

        /// <summary>RFC 5961 §7: challenge ACKs sent per second, all connections together.</summary>
        public int ChallengeAckPerSecond = 10;

        /// <summary>
        /// RFC 4987 §3.6: answer a SYN that finds the SYN queue or the table full with a cookie SYN-ACK instead of
        /// dropping it, so a SYN flood cannot lock real clients out.
        /// </summary>
        public bool SynCookies = true;

        /// <summary>RFC 6056 ephemeral port range.</summary>
        public int EphemeralPortFirst = 49152;

        public int EphemeralPortLast = 65535;

        /// <summary>
        /// Throws <see cref="System.ArgumentException"/> naming the first value a TCP stack cannot run with; called by
        /// the <see cref="TcpStack"/> constructor, so a bad configuration fails at start-up, not mid-connection.
        /// </summary>
        public void Validate()
        {
            if (MaxConnections < 1 || MaxListeners < 0)
            {
                throw new System.ArgumentException("MaxConnections must be at least 1 and MaxListeners at least 0");
            }
            if (Backlog < 0)
            {
                // 0 is allowed and, as with BSD listen(2), still holds one connection (TcpListener).
                throw new System.ArgumentException("Backlog must be at least 0");
            }
            if (ReceiveBufferSize < 1 || ReceiveBufferSize > 65535 || SendBufferSize < 1 || SendBufferSize > 65535)
            {
                // RFC 9293 §3.1: the window field is 16 bits and there is no window scaling.
                throw new System.ArgumentException("ReceiveBufferSize and SendBufferSize must be 1..65535");
            }
            if (MaxReceiveGaps < 0 || Mss < 0 || Mss > 65495 || MinPeerMss < 1)
            {
                throw new System.ArgumentException("MaxReceiveGaps and Mss must be >= 0 (Mss <= 65495), MinPeerMss >= 1");
            }
            if (MinRtoMs < 1 || MaxRtoMs < MinRtoMs || MaxRtoMs > RtoEstimator.MaxBoundMs || InitialRtoMs < 1
                || InitialRtoMs > RtoEstimator.MaxBoundMs || MaxRetransmits < 1 || MaxSynRetries < 0 || MaxPersistMs < 1
                || WorstCaseDelayedAckMs < 0)
            {
                throw new System.ArgumentException("RTO bounds must satisfy 1 <= MinRtoMs <= MaxRtoMs <= 2097151, 1 <= InitialRtoMs <= 2097151, MaxRetransmits >= 1");
            }
            if (DelayedAckMs < 0 || TimeWaitMs < 0 || FinWait2TimeoutMs < 0 || KeepAliveIdleMs < 0 || KeepAliveIntervalMs < 1
                || KeepAliveProbes < 1 || ChallengeAckPerSecond < 0)
            {
                throw new System.ArgumentException("TCP timers must be >= 0 (KeepAliveIntervalMs, KeepAliveProbes >= 1)");
            }
            if (EphemeralPortFirst < 1 || EphemeralPortLast > 65535 || EphemeralPortFirst > EphemeralPortLast)
            {
                throw new System.ArgumentException("EphemeralPortFirst..EphemeralPortLast must be a range inside 1..65535");
            }
        }
    }
}
