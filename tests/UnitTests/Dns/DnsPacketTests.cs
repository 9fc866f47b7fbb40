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
            Assert.AreEqual((int)DnsParseResult.Ok, (int)d.Parse(m, 0, m.Length));
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
            Assert.AreEqual((int)DnsParseResult.Ok, (int)d.Parse(m, 0, m.Length));
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
            Assert.AreEqual((int)DnsParseResult.Ok, (int)d.Parse(m, 0, m.Length));
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
            Assert.AreEqual((int)DnsParseResult.BadQuestion, (int)new DnsPacket().Parse(m, 0, m.Length));
        }

        [TestMethod]
        public void RecordDataRunningPastTheEndIsRejected()
        {
            byte[] m = new byte[CapturedDns.AnswerBoardTest.Length];
            System.Array.Copy(CapturedDns.AnswerBoardTest, m, m.Length);
            Assert.AreEqual((int)DnsParseResult.BadRecord, (int)new DnsPacket().Parse(m, 0, m.Length - 1));
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
    }
}
