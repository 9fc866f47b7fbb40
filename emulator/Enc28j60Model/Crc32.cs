namespace NanoStack.Emulator
{
    /// <summary>IEEE 802.3 CRC-32 (polynomial 0x04C11DB7, reflected form 0xEDB88320) used for the FCS and the hash filter.</summary>
    public static class Crc32
    {
        private static uint[] _table;

        private static uint[] Table()
        {
            if (_table != null) return _table;
            uint[] t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            _table = t;
            return t;
        }

        /// <summary>The FCS value of the bytes (transmitted least significant byte first).</summary>
        public static uint Compute(byte[] data, int offset, int length)
        {
            uint[] t = Table();
            uint c = 0xFFFFFFFFu;
            for (int i = 0; i < length; i++) c = t[(c ^ data[offset + i]) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }

        /// <summary>Appends the 4 FCS bytes at data[offset+length].</summary>
        public static void Append(byte[] data, int offset, int length)
        {
            uint fcs = Compute(data, offset, length);
            data[offset + length] = (byte)fcs;
            data[offset + length + 1] = (byte)(fcs >> 8);
            data[offset + length + 2] = (byte)(fcs >> 16);
            data[offset + length + 3] = (byte)(fcs >> 24);
        }

        /// <summary>True when the last 4 bytes are the correct FCS of the bytes before them.</summary>
        public static bool Check(byte[] data, int offset, int lengthWithFcs)
        {
            if (lengthWithFcs < 4) return false;
            int n = lengthWithFcs - 4;
            uint fcs = Compute(data, offset, n);
            return data[offset + n] == (byte)fcs && data[offset + n + 1] == (byte)(fcs >> 8)
                && data[offset + n + 2] == (byte)(fcs >> 16) && data[offset + n + 3] == (byte)(fcs >> 24);
        }

        /// <summary>
        /// Hash-table index (0..63) of a destination address: bits 28:23 of the CRC register run MSB-first over
        /// the address bits taken LSB-first, without final inversion (Microchip SetRXHashTableEntry, docs/enc28j60.md §2.4).
        /// Bits 5:3 select EHT0..7, bits 2:0 the bit inside it.
        /// </summary>
        public static int HashIndex(byte[] address, int offset)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = 0; i < 6; i++)
            {
                int b = address[offset + i];
                for (int k = 0; k < 8; k++)
                {
                    bool top = ((crc >> 31) ^ (uint)(b & 1)) != 0;
                    crc <<= 1;
                    if (top) crc ^= 0x04C11DB7u;
                    b >>= 1;
                }
            }
            return (int)((crc >> 23) & 0x3F);
        }
    }
}
