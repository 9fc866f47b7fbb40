using nanoFramework.TestFramework;
using NanoStack.Wire;

namespace NanoStack.Tests.Wire
{
    [TestClass]
    public class ChecksumTests
    {
        [TestMethod]
        public void Rfc1071NumericalExampleSumsTo0xDDF2()
        {
            // RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum (one's complement) to dd f2.
            byte[] b = new byte[] { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
            Assert.AreEqual((ushort)0x220D, Checksum.Compute(b, 0, 8));
        }

        [TestMethod]
        public void OddLengthPadsTheLastByteWithZero()
        {
            byte[] odd = new byte[] { 0x12, 0x34, 0x56 };
            byte[] padded = new byte[] { 0x12, 0x34, 0x56, 0x00 };
            Assert.AreEqual(Checksum.Compute(padded, 0, 4), Checksum.Compute(odd, 0, 3));
        }

        [TestMethod]
        public void EightByteUnrolledLoopAgreesWithWordByWordSum()
        {
            byte[] b = new byte[77];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (byte)(i * 31 + 7);
            }
            for (int length = 0; length < 70; length++)
            {
                uint sum = 0;
                for (int i = 0; i + 1 < length; i += 2)
                {
                    sum += (uint)((b[3 + i] << 8) | b[4 + i]);
                }
                if ((length & 1) != 0)
                {
                    sum += (uint)(b[3 + length - 1] << 8);
                }
                Assert.AreEqual(Checksum.Finish(sum), Checksum.Compute(b, 3, length));
            }
        }

        [TestMethod]
        public void EveryLengthAtEveryAlignmentAgreesWithTheWordByWordReference()
        {
            // Sum loads 8 bytes at a time in the machine's byte order, then 4, then 2 and 1 as big-endian words: every
            // length mod 32 and every start offset mod 8 (unaligned loads) takes a different mix of those paths. Random
            // bytes and all-ones bytes (every fold carries) both.
            byte[] b = new byte[120];
            uint x = 0x2545F491;
            for (int fill = 0; fill < 2; fill++)
            {
                for (int i = 0; i < b.Length; i++)
                {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    b[i] = fill == 0 ? (byte)x : (byte)0xFF;
                }
                for (int offset = 0; offset < 8; offset++)
                {
                    for (int length = 0; length <= 100; length++)
                    {
                        ushort expected = ReferenceChecksum.OnesComplementChecksum(b, offset, length);
                        Assert.AreEqual(expected, Checksum.Compute(b, offset, length),
                            "offset " + offset.ToString() + ", length " + length.ToString());
                    }
                }
            }
        }

        [TestMethod]
        public void SumAddsToTheSumItIsGivenAndSeesOnlyItsRange()
        {
            // Bytes just outside the range must not count; the sum passed in (a pseudo-header) adds as one more word.
            byte[] b = new byte[] { 0xEE, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x11, 0x22, 0x33, 0x44, 0xEE };
            ushort expected = (ushort)~ReferenceChecksum.OnesComplementAddWord(
                ReferenceChecksum.OnesComplementAdd(0, b, 1, 12), 0x0A0B);
            Assert.AreEqual(expected, Checksum.Finish(Checksum.Sum(0x0A0B, b, 1, 12)));
            Assert.AreEqual((ushort)0xFFFF, Checksum.Compute(b, 1, 0), "an empty range sums to 0");
        }

        [TestMethod]
        public void CarryOutOfTheFirstFoldIsFoldedAgainRfc1071()
        {
            // RFC 1071 §2(B) end-around carry: FFFF + FFFF + FFFF + 0002 = 0x2FFFF; one fold gives 0x10001, which
            // carries again; the second fold gives 0x0002, complemented 0xFFFD (one fold only would give 0xFFFE).
            byte[] eight = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x02 };
            Assert.AreEqual((ushort)0xFFFD, Checksum.Compute(eight, 0, 8));
            Assert.AreEqual((ushort)0xFFFD, ReferenceChecksum.OnesComplementChecksum(eight, 0, 8));
            // 16 x FF through the 8-byte loop, 00 03 through the word loop: 0x7FFFB -> 0x10002 -> 0x0003 -> 0xFFFC.
            byte[] eighteen = new byte[18];
            for (int i = 0; i < 16; i++)
            {
                eighteen[i] = 0xFF;
            }
            eighteen[17] = 0x03;
            Assert.AreEqual((ushort)0xFFFC, Checksum.Compute(eighteen, 0, 18));
            Assert.AreEqual((ushort)0xFFFC, ReferenceChecksum.OnesComplementChecksum(eighteen, 0, 18));
            Assert.AreEqual((ushort)0xFFFD, Checksum.Finish(0x0002FFFF));
            // The largest accumulator: 0xFFFFFFFF -> 0x1FFFE -> 0xFFFF, complemented 0 (one fold: 0x0001).
            Assert.AreEqual((ushort)0, Checksum.Finish(0xFFFFFFFF));
        }

