using NanoStack.Wire;

namespace NanoStack.Tests.Wire
{
    /// <summary>An RFC 1071 reference one's complement sum for tests, independent of Checksum (shared by the Wire and Udp tests).</summary>
    internal static class ReferenceChecksum
    {
        /// <summary>
        /// One's complement sum by the definition of RFC 1071 §1: 16-bit words added one at a time with the carry
        /// wrapped around at once (odd tail padded with zero). It shares no code with <see cref="Checksum"/>, so it
        /// checks the deferred-carry version independently. Returns 0..0xFFFF, not complemented.
        /// </summary>
        internal static int OnesComplementAdd(int sum, byte[] b, int offset, int length)
        {
            for (int i = 0; i < length; i += 2)
            {
                int word = b[offset + i] << 8;
                if (i + 1 < length)
                {
                    word |= b[offset + i + 1];
                }
                sum = OnesComplementAddWord(sum, word);
            }
            return sum;
        }

        internal static int OnesComplementAddWord(int sum, int word)
        {
            sum += word;
            return sum > 0xFFFF ? sum - 0xFFFF : sum;
        }

        internal static ushort OnesComplementChecksum(byte[] b, int offset, int length)
        {
            return (ushort)(~OnesComplementAdd(0, b, offset, length) & 0xFFFF);
        }

        /// <summary>
        /// Writes a 16-bit filler word at data[fillerAt] (an even distance from data[offset]) so that the UDP
        /// one's complement sum over pseudo-header, header (checksum 0) and data is 0xFFFF: the computed checksum is
        /// then 0, which RFC 768 says must be transmitted as all ones.
        /// </summary>
        internal static void FillForZeroUdpChecksum(byte[] data, int offset, int length, int fillerAt, uint source,
            uint destination, ushort sourcePort, ushort destinationPort)
        {
            data[fillerAt] = 0;
            data[fillerAt + 1] = 0;
            int udpLength = 8 + length;
            int sum = 0;
            sum = OnesComplementAddWord(sum, (int)(source >> 16));
            sum = OnesComplementAddWord(sum, (int)(source & 0xFFFF));
            sum = OnesComplementAddWord(sum, (int)(destination >> 16));
            sum = OnesComplementAddWord(sum, (int)(destination & 0xFFFF));
            sum = OnesComplementAddWord(sum, 17);
            sum = OnesComplementAddWord(sum, udpLength);
            sum = OnesComplementAddWord(sum, sourcePort);
            sum = OnesComplementAddWord(sum, destinationPort);
            sum = OnesComplementAddWord(sum, udpLength);
            sum = OnesComplementAdd(sum, data, offset, length);
            int filler = 0xFFFF - sum;
            data[fillerAt] = (byte)(filler >> 8);
            data[fillerAt + 1] = (byte)filler;
        }
    }
}
