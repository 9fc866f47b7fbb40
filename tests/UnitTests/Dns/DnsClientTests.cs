using nanoFramework.TestFramework;
using NanoStack.Sockets.Dns;
using NanoStack.Wire;

namespace NanoStack.Tests.Dns
{
    [TestClass]
    public class DnsClientTests
    {
        private const uint Server = 0xC0000201;   // 192.0.2.1, dnsmasq in the capture
        private const uint Board = 0xC0000235;    // 192.0.2.53

        private static DnsClient NewClient(ScriptedSocket socket)
        {
            DnsClient c = new DnsClient(socket, new DnsConfig(), 99);
            c.SetServers(Server, 0);
            return c;
        }

        /// <summary>A captured answer with its id replaced by the one the client just used.</summary>
        /// <summary>The captured answer, given the id of the client's last query, arrives from <paramref name="from"/>:53
        /// (addressed to <paramref name="to"/>) at <paramref name="nowMs"/>; the client steps then.</summary>
        private static void Answer(ScriptedSocket s, DnsClient c, byte[] captured, uint from, uint to, long nowMs)
        {
            s.Deliver(AnswerTo(s, captured), captured.Length, from, 53, to, nowMs);
            c.Step(nowMs);
        }

        private static byte[] AnswerTo(ScriptedSocket socket, byte[] captured)
        {
            byte[] b = new byte[captured.Length];
            System.Array.Copy(captured, b, b.Length);
            b[0] = socket.LastSent[0];
            b[1] = socket.LastSent[1];
            return b;
        }

