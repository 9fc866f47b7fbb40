using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>RTO (RFC 6298), retry limit (RFC 1122 4.2.3.5), fast retransmit and NewReno (RFC 5681, RFC 6582).</summary>
    [TestClass]
    public class RetransmissionTests
    {
        /// <summary>Four segments in flight under RFC 5681/6582 alone (RackTlpTests cover RACK-TLP on top).</summary>
        private static TcpHarness FourInFlight()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SendBufferSize = 8192;
            c.RackTlp = false;
            TcpHarness h = TcpHarness.Established(c, 500, 60000);
            h.Socket.NoDelay = true;
            h.SendAndPoll(8192, 10);
            for (int i = 0; i < 4; i++)
            {
                h.Expect(TcpFlags.Ack, (uint)(i * 500), 0, 500);
            }

            h.ExpectNothing();
            return h;
        }

        /// <summary>Three duplicate ACKs of SND.UNA at t=20, 21, 22: the third starts fast retransmit (RFC 5681 §3.2).</summary>
        private static void ThreeDupAcks(TcpHarness h)
        {
            DupAck(h, 0, 20);
            DupAck(h, 0, 21);
            DupAck(h, 0, 22);
        }

        private static void DupAck(TcpHarness h, int acked, long t)
        {
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1 + (uint)acked, TcpFlags.Ack, 60000, null, 0, t);
        }

        [TestMethod]
        public void UnackedDataIsRetransmittedAfterRto()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            Assert.AreEqual(210L, h.Poll(10));
            h.Next();
            h.Poll(209);
            h.ExpectNothing();
            h.Poll(210);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 100);
            CollectionAssert.AreEqual(TcpHarness.Bytes(100, 1), h.LastPayload());
            Assert.AreEqual(1, h.Stack.Counters.Retransmits);
        }

        [TestMethod]
        public void RtoDoublesOnEachExpiry()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(100, 10);
            Assert.AreEqual(610L, h.Poll(210));
            Assert.AreEqual(1410L, h.Poll(610));
            Assert.AreEqual(3010L, h.Poll(1410));
        }

        [TestMethod]
        public void RtoIsCappedAtMaximum()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxRtoMs = 1000;
            c.MaxRetransmits = 20;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            long t = h.Poll(10);
            for (int i = 0; i < 6; i++)
            {
                t = h.Poll(t);
            }

            Assert.AreEqual(1000, h.Socket.RetransmissionTimeoutMs);
        }

        [TestMethod]
        public void RetryLimitAbortsWithTimedOutAndReset()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            long t = h.Poll(10);
            int sent = 1;
            for (int i = 0; i < 20 && h.Socket.State == TcpState.Established; i++)
            {
                t = h.Poll(t);
            }

            Assert.AreEqual((int)TcpState.Closed, (int)h.Socket.State);
            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            // 1 original + 8 retransmissions, then a RST.
            for (int i = 0; i < 9; i++)
            {
                h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 100);
            }

            Assert.AreEqual((int)TcpFlags.Rst, (int)h.Next().Flags);
            Assert.AreEqual(1, sent);
        }

        [TestMethod]
        public void AckAfterRetransmissionIsNotSampledKarn()
        {
            TcpHarness h = TcpHarness.Established();
            int srttBefore = h.Socket.SmoothedRttMs;
            h.SendAndPoll(100, 10);
            h.Poll(210);
            h.PeerAck(0, 100, 4096, 215);
            Assert.AreEqual(srttBefore, h.Socket.SmoothedRttMs);
        }

        [TestMethod]
        public void AckOfAFastRetransmittedSegmentIsNotSampledKarn()
        {
            // RFC 6298 §3 (Karn's algorithm): RTT samples MUST NOT be made from retransmitted segments. The first
            // segment is timed when sent at t=10 and fast-retransmitted at t=22; the partial ACK covering it at
            // t=400 may answer either copy, so SRTT and RTO keep the handshake's values (0 ms, the 200 ms floor).
            TcpHarness h = FourInFlight();
            int srttBefore = h.Socket.SmoothedRttMs;
            int rtoBefore = h.Socket.RetransmissionTimeoutMs;
            ThreeDupAcks(h);
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            DupAck(h, 500, 400);
            Assert.AreEqual(srttBefore, h.Socket.SmoothedRttMs);
            Assert.AreEqual(rtoBefore, h.Socket.RetransmissionTimeoutMs);
            Assert.AreEqual(200, h.Socket.RetransmissionTimeoutMs);
        }

        [TestMethod]
        public void NewAckResetsBackoffCountAndRestartsTimer()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.SendAndPoll(100, 10);
            h.Socket.Send(TcpHarness.Bytes(100, 2), 0, 100);
            h.Poll(11);
            h.Next();
            h.Next();
            h.PeerAck(0, 100, 4096, 100);
            // RFC 6298 (5.3): restart the timer for the remaining data.
            Assert.AreEqual(100L + h.Socket.RetransmissionTimeoutMs, h.Poll(101));
        }

        [TestMethod]
        public void AllDataAckedStopsTimer()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(100, 10);
            h.Next();
            h.PeerAck(0, 100, 4096, 20);
            Assert.AreEqual(long.MaxValue, h.Poll(21));
            h.Poll(5000);
            h.ExpectNothing();
        }

        [TestMethod]
        public void RtoTimeoutCollapsesCongestionWindow()
        {
            TcpHarness h = FourInFlight();
            h.Poll(210);
            Assert.AreEqual(500, h.Socket.CongestionWindow);
            Assert.AreEqual(1000, h.Socket.SlowStartThreshold);
            // Go-back-N from SND.UNA with one segment.
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            h.ExpectNothing();
        }

        [TestMethod]
        public void PureAckAfterGoBackNCarriesHighestSequenceSent()
        {
            // After an RTO only the first segment is resent; the peer may hold everything up to SND.MAX, so an
            // ACK with the rewound SND.NXT would be unacceptable to it (and its answer to us: an ACK war).
            TcpHarness h = FourInFlight();
            h.Poll(210);
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            h.PeerData(100, TcpHarness.Bytes(10, 1), 220);
            TcpPacket ack = h.Next();
            Assert.AreEqual((int)TcpFlags.Ack, (int)ack.Flags);
            Assert.AreEqual(0, ack.PayloadLength);
            Assert.AreEqual(h.Iss + 1 + 2000, ack.SequenceNumber);
        }

        [TestMethod]
        public void UnacceptableBareAcksAreAnsweredWithinTheChallengeBudgetOnly()
        {
            TcpHarness h = TcpHarness.Established();
            for (int i = 0; i < 20; i++)
            {
                h.Peer(TcpHarness.PeerIss - 10, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 10);
            }

            Assert.AreEqual(10, h.Pending);
        }

        [TestMethod]
        public void TwoDuplicateAcksDoNotRetransmit()
        {
            TcpHarness h = FourInFlight();
            DupAck(h, 0, 20);
            DupAck(h, 0, 21);
            h.ExpectNothing();
            Assert.AreEqual(2, h.Socket.DuplicateAcksIn);
        }

        [TestMethod]
        public void ThirdDuplicateAckTriggersFastRetransmit()
        {
            TcpHarness h = FourInFlight();
            ThreeDupAcks(h);
            TcpPacket again = h.Expect(TcpFlags.Ack, 0, 0, 500);
            // RFC 5681 §3.2: ssthresh = max(FlightSize / 2, 2 * SMSS), cwnd = ssthresh + 3 * SMSS.
            Assert.AreEqual(1000, h.Socket.SlowStartThreshold);
            Assert.AreEqual(2500, h.Socket.CongestionWindow);
            // Counted once each, and the retransmission carries no options (the MSS option is for SYNs only).
            Assert.AreEqual(3, h.Stack.Counters.DuplicateAcks);
            Assert.AreEqual(3, h.Socket.DuplicateAcksIn);
            Assert.AreEqual(1, h.Stack.Counters.RackRetransmits);
            Assert.AreEqual(TcpPacket.HeaderLength, again.DataOffsetBytes);
        }

        [TestMethod]
        public void FastRecoveryWindowAllowsOneNewSegment()
        {
            TcpHarness h = FourInFlight();
            ThreeDupAcks(h);
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            // cwnd 2500 with 2000 in flight: one new segment (RFC 5681 §3.2 step 4).
            h.Expect(TcpFlags.Ack, 2000, 0, 500);
            h.ExpectNothing();
        }

        [TestMethod]
        public void FurtherDuplicateAcksInflateWindowAndReleaseNewData()
        {
            TcpHarness h = FourInFlight();
            ThreeDupAcks(h);
            h.Next();
            h.Next();
            DupAck(h, 0, 23);
            Assert.AreEqual(3000, h.Socket.CongestionWindow);
            h.Expect(TcpFlags.Ack, 2500, 0, 500);
            h.ExpectNothing();
        }

        [TestMethod]
        public void PartialAckRetransmitsNextHoleNewReno()
        {
            TcpHarness h = FourInFlight();
            ThreeDupAcks(h);
            h.Next();
            h.Next();
            // Partial ACK (below "recover" = 2000): the first segment is repaired, the second was lost too.
            DupAck(h, 500, 30);
            h.Expect(TcpFlags.Ack, 500, 0, 500);
        }

        [TestMethod]
        public void PartialAckKeepsRecoveryUntilRecoverPointIsAcked()
        {
            TcpHarness h = FourInFlight();
            ThreeDupAcks(h);
            DupAck(h, 500, 30);
            DupAck(h, 1000, 31);
            // Still in recovery: ssthresh unchanged by partial ACKs (one reduction per window, RFC 6582).
            Assert.AreEqual(1000, h.Socket.SlowStartThreshold);
        }

        [TestMethod]
        public void FullAckEndsRecoveryWithDeflatedWindow()
        {
            TcpHarness h = FourInFlight();
            ThreeDupAcks(h);
            h.Next();
            h.Next();
            DupAck(h, 2000, 30);
            // RFC 6582 §3.2 step 3: cwnd = min(ssthresh, FlightSize + SMSS) = min(1000, 500 + 500).
            Assert.AreEqual(1000, h.Socket.CongestionWindow);
        }

        [TestMethod]
        public void DuplicateAckWithDataIsNotCounted()
        {
            TcpHarness h = FourInFlight();
            for (int i = 0; i < 3; i++)
            {
                h.Peer(TcpHarness.PeerIss + 1 + (uint)(i * 10), h.Iss + 1, TcpFlags.Ack, 60000, TcpHarness.Bytes(10, i), 0, 20 + i);
            }

            Assert.AreEqual(0, h.Socket.DuplicateAcksIn);
        }

        [TestMethod]
        public void WindowUpdateIsNotADuplicateAck()
        {
            TcpHarness h = FourInFlight();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 50000, null, 0, 20);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 40000, null, 0, 21);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 30000, null, 0, 22);
            Assert.AreEqual(0, h.Socket.DuplicateAcksIn);
            h.ExpectNothing();
        }

        [TestMethod]
        public void SynRetransmissionIsNotTimed()
        {
            TcpHarness h = TcpHarness.SynSent();
            h.Poll(1000);
            h.Next();
            h.Peer(5000, h.Iss + 1, (byte)(TcpFlags.Syn | TcpFlags.Ack), 4096, null, 1460, 1010);
            // Karn: the SYN-ACK may answer either SYN; no sample is taken.
            Assert.AreEqual(0, h.Socket.SmoothedRttMs);
        }

        [TestMethod]
        public void RestartAfterIdleShrinksCongestionWindow()
        {
            TcpHarness h = FourInFlight();
            DupAck(h, 2000, 30);
            Assert.IsTrue(h.Socket.CongestionWindow > 2000);
            while (h.Pending > 0)
            {
                h.Next();
            }

            h.PeerAck(0, 8192, 60000, 40);
            int before = h.Socket.CongestionWindow;
            h.SendAndPoll(4000, 100000);
            Assert.IsTrue(h.Socket.CongestionWindow <= CongestionControl.InitialWindow(500));
            Assert.IsTrue(before >= h.Socket.CongestionWindow);
        }
    }
}
