namespace NanoStack.Http
{
    /// <summary>
    /// Writes ASCII text, numbers and addresses into a fixed byte range without allocating. When the range is
    /// full, further writes are dropped and <see cref="Overflow"/> is set, so a caller checks once at the end.
    /// </summary>
    /// <remarks>
    /// In sink mode (<see cref="Attach(byte[], int, int, IByteSink)"/>) the range is a small staging buffer that is
    /// emptied into the sink whenever it fills, so text of any length streams through a few hundred bytes; with a
    /// counting sink the same rendering code measures a response before it is sent.
    /// </remarks>
    public sealed class AsciiWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _limit;

        private IByteSink _sink;
        private long _flushed;

        public int Position;
        public bool Overflow;

        public byte[] Buffer { get { return _buffer; } }
        public int Start { get { return _start; } }
        public int Length { get { return Position - _start; } }

        /// <summary>Everything written since Attach, including what was already emptied into the sink.</summary>
        public long Total { get { return _flushed + Position - _start; } }

        public void Attach(byte[] buffer, int start, int limit)
        {
            Attach(buffer, start, limit, null);
        }

        /// <summary>Sink mode: <paramref name="buffer"/>[start..limit) stages bytes for <paramref name="sink"/> (null = fixed range).</summary>
        public void Attach(byte[] buffer, int start, int limit, IByteSink sink)
        {
            _buffer = buffer;
            _start = start;
            _limit = limit;
            _sink = sink;
            _flushed = 0;
            Position = start;
            Overflow = false;
        }

        /// <summary>Empties the staging buffer into the sink (sink mode; nothing otherwise).</summary>
        public void Flush()
        {
            if (_sink == null || Position == _start) return;
            _sink.Write(_buffer, _start, Position - _start);
            _flushed += Position - _start;
            Position = _start;
        }

        /// <summary>True when <paramref name="n"/> more bytes fit, after emptying the stage into the sink if needed.</summary>
        private bool Room(int n)
        {
            if (Position + n <= _limit) return true;
            if (_sink == null || n > _limit - _start) { Overflow = true; return false; }
            Flush();
            return true;
        }

        public AsciiWriter Write(string text)
        {
            int n = text.Length;
            if (Position + n > _limit)
            {
                if (_sink == null) { Overflow = true; return this; }
                // Sink mode: a text longer than the stage goes through it in pieces.
                int done = 0;
                while (done < n)
                {
                    if (Position == _limit) Flush();
                    int k = n - done;
                    if (k > _limit - Position) k = _limit - Position;
                    for (int i = 0; i < k; i++) _buffer[Position + i] = (byte)text[done + i];
                    Position += k;
                    done += k;
                }
                return this;
            }
            // The buffer and position in locals: two field loads a character fewer on the interpreter (the response
            // head is written a character at a time; this mscorlib has no Encoding to copy a string's bytes at once).
            byte[] buffer = _buffer;
            int at = Position;
            for (int i = 0; i < n; i++) buffer[at + i] = (byte)text[i];
            Position = at + n;
            return this;
        }

        public AsciiWriter WriteByte(byte b)
        {
            if (Position >= _limit && !Room(1)) return this;
            _buffer[Position++] = b;
            return this;
        }

        public AsciiWriter WriteBytes(byte[] source, int offset, int count)
        {
            if (Position + count > _limit && !Room(count)) return this;
            System.Array.Copy(source, offset, _buffer, Position, count);
            Position += count;
            return this;
        }

        public AsciiWriter WriteDecimal(long value)
        {
            if (value < 0)
            {
                WriteByte((byte)'-');
                if (value == long.MinValue) return Write("9223372036854775808");
                value = -value;
            }
            // Counted first, then written from the last digit back: no digit buffer (each is heap on the device).
            int n = 1;
            for (long v = value; v >= 10; v /= 10) n++;
            if (Position + n > _limit && !Room(n)) return this;
            for (int i = Position + n - 1; i >= Position; i--)
            {
                _buffer[i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            Position += n;
            return this;
        }

        /// <summary>Upper-case hexadecimal, zero-padded to <paramref name="width"/> digits (at least one, at most 20).</summary>
        public AsciiWriter WriteHex(uint value, int width)
        {
            int n = 1;
            for (uint v = value; v >= 16; v >>= 4) n++;
            if (width > 20) width = 20;
            if (n < width) n = width;
            if (Position + n > _limit && !Room(n)) return this;
            for (int i = Position + n - 1; i >= Position; i--)
            {
                int d = (int)(value & 0xF);
                _buffer[i] = (byte)(d < 10 ? '0' + d : 'A' + d - 10);
                value >>= 4;
            }
            Position += n;
            return this;
        }

        /// <summary>Dotted quad of a host-order IPv4 address.</summary>
        public AsciiWriter WriteIpv4(uint address)
        {
            WriteDecimal((address >> 24) & 0xFF).WriteByte((byte)'.');
            WriteDecimal((address >> 16) & 0xFF).WriteByte((byte)'.');
            WriteDecimal((address >> 8) & 0xFF).WriteByte((byte)'.');
            return WriteDecimal(address & 0xFF);
        }

        /// <summary>MAC as xx:xx:xx:xx:xx:xx (lower-case hex).</summary>
        public AsciiWriter WriteMac(byte[] mac, int offset)
        {
            for (int i = 0; i < 6; i++)
            {
                if (i > 0) WriteByte((byte)':');
                int hi = mac[offset + i] >> 4;
                int lo = mac[offset + i] & 0xF;
                WriteByte((byte)(hi < 10 ? '0' + hi : 'a' + hi - 10));
                WriteByte((byte)(lo < 10 ? '0' + lo : 'a' + lo - 10));
            }
            return this;
        }

        /// <summary>Text with &amp; &lt; &gt; &quot; escaped, for HTML element content and attributes.</summary>
        public AsciiWriter WriteHtml(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '&') Write("&amp;");
                else if (c == '<') Write("&lt;");
                else if (c == '>') Write("&gt;");
                else if (c == '"') Write("&quot;");
                else WriteByte(c < 128 ? (byte)c : (byte)'?');
            }
            return this;
        }
    }
}
