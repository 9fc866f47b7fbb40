using NanoStack.Iface;

namespace NanoStack.Sockets
{
    /// <summary>
    /// A UDP socket from the UDP layer's fixed table (<see cref="UdpLayer"/>, <c>NetworkStack.OpenUdp</c>): bind, send-to, and a small
    /// static receive queue of whole datagrams. Datagrams that do not fit the queue are dropped and counted.
    /// A socket with an attached <see cref="IUdpReceiver"/> hands each datagram to it in place instead
    /// (<c>NetworkStack.OpenDirectUdp</c>: sockets made for that have no queue at all).
    /// </summary>
    /// <remarks>
    /// The queue (<see cref="UdpQueue"/>) is a byte ring (payloads, wrapping) plus a ring of per-datagram records
    /// (length, source, destination), so small datagrams do not waste MTU-sized slots.
    /// </remarks>
    public sealed class UdpSocket
    {
        private readonly UdpLayer _layer;
        private readonly UdpQueue _queue; // null: direct delivery only
        private bool _open;
        private ushort _port;
        private uint _lastDestination;
        private IUdpReceiver _receiver;

        /// <summary>Datagrams lost because the queue was full.</summary>
        public int DatagramsDropped;

        /// <summary>TTL of the datagrams this socket sends; 0 = the stack default (mDNS sets 255, RFC 6762 §11).</summary>
        public byte Ttl;

        /// <summary>A socket with a queue, or with none when <paramref name="queueDatagrams"/> is 0 (direct delivery only).</summary>
        internal UdpSocket(UdpLayer layer, int queueBytes, int queueDatagrams)
        {
            _layer = layer;
            if (queueDatagrams != 0)
            {
                _queue = new UdpQueue(queueBytes, queueDatagrams);
            }
        }

        internal static int StaticBytesFor(int queueBytes, int queueDatagrams)
        {
            return queueDatagrams == 0 ? 0 : queueBytes + queueDatagrams * (4 + 4 + 2 + 4);
        }

        public bool IsOpen { get { return _open; } }

        /// <summary>False for the sockets made for direct delivery (no queue; <see cref="ReceiveFrom"/> always returns -1).</summary>
        public bool HasQueue { get { return _queue != null; } }

        /// <summary>
        /// Hands every datagram for this socket to <paramref name="receiver"/> during receive, in place, instead of
        /// queueing it (null: back to the queue). Set once after opening; cleared by <see cref="Close"/>.
        /// </summary>
        public void SetReceiver(IUdpReceiver receiver)
        {
            _receiver = receiver;
        }

        public ushort LocalPort { get { return _port; } }

        /// <summary>Destination address of the datagram last received (ours, broadcast or a group).</summary>
        public uint LastDestination { get { return _lastDestination; } }

        /// <summary>Payload length of the next queued datagram, or -1 when the queue is empty.</summary>
        public int Available { get { return _queue == null ? -1 : _queue.Available; } }

        internal void Open()
        {
            _open = true;
            _port = 0;
            if (_queue != null)
            {
                _queue.Clear();
            }
            _lastDestination = 0;
            _receiver = null;
            Ttl = 0;
        }

        /// <summary>Binds to <paramref name="port"/> (0 = an ephemeral port). False if closed, bound already, or the port is taken.</summary>
        public bool Bind(ushort port)
        {
            if (!_open || _port != 0)
            {
                return false;
            }
            if (port == 0)
            {
                port = _layer.AllocateEphemeralPort();
                if (port == 0)
                {
                    return false;
                }
            }
            else if (_layer.IsPortBound(port))
            {
                return false;
            }
            _port = port;
            return true;
        }

        /// <summary>Unbinds, forgets queued datagrams and returns the socket to the table.</summary>
        public void Close()
        {
            _open = false;
            _port = 0;
            if (_queue != null)
            {
                _queue.Clear();
            }
            _receiver = null;
        }

        /// <summary>
        /// Sends one datagram (binding an ephemeral port first if unbound). Datagrams above one frame are fragmented
        /// straight from <paramref name="buffer"/> (no copy, no allocation), up to <see cref="UdpLayer.MaxUdpPayload"/>
        /// (65507) bytes. The result says why it did not leave (<see cref="SendResult"/>): NotOpen, InvalidArgument,
        /// NoPort, TooBig (TxTooBig), NoRoute, LinkDown, DeviceRefused, or Unresolved: the next hop is not resolved and
        /// the datagram could not be parked (a fragmented datagram never is: the ARP request goes out, the datagram is
        /// dropped and counted in TxFragmentedArpMiss); single-frame datagrams are parked (Queued).
        /// </summary>
        public SendResult SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs)
        {
            if (!_open)
            {
                return SendResult.NotOpen;
            }
            if (buffer == null || offset < 0 || length < 0 || length > buffer.Length - offset || port == 0)
            {
                return SendResult.InvalidArgument;
            }
            if (_port == 0 && !Bind(0))
            {
                return SendResult.NoPort;
            }
            return _layer.Send(_port, address, port, buffer, offset, length, Ttl, nowMs);
        }

        /// <summary>
        /// Takes the next datagram: copies up to <paramref name="capacity"/> bytes (the rest of a longer datagram
        /// is discarded, as with BSD sockets) and returns the count, or -1 when the queue is empty.
        /// </summary>
        public int ReceiveFrom(byte[] buffer, int offset, int capacity, out uint address, out ushort port)
        {
            address = 0;
            port = 0;
            if (_queue == null)
            {
                return -1;
            }
            uint destination;
            int copy = _queue.Take(buffer, offset, capacity, out address, out port, out destination);
            if (copy >= 0)
            {
                _lastDestination = destination;
            }
            return copy;
        }

        internal bool Deliver(uint source, ushort sourcePort, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            if (_receiver != null)
            {
                _receiver.OnDatagram(source, sourcePort, destination, buffer, offset, length, nowMs);
                return true;
            }
            if (_queue == null || !_queue.Put(source, sourcePort, destination, buffer, offset, length))
            {
                DatagramsDropped++;
                return false;
            }
            return true;
        }
    }
}
