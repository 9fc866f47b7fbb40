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
