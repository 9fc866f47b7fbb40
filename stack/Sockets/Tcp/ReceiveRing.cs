using NanoStack.Util;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// The receive ring of one connection with a small static assembler: in-order bytes are readable at
    /// once; out-of-order bytes are stored at their place beyond RCV.NXT and remembered as at most
    /// <c>maxGaps</c> blocks (offsets relative to RCV.NXT). When the hole before them fills they become
    /// readable without a copy. A block that would need one more slot than exists is dropped (the peer
    /// retransmits it) and counted by the caller.
    /// </summary>
    public sealed class ReceiveRing
    {
        private readonly byte[] _buffer;
        // Out-of-order blocks as (start, end) pairs in one array: block i at [2i] and [2i + 1]. One array instead
        // of two saves a field and an array header per connection on the device (issue 17).
        private readonly int[] _block;
        private int _blocks;
        private int _head;
        private int _count;

        public ReceiveRing(int capacity, int maxGaps)
        {
            _buffer = new byte[capacity];
            _block = new int[2 * (maxGaps < 1 ? 1 : maxGaps)];
        }

        public int Capacity { get { return _buffer.Length; } }

        /// <summary>In-order bytes ready for the application.</summary>
        public int Count { get { return _count; } }

        /// <summary>Space after the in-order bytes: the receive window (RFC 9293 §3.8.6.2).</summary>
        public int Free { get { return _buffer.Length - _count; } }

        /// <summary>Out-of-order blocks held.</summary>
        public int Blocks { get { return _blocks; } }

        public int BlockStart(int i) { return _block[2 * i]; }

        public int BlockEnd(int i) { return _block[2 * i + 1]; }

        public void Clear()
        {
            _head = 0;
            _count = 0;
            _blocks = 0;
        }

        /// <summary>
        /// Stores payload that starts <paramref name="at"/> bytes after RCV.NXT (at &gt;= 0, at + length &lt;= Free).
        /// Returns how far RCV.NXT advances (0 for a segment beyond a hole), or -1 when an out-of-order
        /// block had to be dropped because every assembler slot is taken.
        /// </summary>
        public int Insert(int at, byte[] source, int offset, int length)
        {
            if (length <= 0)
            {
                return 0;
            }

            if (at > 0 && !AddBlock(at, at + length))
            {
                return -1;
            }

            RingCopy.ToRing(source, offset, _buffer, (_head + _count + at) % _buffer.Length, length);

            if (at > 0)
            {
                return 0;
            }

            int advance = length;
            // A filled hole: absorb every block that now touches the in-order data.
            int i = 0;
            while (i < _blocks)
            {
                if (_block[2 * i] <= advance)
                {
                    if (_block[2 * i + 1] > advance)
                    {
                        advance = _block[2 * i + 1];
                    }

                    RemoveBlock(i);
                    i = 0;
                    continue;
                }

                i++;
            }

            for (int j = 0; j < _blocks; j++)
            {
                _block[2 * j] -= advance;
                _block[2 * j + 1] -= advance;
            }

            _count += advance;
            return advance;
        }

        /// <summary>Copies up to <paramref name="length"/> in-order bytes out; returns how many.</summary>
        public int Read(byte[] destination, int offset, int length)
        {
            // Peek + Skip in one body: Receive is on every byte's path (ilops.tcp.byte).
            int n = length < _count ? length : _count;
            RingCopy.FromRing(_buffer, _head, destination, offset, n);

            _head = (_head + n) % _buffer.Length;
            _count -= n;
            // Block offsets are relative to RCV.NXT, which reading does not move: they stay valid.
            return n;
        }

        /// <summary>Copies up to <paramref name="length"/> in-order bytes out and leaves them in the ring; returns how many.</summary>
        public int Peek(byte[] destination, int offset, int length)
        {
            int n = length < _count ? length : _count;
            if (n > 0) RingCopy.FromRing(_buffer, _head, destination, offset, n);
            return n;
        }

        /// <summary>Removes up to <paramref name="length"/> in-order bytes without copying them; returns how many.</summary>
        public int Skip(int length)
        {
            int n = length < _count ? length : _count;
            if (n <= 0) return 0;
            _head = (_head + n) % _buffer.Length;
            _count -= n;
            // Block offsets are relative to RCV.NXT, which reading does not move: they stay valid.
            return n;
        }

        private bool AddBlock(int start, int end)
        {
            // Merge with every overlapping or adjacent block; refuse before touching anything when a new
            // slot is needed and none is free.
            bool touches = false;
            for (int k = 0; k < _blocks; k++)
            {
                if (start <= _block[2 * k + 1] && _block[2 * k] <= end)
                {
                    touches = true;
                }
            }

            if (!touches && _blocks == (_block.Length / 2))
            {
                return false;
            }

            int i = 0;
            while (i < _blocks)
            {
                if (start <= _block[2 * i + 1] && _block[2 * i] <= end)
                {
                    if (_block[2 * i] < start)
                    {
                        start = _block[2 * i];
                    }

                    if (_block[2 * i + 1] > end)
                    {
                        end = _block[2 * i + 1];
                    }

                    RemoveBlock(i);
                    continue;
                }

                i++;
            }

            _block[2 * _blocks] = start;
            _block[2 * _blocks + 1] = end;
            _blocks++;
            return true;
        }

        private void RemoveBlock(int i)
        {
            _blocks--;
            _block[2 * i] = _block[2 * _blocks];
            _block[2 * i + 1] = _block[2 * _blocks + 1];
        }
    }
}
