namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// The receive hash filter (DS §8.3, docs/enc28j60.md §2.4): CRC-32 (polynomial 0x04C11DB7, register shifted
    /// MSb-first, data bits fed LSb-first, as the Ethernet FCS) over the destination address; CRC bits 28:26
    /// pick EHT0..EHT7 and bits 25:23 the bit within it — the Microchip TCP/IP stack's SetRXHashTableEntry.
    /// </summary>
    public static class MulticastHash
    {
        /// <summary>Returns the 6-bit hash-table index (0..63) of a 6-byte MAC address.</summary>
        public static int Index(byte[] mac, int offset)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < 6; i++)
            {
                int b = mac[offset + i];
                for (int bit = 0; bit < 8; bit++)
                {
                    uint next = ((crc >> 31) ^ (uint)(b & 1)) & 1;
                    crc <<= 1;
                    if (next != 0)
                    {
                        crc ^= 0x04C11DB7;
                    }

                    b >>= 1;
                }
            }

            return (int)((crc >> 23) & 0x3F);
        }
    }
}
