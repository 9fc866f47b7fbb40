using System.Threading;
using NanoStack.Iface;
using NanoStack.Sockets;

namespace NanoStack.Client.Sockets
{
    /// <summary>
    /// A blocking UDP socket shaped like System.Net.Sockets.UdpClient: <see cref="Send"/> to an address and port,
    /// <see cref="Receive"/> the next datagram with its sender, bounded by <see cref="ReceiveTimeout"/>. It takes one
    /// socket of the stack's UDP table (UdpLayer, StackConfig.UdpSockets) and one waiter slot of the loop until Close.
    /// </summary>
    public sealed class UdpClient
    {
        private readonly NetworkLoop _loop;
        private readonly AutoResetEvent _event = new AutoResetEvent(false);
        private UdpSocket _socket;
        private int _receiveTimeout;

        /// <summary>Opens a socket bound to <paramref name="localPort"/> (0 = an ephemeral port, RFC 6335).</summary>
        public UdpClient(NetworkLoop loop, int localPort)
        {
            if (loop == null || localPort < 0 || localPort > 65535)
            {
                throw new SocketException(SocketError.InvalidArgument);
            }
            _loop = loop;
            lock (loop.SyncRoot)
            {
                _socket = loop.Stack.OpenUdp();
                if (_socket == null)
                {
                    throw new SocketException(SocketError.TooManyOpenSockets);
                }
                if (!_socket.Bind((ushort)localPort))
                {
                    _socket.Close();
                    _socket = null;
                    throw new SocketException(SocketError.TooManyOpenSockets);
                }
            }
            try
            {
                loop.AddWaiter(_event);
            }
            catch (SocketException)
            {
                lock (loop.SyncRoot)
                {
                    _socket.Close();
                    _socket = null;
                }
                throw;
            }
        }

        public UdpClient(NetworkLoop loop) : this(loop, 0)
        {
        }

        /// <summary>Milliseconds Receive waits for a datagram (0 = forever).</summary>
        public int ReceiveTimeout { get { return _receiveTimeout; } set { _receiveTimeout = value; } }

        public int LocalPort { get { return _socket == null ? 0 : _socket.LocalPort; } }

        /// <summary>
        /// Sends <paramref name="count"/> bytes as one datagram and returns <paramref name="count"/>. A single-frame datagram
        /// to a neighbour not yet resolved waits behind ARP in the stack (sent when the reply comes, dropped after 3
        /// unanswered requests). Throws NetworkDown (link down, no address), MessageSize, NetworkUnreachable.
        /// </summary>
        public int Send(byte[] buffer, int offset, int count, uint address, int port)
        {
            TcpClient.CheckRange(buffer, offset, count);
            if (port <= 0 || port > 65535 || address == 0)
            {
                throw new SocketException(SocketError.InvalidArgument);
            }
            SocketError error = SocketError.Success;
            lock (_loop.SyncRoot)
            {
                if (_socket == null)
                {
                    throw new SocketException(SocketError.Shutdown);
                }
                Interface iface = _loop.Stack.Interface;
                if (!iface.IsLinkUp || iface.Address == 0)
                {
                    error = SocketError.NetworkDown;
                }
                else if (count > UdpLayer.MaxUdpPayload)
                {
                    error = SocketError.MessageSize;
                }
                else if (_socket.SendTo(address, (ushort)port, buffer, offset, count, _loop.NowMs) > SendResult.Queued)
                {
                    error = SocketError.NetworkUnreachable;
                }
            }
            if (error != SocketError.Success)
            {
                throw new SocketException(error);
            }
            _loop.Wake();
            return count;
        }

        /// <summary>
        /// Waits for the next datagram and copies up to <paramref name="count"/> bytes of it (the rest of a longer one is
        /// discarded, as with BSD sockets); returns the bytes copied and the sender. Throws TimedOut after
        /// <see cref="ReceiveTimeout"/>.
        /// </summary>
        public int Receive(byte[] buffer, int offset, int count, out uint remoteAddress, out int remotePort)
        {
            TcpClient.CheckRange(buffer, offset, count);
            long deadline = _loop.DeadlineAfter(_receiveTimeout);
            while (true)
            {
                lock (_loop.SyncRoot)
                {
                    if (_socket == null)
                    {
                        throw new SocketException(SocketError.Shutdown);
                    }
                    ushort port;
                    int n = _socket.ReceiveFrom(buffer, offset, count, out remoteAddress, out port);
                    if (n >= 0)
                    {
                        remotePort = port;
                        return n;
                    }
                }
                if (!_loop.Wait(_event, deadline))
                {
                    throw new SocketException(SocketError.TimedOut);
                }
            }
        }

        /// <summary>Returns the socket to the table and the waiter slot to the loop.</summary>
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
    }
}
