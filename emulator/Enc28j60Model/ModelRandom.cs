namespace NanoStack.Emulator
{
    /// <summary>
    /// The model's own seeded xorshift32 (Marsaglia 2003): errata with a random component and the garbage
    /// dummy byte are reproducible from the seed, so a failing run can be replayed.
    /// </summary>
    public sealed class ModelRandom
    {
        private uint _state;

        public ModelRandom(uint seed)
        {
            _state = seed == 0 ? 0x2545F491u : seed;
        }

        public uint NextUInt()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>True with the given probability in percent (0..100).</summary>
        public bool Chance(int percent)
        {
            if (percent <= 0) return false;
            if (percent >= 100) return true;
            return (int)(NextUInt() % 100u) < percent;
        }

        /// <summary>A byte that is never 0x00, so a driver reading the dummy slot of a MAC/MII RCR gets visibly wrong data.</summary>
        public byte NonZeroByte()
        {
            byte b = (byte)(NextUInt() >> 24);
            return b == 0 ? (byte)0xA5 : b;
        }
    }
}