        [TestMethod]
        public void QueryIsARecursiveAQuestionForTheNameSentToPort53()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            Assert.AreEqual((int)DnsQueryStatus.Pending, (int)c.GetStatus(h));
            c.Step(0);
            Assert.AreEqual(Server, s.LastSentTo);
            Assert.AreEqual((ushort)53, s.LastSentPort);
            // Same bytes as dig's query apart from the id and dig's EDNS/AD additions: header flags RD, one question.
            DnsPacket d = new DnsPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(s.LastSent, 0, s.LastSentLength));
            Assert.AreEqual((ushort)DnsConst.FlagRecursionDesired, d.Flags);
            Assert.AreEqual(1, d.QuestionCount);
            d.ReadQuestion(d.QuestionsOffset);
            Assert.AreEqual(DnsConst.TypeA, d.Type);
            byte[] q = CapturedDns.QueryBoardTest;
            for (int i = 12; i < 12 + 12 + 4; i++) Assert.AreEqual(q[i], s.LastSent[i], "question byte " + i.ToString());
        }

        [TestMethod]
        public void CapturedAnswerResolvesTheQuery()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            c.Step(0);
            Answer(s, c, CapturedDns.AnswerBoardTest, Server, 0xC0000291, 5);
            Assert.AreEqual((int)DnsQueryStatus.Resolved, (int)c.GetStatus(h));
            Assert.AreEqual(Board, c.GetAddress(h));
        }

        [TestMethod]
        public void CnameChainIsFollowedToTheAddress()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("www.board.test", 0);
            c.Step(0);
            Answer(s, c, CapturedDns.AnswerWwwBoardTest, Server, 0, 5);
            Assert.AreEqual((int)DnsQueryStatus.Resolved, (int)c.GetStatus(h));
            Assert.AreEqual(Board, c.GetAddress(h));
        }

        [TestMethod]
        public void AnswerWithAnotherIdIsDroppedAndTheQueryStaysPending()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            c.Step(0);
            byte[] a = AnswerTo(s, CapturedDns.AnswerBoardTest);
            a[1] ^= 0x55;
            s.Deliver(a, a.Length, Server, 53, 0, 5);
            c.Step(5);
            Assert.AreEqual((int)DnsQueryStatus.Pending, (int)c.GetStatus(h));
            Assert.AreEqual(1, c.Drops(DnsDrop.UnknownId));
        }

        [TestMethod]
        public void AnswerFromAnotherAddressIsDropped()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            c.Step(0);
            Answer(s, c, CapturedDns.AnswerBoardTest, 0xC0000266, 0, 5);
            Assert.AreEqual((int)DnsQueryStatus.Pending, (int)c.GetStatus(h));
            Assert.AreEqual(1, c.Drops(DnsDrop.WrongSource));
        }

        [TestMethod]
        public void AnswerToAnotherQuestionIsDropped()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            c.Step(0);
            // The www.board.test answer carries the right id (patched) but not our question.
            Answer(s, c, CapturedDns.AnswerWwwBoardTest, Server, 0, 5);
            Assert.AreEqual((int)DnsQueryStatus.Pending, (int)c.GetStatus(h));
            Assert.AreEqual(1, c.Drops(DnsDrop.WrongQuestion));
        }

        [TestMethod]
        public void RetriesWithDoublingTimeoutThenFails()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            // 1 s, 2 s, 4 s, 8 s after each transmission (DnsConfig.RetryMs = 1000, Attempts = 4).
            long[] expected = new long[] { 0, 1000, 3000, 7000 };
            for (int i = 0; i < expected.Length; i++)
            {
                if (i > 0)
                {
                    c.Step(expected[i] - 1);
                    Assert.AreEqual(i, s.Sent, "not before the timeout");
                }
                c.Step(expected[i]);
                Assert.AreEqual(i + 1, s.Sent);
                Assert.AreEqual(expected[i], s.LastSentAt);
            }
            Assert.AreEqual(15000L, c.Step(7000));
            c.Step(15000);
            Assert.AreEqual((int)DnsQueryStatus.Failed, (int)c.GetStatus(h));
            Assert.AreEqual(long.MaxValue, c.Step(15001));
        }

        [TestMethod]
        public void RetriesAlternateBetweenTwoServers()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            c.SetServers(Server, 0xC0000202);
            c.Query("board.test", 0);
            c.Step(0);
            Assert.AreEqual(Server, s.LastSentTo);
            c.Step(1000);
            Assert.AreEqual(0xC0000202u, s.LastSentTo);
        }

        [TestMethod]
        public void RefusedAnswerMovesOnToTheNextAttemptAndNxdomainIsNotFound()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("missing.board.test", 0);
            c.Step(0);
            Answer(s, c, CapturedDns.AnswerMissing, Server, 0, 5);
            Assert.AreEqual(2, s.Sent, "REFUSED: asked again at once");
            byte[] nx = AnswerTo(s, CapturedDns.AnswerMissing);
            nx[3] = (byte)((nx[3] & 0xF0) | DnsConst.RcodeNameError);
            s.Deliver(nx, nx.Length, Server, 53, 0, 6);
            c.Step(6);
            Assert.AreEqual((int)DnsQueryStatus.NotFound, (int)c.GetStatus(h));
        }

        [TestMethod]
        public void CachedAnswerResolvesImmediatelyUntilItsTtlRunsOut()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            c.Step(0);
            byte[] a = AnswerTo(s, CapturedDns.AnswerBoardTest);
            // dnsmasq serves its own records with TTL 0 (not cacheable); give the A record 30 s.
            DnsPacket d = new DnsPacket();
            d.Parse(a, 0, a.Length);
            d.ReadRecord(d.AnswersOffset);
            a[d.DataOffset - 3] = 30;   // low byte of the TTL (before RDLENGTH)
            s.Deliver(a, a.Length, Server, 53, 0, 10);
            c.Step(10);
            c.Release(h);
            int h2 = c.Query("BOARD.test", 20000);
            Assert.AreEqual((int)DnsQueryStatus.Resolved, (int)c.GetStatus(h2));
            Assert.AreEqual(Board, c.GetAddress(h2));
            Assert.AreEqual(1, s.Sent);
            c.Release(h2);
            int h3 = c.Query("board.test", 30010);
            Assert.AreEqual((int)DnsQueryStatus.Pending, (int)c.GetStatus(h3));
        }

        [TestMethod]
        public void TtlZeroAnswerIsNotCached()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            int h = c.Query("board.test", 0);
            c.Step(0);
            Answer(s, c, CapturedDns.AnswerBoardTest, Server, 0, 5);
            c.Release(h);
            Assert.AreEqual((int)DnsQueryStatus.Pending, (int)c.GetStatus(c.Query("board.test", 6)));
        }

        [TestMethod]
        public void QueryFailsAtOnceWithoutServersAndRefusesBadNames()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = new DnsClient(s, new DnsConfig(), 1);
            int h = c.Query("board.test", 0);
            c.Step(0);
            Assert.AreEqual((int)DnsQueryStatus.Failed, (int)c.GetStatus(h));
            c.Release(h);
            Assert.AreEqual(-1, c.Query("a..b", 0));
            Assert.AreEqual(-1, c.Query("", 0));
        }

        [TestMethod]
        public void AllSlotsBusyRefusesAnotherQuery()
        {
            ScriptedSocket s = new ScriptedSocket();
            DnsClient c = NewClient(s);
            Assert.AreNotEqual(-1, c.Query("a.test", 0));
            Assert.AreNotEqual(-1, c.Query("b.test", 0));
            Assert.AreEqual(-1, c.Query("c.test", 0));
        }
    }
}
