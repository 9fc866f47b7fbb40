namespace NanoStack.Wire
{
    /// <summary>Helpers for 6-byte IEEE 802 MAC addresses stored inside byte arrays (no object per address).</summary>
    public static class MacAddress
    {
        public const int Length = 6;

        /// <summary>
        /// Byte by byte, unrolled and last byte first: every received frame is compared with our MAC (twice), the
        /// interpreter pays for each loop index update and bound test (18 IL instructions a byte looped, 12 unrolled),
        /// and two stations' MACs mostly share the leading vendor bytes (IEEE 802 OUI) and differ at the end.
        /// </summary>
        public static bool AreEqual(byte[] a, int aOffset, byte[] b, int bOffset)
        {
            return a[aOffset + 5] == b[bOffset + 5] && a[aOffset + 4] == b[bOffset + 4] && a[aOffset + 3] == b[bOffset + 3]
                && a[aOffset + 2] == b[bOffset + 2] && a[aOffset + 1] == b[bOffset + 1] && a[aOffset] == b[bOffset];
        }

        public static bool IsBroadcast(byte[] buffer, int offset)
        {
            return AllBytesAre(buffer, offset, 0xFF);
        }

        /// <summary>Group bit: least significant bit of the first octet (IEEE 802-2014 §8.2). Broadcast is a group address too.</summary>
        public static bool IsMulticast(byte[] buffer, int offset)
        {
            return (buffer[offset] & 1) != 0;
        }

        public static bool IsZero(byte[] buffer, int offset)
        {
            return AllBytesAre(buffer, offset, 0);
        }

        private static bool AllBytesAre(byte[] buffer, int offset, byte value)
        {
            for (int i = 0; i < 6; i++)
            {
                if (buffer[offset + i] != value)
                {
                    return false;
                }
            }
            return true;
        }

        public static void WriteBroadcast(byte[] buffer, int offset)
        {
            for (int i = 0; i < 6; i++)
            {
                buffer[offset + i] = 0xFF;
            }
        }

        /// <summary>RFC 1112 §6.4: 01-00-5E followed by the low 23 bits of the group address.</summary>
        public static void WriteIpv4Multicast(byte[] buffer, int offset, uint group)
        {
            buffer[offset] = 0x01;
            buffer[offset + 1] = 0x00;
            buffer[offset + 2] = 0x5E;
            buffer[offset + 3] = (byte)((group >> 16) & 0x7F);
            buffer[offset + 4] = (byte)(group >> 8);
            buffer[offset + 5] = (byte)group;
        }

        /// <summary>"aa:bb:cc:dd:ee:ff". Allocates: for logs only.</summary>
        public static string Format(byte[] buffer, int offset)
        {
            string s = "";
            for (int i = 0; i < 6; i++)
            {
                if (i > 0)
                {
                    s += ":";
                }
                s += Hex(buffer[offset + i] >> 4) + Hex(buffer[offset + i] & 0xF);
            }
            return s;
        }

        private static string Hex(int nibble)
        {
            return "0123456789abcdef".Substring(nibble, 1);
        }
    }
}
