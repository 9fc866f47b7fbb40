namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// One connection slot: its transmission control block (RFC 9293 §3.3.1), its two static rings and the
    /// non-blocking application API. Slots are allocated once by <see cref="TcpStack"/> and reused.
    /// Segment arrival is in TcpSocket.Input.cs, transmission in TcpSocket.Output.cs, timers in TcpSocket.Timers.cs.
    /// </summary>
    /// <remarks>
    /// After <see cref="Close"/> or <see cref="Abort"/> the application must drop its reference: the stack
    /// finishes the close on its own and then reuses the slot.
    /// </remarks>
    public sealed partial class TcpSocket
    {
        private readonly TcpStack _stack;
        private readonly TcpConfig _config;
        internal readonly SendRing Tx;
        internal readonly ReceiveRing Rx;
        internal readonly RtoEstimator RtoTimer;
        internal readonly CongestionControl Cc;

        // The socket's ten yes/no states share one int: on the device every field is a 12-byte heap block whatever
        // its type, so ten bools cost 120 bytes per socket and one int 12 (issue 17). The properties below read and
        // write their bit inline (no helper call: every call costs on the interpreter); the names stay those the code
        // has always used.
        private int _flags;
        private const int FlagInUse = 1;
        private const int FlagAppClosed = 2;
        private const int FlagReadClosed = 4;
        private const int FlagActiveOpen = 8;
        private const int FlagFinQueued = 16;
        private const int FlagFinReceived = 32;
        private const int FlagRttActive = 64;
        private const int FlagAckNow = 128;
        private const int FlagRstPending = 256;
        private const int FlagNoDelay = 512;

        // Ownership: a slot is in use from open until it is closed and nobody holds it.
        internal bool InUse { get { return (_flags & FlagInUse) != 0; } set { _flags = value ? _flags | FlagInUse : _flags & ~FlagInUse; } }
        internal bool AppClosed { get { return (_flags & FlagAppClosed) != 0; } set { _flags = value ? _flags | FlagAppClosed : _flags & ~FlagAppClosed; } }
        /// <summary>Closed with <see cref="CloseReceive"/>: nothing more will be read (RFC 1122 4.2.2.13 half-duplex close).</summary>
        internal bool ReadClosed { get { return (_flags & FlagReadClosed) != 0; } set { _flags = value ? _flags | FlagReadClosed : _flags & ~FlagReadClosed; } }
        internal TcpListener Listener;
        internal bool ActiveOpen { get { return (_flags & FlagActiveOpen) != 0; } set { _flags = value ? _flags | FlagActiveOpen : _flags & ~FlagActiveOpen; } }

        private TcpState _state;

        // RFC 9293 §3.3.1 send sequence variables. SndMax is the highest sequence ever sent (SND.NXT is
        // rewound on a retransmission timeout, go-back-N); SndBufSeq is the sequence of Tx's first byte.
        internal uint Iss;
        internal uint SndUna;
        internal uint SndNxt;
        internal uint SndMax;
        internal uint SndWl1;
        internal uint SndWl2;
        internal int SndWnd;
        internal int MaxSndWnd;
        internal uint SndBufSeq;
        internal int SndMss;

        // Receive sequence variables. RcvAdv is the right edge we last advertised (RCV.NXT + RCV.WND then);
        // it never moves left (RFC 9293 §3.8.6.2.2: do not shrink the window).
        internal uint Irs;
        internal uint RcvNxt;
        internal uint RcvAdv;
        internal int RcvMss;

        internal bool FinQueued { get { return (_flags & FlagFinQueued) != 0; } set { _flags = value ? _flags | FlagFinQueued : _flags & ~FlagFinQueued; } }
        internal uint FinSeq;
        internal bool FinReceived { get { return (_flags & FlagFinReceived) != 0; } set { _flags = value ? _flags | FlagFinReceived : _flags & ~FlagFinReceived; } }

        // Round-trip timing of one segment at a time (RFC 6298 §3, Karn's rule: never a retransmitted one).
        internal bool RttActive { get { return (_flags & FlagRttActive) != 0; } set { _flags = value ? _flags | FlagRttActive : _flags & ~FlagRttActive; } }
        internal uint RttSeq;
        internal long RttStartMs;

        internal int Retries;
        internal long RetransmitDeadline;
        internal long PersistDeadline;
        internal int PersistIntervalMs;
        internal long DelayedAckDeadline;
        internal long KeepAliveDeadline;
        internal int KeepAliveSent;
        /// <summary>TIME_WAIT expiry, or the orphaned FIN_WAIT_2 timeout.</summary>
        internal long TimeWaitDeadline;

        internal bool AckNow { get { return (_flags & FlagAckNow) != 0; } set { _flags = value ? _flags | FlagAckNow : _flags & ~FlagAckNow; } }
        internal int BytesSinceAck;
        internal bool RstPending { get { return (_flags & FlagRstPending) != 0; } set { _flags = value ? _flags | FlagRstPending : _flags & ~FlagRstPending; } }
        internal long LastSendMs;

        /// <summary>Per-connection counters.</summary>
        public int SegmentsIn;
        public int SegmentsOut;
        public int RetransmittedSegments;
        public int DuplicateAcksIn;

        internal TcpSocket(TcpStack stack, TcpConfig config)
        {
            _stack = stack;
            _config = config;
            Tx = new SendRing(config.SendBufferSize);
            Rx = new ReceiveRing(config.ReceiveBufferSize, config.MaxReceiveGaps);
            RtoTimer = new RtoEstimator(config.MinRtoMs, config.MaxRtoMs, config.InitialRtoMs);
            Cc = new CongestionControl();
            ClearControlBlock();
        }

        public TcpState State { get { return _state; } }

        public TcpError Error { get; private set; }

        public uint LocalAddress { get; private set; }

        public uint RemoteAddress { get; private set; }

        public ushort LocalPort { get; private set; }

        public ushort RemotePort { get; private set; }

        /// <summary>Time of the last acceptable segment received or data sent/received by the application.</summary>
        public long LastActivityMs { get; private set; }

        /// <summary>TCP_NODELAY: true disables Nagle's algorithm (RFC 1122 4.2.3.4) for this connection.</summary>
        public bool NoDelay
        {
            get { return (_flags & FlagNoDelay) != 0; }
            set { _flags = value ? _flags | FlagNoDelay : _flags & ~FlagNoDelay; }
        }

        /// <summary>Bytes <see cref="Send"/> would accept now.</summary>
        public int SendSpace
        {
            get { return CanQueueData ? Tx.Free : 0; }
        }

        /// <summary>In-order bytes ready for <see cref="Receive"/>.</summary>
        public int ReceiveAvailable { get { return Rx.Count; } }

        /// <summary>
        /// True when no more data will ever arrive and all received data has been read: the peer sent FIN, or
        /// the connection is closed (see <see cref="Error"/>).
        /// </summary>
        public bool IsReceiveFinished
        {
            get { return Rx.Count == 0 && (FinReceived || _state == TcpState.Closed); }
        }

        /// <summary>Receive window we advertise now.</summary>
        public int ReceiveWindow { get { return (int)(RcvAdv - RcvNxt); } }

        public int CongestionWindow { get { return Cc.Cwnd; } }

        public int SlowStartThreshold { get { return Cc.Ssthresh; } }

        public int RetransmissionTimeoutMs { get { return RtoTimer.Rto; } }

        public int SmoothedRttMs { get { return RtoTimer.Srtt; } }

        /// <summary>Effective send MSS (peer's, clamped to ours).</summary>
        public int SendMss { get { return SndMss; } }

        /// <summary>Bytes sent but not yet acknowledged.</summary>
        public int BytesInFlight { get { return (int)(SndNxt - SndUna); } }

        /// <summary>Bytes queued in the transmit ring (unacknowledged + unsent).</summary>
        public int SendQueued { get { return Tx.Count; } }

        private bool CanQueueData
        {
            get
            {
                if (FinQueued || !InUse || AppClosed)
                {
                    return false;
                }

                return _state == TcpState.SynSent || _state == TcpState.SynReceived
                    || _state == TcpState.Established || _state == TcpState.CloseWait;
            }
        }

        /// <summary>Copies as much of buffer[offset..offset+length] as fits into the transmit ring; returns the count.</summary>
        public int Send(byte[] buffer, int offset, int length)
        {
            if (!CanQueueData || length <= 0)
            {
                return 0;
            }

            int n = Tx.Write(buffer, offset, length);
            return n;
        }

        /// <summary>Copies up to <paramref name="length"/> received bytes out; 0 when nothing is ready now.</summary>
        public int Receive(byte[] buffer, int offset, int length)
        {
            if (length <= 0 || Rx.Count == 0)
            {
                return 0;
            }

            int n = Rx.Read(buffer, offset, length);
            Consumed();
            return n;
        }

        /// <summary>
        /// Copies up to <paramref name="length"/> received bytes like <see cref="Receive"/> but leaves them in the receive
        /// buffer (a parser looks for a line's end where the bytes already are); <see cref="Skip"/> consumes them.
        /// </summary>
        public int Peek(byte[] buffer, int offset, int length)
        {
            return length <= 0 ? 0 : Rx.Peek(buffer, offset, length);
        }

        /// <summary>Consumes up to <paramref name="length"/> received bytes without copying them; returns how many.</summary>
        public int Skip(int length)
        {
            int n = Rx.Skip(length);
            if (n > 0) Consumed();
            return n;
        }

        /// <summary>True once nothing more will arrive (the peer sent FIN, or the connection is closed); bytes received
        /// before may still wait to be read.</summary>
        public bool IsReceiveEnded
        {
            get { return FinReceived || _state == TcpState.Closed; }
        }

        private void Consumed()
        {
            // RFC 1122 4.2.3.3: announce the freed space only once it is worth a segment (receiver-side
            // SWS avoidance); Poll sends the window update. An ACK owed for data that arrived while the window could
            // not move (TcpConfig.AckWhenWindowMoves) goes now, whatever was read.
            if (IsSynchronized(_state) && (WindowIncrease() >= SwsThreshold() || BytesSinceAck >= AckEveryBytes()))
            {
                AckNow = true;
            }
        }

        /// <summary>Graceful close: the FIN follows the queued data (RFC 9293 §3.10.4).</summary>
        public void Close()
        {
            if (!InUse || AppClosed)
            {
                return;
            }

            AppClosed = true;
            switch (_state)
            {
                case TcpState.Closed:
                case TcpState.Listen:
                case TcpState.SynSent:
                    Release();
                    return;
                case TcpState.SynReceived:
                    // Our SYN is unacknowledged: the FIN is queued and sent once ESTABLISHED is reached.
                    QueueFin();
                    return;
                case TcpState.Established:
                    QueueFin();
                    SetState(TcpState.FinWait1);
                    return;
                case TcpState.CloseWait:
                    QueueFin();
                    SetState(TcpState.LastAck);
                    return;
                default:
                    return;
            }
        }

        /// <summary>
        /// Close for an application that will read nothing more (RFC 1122 4.2.2.13 "half-duplex" close): like
        /// <see cref="Close"/>, the FIN follows the queued data, but data that arrives afterwards resets the
        /// connection (the peer learns it was lost), and once our FIN is acknowledged the slot may be reclaimed
        /// for a new connection (FIN-WAIT-2 only waits for the peer's FIN).
        /// </summary>
        public void CloseReceive()
        {
            if (!InUse || AppClosed)
            {
                return;
            }

            ReadClosed = true;
            Close();
        }

        /// <summary>Abortive close: a RST goes out on the next poll (RFC 9293 §3.10.5) and the slot is freed.</summary>
        public void Abort()
        {
            if (!InUse)
            {
                return;
            }

            AppClosed = true;
            if (_state == TcpState.SynReceived || _state == TcpState.Established || _state == TcpState.FinWait1
                || _state == TcpState.FinWait2 || _state == TcpState.CloseWait)
            {
                RstPending = true;
                Error = TcpError.Aborted;
                EnterClosed();
                return;
            }

            if (_state != TcpState.Closed)
            {
                Error = TcpError.Aborted;
            }

            EnterClosed();
            Release();
        }

        internal static bool IsSynchronized(TcpState s)
        {
            return s != TcpState.Closed && s != TcpState.Listen && s != TcpState.SynSent && s != TcpState.SynReceived;
        }

        private void QueueFin()
        {
            FinQueued = true;
            FinSeq = SndBufSeq + (uint)Tx.Count;
        }

        internal void SetState(TcpState s)
        {
            _state = s;
        }

        /// <summary>Enters CLOSED: stops every timer and clears the queues; the slot stays held while the application owns it.</summary>
        internal void EnterClosed()
        {
            _state = TcpState.Closed;
            RetransmitDeadline = long.MaxValue;
            PersistDeadline = long.MaxValue;
            DelayedAckDeadline = long.MaxValue;
            KeepAliveDeadline = long.MaxValue;
            TimeWaitDeadline = long.MaxValue;
            AckNow = false;
            Tx.Clear();
            if (Listener != null)
            {
                Listener.Remove(this);
                Listener = null;
                // Never accepted: nobody else can hold this slot.
                AppClosed = true;
            }

            if (AppClosed && !RstPending)
            {
                Release();
            }
        }

        /// <summary>Fails the connection with <paramref name="error"/> (RST received, retry limit).</summary>
        internal void Fail(TcpError error)
        {
            Error = error;
            EnterClosed();
        }

        internal void Release()
        {
            if (Listener != null)
            {
                Listener.Remove(this);
                Listener = null;
            }

            _state = TcpState.Closed;
            if (InUse)
            {
                InUse = false;
                _stack.HeldSlots--;
            }
        }

        internal void ClearControlBlock()
        {
            _state = TcpState.Closed;
            Error = TcpError.None;
            _flags = 0; // InUse, AppClosed, ReadClosed, ActiveOpen, FinQueued, FinReceived, RttActive, AckNow, RstPending, NoDelay
            Listener = null;
            LocalAddress = 0;
            RemoteAddress = 0;
            LocalPort = 0;
            RemotePort = 0;
            Iss = SndUna = SndNxt = SndMax = SndWl1 = SndWl2 = SndBufSeq = 0;
            SndWnd = 0;
            MaxSndWnd = 0;
            SndMss = 536;
            Irs = RcvNxt = RcvAdv = 0;
            RcvMss = 536;
            FinSeq = 0;
            Retries = 0;
            RetransmitDeadline = long.MaxValue;
            RackState = 0;
            RackSentMs = 0;
            RackEchoSeq = 0;
            PersistDeadline = long.MaxValue;
            PersistIntervalMs = 0;
            DelayedAckDeadline = long.MaxValue;
            KeepAliveDeadline = long.MaxValue;
            KeepAliveSent = 0;
            TimeWaitDeadline = long.MaxValue;
            BytesSinceAck = 0;
            LastSendMs = 0;
            LastActivityMs = 0;
            SegmentsIn = SegmentsOut = RetransmittedSegments = DuplicateAcksIn = 0;
            Tx.Clear();
            Rx.Clear();
            RtoTimer.Reset();
        }

        /// <summary>Takes a free slot for a new connection (both opens).</summary>
        internal void Open(uint localAddress, ushort localPort, uint remoteAddress, ushort remotePort, uint iss, long nowMs)
        {
            ClearControlBlock();
            InUse = true;
            _stack.HeldSlots++; // a free slot (TcpStack.FreeSlot): CheckInvariants holds the count to the slots in use
            LocalAddress = localAddress;
            LocalPort = localPort;
            RemoteAddress = remoteAddress;
            RemotePort = remotePort;
            Iss = iss;
            SndUna = iss;
            SndNxt = iss;
            SndMax = iss;
            SndBufSeq = iss + 1;
            RcvMss = OurMss(0);
            SndMss = RcvMss;
            Cc.Reset(SndMss);
            LastActivityMs = nowMs;
        }

        internal void Touch(long nowMs)
        {
            LastActivityMs = nowMs;
        }

        /// <summary>MSS we announce: configured, else from the interface MTU (RFC 9293 §3.7.1), else 1460.</summary>
        internal int OurMss(int payloadCapacity)
        {
            return MssFor(_config, payloadCapacity);
        }

        internal static int MssFor(TcpConfig config, int payloadCapacity)
        {
            if (config.Mss > 0)
            {
                return config.Mss;
            }

            return payloadCapacity > 40 ? payloadCapacity - 20 : 1460;
        }

        /// <summary>Peer MSS option (0 = absent, RFC 9293 §3.7.1 default 536), clamped to sane bounds.</summary>
        internal void SetPeerMss(int peerMss)
        {
            int mss = peerMss == 0 ? 536 : peerMss;
            if (mss < _config.MinPeerMss)
            {
                mss = _config.MinPeerMss;
            }

            if (mss > RcvMss)
            {
                mss = RcvMss;
            }

            SndMss = mss;
            Cc.Reset(mss);
        }

        /// <summary>RFC 1122 4.2.3.3: move the right edge only by at least min(buffer/2, MSS).</summary>
        internal int SwsThreshold()
        {
            int half = Rx.Capacity / 2;
            return half < RcvMss ? half : RcvMss;
        }

        internal int WindowIncrease()
        {
            uint edge = RcvNxt + (uint)FreeWindow();
            return SeqNum.Diff(RcvAdv, edge);
        }

        private int FreeWindow()
        {
            int free = Rx.Free;
            return free > 65535 ? 65535 : free;
        }

        /// <summary>The window field to send now; updates RcvAdv.</summary>
        internal ushort AdvertiseWindow()
        {
            int increase = WindowIncrease();
            int current = SeqNum.Diff(RcvNxt, RcvAdv);
            if (current < 0)
            {
                current = 0;
                RcvAdv = RcvNxt;
            }

            // Everything read: advertise the whole buffer even when that is a step below the threshold.
            if (increase > 0 && (increase >= SwsThreshold() || FreeWindow() == Rx.Capacity))
            {
                RcvAdv = RcvNxt + (uint)FreeWindow();
            }

            return (ushort)SeqNum.Diff(RcvNxt, RcvAdv);
        }
    }
}
