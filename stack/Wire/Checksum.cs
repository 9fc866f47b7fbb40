namespace NanoStack.Wire
{
    /// <summary>
    /// The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words.
    /// </summary>
    /// <remarks>
    /// This is the hottest loop on an interpreter, where every IL instruction costs, so <see cref="Sum"/> loads eight
    /// bytes at a time with <c>BitConverter.ToUInt64</c>, a native call on nanoFramework (the interpreter has no
    /// wider load of its own), and reduces each such word modulo 0xFFFF with one <c>rem.un</c>: about 1.19 IL
    /// instructions and 0.125 native calls per byte (64 bytes a round), against 6.6 instructions for the best byte
    /// loop (even and odd bytes summed apart, 16 a round). A native call would have to cost more than about 35 simple
    /// instructions for the byte loop to win; the README's cost model section gives what we know of a call's price (an
    /// upper bound near that, a device data point at a few; not measured on a device).
    /// <para>
    /// The words are summed in the machine's byte order, which RFC 1071 §2(B) allows: the one's complement sum of
    /// byte-swapped words is the byte-swapped sum, and a swap of a 16-bit sum is a multiplication by 256 modulo
    /// 0xFFFF (2^16 = 1 there), so a little-endian sum is shifted left 8 once at the end. For the same reason a 64-bit
    /// word is congruent modulo 0xFFFF to the sum of its four 16-bit words, so its residue (below 2^16) stands for
    /// them, and 65,535 bytes of residues sum below 2^29 (§2(C) deferred carries); <see cref="Finish"/> folds the
    /// rest. The result is congruent modulo 0xFFFF to the plain sum of big-endian words and is 0 only when every byte
    /// is (residues alone would also give 0 for nonzero words that are multiples of 0xFFFF; <see cref="Sum"/> tells
    /// those apart), so every fold of it, and <see cref="Finish"/>, give what the plain sum gives. It stays below
    /// 2^27 for any datagram.
    /// </para>
    /// </remarks>
    public static class Checksum
    {
        // A little-endian load holds each 16-bit word byte-swapped: the folded sum is swapped back by a shift of 8
        // (every nanoFramework target, ESP32, ESP32-C3 and STM32, is little-endian; a big-endian one shifts by 0).
        private static readonly int SwapShift = System.BitConverter.IsLittleEndian ? 8 : 0;

        /// <summary>Adds the bytes as big-endian 16-bit words to <paramref name="sum"/> (odd tail padded with zero).</summary>
        public static uint Sum(uint sum, byte[] buffer, int offset, int length)
        {
            // Each 64-bit word enters reduced modulo 0xFFFF: with 2^16 = 1 there, a word's residue is that of its four
            // 16-bit words' sum, and one rem.un costs the interpreter one instruction where splitting the word into
            // halves costs seven (and a local). Terms stay below 2^16, so 65,535 bytes sum below 2^29.
            ulong m = 0xFFFF; // a local: Roslyn writes the constant as ldc.i4 + conv.i8, two instructions a word
            ulong acc = 0;
            int i = offset;
            int end = offset + (length & ~63);
            while (i < end)
            {
                acc += System.BitConverter.ToUInt64(buffer, i) % m
                    + System.BitConverter.ToUInt64(buffer, i + 8) % m
                    + System.BitConverter.ToUInt64(buffer, i + 16) % m
                    + System.BitConverter.ToUInt64(buffer, i + 24) % m
                    + System.BitConverter.ToUInt64(buffer, i + 32) % m
                    + System.BitConverter.ToUInt64(buffer, i + 40) % m
                    + System.BitConverter.ToUInt64(buffer, i + 48) % m
                    + System.BitConverter.ToUInt64(buffer, i + 56) % m;
                i += 64;
            }
            end = offset + (length & ~7);
            while (i < end)
            {
                acc += System.BitConverter.ToUInt64(buffer, i) % m;
                i += 8;
            }
            if (acc == 0 && AnyWordSet(buffer, offset, end))
            {
                // Every word was a multiple of 0xFFFF without every byte being zero (FF FF 00 00 ..., all FF): the
                // one's complement sum is then 0xFFFF, "negative zero", not 0 (RFC 1071 §1): a message that verifies
                // (sums to 0xFFFF) must not be taken for one whose words are all zero.
                acc = 0xFFFF;
            }
            if ((length & 4) != 0)
            {
                acc += System.BitConverter.ToUInt32(buffer, i);
                i += 4;
            }
            // The last 0-3 bytes as big-endian words, apart from the machine-order sum.
            uint tail = 0;
            if ((length & 2) != 0)
            {
                tail = (uint)((buffer[i] << 8) | buffer[i + 1]);
                i += 2;
            }
            if ((length & 1) != 0)
            {
                tail += (uint)(buffer[i] << 8);
            }
            acc = (acc >> 32) + (uint)acc; // below 2^33
            uint folded = (uint)(acc >> 16) + ((uint)acc & 0xFFFF); // below 2^18, 0 only if acc was
            return sum + (folded << SwapShift) + tail;
        }

        /// <summary>Whether any of the 8-byte words from <paramref name="offset"/> up to <paramref name="end"/> is not
        /// zero; <see cref="Sum"/> asks only when every word's residue was 0, which all-zero data gives.</summary>
        private static bool AnyWordSet(byte[] buffer, int offset, int end)
        {
            for (int i = offset; i < end; i += 8)
            {
                if (System.BitConverter.ToUInt64(buffer, i) != 0)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// The sum of a 20-byte IPv4 header (RFC 791 §3.1, no options), straight-line: the same value as
        /// <see cref="Sum"/>(0, buffer, offset, 20) without the loops' index and bound bookkeeping (every IPv4
        /// datagram received is verified, RFC 1122 §3.2.1.2).
        /// </summary>
        public static uint SumHeader20(byte[] b, int o)
        {
            ulong acc = System.BitConverter.ToUInt64(b, o) % 0xFFFF + System.BitConverter.ToUInt64(b, o + 8) % 0xFFFF;
            if (acc == 0 && AnyWordSet(b, o, o + 16))
            {
                acc = 0xFFFF; // as in Sum: nonzero words that are multiples of 0xFFFF sum to 0xFFFF, not 0
            }
            acc += System.BitConverter.ToUInt32(b, o + 16);
            // Sum's fold, written out rather than called (a call per received datagram costs on the interpreter);
            // ChecksumTests.StraightLineHeaderSumEqualsTheLoopedSum holds the two to the same value.
            acc = (acc >> 32) + (uint)acc;
            uint folded = (uint)(acc >> 16) + ((uint)acc & 0xFFFF);
            return folded << SwapShift;
        }

        /// <summary>
        /// RFC 1624 eqn. 3, incremental update: the checksum <paramref name="checksum"/> of a message in which one
        /// 16-bit word changes from <paramref name="oldWord"/> to <paramref name="newWord"/> becomes
        /// ~(~HC + ~m + m'), without summing the message again. Like the RFC's equation it never gives 0xFFFF: when the
        /// new message's sum folds to 0xFFFF it gives 0x0000, which a from-scratch sum gives too unless every word of
        /// the new message is zero (then <see cref="Compute"/> gives 0xFFFF; the caller that can meet an all-zero
        /// message checks for it, see Interface.ReceiveIcmp).
        /// </summary>
        public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
        {
            uint sum = (uint)(ushort)~checksum + (uint)(ushort)~oldWord + newWord;
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
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
