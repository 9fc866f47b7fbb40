namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// A passive open on one port with its SYN queue: half-open (SYN-RECEIVED) and established-but-not-yet-
    /// accepted connections, at most <see cref="TcpConfig.Backlog"/> of them. The connections themselves live
    /// in the stack's slot table; the listener only holds references.
    /// </summary>
    public sealed class TcpListener
    {
        /// <summary>A time long enough ago that subtracting it from any clock value cannot overflow.</summary>
        internal const long Never = long.MinValue / 2;

        private readonly TcpSocket[] _queue;
        private int _count;

        internal TcpListener(int backlog)
        {
            _queue = new TcpSocket[backlog < 1 ? 1 : backlog];
        }

        public ushort Port { get; private set; }

        public bool IsListening { get; private set; }

        /// <summary>Connections in the SYN queue (half-open + ready).</summary>
        public int Pending { get { return _count; } }

        internal bool IsFull { get { return _count == _queue.Length; } }

        /// <summary>Last time a SYN-ACK carried a cookie for this port (RFC 4987 §3.6).</summary>
        internal long LastCookieMs = Never;

        /// <summary>Last time a client proven by its cookie found no slot and was left waiting (it retransmits).</summary>
        internal long LastTurnedAwayMs = Never;

        /// <summary>Connections that completed their handshake and wait for <see cref="Accept"/>.</summary>
        public int Ready
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _count; i++)
                {
                    if (_queue[i].State != TcpState.SynReceived)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>
        /// True when a client is waiting to be served: a completed handshake not yet accepted, or a client proven
        /// by its SYN cookie turned away for lack of a slot in the last second (it will retransmit).
        /// An application that holds idle connections should let one go.
        /// </summary>
        public bool ClientsWaiting(long nowMs)
        {
            return Ready > 0 || nowMs - LastTurnedAwayMs < 1000;
        }

        internal void Open(ushort port)
        {
            Port = port;
            IsListening = true;
            _count = 0;
            LastCookieMs = Never;
            LastTurnedAwayMs = Never;
        }

        /// <summary>
        /// The oldest connection that completed its handshake, or null. The caller owns it from now on and must
        /// eventually <see cref="TcpSocket.Close"/> or <see cref="TcpSocket.Abort"/> it.
        /// </summary>
        public TcpSocket Accept()
        {
            for (int i = 0; i < _count; i++)
            {
                TcpSocket s = _queue[i];
                TcpState st = s.State;
                if (st != TcpState.SynReceived && st != TcpState.Closed)
                {
                    RemoveAt(i);
                    s.Listener = null;
                    return s;
                }
            }

            return null;
        }

        /// <summary>Stops listening; queued connections not yet accepted are reset.</summary>
        public void Close()
        {
            IsListening = false;
            while (_count > 0)
            {
                TcpSocket s = _queue[0];
                RemoveAt(0);
                s.Listener = null;
                s.Abort();
            }
        }

        internal void Add(TcpSocket socket)
        {
            _queue[_count++] = socket;
        }

        /// <summary>The half-open (SYN-RECEIVED) connection queued first, or null.</summary>
        internal TcpSocket OldestHalfOpen()
        {
            for (int i = 0; i < _count; i++)
            {
                if (_queue[i].State == TcpState.SynReceived)
                {
                    return _queue[i];
                }
            }

            return null;
        }

        internal void Remove(TcpSocket socket)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_queue[i] == socket)
                {
                    RemoveAt(i);
                    return;
                }
            }
        }

        private void RemoveAt(int i)
        {
            for (int j = i; j < _count - 1; j++)
            {
                _queue[j] = _queue[j + 1];
            }

            _count--;
            _queue[_count] = null;
        }
    }
}
