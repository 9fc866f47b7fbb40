using nanoFramework.TestFramework;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// The TCP header view. Vectors built with Scapy 2.5 (an independent implementation) as
    /// raw(IP(src='192.0.2.2',dst='192.0.2.1')/TCP(...))[20:], i.e. exactly what a Linux-style peer sends.
    /// </summary>
    [TestClass]
    public class TcpPacketTests
    {
        // TCP(sport=49500,dport=80,seq=1000,flags='S',window=64240,
        //     options=[MSS 1460, SAckOK, Timestamp(12345,0), NOP, WScale 7]) — a Linux-like SYN.
        private static readonly byte[] LinuxLikeSyn = new byte[]
        {
            0xC1, 0x5C, 0x00, 0x50, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x00, 0x00, 0xA0, 0x02, 0xFA, 0xF0,
            0xD3, 0x3D, 0x00, 0x00, 0x02, 0x04, 0x05, 0xB4, 0x04, 0x02, 0x08, 0x0A, 0x00, 0x00, 0x30, 0x39,
            0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07
        };

        // TCP(sport=49500,dport=80,seq=1001,ack=5001,flags='PA',window=502)/b'hello, nanoStack!'
        private static readonly byte[] DataSegment = new byte[]
        {
            0xC1, 0x5C, 0x00, 0x50, 0x00, 0x00, 0x03, 0xE9, 0x00, 0x00, 0x13, 0x89, 0x50, 0x18, 0x01, 0xF6,
            0x22, 0xA8, 0x00, 0x00, 0x68, 0x65, 0x6C, 0x6C, 0x6F, 0x2C, 0x20, 0x6E, 0x61, 0x6E, 0x6F, 0x53,
            0x74, 0x61, 0x63, 0x6B, 0x21
        };

        private const uint Peer = 0xC0000202;
        private const uint Us = 0xC0000201;

        [TestMethod]
        public void ParsesLinuxLikeSynWithOptions()
        {
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(LinuxLikeSyn, 0, LinuxLikeSyn.Length, out p));
            Assert.AreEqual((ushort)49500, p.SourcePort);
            Assert.AreEqual((ushort)80, p.DestinationPort);
            Assert.AreEqual(1000u, p.SequenceNumber);
            Assert.IsTrue(p.Syn);
            Assert.IsFalse(p.Ack);
            Assert.AreEqual((ushort)64240, p.Window);
            Assert.AreEqual((ushort)1460, p.MaxSegmentSize);
            Assert.AreEqual(40, p.DataOffsetBytes);
            Assert.AreEqual(0, p.PayloadLength);
            Assert.AreEqual(1, p.SegmentLength);
        }

        [TestMethod]
        public void VerifiesChecksumComputedByIndependentImplementation()
        {
            Assert.IsTrue(TcpPacket.VerifyChecksum(LinuxLikeSyn, 0, LinuxLikeSyn.Length, Peer, Us));
            Assert.IsTrue(TcpPacket.VerifyChecksum(DataSegment, 0, DataSegment.Length, Peer, Us));
        }

        [TestMethod]
        public void OddLengthSegmentChecksumPadsWithZero()
        {
            Assert.AreEqual(1, DataSegment.Length % 2);
            byte[] copy = (byte[])DataSegment.Clone();
            TcpPacket.WriteChecksum(copy, 0, copy.Length, Peer, Us);
            CollectionAssert.AreEqual(DataSegment, copy);
        }

        [TestMethod]
        public void ParsesDataSegmentPayload()
        {
            TcpPacket p;
            TcpPacket.TryParse(DataSegment, 0, DataSegment.Length, out p);
            Assert.AreEqual(17, p.PayloadLength);
            Assert.AreEqual(20, p.PayloadOffset);
            Assert.AreEqual((byte)'h', DataSegment[p.PayloadOffset]);
            Assert.AreEqual(5001u, p.AckNumber);
            Assert.IsTrue(p.Psh);
            Assert.AreEqual((ushort)0, p.MaxSegmentSize);
        }

        [TestMethod]
        public void ParsesAtNonZeroOffset()
        {
            byte[] b = new byte[DataSegment.Length + 7];
            System.Array.Copy(DataSegment, 0, b, 7, DataSegment.Length);
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(b, 7, DataSegment.Length, out p));
            Assert.AreEqual(27, p.PayloadOffset);
            Assert.IsTrue(TcpPacket.VerifyChecksum(b, 7, DataSegment.Length, Peer, Us));
        }

        [TestMethod]
        public void EmitWritesTheSameBytesAsScapy()
        {
            byte[] b = new byte[DataSegment.Length];
            int n = TcpPacket.Emit(b, 0, 49500, 80, 1001, 5001, (byte)(TcpFlags.Psh | TcpFlags.Ack), 502, 0);
            Assert.AreEqual(20, n);
            System.Array.Copy(DataSegment, 20, b, 20, 17);
            TcpPacket.WriteChecksum(b, 0, b.Length, Peer, Us);
            CollectionAssert.AreEqual(DataSegment, b);
        }

        [TestMethod]
        public void EmitWithMssWritesOptionAndRoundTrips()
        {
            byte[] b = new byte[24];
            Assert.AreEqual(24, TcpPacket.Emit(b, 0, 1, 2, 3, 4, TcpFlags.Syn, 5, 1400));
            TcpPacket.WriteChecksum(b, 0, 24, Us, Peer);
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(b, 0, 24, out p));
            Assert.AreEqual((ushort)1400, p.MaxSegmentSize);
            Assert.AreEqual(24, p.DataOffsetBytes);
            Assert.IsTrue(TcpPacket.VerifyChecksum(b, 0, 24, Us, Peer));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(19)]
        public void ShorterThanHeaderIsTruncated(int length)
        {
            TcpPacket p;
            Assert.AreEqual((int)WireError.Truncated, (int)TcpPacket.TryParse(DataSegment, 0, length, out p));
        }

        [TestMethod]
        public void LengthBeyondBufferIsTruncated()
        {
            TcpPacket p;
            Assert.AreEqual((int)WireError.Truncated, (int)TcpPacket.TryParse(DataSegment, 10, DataSegment.Length, out p));
            Assert.AreEqual((int)WireError.Truncated, (int)TcpPacket.TryParse(null, 0, 20, out p));
            Assert.AreEqual((int)WireError.Truncated, (int)TcpPacket.TryParse(DataSegment, -1, 20, out p));
        }

        [TestMethod]
        public void DataOffsetBelowFiveWordsIsRejected()
        {
            byte[] b = (byte[])DataSegment.Clone();
            b[12] = 0x40;
            TcpPacket p;
            Assert.AreEqual((int)WireError.BadDataOffset, (int)TcpPacket.TryParse(b, 0, b.Length, out p));
        }

        [TestMethod]
        public void DataOffsetBeyondSegmentIsRejected()
        {
            byte[] b = (byte[])LinuxLikeSyn.Clone();
            TcpPacket p;
            Assert.AreEqual((int)WireError.BadDataOffset, (int)TcpPacket.TryParse(b, 0, 36, out p));
        }

        [TestMethod]
        public void OptionRunningPastHeaderIsRejected()
        {
            byte[] b = (byte[])LinuxLikeSyn.Clone();
            // WScale option at offset 37: kind 3, length byte at 38.
            b[38] = 40;
            TcpPacket p;
            Assert.AreEqual((int)WireError.BadOption, (int)TcpPacket.TryParse(b, 0, b.Length, out p));
        }

        [TestMethod]
        public void OptionWithLengthBelowTwoIsRejected()
        {
            byte[] b = (byte[])LinuxLikeSyn.Clone();
            b[21] = 1;
            TcpPacket p;
            Assert.AreEqual((int)WireError.BadOption, (int)TcpPacket.TryParse(b, 0, b.Length, out p));
        }

        [TestMethod]
        public void EndOfOptionListStopsParsing()
        {
            byte[] b = (byte[])LinuxLikeSyn.Clone();
            b[20] = 0;
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(b, 0, b.Length, out p));
            Assert.AreEqual((ushort)0, p.MaxSegmentSize);
        }

        [TestMethod]
        public void ReservedBitsAreNotFlags()
        {
            byte[] b = (byte[])DataSegment.Clone();
            b[13] = 0xD8;
            TcpPacket p;
            TcpPacket.TryParse(b, 0, b.Length, out p);
            Assert.AreEqual((int)(TcpFlags.Psh | TcpFlags.Ack), (int)p.Flags);
        }

        [TestMethod]
        public void EveryTruncationOfAValidSegmentParsesOrFailsWithoutThrowing()
        {
            for (int len = 0; len <= LinuxLikeSyn.Length; len++)
            {
                TcpPacket p;
                WireError e = TcpPacket.TryParse(LinuxLikeSyn, 0, len, out p);
                Assert.IsTrue(len == LinuxLikeSyn.Length ? e == WireError.None : e != WireError.None);
            }
        }
    }
}
