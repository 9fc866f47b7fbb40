namespace NanoStack.Wire
{
    /// <summary>
    /// The one shape of a packet view (smoltcp's <c>Packet</c>, over <c>byte[]</c> + offset + length since
    /// nanoFramework has neither generics nor Span): one reused object per protocol that names the fields of a
    /// message where they lie, copying nothing. Each view's <c>Parse(buffer, offset, length)</c> starts with
    /// <see cref="Bind"/>, then makes its own checks (length fields, version, options) and answers a
    /// <see cref="WireError"/>; once it answered <see cref="WireError.None"/> no accessor can read outside the
    /// range. A refused buffer leaves <see cref="Length"/> 0. Writing is the other half (smoltcp's <c>Repr</c>):
    /// each view's static <c>Emit</c> writes a message from plain values, so sending needs no view object.
    /// TCP is the one protocol whose parse copies its header out into a plain value (<see cref="TcpPacket"/>):
    /// the socket's receive steps take that value by reference.
    /// </summary>
    public abstract class PacketView
    {
        /// <summary>The array the view reads; the message starts at <see cref="Offset"/>.</summary>
        public byte[] Buffer;
        public int Offset;
        /// <summary>The bytes handed to Parse (a lower layer's padding included); 0 after a refused Parse.</summary>
        public int Length;

        /// <summary>
        /// Binds the view to buffer[offset..offset+length] when that range lies inside the array and holds at least
        /// <paramref name="minimum"/> bytes (the fixed header); otherwise empties the view and answers
        /// <see cref="WireError.Truncated"/>.
        /// </summary>
        protected WireError Bind(byte[] buffer, int offset, int length, int minimum)
        {
            // Fits, written out: every view's parse of every frame runs this (a call less each, issue 13).
            if (buffer == null || offset < 0 || length < minimum || length > buffer.Length - offset)
            {
                Length = 0;
                return WireError.Truncated;
            }
            Buffer = buffer;
            Offset = offset;
            Length = length;
            return WireError.None;
        }

        /// <summary>Empties the view and answers <paramref name="error"/>: one of the view's own checks failed after <see cref="Bind"/>.</summary>
        protected WireError Refuse(WireError error)
        {
            Length = 0;
            return error;
        }

        /// <summary>
        /// True when [offset, offset+length) lies inside the array and is at least <paramref name="minimum"/> bytes
        /// long: the first check of every parse (the views' and <see cref="TcpPacket.TryParse"/>'s).
        /// <paramref name="minimum"/> is a header length, never negative, so it also keeps the length from being negative.
        /// </summary>
        public static bool Fits(byte[] buffer, int offset, int length, int minimum)
        {
            return buffer != null && offset >= 0 && length >= minimum && length <= buffer.Length - offset;
        }
    }
}
