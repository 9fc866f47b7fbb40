using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// RACK-TLP bookkeeping (RFC 8985) that only timing shows: which transmission time RACK keeps for the segment at
    /// SND.UNA, when a probe episode ends, and RFC 3042's cap of two limited-transmit segments when duplicate ACKs
    /// stay below RFC 6582's "recover" after a timeout. Every connection is established with a 20 ms handshake RTT
    /// (SRTT 20, RTO 200, reordering window 5 ms, PTO 2 SRTT + 2 = 42 ms) and an MSS of 1000. Added from surviving
    /// mutants (issue 18, docs/mutation.md).
    /// </summary>
    [TestClass]
    public class RackTimingTests
    {
        private const ushort Window = 60000;

        private static TcpHarness Established()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SendBufferSize = 8192;
            return TcpHarness.EstablishedWithRtt20(c, Window);
        }

        /// <summary>Three 1000-byte segments sent at t=100 (the last with PSH).</summary>
        private static TcpHarness ThreeInFlight()
        {
            TcpHarness h = Established();
            SendAt(h, 3000, 1, 100);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 2000, 0, 1000);
            return h;
        }

        private static void SendAt(TcpHarness h, int bytes, int seed, long t)
        {
            Assert.AreEqual(bytes, h.Socket.Send(TcpHarness.Bytes(bytes, seed), 0, bytes));
            h.Poll(t);
        }

        [TestMethod]
        public void RackTimesTheHeadFromItsOwnTransmissionNotALaterSegments()
        {
            // RFC 8985 §6.2 step 5: a segment is lost once now >= its xmit_ts + RACK.rtt + reo_wnd. The head went out at
            // 100 and a later segment at 110: a duplicate ACK at 125 finds the head lost (100 + 20 + 5).
            TcpHarness h = Established();
            SendAt(h, 1000, 1, 100);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            SendAt(h, 1000, 2, 110);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.ExpectNothing();
            h.AckOf(0, 125);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
        }

        [TestMethod]
        public void ANewAckTimesTheNewHeadFromTheNewestTransmission()
        {
            // After an ACK moves SND.UNA onto a segment sent later than the old head, RACK has no per-segment time and
            // takes the newest transmission (110) as the new head's: later, so never a premature loss. A duplicate
            // ACK at 130 (before 110 + 25) only arms the reordering timer (§6.3), which fires at 135.
            TcpHarness h = Established();
            SendAt(h, 1000, 1, 100);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            SendAt(h, 2000, 2, 110);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 2000, 0, 1000);
            h.AckOf(1000, 120);
            Assert.AreEqual(20, h.Socket.SmoothedRttMs, "an RTT sample of 20 keeps SRTT");
            h.ExpectNothing();
            h.AckOf(1000, 130);
            h.ExpectNothing();
            Assert.AreEqual(135L, h.Poll(130));
            h.Poll(134);
            h.ExpectNothing();
            // The retransmission restarts the PTO (RFC 8985 §7.2; the head was resent once): 135 + 2 SRTT + 2.
            Assert.AreEqual(177L, h.Poll(135));
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            h.ExpectNothing();
        }

        [TestMethod]
        public void ANewAckEndsTheProbeEpisodeSoTheNextFlightGetsAProbeAgain()
        {
            // RFC 8985 §7.2/§7.4: one probe per episode; an ACK of new data ends the episode, and new data sent after it
            // is protected by a PTO again (2 SRTT + 2), not only by the RTO.
            TcpHarness h = Established();
            SendAt(h, 2000, 1, 100);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.Poll(142);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.LossProbes);
            h.AckOf(2000, 150);
            h.ExpectNothing();
            SendAt(h, 2000, 2, 160);
            h.Expect(TcpFlags.Ack, 2000, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 3000, 0, 1000);
            Assert.AreEqual(202L, h.Poll(160));
            h.Poll(202);
            h.Expect(TcpFlags.Ack, 3000, 0, 1000);
            Assert.AreEqual(2, h.Stack.Counters.LossProbes);
        }

        [TestMethod]
        public void LimitedTransmitStopsAtTwoSegmentsWhenDuplicateAcksStayBelowRecover()
        {
            // Four segments at 100, a tail probe of a fifth at 142, the RTO at 342: cwnd 1 SMSS, "recover" = SND.MAX
            // (RFC 6582 §3.2 step 1). Duplicate ACKs below recover do not start fast retransmit; RFC 3042 lets the first
            // two send one segment each beyond cwnd, and no more: the third and fourth send nothing.
            TcpHarness h = Established();
            SendAt(h, 8000, 1, 100);
            for (int i = 0; i < 4; i++)
            {
                h.Expect(TcpFlags.Ack, (uint)(i * 1000), 0, 1000);
            }

            h.ExpectNothing();
            h.Poll(142);
            h.Expect(TcpFlags.Ack, 4000, 0, 1000);
            h.ExpectNothing();
            Assert.AreEqual(342L, h.Poll(143));
            h.Poll(342);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
            Assert.AreEqual(1000, h.Socket.CongestionWindow);
            h.AckOf(0, 350);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            h.ExpectNothing();
            h.AckOf(0, 351);
            h.Expect(TcpFlags.Ack, 2000, 0, 1000);
            h.ExpectNothing();
            h.AckOf(0, 352);
            h.ExpectNothing();
            h.AckOf(0, 353);
            h.ExpectNothing();
            Assert.AreEqual(1000, h.Socket.CongestionWindow, "no fast recovery below recover");
            Assert.AreEqual(0, h.Stack.Counters.RackRetransmits);
        }

        [TestMethod]
        public void ARackRetransmissionRestartsTheHeadsClockAndCountsAsARetransmission()
        {
            // Three segments at 100; a duplicate ACK at 126 finds the head lost (100 + 20 + 5) and RACK resends it.
            // That copy is the head's transmission now (RFC 8985 Segment.xmit_ts): a second duplicate ACK at 127 (sent
            // by the peer before the copy arrived) does not find it lost again. And a retransmitted head arms no
            // reordering timer on an early duplicate ACK (§6.3 with no SACK: that ACK may come from a segment sent
            // before the copy); the PTO (126 + 42) stays the next deadline.
            TcpHarness h = ThreeInFlight();
            h.AckOf(0, 126);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
            h.AckOf(0, 127);
            h.ExpectNothing();
            Assert.AreEqual(168L, h.Poll(127));
            h.ExpectNothing();
        }

        [TestMethod]
        public void TheEchoOfATimeoutRetransmissionIsNotADeliverySignal()
        {
            // One segment at 100, its ACK lost: the RTO (300) resends it. The peer already held it and answers the copy
            // with an ACK of RCV.NXT. When the original ACK arrived first (310), that answer (330) is a duplicate ACK
            // for the next segment (sent at 320), but it says nothing about that segment: without DSACK RACK must not
            // take it as the delivery signal (RFC 8985 §6.2 step 1 needs a later segment delivered), so no reordering
            // timer starts and the tail loss probe (320 + 2 SRTT + 2 + the 200 ms worst-case delayed ACK for one segment,
            // earlier than the RTO backed off to 400) stays the next deadline.
            TcpHarness h = Established();
            SendAt(h, 1000, 1, 100);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            h.Poll(300);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RetransmitTimeouts);
            h.AckOf(1000, 310);
            SendAt(h, 1000, 2, 320);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            Assert.AreEqual(562L, h.Poll(320));
            h.AckOf(1000, 330);
            h.ExpectNothing();
            Assert.AreEqual(562L, h.Poll(330));
            // The next duplicate ACK is a real signal again: it arms the reordering timer (320 + 20 + 5).
            h.AckOf(1000, 331);
            Assert.AreEqual(345L, h.Poll(331));
        }

        [TestMethod]
        public void NoDelayReadsBackWhatWasSetAndOffRestoresNagle()
        {
            // RFC 1122 4.2.3.4: Nagle is on unless the application turns it off (TCP_NODELAY), and back on again.
            TcpHarness h = TcpHarness.Established();
            Assert.IsFalse(h.Socket.NoDelay);
            h.Socket.NoDelay = true;
            Assert.IsTrue(h.Socket.NoDelay);
            h.Socket.NoDelay = false;
            Assert.IsFalse(h.Socket.NoDelay);
            SendAt(h, 10, 1, 10);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 10);
            SendAt(h, 10, 2, 11);
            h.ExpectNothing(); // Nagle: a small segment waits while one is unacknowledged
        }

        [TestMethod]
        public void AfterATimeoutTheApplicationStillHoldsTheSlotUntilItCloses()
        {
            // RFC 1122 4.2.3.5 R2: the retry limit ends the connection with a RST and tells the application; the slot
            // stays the application's (it may read the error) until it closes the handle.
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxRetransmits = 1;
            c.RackTlp = false;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            SendAt(h, 100, 1, 10);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 100);
            h.Poll(210);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 100);
            h.Poll(5000);
            Assert.AreEqual((int)TcpFlags.Rst, (int)(h.Next().Flags & TcpFlags.Rst));
            Assert.AreEqual((int)TcpState.Closed, (int)h.Socket.State);
            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            Assert.AreEqual(1, h.Stack.SlotsInUse);
            h.Socket.Close();
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void ASecondRetransmissionKeepsTheEchoPending()
        {
            // The probe at 142 resends the second segment, the RTO at 342 the first: two retransmissions, one echo still
            // to come. Once everything is acknowledged (350) and a new segment is out (360), the duplicate ACK at 370 is
            // that echo and is not taken as a delivery signal: the probe (360 + 42 + 200) stays the next deadline.
            TcpHarness h = Established();
            SendAt(h, 2000, 1, 100);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.Poll(142);
            h.Expect(TcpFlags.Ack, 1000, 0, 1000);
            h.Poll(342);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
            h.AckOf(2000, 350);
            h.ExpectNothing();
            SendAt(h, 1000, 2, 360);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 2000, 0, 1000);
            Assert.AreEqual(602L, h.Poll(360));
            h.AckOf(2000, 370);
            h.ExpectNothing();
            Assert.AreEqual(602L, h.Poll(370));
        }

        [TestMethod]
        public void AHeadResentTwiceIsLeftToTheRto()
        {
            // After a second RACK retransmission of one head no probe is armed (TcpSocket.Rack.cs: two retransmissions of
            // the head, then only the RTO with its backoff and retry limit): 152 + RTO 200, not 152 + PTO 42.
            TcpHarness h = ThreeInFlight();
            h.AckOf(0, 126);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.AckOf(0, 152);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
            Assert.AreEqual(352L, h.Poll(152));
        }

        [TestMethod]
        public void ReceiveEndsWithThePeersFinNotBefore()
        {
            // RFC 9293 §3.10.7.4 eighth: the FIN ends the peer's data; an open connection's receive side has not ended.
            TcpHarness h = TcpHarness.Established();
            Assert.IsFalse(h.Socket.IsReceiveEnded);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Fin | TcpFlags.Ack), 4096, null, 0, 10);
            Assert.IsTrue(h.Socket.IsReceiveEnded);
        }

        /// <summary>
        /// Two segments at 100 (head lost at 100 + SRTT 20 + reordering window 5 = 125), then the loss timer set to an
        /// RTO due at <paramref name="rtoAt"/>: the state a connection reaches when its RTO has fallen below 1.25 SRTT
        /// (a low MinRtoMs and a steady RTT: SRTT + 4 RTTVAR with RTTVAR near 0, and a PTO no earlier than the RTO, so
        /// RFC 8985 §7.2 arms the RTO). Set through the socket's fields: reaching it through samples takes dozens of
        /// round trips.
        /// </summary>
        private static TcpHarness HeadOutWithRtoDueAt(long rtoAt)
        {
            TcpHarness h = Established();
            SendAt(h, 2000, 1, 100);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.ExpectNothing();
            h.Socket.RackState &= ~(TcpSocket.TimerProbe | TcpSocket.TimerReorder); // the loss timer kind: TimerRto
            h.Socket.RetransmitDeadline = rtoAt;
            Assert.AreEqual(TcpSocket.TimerRto, h.Socket.LossTimer);
            return h;
        }

        /// <summary>A duplicate ACK at 110 (before the head's reordering window ends at 125) against an RTO due at
        /// <paramref name="rtoAt"/>: which loss timer is left, due when.</summary>
        private static TcpHarness DuplicateAckAgainstRtoAt(long rtoAt, int timer, long due)
        {
            TcpHarness h = HeadOutWithRtoDueAt(rtoAt);
            h.AckOf(0, 110);
            h.ExpectNothing();
            Assert.AreEqual(timer, h.Socket.LossTimer);
            Assert.AreEqual(due, h.Socket.RetransmitDeadline);
            return h;
        }

        [TestMethod]
        public void AnRtoDueBeforeTheReorderingWindowEndsIsNotPushedBackByADuplicateAck()
        {
            // RFC 8985 §6.3: a duplicate ACK before the head's reordering window has passed arms the reordering timer,
            // but a retransmission timer that ends earlier stays: replacing it would only delay the recovery.
            DuplicateAckAgainstRtoAt(120, TcpSocket.TimerRto, 120L);
        }

        [TestMethod]
        public void AnRtoDueWhenTheReorderingWindowEndsStaysTheRto()
        {
            // The same at equality: the RTO ends in the same millisecond as the reordering window (125), so the timer is
            // not rearmed as a reordering timer; when it fires it is a retransmission timeout.
            DuplicateAckAgainstRtoAt(125, TcpSocket.TimerRto, 125L);
        }

        [TestMethod]
        public void AnRtoDueAfterTheReorderingWindowGivesWayToTheReorderingTimer()
        {
            // And the other side of the rule: an RTO later than the window's end (126) is replaced by the reordering
            // timer at 125, which then declares the head lost (RFC 8985 §6.3 step 2) and resends it.
            TcpHarness h = DuplicateAckAgainstRtoAt(126, TcpSocket.TimerReorder, 125L);
            h.Poll(125);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
        }
    }
}
