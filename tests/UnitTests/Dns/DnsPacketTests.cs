using nanoFramework.TestFramework;
using NanoStack.Wire;

namespace NanoStack.Tests.Dns
{
    [TestClass]
    public class DnsPacketTests
    {
        // "board.test" and "www.board.test" in wire form (RFC 1035 §3.1).
        private static readonly byte[] BoardTest = new byte[] { 5, (byte)'b', (byte)'o', (byte)'a', (byte)'r', (byte)'d', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0 };

        [TestMethod]
        public void DnsmasqAnswerForBoardTestGivesOneARecord()
        {
            DnsPacket d = new DnsPacket();
            byte[] m = CapturedDns.AnswerBoardTest;
            Assert.AreEqual((int)WireError.None, (int)d.Parse(m, 0, m.Length));
            Assert.IsTrue(d.IsResponse);
            Assert.AreEqual(0, d.Rcode);
            Assert.AreEqual(1, d.QuestionCount);
            Assert.AreEqual(1, d.AnswerCount);
            Assert.AreEqual(NetId(CapturedDns.QueryBoardTest), (int)d.Id);
            d.ReadQuestion(d.QuestionsOffset);
            Assert.IsTrue(d.NameMatches(d.NameOffset, BoardTest, 0));
            Assert.AreEqual(DnsConst.TypeA, d.Type);
            d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(DnsConst.TypeA, d.Type);
            Assert.AreEqual(DnsConst.ClassIn, d.Class);
            Assert.AreEqual(4, d.DataLength);
            Assert.AreEqual(0xC0000235u, d.DataAsAddress); // 192.0.2.53
            Assert.IsTrue(d.NameMatches(d.NameOffset, BoardTest, 0)); // a pointer to the question
        }

        [TestMethod]
        public void CnameAnswerFollowsCompressionPointersToTheTarget()
        {
            DnsPacket d = new DnsPacket();
            byte[] m = CapturedDns.AnswerWwwBoardTest;
            Assert.AreEqual((int)WireError.None, (int)d.Parse(m, 0, m.Length));
            Assert.AreEqual(2, d.AnswerCount);
            int p = d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(DnsConst.TypeCname, d.Type);
            // The CNAME's RDATA is "board.test" written as a pointer into the question's name.
            Assert.IsTrue(DnsName.Matches(m, 0, m.Length, d.DataOffset, BoardTest, 0));
            d.ReadRecord(p);
            Assert.AreEqual(DnsConst.TypeA, d.Type);
            Assert.IsTrue(d.NameMatches(d.NameOffset, BoardTest, 0));
            Assert.AreEqual(0xC0000235u, d.DataAsAddress);
        }

        [TestMethod]
        public void NameDnsmasqCannotResolveIsRefusedWithNoAnswers()
        {
            DnsPacket d = new DnsPacket();
            byte[] m = CapturedDns.AnswerMissing;
            Assert.AreEqual((int)WireError.None, (int)d.Parse(m, 0, m.Length));
            // dnsmasq has no upstream (--no-resolv), so a name outside its own records gets REFUSED (RFC 1035 §4.1.1).
            Assert.AreEqual(DnsConst.RcodeRefused, d.Rcode);
            Assert.AreEqual(0, d.AnswerCount);
        }

        [TestMethod]
        public void ReadDecompressesANameThroughAPointer()
        {
            byte[] m = CapturedDns.AnswerWwwBoardTest;
            DnsPacket d = new DnsPacket();
            d.Parse(m, 0, m.Length);
            d.ReadRecord(d.AnswersOffset);
            byte[] name = new byte[64];
            int n = DnsName.Read(m, 0, m.Length, d.DataOffset, name, 0, name.Length);
            Assert.AreEqual(BoardTest.Length, n);
            for (int i = 0; i < n; i++) Assert.AreEqual(BoardTest[i], name[i]);
        }

        [TestMethod]
        public void PointerToItselfIsRejectedNotFollowedForever()
        {
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 };
            Assert.AreEqual(-1, DnsName.Skip(m, 0, m.Length, 12) < 0 ? -1 : 0, "Skip stops at the first pointer");
            Assert.AreEqual(-1, DnsName.Read(m, 0, m.Length, 12, new byte[300], 0, 300));
            Assert.IsFalse(DnsName.Matches(m, 0, m.Length, 12, BoardTest, 0));
        }

