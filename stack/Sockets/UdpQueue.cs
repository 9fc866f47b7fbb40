using NanoStack.Util;

namespace NanoStack.Sockets
{
    /// <summary>
    /// The receive queue of a <see cref="UdpSocket"/> made with one: a byte ring of payloads (wrapping) plus a ring of
    /// per-datagram records (length, source, source port, destination), so small datagrams do not waste MTU-sized
    /// slots. A separate object so that the sockets made for direct delivery (DHCP, DNS, mDNS parse in place) carry
    /// none of its nine fields: on the device each field is a 12-byte heap block (issue 17).
    /// </summary>
    internal sealed class UdpQueue
    {
        private readonly byte[] _data;
        private readonly int[] _length;
        private readonly uint[] _source;
        private readonly ushort[] _sourcePort;
        private readonly uint[] _destination;
        private int _dataHead;
        private int _dataUsed;
        private int _head;
        private int _count;

        public UdpQueue(int queueBytes, int queueDatagrams)
        {
            _data = new byte[queueBytes];
            _length = new int[queueDatagrams];
            _source = new uint[queueDatagrams];
            _sourcePort = new ushort[queueDatagrams];
            _destination = new uint[queueDatagrams];
        }

        /// <summary>Payload length of the next datagram, or -1 when empty.</summary>
        public int Available { get { return _count == 0 ? -1 : _length[_head]; } }

        public void Clear()
        {
            _count = 0;
            _head = 0;
            _dataHead = 0;
            _dataUsed = 0;
        }

        /// <summary>Copies the next datagram (cut to <paramref name="capacity"/>) and removes it; -1 when empty.</summary>
        public int Take(byte[] buffer, int offset, int capacity, out uint address, out ushort port, out uint destination)
        {
            address = 0;
            port = 0;
            destination = 0;
            if (_count == 0)
            {
                return -1;
            }
            int length = _length[_head];
            int copy = length < capacity ? length : capacity;
            if (copy < 0)
            {
                copy = 0;
            }
            RingCopy.FromRing(_data, _dataHead, buffer, offset, copy);
            address = _source[_head];
            port = _sourcePort[_head];
            destination = _destination[_head];
            _dataHead = (_dataHead + length) % _data.Length;
            _dataUsed -= length;
            _head = (_head + 1) % _length.Length;
            _count--;
            return copy;
        }

        /// <summary>Appends one datagram; false when the records or the bytes are full.</summary>
        public bool Put(uint source, ushort sourcePort, uint destination, byte[] buffer, int offset, int length)
        {
            if (_count == _length.Length || length > _data.Length - _dataUsed)
            {
                return false;
            }
            int slot = (_head + _count) % _length.Length;
            RingCopy.ToRing(buffer, offset, _data, (_dataHead + _dataUsed) % _data.Length, length);
            _length[slot] = length;
            _source[slot] = source;
            _sourcePort[slot] = sourcePort;
            _destination[slot] = destination;
            _dataUsed += length;
            _count++;
            return true;
        }
    }
}
