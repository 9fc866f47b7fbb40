namespace NanoStack.Wire
{
    /// <summary>
    /// Domain names in DNS messages (RFC 1035 §3.1, §4.1.4). A name is a run of labels (length byte 1..63, then
    /// the bytes) ended by a zero byte, or by a compression pointer (two bytes, top bits 11) to another name in
    /// the same message. Untrusted input can make pointers loop or leave the message; every walk here is bounded
    /// by <see cref="MaxPointers"/> jumps and the 255-byte name limit, and checks every index against the message
    /// end, so no input can throw or loop.
    /// </summary>
    public static class DnsName
    {
        public const int MaxLength = 255;   // RFC 1035 §3.1, in wire form
        public const int MaxPointers = 32;  // more jumps than any sane message needs; stops loops

        /// <summary>
        /// Checks the name starting at <paramref name="position"/> in the message buffer[start..end) and returns the
        /// position just after it in the record (after the terminating zero or the first pointer), or -1 when it is
        /// malformed (out of bounds, pointer loop, reserved label type, too long).
        /// </summary>
        public static int Skip(byte[] buffer, int start, int end, int position)
        {
            int length;
            return Walk(buffer, start, end, position, null, 0, 0, out length);
        }

        /// <summary>
        /// Copies the name at <paramref name="position"/>, decompressed, in wire form into
        /// destination[destinationOffset..+capacity]. Returns the wire length (including the final zero) or -1 when
        /// the name is malformed or does not fit.
        /// </summary>
        public static int Read(byte[] buffer, int start, int end, int position, byte[] destination, int destinationOffset, int capacity)
        {
            int length;
            int after = Walk(buffer, start, end, position, destination, destinationOffset, capacity, out length);
            return after < 0 ? -1 : length;
        }

        private static int Walk(byte[] buffer, int start, int end, int position, byte[] destination, int destinationOffset, int capacity, out int length)
        {
            int p = position;
            int after = -1;       // position after the name in the record being parsed
            int jumps = 0;
            length = 0;           // wire length of the decompressed name so far
            while (true)
            {
                if (p < start || p >= end) return -1;
                int b = buffer[p];
                if (b == 0)
                {
                    length++;
                    if (length > MaxLength) return -1;
                    if (destination != null)
                    {
                        if (length > capacity) return -1;
                        destination[destinationOffset + length - 1] = 0;
                    }
                    if (after < 0) after = p + 1;
                    return after;
                }
                if ((b & 0xC0) == 0xC0)
                {
                    if (p + 1 >= end) return -1;
                    if (after < 0) after = p + 2;
                    if (++jumps > MaxPointers) return -1;
                    p = start + (((b & 0x3F) << 8) | buffer[p + 1]);
                    continue;
                }
                if ((b & 0xC0) != 0) return -1; // 01 and 10: extended/reserved label types (RFC 6891 §5)
                if (p + 1 + b > end) return -1;
                if (length + 1 + b + 1 > MaxLength) return -1;
                if (destination != null)
                {
                    if (length + 1 + b > capacity) return -1;
                    for (int i = 0; i <= b; i++) destination[destinationOffset + length + i] = buffer[p + i];
                }
                length += 1 + b;
                p += 1 + b;
            }
        }

        /// <summary>
        /// True when the (possibly compressed) name at <paramref name="position"/> equals <paramref name="name"/>,
        /// an uncompressed wire-form name, ignoring ASCII case (RFC 4343). False for malformed names.
        /// </summary>
        public static bool Matches(byte[] buffer, int start, int end, int position, byte[] name, int nameOffset)
        {
            int p = position;
            int q = nameOffset;
            int jumps = 0;
            while (true)
            {
                if (p < start || p >= end || q >= name.Length) return false;
                int b = buffer[p];
                if ((b & 0xC0) == 0xC0)
                {
                    if (p + 1 >= end || ++jumps > MaxPointers) return false;
                    p = start + (((b & 0x3F) << 8) | buffer[p + 1]);
                    continue;
                }
                if ((b & 0xC0) != 0) return false;
                if (name[q] != b) return false;
                if (b == 0) return true;
                if (p + 1 + b > end || q + 1 + b > name.Length) return false;
                for (int i = 1; i <= b; i++)
                {
                    if (Lower(buffer[p + i]) != Lower(name[q + i])) return false;
                }
                p += 1 + b;
                q += 1 + b;
                if (q - nameOffset > MaxLength) return false;
            }
        }

        /// <summary>ASCII lower case; DNS compares names case-insensitively (RFC 4343 §3).</summary>
        public static byte Lower(byte c)
        {
            return (c >= (byte)'A' && c <= (byte)'Z') ? (byte)(c + 32) : c;
        }

        /// <summary>
        /// Encodes a dotted name ("nanostack.local") in wire form into destination[offset..]; returns the wire length
        /// or -1 when a label is empty or longer than 63 bytes, or the name exceeds 255 bytes or the destination.
        /// For start-up use (names from configuration); characters are taken as ASCII.
        /// </summary>
        public static int Encode(string dotted, byte[] destination, int offset)
        {
            int n = dotted.Length;
            if (n == 0 || n + 2 > MaxLength || offset + n + 2 > destination.Length) return -1;
            int lengthAt = offset;
            int w = offset + 1;
            int labelLength = 0;
            for (int i = 0; i < n; i++)
            {
                char c = dotted[i];
                if (c == '.')
                {
                    if (labelLength == 0 || labelLength > 63) return -1;
                    destination[lengthAt] = (byte)labelLength;
                    lengthAt = w++;
                    labelLength = 0;
                    continue;
                }
                destination[w++] = (byte)c;
                labelLength++;
            }
            if (labelLength == 0 || labelLength > 63) return -1;
            destination[lengthAt] = (byte)labelLength;
            destination[w++] = 0;
            return w - offset;
        }
    }
}
