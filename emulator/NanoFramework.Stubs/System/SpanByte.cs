// Stand-in for System.SpanByte (nanoFramework.CoreLibrary 1.17.11, System/SpanByte.cs): a view over a byte[]
// (array + start + length). The host SPI stand-in reads Array/Start directly so that one SpiDevice call hands
// the attached peripheral the underlying array and offset, with no copy — the same zero-copy path the
// ESP32 native driver takes.

namespace System
{
    [CLSCompliant(false)]
    public readonly ref struct SpanByte
    {
        private readonly byte[] _array;
        private readonly int _start;
        private readonly int _length;

        public SpanByte(byte[] array)
        {
            _array = array;
            _start = 0;
            _length = array != null ? array.Length : 0;
        }

        public SpanByte(byte[] array, int start, int length)
        {
            if (array == null)
            {
                if (start != 0 || length != 0) throw new ArgumentOutOfRangeException(nameof(start));
                _array = null;
                _start = 0;
                _length = 0;
                return;
            }

            if (start < 0 || length < 0 || start > array.Length || length > array.Length - start)
            {
                throw new ArgumentOutOfRangeException(nameof(start));
            }

            _array = array;
            _start = start;
            _length = length;
        }

        public byte this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length) throw new ArgumentOutOfRangeException(nameof(index));
                return _array[_start + index];
            }

            set
            {
                if ((uint)index >= (uint)_length) throw new ArgumentOutOfRangeException(nameof(index));
                _array[_start + index] = value;
            }
        }

        public static SpanByte Empty => new SpanByte(null);

        public int Length => _length;

        public bool IsEmpty => _length == 0;

        /// <summary>Host hook (not public on the device): the array this span views.</summary>
        internal byte[] Array => _array;

        /// <summary>Host hook (not public on the device): the offset of element 0 in <see cref="Array"/>.</summary>
        internal int Start => _start;

        public void CopyTo(SpanByte destination)
        {
            if (destination._length < _length) throw new ArgumentException("Destination too short.");
            if (_length > 0) System.Array.Copy(_array, _start, destination._array, destination._start, _length);
        }

        public SpanByte Slice(int start)
        {
            if ((uint)start > (uint)_length) throw new ArgumentOutOfRangeException(nameof(start));
            return new SpanByte(_array, _start + start, _length - start);
        }

        public SpanByte Slice(int start, int length)
        {
            if (start < 0 || length < 0 || start + length > _length) throw new ArgumentOutOfRangeException(nameof(start));
            return new SpanByte(_array, _start + start, length);
        }

        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            if (_length > 0) System.Array.Copy(_array, _start, copy, 0, _length);
            return copy;
        }

        public static implicit operator SpanByte(byte[] array) => new SpanByte(array);
    }
}