        [TestMethod]
        public void SumsThatCarryTwiceAgreeWithWordByWordEndAroundCarry()
        {
            // FFFF words with a word 0001 or 0002 every eighth word: m FFFF words plus small words adding up to t
            // (0 < t < m) sum to (m - 1) * 0x10000 + (0x10000 + t - m), whose first fold 0xFFFF + t carries again.
            // That holds for 28 of the 62 lengths below; the others (odd tails, no small word yet) fold once.
            byte[] b = new byte[64];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = 0xFF;
                if (i % 16 == 13)
                {
                    b[i] = 0;
                }
                else if (i % 16 == 14)
                {
                    b[i] = (byte)(1 + (i / 16) % 2);
                }
            }
            for (int length = 0; length <= 61; length++)
            {
                Assert.AreEqual(ReferenceChecksum.OnesComplementChecksum(b, 3, length), Checksum.Compute(b, 3, length));
            }
        }

        [TestMethod]
        public void IcmpEmitFoldsACarryingSumTwice()
        {
            // 0800 + 0000 + 4 x FFFF + F803 = 0x4FFFF -> 0x10003 -> 0x0004: the checksum field must be FFFB.
            byte[] m = new byte[] { 0, 0, 0xAA, 0x55, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xF8, 0x03 };
            Icmpv4Packet.Emit(m, 0, m.Length, Icmpv4Packet.TypeEchoRequest, 0, 0xFFFFFFFF);
            Assert.AreEqual((byte)0xFF, m[2]);
            Assert.AreEqual((byte)0xFB, m[3]);
            // The receiver's view: the sum over the message, checksum included, is 0xFFFF.
            Assert.AreEqual((ushort)0, ReferenceChecksum.OnesComplementChecksum(m, 0, m.Length));
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(m, 0, m.Length);
            Assert.IsTrue(icmp.VerifyChecksum());
        }

        [TestMethod]
        public void EchoWhoseWordsSumToAMultipleOf0xFFFFVerifies()
        {
            // An echo request with identifier 0, sequence 0 and no data: 0800 + F7FF = FFFF, so its only 8-byte word
            // is a multiple of 0xFFFF. Its one's complement sum is FFFF ("negative zero", RFC 1071 §1), which
            // verifies; a sum taken modulo 0xFFFF without care would say 0 and drop a valid ping.
            byte[] m = new byte[] { 0x08, 0x00, 0xF7, 0xFF, 0x00, 0x00, 0x00, 0x00 };
            Assert.AreEqual((ushort)0, ReferenceChecksum.OnesComplementChecksum(m, 0, m.Length));
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(m, 0, m.Length);
            Assert.IsTrue(icmp.VerifyChecksum());
            Assert.AreEqual((ushort)0, Checksum.Compute(m, 0, m.Length));
            // Emit writes the same field: the checksum of 08 00 00 00 00 00 00 00 is F7FF.
            m[2] = 0;
            m[3] = 0;
            Icmpv4Packet.Emit(m, 0, m.Length, Icmpv4Packet.TypeEchoRequest, 0, 0);
            Assert.AreEqual((byte)0xF7, m[2]);
            Assert.AreEqual((byte)0xFF, m[3]);
            // All-zero words alone stay zero: the sum of nothing but zero bytes is 0, its checksum FFFF.
            Assert.AreEqual((ushort)0xFFFF, Checksum.Compute(new byte[64], 0, 64));
            Assert.AreEqual((uint)0, Checksum.Sum(0, new byte[72], 0, 72));
        }

        [TestMethod]
        public void IcmpVerifyHoldsUpToTheLargestDatagram()
        {
            // A 65,515-byte message of 0xFF words (a reassembled ping at the IPv4 limit): the deferred sum comes close
            // to 2^31, and two folds must still leave 16 bits; a single flipped bit must fail.
            byte[] m = new byte[65515];
            for (int i = 0; i < m.Length; i++)
            {
                m[i] = 0xFF;
            }
            m[0] = Icmpv4Packet.TypeEchoRequest;
            m[1] = 0;
            m[2] = 0;
            m[3] = 0;
            ushort c = Checksum.Compute(m, 0, m.Length);
            m[2] = (byte)(c >> 8);
            m[3] = (byte)c;
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(m, 0, m.Length);
            Assert.IsTrue(icmp.VerifyChecksum());
            m[40000] ^= 0x10;
            Assert.IsFalse(icmp.VerifyChecksum());
        }

        [TestMethod]
        public void CapturedLinuxIpv4HeaderVerifies()
        {
            Assert.AreEqual((ushort)0, Checksum.Compute(CapturedFrames.EchoRequest, 14, 20));
        }

        [TestMethod]
        public void CapturedLinuxUdpDatagramVerifiesWithPseudoHeader()
        {
            byte[] f = CapturedFrames.UdpHello;
            uint sum = Checksum.PseudoHeaderSum(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 17, 23);
            Assert.AreEqual((ushort)0, Checksum.Finish(Checksum.Sum(sum, f, 34, 23)));
        }

        [TestMethod]
        public void IncrementalUpdateFollowsTheRfc1624Example()
        {
            // RFC 1624 §4: HC = 0xDD2F, a word changes from 0x5555 to 0x3285; eqn. 3 gives 0x0000 (eqn. 2 gave 0xFFFF).
            Assert.AreEqual((ushort)0x0000, Checksum.Update(0xDD2F, 0x5555, 0x3285));
        }

        [TestMethod]
        public void IncrementalUpdateAgreesWithSummingAgain()
        {
            // Messages of 2..40 bytes; the first word changes to every value of a sweep; the updated checksum is the
            // one the reference sum of the changed message gives (never its other form, except an all-zero message).
            byte[] m = new byte[40];
            for (int length = 2; length <= 40; length += 2)
            {
                for (int i = 0; i < m.Length; i++)
                {
                    m[i] = (byte)(i * 37 + length);
                }
                for (int w = 0; w < 0x10000; w += 0x0FFF)
                {
                    ushort before = ReferenceChecksum.OnesComplementChecksum(m, 0, length);
                    ushort old = (ushort)((m[0] << 8) | m[1]);
                    ushort updated = Checksum.Update(before, old, (ushort)w);
                    m[0] = (byte)(w >> 8);
                    m[1] = (byte)w;
                    bool allZero = true;
                    for (int i = 0; i < length; i++)
                    {
                        allZero &= m[i] == 0;
                    }
                    // An all-zero message sums to 0 (checksum 0xFFFF); eqn. 3 gives 0x0000 there, its caller's case.
                    Assert.AreEqual(allZero ? (ushort)0 : ReferenceChecksum.OnesComplementChecksum(m, 0, length), updated);
                }
            }
        }

        [TestMethod]
        public void IncrementalUpdateFoldsTheCarryOfTheCarry()
        {
            // RFC 1071 §2(C): a carry can itself carry. HC 0x0000 (the message sums to 0xFFFF) and a zero word becoming
            // 0x0001: ~HC + ~m + m' = 0xFFFF + 0xFFFF + 1 = 0x1FFFF, one fold gives 0x10000, the second 0x0001;
            // the new message sums to 0x0001, so its checksum is 0xFFFE.
            Assert.AreEqual((ushort)0xFFFE, Checksum.Update(0x0000, 0x0000, 0x0001));
        }

        [TestMethod]
        public void Ipv4EmitFoldsTheCarryOfTheCarry()
        {
            // Header words that sum to 0x6FFFA: one fold gives 0x10000, which needs the second fold (RFC 1071 §2(C)) to
            // become 0x0001; checksum 0xFFFE. All-ones addresses, TTL 255, protocol 255, identification 0xFFFF and a
            // total length of 47,872 reach it.
            byte[] h = new byte[20];
            Ipv4Packet.Emit(h, 0, 0xFFFFFFFF, 0xFFFFFFFF, 255, 47852, 0xFFFF, 255, false, false, 0);
            Assert.AreEqual((byte)0xFF, h[10]);
            Assert.AreEqual((byte)0xFE, h[11]);
            h[10] = 0;
            h[11] = 0;
            Assert.AreEqual((ushort)0xFFFE, ReferenceChecksum.OnesComplementChecksum(h, 0, 20));
        }

        [TestMethod]
        public void StraightLineHeaderSumEqualsTheLoopedSum()
        {
            byte[] b = new byte[26];
            for (int seed = 0; seed < 20; seed++)
            {
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = (byte)(seed * 251 + i * 97 + (i >> 2) * seed);
                }
                Assert.AreEqual(Checksum.Sum(0, b, 3, 20), Checksum.SumHeader20(b, 3));
            }
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = 0xFF;
            }
            Assert.AreEqual(Checksum.Sum(0, b, 5, 20), Checksum.SumHeader20(b, 5));
        }

        [TestMethod]
        public void Ipv4EmitWritesTheChecksumASumOverTheWrittenHeaderGives()
        {
            // Emit adds the header's words as values; the field must equal RFC 1071 over the bytes it wrote, for
            // addresses and fields that carry (all-ones words) and for fragments and DF.
            uint[] addresses = { 0xC0000201, 0xFFFFFFFF, 0x0A000001, 0xE00000FB, 0 };
            byte[] h = new byte[24];
            for (int i = 0; i < addresses.Length; i++)
            {
                for (int j = 0; j < addresses.Length; j++)
                {
                    Ipv4Packet.Emit(h, 2, addresses[i], addresses[j], (byte)(i * 7 + j), 65515 - i * 1000 - j, (ushort)(0xFFFF - i * j * 811),
                        (byte)(255 - j), i == 1, j == 2, (i * 1000 + j * 8) & ~7);
                    ushort field = (ushort)((h[12] << 8) | h[13]);
                    h[12] = 0;
                    h[13] = 0;
                    Assert.AreEqual(ReferenceChecksum.OnesComplementChecksum(h, 2, 20), field);
                    h[12] = (byte)(field >> 8);
                    h[13] = (byte)field;
                    Ipv4Packet ip = new Ipv4Packet();
                    ip.Buffer = h; // the view alone: the total length written is beyond this 20-byte header
                    ip.Offset = 2;
                    Assert.IsTrue(ip.VerifyChecksum());
                }
            }
        }

        [TestMethod]
        public void Ipv4VerifyChecksStraightLineAndOptionHeadersAlike()
        {
            // A 20-byte header (straight-line sum) and a 24-byte one with options (looped sum): each verifies, and
            // each fails with any single bit flipped.
            byte[] h = new byte[24];
            Ipv4Packet.Emit(h, 0, 0xC0000201, 0xC0000202, 1, 4, 0x1234, 64, true, false, 0);
            byte[] o = new byte[28];
            System.Array.Copy(h, 0, o, 0, 20);
            o[0] = 0x46;
            o[3] = 28;
            o[20] = 0x94; // router alert (RFC 2113), 4 bytes
            o[21] = 4;
            o[10] = 0;
            o[11] = 0;
            ushort c = Checksum.Compute(o, 0, 24);
            o[10] = (byte)(c >> 8);
            o[11] = (byte)c;
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(h, 0, 24));
            Assert.IsTrue(ip.VerifyChecksum());
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(o, 0, 28));
            Assert.IsTrue(ip.VerifyChecksum());
            for (int bit = 0; bit < 24 * 8; bit++)
            {
                if (bit < 160)
                {
                    h[bit >> 3] ^= (byte)(1 << (bit & 7));
                    ip.Parse(h, 0, 24);
                    Assert.IsFalse(ip.Length != 0 && ip.VerifyChecksum(), "20-byte header, bit " + bit.ToString());
                    h[bit >> 3] ^= (byte)(1 << (bit & 7));
                }
                o[bit >> 3] ^= (byte)(1 << (bit & 7));
                ip.Parse(o, 0, 28);
                Assert.IsFalse(ip.Length != 0 && ip.VerifyChecksum(), "24-byte header, bit " + bit.ToString());
                o[bit >> 3] ^= (byte)(1 << (bit & 7));
            }
        }

        [TestMethod]
        public void MacAddressesDifferingInAnyOneByteAreNotEqual()
        {
            byte[] a = new byte[] { 9, 0x02, 0x00, 0x5E, 0x10, 0x00, 0x02 };
            byte[] b = new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x00, 0x02 };
            Assert.IsTrue(MacAddress.AreEqual(a, 1, b, 0));
            for (int i = 0; i < 6; i++)
            {
                b[i] ^= 0x80;
                Assert.IsFalse(MacAddress.AreEqual(a, 1, b, 0));
                b[i] ^= 0x80;
            }
        }
    }
}
