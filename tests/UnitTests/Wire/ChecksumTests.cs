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
    }
}
