namespace NanoStack.Wire
{
    /// <summary>
    /// The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words.
    /// </summary>
    /// <remarks>
    /// This is the hottest loop on an interpreter, so <see cref="Sum"/> reads 8 bytes per iteration into a
    /// 32-bit accumulator and folds the carries only once at the end (RFC 1071 §2(C) "deferred carries");
    /// a 32-bit accumulator cannot overflow for any frame we handle (65535 bytes adds at most 32767 * 0xFFFF).
    /// </remarks>
    public static class Checksum
    {
        /// <summary>Adds the bytes as big-endian 16-bit words to <paramref name="sum"/> (odd tail padded with zero).</summary>
        public static uint Sum(uint sum, byte[] buffer, int offset, int length)
        {
            int i = offset;
            int end8 = offset + (length & ~7);
            while (i < end8)
            {
                sum += (uint)((buffer[i] << 8) | buffer[i + 1])
                    + (uint)((buffer[i + 2] << 8) | buffer[i + 3])
                    + (uint)((buffer[i + 4] << 8) | buffer[i + 5])
                    + (uint)((buffer[i + 6] << 8) | buffer[i + 7]);
                i += 8;
            }
            int end2 = offset + (length & ~1);
            while (i < end2)
            {
                sum += (uint)((buffer[i] << 8) | buffer[i + 1]);
                i += 2;
            }
            if ((length & 1) != 0)
            {
                sum += (uint)(buffer[i] << 8);
            }
            return sum;
        }

        /// <summary>The TCP/UDP pseudo-header (RFC 768, RFC 9293 §3.1): source, destination, zero, protocol, length.</summary>
        public static uint PseudoHeaderSum(uint source, uint destination, byte protocol, int length)
        {
            return (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF)
                + protocol + (uint)length;
        }

        /// <summary>Folds the carries and complements: the value to store in a checksum field.</summary>
        public static ushort Finish(uint sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        /// <summary>Checksum of a byte range alone (IPv4 header, ICMP message). 0 means "verifies" when the field is included.</summary>
        public static ushort Compute(byte[] buffer, int offset, int length)
        {
            return Finish(Sum(0, buffer, offset, length));
        }
    }
}
