using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// Transmission at its edges: segment size against the interface, restart after idle (RFC 5681 §4.1), one RTT
    /// measurement at a time (RFC 6298 §3), the tail loss probe's timer and contents (RFC 8985 §7), and a reset that
    /// goes out once. Every connection here is established with a 20 ms handshake RTT (SRTT 20, RTTVAR 10) and a
    /// peer MSS of 1000. Added from surviving mutants of TcpSocket.Output.cs (issue 18).
    /// </summary>
    [TestClass]
    public class TransmitEdgeTests
    {
        private static TcpConfig Config(int minRtoMs)
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SendBufferSize = 8192;
            c.MinRtoMs = minRtoMs;
            return c;
        }

        private static void AssertPayload(TcpHarness h, byte[] sent, int from, int length)
        {
            byte[] p = h.LastPayload();
            Assert.AreEqual(length, p.Length);
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual(sent[from + i], p[i]);
            }
        }

        [TestMethod]
        public void ConfiguredMssLargerThanTheInterfaceAllowsIsCutToTheInterface()
        {
            // RFC 9293 §3.7.1: a segment must fit the datagram the interface can send (IP payload - TCP header).
            TcpConfig c = TcpHarness.DefaultConfig();
            c.Mss = 1460;
            TcpHarness h = TcpHarness.Established(c, 1460, 60000);
            h.Out.PayloadCapacity = 576;
            h.Socket.NoDelay = true;
            h.SendAndPoll(1000, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 556);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 556, 0, 444);
        }

        [TestMethod]
        public void CongestionWindowRestartsOnlyAfterMoreThanOneRtoWithoutSending()
        {
            // RFC 5681 §4.1: "when TCP has not received a segment for more than one retransmission timeout", cwnd is
            // cut to the restart window (the initial window, 4 x 1000) before transmission begins.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(200), 60000);
            h.SendAndPoll(4000, 100);
            Assert.AreEqual(4, h.Pending);
            h.AckOf(4000, 120);
            Assert.AreEqual(5000, h.Socket.CongestionWindow);
            int rto = h.Socket.RetransmissionTimeoutMs;
            // Exactly one RTO after the last data: not idle yet.
            h.Socket.Send(TcpHarness.Bytes(100, 2), 0, 100);
            h.Poll(100 + rto);
            Assert.AreEqual(5, h.Pending);
            Assert.AreEqual(5000, h.Socket.CongestionWindow);
            h.AckOf(4100, 110 + rto);
            int cwnd = h.Socket.CongestionWindow;
            Assert.IsTrue(cwnd > 4000);
            long idle = 100 + rto + h.Socket.RetransmissionTimeoutMs + 1;
            // Idle, but nothing to send: nothing restarts yet.
            h.Poll(idle);
            Assert.AreEqual(cwnd, h.Socket.CongestionWindow);
            h.Socket.Send(TcpHarness.Bytes(100, 3), 0, 100);
            h.Poll(idle);
            Assert.AreEqual(6, h.Pending);
            Assert.AreEqual(4000, h.Socket.CongestionWindow);
        }

        [TestMethod]
        public void OnlyTheFirstOfTwoSegmentsInFlightIsTimed()
        {
            // RFC 6298 §3: one measurement at a time; the segment sent at 100 is acknowledged at 290 (190 ms).
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(200), 60000);
            h.SendAndPoll(1000, 100);
            h.Socket.Send(TcpHarness.Bytes(1000, 2), 0, 1000);
            h.Poll(200);
            Assert.AreEqual(2, h.Pending);
            h.AckOf(2000, 290);
            Assert.AreEqual((7 * 20 + 190) / 8, h.Socket.SmoothedRttMs);
        }

        [TestMethod]
        public void ALoneFinIsNotTimed()
        {
            // Only data is timed: a peer commonly holds the ACK of our FIN until its application closes and its own
            // FIN can carry it, which says nothing about the path.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(200), 60000);
            h.Socket.Close();
            h.Poll(100);
            Assert.IsTrue(h.Next().Fin);
            h.AckOf(1, 290);
            Assert.AreEqual((int)TcpState.FinWait2, (int)h.Socket.State);
            Assert.AreEqual(20, h.Socket.SmoothedRttMs);
        }

        [TestMethod]
        public void NewDataRestartsTheProbeTimeoutFromItsOwnSendTime()
        {
            // RFC 8985 §7.2: the PTO is (re)armed whenever new data is sent. One segment: PTO = 2 SRTT + 2 + the
            // worst-case delayed ACK (242); more than one: 2 SRTT + 2 (42). RTO 1000, so the PTO runs.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(1000), 60000);
            h.Socket.Send(TcpHarness.Bytes(1000, 1), 0, 1000);
            Assert.AreEqual(342L, h.Poll(100));
            h.Socket.Send(TcpHarness.Bytes(2000, 2), 0, 2000);
            Assert.AreEqual(192L, h.Poll(150));
            Assert.AreEqual(3, h.Pending);
        }

        [TestMethod]
        public void TailLossProbeOfDataWithFinResendsBothWithoutOptions()
        {
            // RFC 8985 §7.3: the probe retransmits the last segment sent, here 100 bytes and the FIN.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(1000), 60000);
            byte[] data = TcpHarness.Bytes(100, 5);
            h.Socket.Send(data, 0, 100);
            h.Socket.Close();
            Assert.AreEqual(342L, h.Poll(100));
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Fin), 0, 0, 100);
            h.Poll(342);
            TcpPacket probe = h.Expect((byte)(TcpFlags.Ack | TcpFlags.Fin), 0, 0, 100);
            AssertPayload(h, data, 0, 100);
            Assert.AreEqual(TcpPacket.HeaderLength, probe.DataOffsetBytes);
            Assert.AreEqual(1, h.Stack.Counters.LossProbes);
            h.ExpectNothing();
        }

        [TestMethod]
        public void TailLossProbeOfTwoSegmentsWithFinResendsTheLastMssOfDataAndTheFin()
        {
            // RFC 8985 §7.3: the probe is the highest-sequence data (one MSS, ending at the FIN) plus the FIN.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(1000), 60000);
            byte[] data = TcpHarness.Bytes(1100, 7);
            h.Socket.Send(data, 0, 1100);
            h.Socket.Close();
            Assert.AreEqual(142L, h.Poll(100));
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh | TcpFlags.Fin), 1000, 0, 100);
            h.Poll(142);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Fin), 100, 0, 1000);
            AssertPayload(h, data, 100, 1000);
        }

        [TestMethod]
        public void ProbeTimeoutNoEarlierThanTheRtoLeavesTheRto()
        {
            // RFC 8985 §7.2: a PTO of 242 with an RTO of 242 gains nothing; when the timer expires it is an RTO.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(242), 60000);
            h.Socket.Send(TcpHarness.Bytes(1000, 1), 0, 1000);
            Assert.AreEqual(342L, h.Poll(100));
            h.Next();
            h.Poll(342);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RetransmitTimeouts);
            Assert.AreEqual(0, h.Stack.Counters.LossProbes);
        }

        [TestMethod]
        public void TailLossProbeOfAWindowLimitedSegmentResendsOnlyWhatWasSent()
        {
            // The peer offers 500 bytes: the probe may not carry the unsent bytes queued behind them.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(Config(1000), 500);
            byte[] data = TcpHarness.Bytes(2000, 6);
            h.Socket.Send(data, 0, 2000);
            Assert.AreEqual(342L, h.Poll(100));
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            h.ExpectNothing();
            h.Poll(342);
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            AssertPayload(h, data, 0, 500);
            h.ExpectNothing();
        }

        [TestMethod]
        public void ResetAfterGivingUpGoesOutOnceAndPureAcksCarryNoOptions()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxRetransmits = 1;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(10, 1), 5);
            h.Poll(45);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 10, 0);
            Assert.AreEqual(TcpPacket.HeaderLength, ack.DataOffsetBytes);
            Assert.AreEqual(0, (int)ack.MaxSegmentSize);
            h.Socket.Send(TcpHarness.Bytes(10, 2), 0, 10);
            long t = 50;
            h.Poll(t);
            for (int i = 0; i < 100 && h.Socket.State != TcpState.Closed; i++)
            {
                t += 100;
                h.Poll(t);
            }

            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            TcpPacket last = h.Next();
            while (h.Pending > 0)
            {
                last = h.Next();
            }

            Assert.AreEqual((int)TcpFlags.Rst, (int)last.Flags);
            Assert.AreEqual(1, h.Stack.Counters.RstOut);
            Assert.AreEqual(2, h.Stack.Counters.RetransmitTimeouts);
            // The application still holds the handle: later polls send nothing more.
            h.Poll(t + 1000);
            h.Poll(t + 100000);
            h.ExpectNothing();
        }
    }
}
