using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// RFC 8985 RACK-TLP (duplicate ACKs as the delivery signal, no SACK), RFC 3042 limited transmit and the
    /// configurable RFC 6298 floor. Every connection is established with a 20 ms handshake RTT: SRTT 20, RTTVAR 10,
    /// RTO 200 (the floor), reordering window SRTT/4 = 5 ms, PTO 2 SRTT + 2 = 42 ms.
    /// </summary>
    [TestClass]
    public class RackTlpTests
    {
        private const ushort Window = 60000;

        private static TcpConfig BigSendRing()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SendBufferSize = 8192;
            return c;
        }

        /// <summary>Two 1000-byte segments sent at t=100.</summary>
        private static TcpHarness TwoInFlight(TcpConfig c)
        {
            TcpHarness h = TcpHarness.EstablishedWithRtt20(c, Window);
            h.SendAndPoll(2000, 100);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.ExpectNothing();
            return h;
        }

        [TestMethod]
        public void TailLossProbeRetransmitsTheLastSegmentTwoSrttAfterTheFlight()
        {
            TcpHarness h = TwoInFlight(TcpHarness.DefaultConfig());
            Assert.AreEqual(142L, h.Poll(100));
            h.Poll(141);
            h.ExpectNothing();
            h.Poll(142);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            // The second segment's own bytes (1000..1999 of what was sent), not the ring's first ones.
            byte[] sent = TcpHarness.Bytes(2000, 1);
            byte[] probe = h.LastPayload();
            for (int i = 0; i < 1000; i++)
            {
                Assert.AreEqual(sent[1000 + i], probe[i]);
            }

            h.ExpectNothing();
            Assert.AreEqual(1, h.Stack.Counters.LossProbes);
            Assert.AreEqual(0, h.Stack.Counters.RetransmitTimeouts);
            // RFC 8985 §7.4.2 without DSACK: the retransmitting probe counts as a loss, ssthresh = cwnd = max(2000 / 2, 2 SMSS).
            Assert.AreEqual(2000, h.Socket.SlowStartThreshold);
            Assert.AreEqual(2000, h.Socket.CongestionWindow);
            // One probe per episode: the RTO runs next.
            Assert.AreEqual(342L, h.Poll(143));
        }

        [TestMethod]
        public void ProbeSendsNewDataWhenThePeerWindowAllowsIt()
        {
            // MSS 1000: the initial window is 4 segments; 6000 bytes queued leave 2000 unsent behind cwnd.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(BigSendRing(), Window);
            h.SendAndPoll(6000, 100);
            for (int i = 0; i < 4; i++)
            {
                h.Expect(TcpFlags.Ack, (uint)(i * 1000), 0, 1000);
            }

            h.ExpectNothing();
            h.Poll(142);
            h.Expect(TcpFlags.Ack, 4000, 0, 1000);
            h.ExpectNothing();
            Assert.AreEqual(0, h.Stack.Counters.Retransmits);
        }

        [TestMethod]
        public void WithOneSegmentInFlightTheProbeWaitsForTheWorstCaseDelayedAck()
        {
            // 42 + 200 ms would come after the 200 ms RTO: the RTO runs. With a 40 ms allowance the probe comes
            // 42 + 40 = 82 ms after the segment.
            TcpHarness h = TcpHarness.EstablishedWithRtt20(TcpHarness.DefaultConfig(), Window);
            h.Socket.Send(TcpHarness.Bytes(500, 1), 0, 500);
            Assert.AreEqual(300L, h.Poll(100));

            TcpConfig c = TcpHarness.DefaultConfig();
            c.WorstCaseDelayedAckMs = 40;
            h = TcpHarness.EstablishedWithRtt20(c, Window);
            h.Socket.Send(TcpHarness.Bytes(500, 1), 0, 500);
            Assert.AreEqual(182L, h.Poll(100));
        }

        [TestMethod]
        public void DuplicateAckLaterThanRttPlusReorderWindowRetransmitsTheHead()
        {
            TcpHarness h = TwoInFlight(TcpHarness.DefaultConfig());
            // Sent at 100, SRTT 20, reordering window 5: lost once a later segment is known delivered at 125.
            h.AckOf(0, 125);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
            Assert.AreEqual(1, h.Stack.Counters.RackRetransmits);
            Assert.AreEqual(1, h.Socket.RetransmittedSegments);
            // A loss: fast recovery (RFC 6582 §3.2 step 2), ssthresh = max(2000 / 2, 2 SMSS), cwnd = ssthresh + 1 SMSS
            // for the one duplicate ACK.
            Assert.AreEqual(2000, h.Socket.SlowStartThreshold);
            Assert.AreEqual(3000, h.Socket.CongestionWindow);
        }

        [TestMethod]
        public void DuplicateAckWithinTheReorderWindowWaitsForTheWindowToEnd()
        {
            TcpHarness h = TwoInFlight(TcpHarness.DefaultConfig());
            h.AckOf(0, 110);
            h.ExpectNothing();
            Assert.AreEqual(125L, h.Poll(110));
            h.Poll(124);
            h.ExpectNothing();
            h.Poll(125);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RackRetransmits);
        }

        [TestMethod]
        public void ReorderedSegmentAckedWithinTheWindowIsNotRetransmitted()
        {
            TcpHarness h = TwoInFlight(TcpHarness.DefaultConfig());
            h.AckOf(0, 110);
            h.AckOf(2000, 112);
            h.Poll(125);
            h.Poll(400);
            h.ExpectNothing();
            Assert.AreEqual(0, h.Stack.Counters.Retransmits);
        }

        [TestMethod]
        public void WithoutRackTlpOneDuplicateAckWaitsForTheRto()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.RackTlp = false;
            TcpHarness h = TwoInFlight(c);
            h.AckOf(0, 130);
            h.ExpectNothing();
            Assert.AreEqual(300L, h.Poll(130));
        }

        [TestMethod]
        public void LostRetransmissionIsProbedThenRetransmittedAgainOnTheDuplicateAck()
        {
            TcpHarness h = TwoInFlight(TcpHarness.DefaultConfig());
            h.AckOf(0, 125);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            // The retransmission is lost: one PTO later the last segment probes.
            Assert.AreEqual(167L, h.Poll(125));
            h.Poll(167);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            // Its duplicate ACK comes later than SRTT + window after the retransmission: the head again.
            h.AckOf(0, 206);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            // Two retransmissions of this head: now only the RTO runs.
            Assert.AreEqual(406L, h.Poll(206));
            Assert.AreEqual(0, h.Stack.Counters.RetransmitTimeouts);
        }

        [TestMethod]
        public void DuplicateAckAnsweringAnUnneededProbeIsNotALossSignal()
        {
            // The probe at 142 copies the second segment, but both had arrived: the ACK of 2000 comes first, then
            // the peer's answer to the copy, a duplicate ACK of 2000, while new data is in flight.
            TcpHarness h = TwoInFlight(TcpHarness.DefaultConfig());
            h.Poll(142);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            h.AckOf(2000, 145);
            h.Socket.Send(TcpHarness.Bytes(2000, 2), 0, 2000);
            h.Poll(145);
            h.Expect(TcpFlags.Ack, 2000, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 3000, 0, 1000);
            h.AckOf(2000, 150);
            h.Poll(170);
            h.ExpectNothing();
            Assert.AreEqual(1, h.Stack.Counters.Retransmits);
            // A second duplicate ACK is a real signal: the new head is lost (sent at 145, SRTT 20, window 5).
            h.AckOf(2000, 171);
            h.Expect(TcpFlags.Ack, 2000, 0, 1000);
        }

        [TestMethod]
        public void LimitedTransmitSendsOneNewSegmentOnEachOfTheFirstTwoDuplicateAcks()
        {
            TcpHarness h = TcpHarness.EstablishedWithRtt20(BigSendRing(), Window);
            h.SendAndPoll(7000, 100);
            for (int i = 0; i < 4; i++)
            {
                h.Expect(TcpFlags.Ack, (uint)(i * 1000), 0, 1000);
            }

            int cwnd = h.Socket.CongestionWindow;
            h.AckOf(0, 105);
            h.Expect(TcpFlags.Ack, 4000, 0, 1000);
            h.ExpectNothing();
            h.AckOf(0, 106);
            h.Expect(TcpFlags.Ack, 5000, 0, 1000);
            h.ExpectNothing();
            // RFC 3042: cwnd itself is unchanged.
            Assert.AreEqual(cwnd, h.Socket.CongestionWindow);
            // The third is RFC 5681's fast retransmit, earlier than RACK's time rule (125).
            h.AckOf(0, 107);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
        }

        [TestMethod]
        public void MinimumRtoIsConfigurable()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MinRtoMs = 50;
            c.RackTlp = false;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            Assert.AreEqual(60L, h.Poll(10));
            Assert.AreEqual(50, h.Socket.RetransmissionTimeoutMs);
        }
    }
}
