namespace NanoStack.Http
{
    /// <summary>Byte-level character classes of RFC 9110 §5.6 (no strings, no allocation).</summary>
    public static class Ascii
    {
        public static byte ToLower(byte b)
        {
            return (b >= 'A' && b <= 'Z') ? (byte)(b + 32) : b;
        }

        /// <summary>tchar = "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.</summary>
        public static bool IsTokenChar(byte b)
        {
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) return true;
            switch (b)
            {
                case (byte)'!':
                case (byte)'#':
                case (byte)'$':
                case (byte)'%':
                case (byte)'&':
                case (byte)'\'':
                case (byte)'*':
                case (byte)'+':
                case (byte)'-':
                case (byte)'.':
                case (byte)'^':
                case (byte)'_':
                case (byte)'`':
                case (byte)'|':
                case (byte)'~':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Compares b[off..off+len) with a lower-case ASCII string, ignoring case in b.</summary>
        public static bool EqualsIgnoreCase(byte[] b, int off, int len, string lower)
        {
            if (len != lower.Length) return false;
            for (int i = 0; i < len; i++)
            {
                if (ToLower(b[off + i]) != (byte)lower[i]) return false;
            }
            return true;
        }

        public static int HexValue(byte b)
        {
            if (b >= '0' && b <= '9') return b - '0';
            if (b >= 'a' && b <= 'f') return b - 'a' + 10;
            if (b >= 'A' && b <= 'F') return b - 'A' + 10;
            return -1;
        }
    }
}
