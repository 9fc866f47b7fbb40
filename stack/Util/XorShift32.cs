namespace NanoStack.Util
{
    /// <summary>
    /// Marsaglia's xorshift32 (J. Stat. Soft. 8(14), 2003, triple 13/17/5): a tiny seeded PRNG for ephemeral
    /// ports, IP identifications, ISNs and jitter. Not cryptographic; the platform supplies the seed
    /// (e.g. from the ESP32 hardware RNG) so that tests replay deterministically.
    /// </summary>
    public sealed class XorShift32
    {
        private uint _state;

        public XorShift32(uint seed)
        {
            // Zero is the one fixed point of xorshift; replace it by an arbitrary odd constant.
            _state = seed == 0 ? 0x9E3779B9 : seed;
        }

        public uint Next()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>Uniform-enough value in [0, bound) for small bounds (bound &gt; 0).</summary>
        public int NextInt(int bound)
        {
            return (int)(Next() % (uint)bound);
        }
    }
}
