using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>Keep-alive (RFC 1122 4.2.3.6), delayed ACK, Poll deadlines.</summary>
    [TestClass]
    public class TimerTests
    {
        [TestMethod]
        public void IdleConnectionWithoutKeepAliveSendsNothing()
        {
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(long.MaxValue, h.Poll(1));
            h.Poll(10000000);
            h.ExpectNothing();
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void KeepAliveProbeAfterIdleTime()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            Assert.AreEqual(5000L, h.Poll(1));
            h.Poll(5000);
            TcpPacket probe = h.Next();
            Assert.AreEqual((int)TcpFlags.Ack, (int)probe.Flags);
            // SEG.SEQ = SND.NXT - 1 with no data elicits an ACK (RFC 1122 4.2.3.6).
            Assert.AreEqual(h.Iss, probe.SequenceNumber);
            Assert.AreEqual(0, probe.PayloadLength);
        }

        [TestMethod]
        public void KeepAliveAnswerKeepsConnection()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            h.Poll(5000);
            h.Next();
            h.PeerAck(0, 0, 4096, 5010);
            h.Poll(6000);
            h.ExpectNothing();
            Assert.AreEqual(10010L, h.Poll(6001));
        }

        [TestMethod]
        public void UnansweredKeepAlivesTimeOut()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            long t = 1;
            for (int i = 0; i < 10 && h.Socket.State == TcpState.Established; i++)
            {
                t = h.Poll(t);
            }

            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual((int)TcpFlags.Ack, (int)h.Next().Flags);
            }

            Assert.AreEqual((int)TcpFlags.Rst, (int)h.Next().Flags);
        }

        [TestMethod]
        public void DataTrafficPostponesKeepAlive()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(5, 1), 4000);
            h.Poll(4040);
            h.Next();
            Assert.AreEqual(9000L, h.Poll(4041));
        }

        [TestMethod]
        public void DelayedAckDeadlineIsReportedByPoll()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(5, 1), 100);
            Assert.AreEqual(140L, h.Poll(100));
        }

        [TestMethod]
        public void DelayedAckIsNotRestartedBySecondSegment()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(5, 1), 100);
            h.PeerData(5, TcpHarness.Bytes(5, 1), 130);
            Assert.AreEqual(140L, h.Poll(130));
            h.Poll(140);
            h.Expect(TcpFlags.Ack, 0, 10, 0);
        }

        [TestMethod]
        public void PollOfIdleStackReturnsMaxValue()
        {
            TcpHarness h = TcpHarness.Listening();
            Assert.AreEqual(long.MaxValue, h.Poll(5));
        }

        [TestMethod]
        public void PollDeadlineIsEarliestOfAllConnections()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(5, 10);
            h.PeerPortInUse = 49600;
            h.PeerSyn(7000, 50);
            // Data RTO at 210, SYN-ACK RTO at 1050.
            Assert.AreEqual(210L, h.Poll(60));
        }

        [TestMethod]
        public void LastActivityTracksSegmentsAndSends()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(5, 1), 700);
            Assert.AreEqual(700L, h.Socket.LastActivityMs);
            h.SendAndPoll(5, 900);
            Assert.AreEqual(900L, h.Socket.LastActivityMs);
        }
    }
}
