namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// Wrap-safe comparison of 32-bit sequence numbers (RFC 9293 §3.4: arithmetic is modulo 2^32).
    /// a &lt; b means b is ahead of a by less than 2^31.
    /// </summary>
    public static class SeqNum
    {
        public static bool Lt(uint a, uint b) { return (int)(a - b) < 0; }

        public static bool Le(uint a, uint b) { return (int)(a - b) <= 0; }

        public static bool Gt(uint a, uint b) { return (int)(a - b) > 0; }

        public static bool Ge(uint a, uint b) { return (int)(a - b) >= 0; }

        /// <summary>Signed distance b - a.</summary>
        public static int Diff(uint from, uint to) { return (int)(to - from); }

        /// <summary>low &lt;= x &lt; low + length (an empty range contains nothing).</summary>
        public static bool InWindow(uint x, uint low, int length)
        {
            return (uint)(x - low) < (uint)length;
        }
    }
}