        [TestMethod]
        public void TwoPointersChasingEachOtherAreRejected()
        {
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 14, 0xC0, 12, 0, 1, 0, 1 };
            Assert.AreEqual(-1, DnsName.Read(m, 0, m.Length, 12, new byte[300], 0, 300));
        }

        [TestMethod]
        public void PointerOutsideTheMessageIsRejected()
        {
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC1, 0xFF, 0, 1, 0, 1 };
            Assert.AreEqual(-1, DnsName.Read(m, 0, m.Length, 12, new byte[300], 0, 300));
        }

        [TestMethod]
        public void LabelRunningPastTheEndMakesTheQuestionBad()
        {
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, (byte)'a', 0 };
            Assert.AreEqual((int)WireError.BadQuestion, (int)new DnsPacket().Parse(m, 0, m.Length));
        }

        [TestMethod]
        public void RecordDataRunningPastTheEndIsRejected()
        {
            byte[] m = new byte[CapturedDns.AnswerBoardTest.Length];
            System.Array.Copy(CapturedDns.AnswerBoardTest, m, m.Length);
            Assert.AreEqual((int)WireError.BadRecord, (int)new DnsPacket().Parse(m, 0, m.Length - 1));
        }

        [TestMethod]
        public void EncodeWritesLabelsWithLengthsAndARootZero()
        {
            byte[] w = new byte[32];
            Assert.AreEqual(BoardTest.Length, DnsName.Encode("board.test", w, 0));
            for (int i = 0; i < BoardTest.Length; i++) Assert.AreEqual(BoardTest[i], w[i]);
            Assert.AreEqual(-1, DnsName.Encode("a..b", w, 0));
            Assert.AreEqual(-1, DnsName.Encode("", w, 0));
        }

        [TestMethod]
        public void NamesCompareWithoutRegardToAsciiCase()
        {
            byte[] upper = new byte[16];
            DnsName.Encode("BOARD.Test", upper, 0);
            Assert.IsTrue(DnsName.Matches(upper, 0, upper.Length, 0, BoardTest, 0));
        }

        private static int NetId(byte[] m)
        {
            return (m[0] << 8) | m[1];
        }

        // ---- name bounds (RFC 1035 §3.1, §4.1.4), found by mutation testing (issue 18) ----------------------

        // A 12-byte header with one question whose name starts at 12, then the name bytes and QTYPE/QCLASS.
        private static byte[] Message(int length)
        {
            byte[] m = new byte[length];
            m[5] = 1;
            return m;
        }

        // Wire-form name of labels of the given lengths (filled with 'a'), ended by the root zero.
        private static byte[] Labels(int[] lengths)
        {
            int n = 1;
            for (int i = 0; i < lengths.Length; i++) n += 1 + lengths[i];
            byte[] w = new byte[n];
            int p = 0;
            for (int i = 0; i < lengths.Length; i++)
            {
                w[p++] = (byte)lengths[i];
                for (int k = 0; k < lengths[i]; k++) w[p++] = (byte)'a';
            }
            return w;
        }

        [TestMethod]
        public void NameAtTheVeryStartOfTheRangeIsRead()
        {
            byte[] name = new byte[BoardTest.Length];
            Assert.AreEqual(BoardTest.Length, DnsName.Read(BoardTest, 0, BoardTest.Length, 0, name, 0, name.Length));
            Assert.IsTrue(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, BoardTest, 0));
        }

        [TestMethod]
        public void NameWhoseRootZeroLiesJustPastTheRangeIsRejected()
        {
            // The array holds the zero, but the message range ends one byte before it.
            Assert.AreEqual(-1, DnsName.Skip(BoardTest, 0, BoardTest.Length - 1, 0));
            Assert.AreEqual(-1, DnsName.Read(BoardTest, 0, BoardTest.Length - 1, 0, new byte[64], 0, 64));
            Assert.IsFalse(DnsName.Matches(BoardTest, 0, BoardTest.Length - 1, 0, BoardTest, 0));
        }

        [TestMethod]
        public void ReadWritesTheWholeNameIncludingTheRootZeroIntoAnExactFit()
        {
            byte[] name = new byte[BoardTest.Length];
            for (int i = 0; i < name.Length; i++) name[i] = 0xEE;
            Assert.AreEqual(BoardTest.Length, DnsName.Read(BoardTest, 0, BoardTest.Length, 0, name, 0, name.Length));
            for (int i = 0; i < name.Length; i++) Assert.AreEqual(BoardTest[i], name[i]);
        }

        [TestMethod]
        public void ReadOneByteShortOfCapacityFailsAndNeverWritesPastIt()
        {
            byte[] name = new byte[20];
            for (int i = 0; i < name.Length; i++) name[i] = 0xEE;
            Assert.AreEqual(-1, DnsName.Read(BoardTest, 0, BoardTest.Length, 0, name, 2, BoardTest.Length - 1));
            Assert.AreEqual((byte)0xEE, name[13], "capacity 11 from offset 2 ends at index 12");
            for (int i = 0; i < name.Length; i++) name[i] = 0xEE;
            Assert.AreEqual(-1, DnsName.Read(BoardTest, 0, BoardTest.Length, 0, name, 2, 10));
            Assert.AreEqual((byte)0xEE, name[12], "capacity 10 from offset 2 ends at index 11");
            Assert.AreEqual((byte)0xEE, name[13]);
            Assert.AreEqual((byte)0xEE, name[1]);
        }

        [TestMethod]
        public void NameOfExactly255BytesIsValidAnd256IsNot()
        {
            byte[] max = Labels(new int[] { 63, 63, 63, 61 });
            Assert.AreEqual(255, max.Length);
            Assert.AreEqual(255, DnsName.Read(max, 0, max.Length, 0, new byte[300], 0, 300));
            Assert.AreEqual(255, DnsName.Skip(max, 0, max.Length, 0));
            byte[] over = Labels(new int[] { 63, 63, 63, 62 });
            Assert.AreEqual(-1, DnsName.Read(over, 0, over.Length, 0, new byte[300], 0, 300));
            Assert.AreEqual(-1, DnsName.Skip(over, 0, over.Length, 0));
        }

        [TestMethod]
        public void ExtendedAndReservedLabelTypesAreRejected()
        {
            // RFC 6891 §5 / RFC 1035 §4.1.4: only 00 (label) and 11 (pointer) are defined; 01 and 10 must not be
            // taken as pointers even when the next byte would point at a good name.
            for (int type = 0x40; type <= 0x80; type += 0x40)
            {
                byte[] m = Message(20);
                m[12] = 1; m[13] = (byte)'a'; m[14] = 0;
                m[15] = (byte)type; m[16] = 12;
                Assert.AreEqual(-1, DnsName.Skip(m, 0, m.Length, 15));
                Assert.AreEqual(-1, DnsName.Read(m, 0, m.Length, 15, new byte[64], 0, 64));
                byte[] a = new byte[] { 1, (byte)'a', 0 };
                Assert.IsFalse(DnsName.Matches(m, 0, m.Length, 15, a, 0));
                Assert.IsTrue(DnsName.Matches(m, 0, m.Length, 12, a, 0));
            }
        }

        [TestMethod]
        public void PointerWhoseSecondByteLiesPastTheRangeIsRejected()
        {
            byte[] m = Message(18);
            m[12] = 1; m[13] = (byte)'a'; m[14] = 0;
            m[15] = 0xC0; m[16] = 12;
            byte[] a = new byte[] { 1, (byte)'a', 0 };
            Assert.AreEqual(3, DnsName.Read(m, 0, 17, 15, new byte[64], 0, 64), "the pointer inside the range is good");
            Assert.AreEqual(-1, DnsName.Skip(m, 0, 16, 15));
            Assert.AreEqual(-1, DnsName.Read(m, 0, 16, 15, new byte[64], 0, 64));
            Assert.IsFalse(DnsName.Matches(m, 0, 16, 15, a, 0));
        }

        [TestMethod]
        public void AChainOf32PointersIsFollowedAnd33AreNot()
        {
            // 1 'a' 0 at 12, then pointers each to the previous one: the last of 33 needs 33 jumps.
            byte[] m = new byte[15 + 2 * 33];
            m[12] = 1; m[13] = (byte)'a'; m[14] = 0;
            int previous = 12;
            for (int i = 0; i < 33; i++)
            {
                int at = 15 + 2 * i;
                m[at] = 0xC0; m[at + 1] = (byte)previous;
                previous = at;
            }
            byte[] a = new byte[] { 1, (byte)'a', 0 };
            int thirtySecond = 15 + 2 * 31;
            Assert.AreEqual(3, DnsName.Read(m, 0, m.Length, thirtySecond, new byte[8], 0, 8));
            Assert.AreEqual(thirtySecond + 2, DnsName.Skip(m, 0, m.Length, thirtySecond));
            Assert.IsTrue(DnsName.Matches(m, 0, m.Length, thirtySecond, a, 0));
            Assert.AreEqual(-1, DnsName.Read(m, 0, m.Length, thirtySecond + 2, new byte[8], 0, 8));
            Assert.IsFalse(DnsName.Matches(m, 0, m.Length, thirtySecond + 2, a, 0));
        }

        [TestMethod]
        public void PointerUsesAllFourteenOffsetBits()
        {
            // RFC 1035 §4.1.4: the offset is 14 bits; a name at 300 is reached by C1 2C.
            byte[] m = new byte[320];
            System.Array.Copy(BoardTest, 0, m, 300, BoardTest.Length);
            m[44] = 0xC1; m[45] = 0x2C;
            byte[] name = new byte[16];
            Assert.AreEqual(BoardTest.Length, DnsName.Read(m, 0, m.Length, 44, name, 0, name.Length));
            for (int i = 0; i < BoardTest.Length; i++) Assert.AreEqual(BoardTest[i], name[i]);
            Assert.IsTrue(DnsName.Matches(m, 0, m.Length, 44, BoardTest, 0));
        }

        [TestMethod]
        public void ReadOfALabelRunningPastTheArrayFailsWithoutThrowing()
        {
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, (byte)'a', 0 };
            Assert.AreEqual(-1, DnsName.Read(m, 0, m.Length, 12, new byte[64], 0, 64));
            byte[] byOne = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'a', 0 }; // needs 16 bytes, has 15
            Assert.AreEqual(-1, DnsName.Read(byOne, 0, byOne.Length, 12, new byte[64], 0, 64));
            Assert.IsFalse(DnsName.Matches(byOne, 0, byOne.Length, 12, new byte[] { 3, (byte)'a', 0, 0, 0 }, 0));
            Assert.IsFalse(DnsName.Matches(m, 0, m.Length, 12, new byte[] { 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 }, 0));
        }

        [TestMethod]
        public void MatchesNeverReadsPastTheExpectedName()
        {
            // The expected name without its root zero, at the end of its array: no match, no exception.
            byte[] cut = new byte[BoardTest.Length - 1];
            System.Array.Copy(BoardTest, cut, cut.Length);
            Assert.IsFalse(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, cut, 0));
            byte[] shortLabel = new byte[] { 5, (byte)'b', (byte)'o' };
            Assert.IsFalse(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, shortLabel, 0));
        }

        [TestMethod]
        public void MatchesComparesEveryByteOfEveryLabel()
        {
            byte[] other = new byte[BoardTest.Length];
            System.Array.Copy(BoardTest, other, other.Length);
            other[5] = (byte)'x'; // last byte of "board"
            Assert.IsFalse(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, other, 0));
            other[5] = (byte)'d';
            other[1] = (byte)'x'; // first byte
            Assert.IsFalse(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, other, 0));
        }

        [TestMethod]
        public void MatchesFindsTheExpectedNameAtAnOffsetInItsArray()
        {
            byte[] holder = new byte[260];
            System.Array.Copy(BoardTest, 0, holder, 240, BoardTest.Length);
            Assert.IsTrue(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, holder, 240));
        }

        [TestMethod]
        public void LowerFoldsTheWholeAsciiAlphabetOnly()
        {
            Assert.AreEqual((byte)'a', DnsName.Lower((byte)'A'));
            Assert.AreEqual((byte)'z', DnsName.Lower((byte)'Z'));
            Assert.AreEqual((byte)'[', DnsName.Lower((byte)'['));
            Assert.AreEqual((byte)'@', DnsName.Lower((byte)'@'));
        }

        [TestMethod]
        public void EncodeTakesLabelsOf63AndNamesOf255ButNoMore()
        {
            string l63 = new string('a', 63);
            string l61 = new string('a', 61);
            string longest = l63 + "." + l63 + "." + l63 + "." + l61; // 253 characters, 255 in wire form
            byte[] w = new byte[255];
            Assert.AreEqual(255, DnsName.Encode(longest, w, 0));
            Assert.AreEqual((byte)63, w[0]);
            Assert.AreEqual((byte)0, w[254]);
            Assert.AreEqual(-1, DnsName.Encode(longest + "a", new byte[300], 0), "256 in wire form");
            Assert.AreEqual(-1, DnsName.Encode(longest, new byte[254], 0), "one byte short of the destination");
            Assert.AreEqual(-1, DnsName.Encode(longest, new byte[256], 2), "does not fit after the offset");
            Assert.AreEqual(65, DnsName.Encode(l63, new byte[65], 0), "a last label of 63");
            Assert.AreEqual(-1, DnsName.Encode(l63 + "a", new byte[80], 0), "a last label of 64");
            Assert.AreEqual(-1, DnsName.Encode(l63 + "a.b", new byte[80], 0), "a first label of 64");
            Assert.AreEqual(-1, DnsName.Encode("board.test.", new byte[80], 0), "an empty last label");
        }

        // ---- header bounds -----------------------------------------------------------------------------------

        [TestMethod]
        public void HeaderOnlyMessageAtAnOffsetParses()
        {
            // A 12-byte message with no records, 42 bytes into a frame (Ethernet + IPv4 + UDP headers).
            byte[] f = new byte[54];
            f[42] = 0x12; f[43] = 0x34; f[44] = 0x10; // opcode 2 (STATUS), RFC 1035 §4.1.1
            DnsPacket d = new DnsPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(f, 42, 12));
            Assert.AreEqual(42, d.Offset);
            Assert.AreEqual((ushort)0x1234, d.Id);
            Assert.AreEqual(2, d.Opcode);
        }

        [TestMethod]
        public void MalformedRangesAreTooShortWithoutThrowing()
        {
            byte[] f = new byte[20];
            Assert.AreEqual((int)WireError.Truncated, (int)new DnsPacket().Parse(null, 0, 12));
            Assert.AreEqual((int)WireError.Truncated, (int)new DnsPacket().Parse(f, -1, 12));
            Assert.AreEqual((int)WireError.Truncated, (int)new DnsPacket().Parse(f, 0, 11));
            Assert.AreEqual((int)WireError.Truncated, (int)new DnsPacket().Parse(f, 10, 12));
        }

        [TestMethod]
        public void SixtyFourRecordsAreReadAndSixtyFiveAreTooMany()
        {
            // 64 questions for the root name (one zero byte + QTYPE + QCLASS each) is the most one message may hold.
            byte[] m = new byte[12 + 65 * 5];
            m[5] = 64;
            Assert.AreEqual((int)WireError.None, (int)new DnsPacket().Parse(m, 0, 12 + 64 * 5));
            m[5] = 65;
            Assert.AreEqual((int)WireError.TooManyRecords, (int)new DnsPacket().Parse(m, 0, m.Length));
            m[5] = 1; m[7] = 64; // one question and 64 answers
            Assert.AreEqual((int)WireError.TooManyRecords, (int)new DnsPacket().Parse(m, 0, m.Length));
            m[5] = 0; m[7] = 0; m[9] = 65; // authority records count too
            Assert.AreEqual((int)WireError.TooManyRecords, (int)new DnsPacket().Parse(m, 0, m.Length));
            m[9] = 0; m[11] = 65; // and additional ones
            Assert.AreEqual((int)WireError.TooManyRecords, (int)new DnsPacket().Parse(m, 0, m.Length));
        }

        [TestMethod]
        public void QuestionWithoutRoomForTypeAndClassIsBad()
        {
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0 };
            Assert.AreEqual((int)WireError.BadQuestion, (int)new DnsPacket().Parse(m, 0, m.Length));
            Assert.AreEqual((int)WireError.None, (int)new DnsPacket().Parse(new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0, 1 }, 0, 19));
        }

        [TestMethod]
        public void RecordWithABadNameOrAShortHeaderIsBad()
        {
            // One answer: name 'a', then only 9 of the 10 bytes of TYPE, CLASS, TTL, RDLENGTH.
            byte[] m = new byte[] { 0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1, 0, 1, 0, 0, 0, 60, 0 };
            Assert.AreEqual((int)WireError.BadRecord, (int)new DnsPacket().Parse(m, 0, m.Length));
            m[12] = 0x40; // reserved label type
            Assert.AreEqual((int)WireError.BadRecord, (int)new DnsPacket().Parse(m, 0, m.Length));
        }

        [TestMethod]
        public void EmitPointerWritesTheHighOffsetBits()
        {
            byte[] b = new byte[2];
            Assert.AreEqual(2, DnsPacket.EmitPointer(b, 0, 300));
            Assert.AreEqual((byte)0xC1, b[0]);
            Assert.AreEqual((byte)0x2C, b[1]);
        }

        [TestMethod]
        public void MatchesStopsAtTheEndOfTheMessageAndOfTheExpectedName()
        {
            // A label of 9 that the 15-byte message cannot hold; the expected name agrees on what is there.
            byte[] m = new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, (byte)'a', 0 };
            byte[] name = new byte[] { 9, (byte)'a', 0, 0, 0, 0, 0, 0, 0, 0, 0 };
            Assert.IsFalse(DnsName.Matches(m, 0, m.Length, 12, name, 0));
            // The expected name cut inside its first label ("board" needs 6 bytes, 5 are there).
            byte[] cut = new byte[5];
            System.Array.Copy(BoardTest, cut, 5);
            Assert.IsFalse(DnsName.Matches(BoardTest, 0, BoardTest.Length, 0, cut, 0));
        }
    }
}
