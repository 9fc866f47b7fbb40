namespace NanoStack.Emulator
{
    /// <summary>
    /// The checksum of the DMA engine and the pattern-match filter (DS §13.2): big-endian 16-bit words, an odd
    /// trailing byte padded with 0x00, one's-complement sum with end-around carry, result complemented.
    /// </summary>
    public sealed class InternetChecksum
    {
        private uint _sum;
        private bool _odd;

        public void Reset()
        {
            _sum = 0;
            _odd = false;
        }

        public void Add(byte b)
        {
            _sum += _odd ? b : (uint)(b << 8);
            _odd = !_odd;
        }

        /// <summary>The complemented folded sum as EDMACS/EPMCS would hold it.</summary>
        public int Result
        {
            get
            {
                uint s = _sum;
                while ((s >> 16) != 0) s = (s & 0xFFFF) + (s >> 16);
                return (int)(~s & 0xFFFF);
            }
        }
    }
}
