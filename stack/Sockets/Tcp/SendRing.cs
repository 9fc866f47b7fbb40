using NanoStack.Util;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// The transmit ring of one connection. It holds every byte from SND.UNA onwards: unacknowledged data
    /// stays here until acknowledged, so retransmission reads it again (no retransmission queue, no copies).
    /// </summary>
    public sealed class SendRing
    {
        private readonly byte[] _buffer;
        private int _head;
        private int _count;

        public SendRing(int capacity)
        {
            _buffer = new byte[capacity];
        }

        public int Capacity { get { return _buffer.Length; } }

        /// <summary>Bytes held (unacknowledged + not yet sent).</summary>
        public int Count { get { return _count; } }

        public int Free { get { return _buffer.Length - _count; } }

        public void Clear()
        {
            _head = 0;
            _count = 0;
        }

        /// <summary>Appends as much as fits; returns the number of bytes taken.</summary>
        public int Write(byte[] source, int offset, int length)
        {
            int n = length < Free ? length : Free;
            RingCopy.ToRing(source, offset, _buffer, (_head + _count) % _buffer.Length, n);

            _count += n;
            return n;
        }

        /// <summary>Copies <paramref name="length"/> bytes starting <paramref name="from"/> bytes after the head.</summary>
        public void CopyOut(int from, byte[] destination, int offset, int length)
        {
            RingCopy.FromRing(_buffer, (_head + from) % _buffer.Length, destination, offset, length);
        }

        /// <summary>Drops <paramref name="length"/> acknowledged bytes from the head.</summary>
        public void Consume(int length)
        {
            if (length > _count)
            {
                length = _count;
            }

            _head = (_head + length) % _buffer.Length;
            _count -= length;
            if (_count == 0)
            {
                _head = 0;
            }
        }
    }
}
