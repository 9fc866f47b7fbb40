namespace NanoStack.Wire
{
    /// <summary>Why a view refused a buffer. Views report it; the interface turns it into a drop reason.</summary>
    public enum WireError
    {
        None = 0,
        /// <summary>Fewer bytes than the fixed header, or a range outside the array.</summary>
        Truncated,
        /// <summary>IPv4 version field is not 4.</summary>
        BadVersion,
        /// <summary>IPv4 IHL below 5 or beyond the bytes present.</summary>
        BadHeaderLength,
        /// <summary>A length field (IPv4 total length, UDP length) smaller than the header or beyond the bytes present.</summary>
        BadLength,
    }

    internal static class Bounds
    {
        /// <summary>True when [offset, offset+length) lies inside the array; guards every view's Parse.</summary>
        public static bool Fits(byte[] buffer, int offset, int length)
        {
            return buffer != null && offset >= 0 && length >= 0 && length <= buffer.Length - offset;
        }
    }
}
