using System.Threading;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Client.Sockets
{
    /// <summary>
    /// A blocking TCP client connection, shaped like System.Net.Sockets.TcpClient: <see cref="Connect(string,int)"/>
    /// (DNS, then the handshake, bounded by <see cref="ConnectTimeout"/>), <see cref="GetStream"/> for Read/Write,
    /// <see cref="Close"/>. Each call runs the non-blocking <see cref="TcpSocket"/> API under the loop's lock and waits
    /// for the loop between steps. Failures throw <see cref="SocketException"/> naming the reason.
    /// </summary>
    public sealed class TcpClient
    {
        private readonly NetworkLoop _loop;
        private readonly AutoResetEvent _event = new AutoResetEvent(false);
        private TcpSocket _socket;
        private NetworkStream _stream;
        private int _connectTimeout = 10000;
        private int _receiveTimeout;
        private int _sendTimeout;

        /// <summary>One waiter slot of <paramref name="loop"/> is taken until <see cref="Close"/>.</summary>
        public TcpClient(NetworkLoop loop)
        {
            if (loop == null || loop.Tcp == null)
            {
                throw new System.ArgumentException("TcpClient: a NetworkLoop with TCP is required");
            }
            _loop = loop;
            loop.AddWaiter(_event);
        }

        /// <summary>Milliseconds Connect waits for DNS and the handshake (0 = no limit besides TCP's own SYN retries). Default 10 s.</summary>
        public int ConnectTimeout { get { return _connectTimeout; } set { _connectTimeout = value; } }

        /// <summary>Milliseconds a Read waits for data (0 = forever, as Socket.ReceiveTimeout).</summary>
        public int ReceiveTimeout { get { return _receiveTimeout; } set { _receiveTimeout = value; } }

        /// <summary>Milliseconds a Write waits for send space (0 = forever).</summary>
        public int SendTimeout { get { return _sendTimeout; } set { _sendTimeout = value; } }

        /// <summary>
        /// How long a SYN may wait for its next hop's ARP reply before Connect gives up with HostUnreachable: the
        /// stack asks 3 times a second apart (RFC 1122 §2.3.2.1) and drops the parked SYN after that.
        /// </summary>
        public const int ArpGiveUpMs = 3500;

        /// <summary>True while the connection is established (also after the peer's FIN, until Close).</summary>
        public bool Connected
        {
            get
            {
                lock (_loop.SyncRoot)
                {
                    return _socket != null && (_socket.State == TcpState.Established || _socket.State == TcpState.CloseWait);
                }
            }
        }

        /// <summary>Received bytes ready for Read now.</summary>
        public int Available
        {
            get
            {
                lock (_loop.SyncRoot)
                {
                    return _socket == null ? 0 : _socket.ReceiveAvailable;
                }
            }
        }

        /// <summary>
        /// Resolves <paramref name="host"/> (or parses a dotted quad) and connects. A DNS server that has not answered
        /// when <see cref="ConnectTimeout"/> runs out is TryAgain ("no DNS answer"), not TimedOut, which is left to
        /// the handshake: the message then says which of the two stayed silent.
        /// </summary>
        public void Connect(string host, int port)
        {
            long start = _loop.NowMs;
            uint address = Dns.Resolve(_loop, host, _connectTimeout, SocketError.TryAgain);
            int left = _connectTimeout;
            if (left > 0)
            {
                left -= (int)(_loop.NowMs - start);
                if (left <= 0)
                {
                    throw new SocketException(SocketError.TimedOut);
                }
            }
            ConnectAddress(address, port, left);
        }

        /// <summary>Opens a connection to <paramref name="address"/> (host order, e.g. 0xC0000201 = 192.0.2.1).</summary>
        public void Connect(uint address, int port)
        {
            ConnectAddress(address, port, _connectTimeout);
        }

        private void ConnectAddress(uint address, int port, int timeoutMs)
        {
            if (port <= 0 || port > 65535 || address == 0)
            {
                throw new SocketException(SocketError.InvalidArgument);
            }
            long start;
            lock (_loop.SyncRoot)
            {
                if (_socket != null)
                {
                    throw new SocketException(SocketError.InvalidArgument);
                }
                Interface iface = _loop.Stack.Interface;
                if (!iface.IsLinkUp || iface.Address == 0)
                {
                    throw new SocketException(SocketError.NetworkDown);
                }
                if ((address & iface.Netmask) != (iface.Address & iface.Netmask) && iface.Gateway == 0)
                {
                    throw new SocketException(SocketError.NetworkUnreachable);
                }
                start = _loop.NowMs;
                _socket = _loop.Tcp.Connect(iface.Address, address, (ushort)port, start);
                if (_socket == null)
                {
                    throw new SocketException(SocketError.TooManyOpenSockets);
                }
            }
            _loop.Wake();
            long deadline = _loop.DeadlineAfter(timeoutMs);
            while (true)
            {
                SocketError error = SocketError.Success;
                lock (_loop.SyncRoot)
                {
                    TcpState state = _socket.State;
                    long now = _loop.NowMs;
                    if (state == TcpState.Established || state == TcpState.CloseWait)
                    {
                        _stream = new NetworkStream(this);
                        return;
                    }
                    if (state == TcpState.Closed)
                    {
                        error = FromTcpError(_socket.Error);
                    }
                    else if (state == TcpState.SynSent && now - start >= ArpGiveUpMs && !_loop.IsNextHopResolved(address, now))
                    {
                        error = SocketError.HostUnreachable;
                    }
                    if (error != SocketError.Success)
                    {
                        DropSocket();
                    }
                }
                if (error != SocketError.Success)
                {
                    throw new SocketException(error);
                }
                if (!_loop.Wait(_event, deadline))
                {
                    lock (_loop.SyncRoot)
                    {
                        DropSocket();
                    }
                    throw new SocketException(SocketError.TimedOut);
                }
            }
        }

        /// <summary>The stream of an established connection; throws NotConnected before Connect succeeded.</summary>
        public NetworkStream GetStream()
        {
            if (_stream == null)
            {
                throw new SocketException(SocketError.NotConnected);
            }
            return _stream;
        }

        /// <summary>
        /// Graceful close (FIN after the queued data, RFC 9293 §3.10.4; the stack finishes the close) and the waiter
        /// slot back to the loop. The client cannot be used again.
        /// </summary>
        public void Close()
        {
            lock (_loop.SyncRoot)
            {
                if (_socket != null)
                {
                    _socket.Close();
                    _socket = null;
                }
            }
            _loop.ReleaseWaiter(_event);
        }

        /// <summary>Abortive close: RST to the peer (Socket with LingerState 0), waiter slot back.</summary>
        public void Abort()
        {
            lock (_loop.SyncRoot)
            {
                DropSocket();
            }
            _loop.ReleaseWaiter(_event);
        }

        private void DropSocket()
        {
            if (_socket != null)
            {
                _socket.Abort();
                _socket = null;
            }
        }

        internal static SocketError FromTcpError(TcpError error)
        {
            switch (error)
            {
                case TcpError.Refused: return SocketError.ConnectionRefused;
                case TcpError.Reset: return SocketError.ConnectionReset;
                case TcpError.TimedOut: return SocketError.TimedOut;
                default: return SocketError.ConnectionAborted;
            }
        }

        // ---- the stream's blocking steps ----

        internal int Read(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            long deadline = _loop.DeadlineAfter(_receiveTimeout);
            while (true)
            {
                lock (_loop.SyncRoot)
                {
                    if (_socket == null)
                    {
                        throw new SocketException(SocketError.Shutdown);
                    }
                    if (count == 0)
                    {
                        return 0;
                    }
                    int n = _socket.Receive(buffer, offset, count);
                    if (n > 0)
                    {
                        _loop.Wake(); // a window update may be due
                        return n;
                    }
                    if (_socket.State == TcpState.Closed && _socket.Error != TcpError.None)
                    {
                        throw new SocketException(FromTcpError(_socket.Error));
                    }
                    if (_socket.IsReceiveFinished)
                    {
                        return 0; // the peer's FIN: end of stream
                    }
                }
                if (!_loop.Wait(_event, deadline))
                {
                    throw new SocketException(SocketError.TimedOut);
                }
            }
        }

        internal void Write(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            long deadline = _loop.DeadlineAfter(_sendTimeout);
            while (count > 0)
            {
                lock (_loop.SyncRoot)
                {
                    if (_socket == null)
                    {
                        throw new SocketException(SocketError.Shutdown);
                    }
                    TcpState state = _socket.State;
                    if (state == TcpState.Closed)
                    {
                        throw new SocketException(_socket.Error == TcpError.None ? SocketError.NotConnected : FromTcpError(_socket.Error));
                    }
                    if (state != TcpState.Established && state != TcpState.CloseWait)
                    {
                        throw new SocketException(SocketError.Shutdown);
                    }
                    int n = _socket.Send(buffer, offset, count);
                    offset += n;
                    count -= n;
                }
                _loop.Wake();
                if (count > 0 && !_loop.Wait(_event, deadline))
                {
                    throw new SocketException(SocketError.TimedOut);
                }
            }
        }

        internal static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || count > buffer.Length - offset)
            {
                throw new SocketException(SocketError.InvalidArgument);
            }
        }
    }
}
