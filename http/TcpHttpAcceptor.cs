using NanoStack.Sockets.Tcp;

namespace NanoStack.Http
{
    /// <summary>
    /// The HTTP server's transport seam over the TCP socket API. Wrappers are made once, one per client slot (the
    /// server accepts only into a free slot); a wrapper is free again once the server closes or aborts it.
    /// </summary>
    public sealed class TcpHttpAcceptor : IHttpAcceptor
    {
        private readonly TcpListener _listener;
        private readonly TcpHttpTransport[] _wrappers;

        public TcpHttpAcceptor(TcpListener listener, int maxClients)
        {
            _listener = listener;
            _wrappers = new TcpHttpTransport[maxClients];
            for (int i = 0; i < _wrappers.Length; i++) _wrappers[i] = new TcpHttpTransport();
        }

        public IHttpTransport Accept()
        {
            TcpHttpTransport free = null;
            for (int i = 0; i < _wrappers.Length; i++)
            {
                if (_wrappers[i].Socket == null) { free = _wrappers[i]; break; }
            }
            if (free == null) return null;
            TcpSocket s = _listener.Accept();
            if (s == null) return null;
            s.NoDelay = true; // responses are written whole; do not wait for ACKs of the headers (RFC 896 interplay)
            free.Socket = s;
            return free;
        }

        public bool ClientsWaiting(long nowMs)
        {
            return _listener.ClientsWaiting(nowMs);
        }
    }

    /// <summary>One accepted TCP connection seen as an <see cref="IHttpTransport"/>.</summary>
    public sealed class TcpHttpTransport : IHttpTransport
    {
        internal TcpSocket Socket;

        public bool IsOpen
        {
            get
            {
                TcpSocket s = Socket;
                if (s == null) return false;
                TcpState st = s.State;
                return st == TcpState.Established || st == TcpState.CloseWait || st == TcpState.SynReceived;
            }
        }

        public int ReceiveAvailable { get { return Socket == null ? 0 : Socket.ReceiveAvailable; } }

        public int Peek(byte[] buffer, int offset, int count)
        {
            return Socket == null ? 0 : Socket.Peek(buffer, offset, count);
        }

        public void Skip(int count)
        {
            if (Socket != null) Socket.Skip(count);
        }

        public bool IsReceiveEnded { get { return Socket == null || Socket.IsReceiveEnded; } }

        public int Send(byte[] buffer, int offset, int count)
        {
            return Socket == null ? 0 : Socket.Send(buffer, offset, count);
        }

        public int SendSpace { get { return Socket == null ? 0 : Socket.SendSpace; } }

        public uint RemoteAddress { get { return Socket == null ? 0 : Socket.RemoteAddress; } }

        public ushort RemotePort { get { return Socket == null ? (ushort)0 : Socket.RemotePort; } }

        public void Close()
        {
            TcpSocket s = Socket;
            Socket = null;
            // The server reads nothing more: later data resets the connection (RFC 1122 4.2.2.13), and the slot
            // can be reclaimed once our FIN is acknowledged.
            if (s != null) s.CloseReceive();
        }

        public void Abort()
        {
            TcpSocket s = Socket;
            Socket = null;
            if (s != null) s.Abort();
        }
    }
}
