using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>Outgoing data: segmentation, send window, Nagle, sender SWS, persist (RFC 9293 §3.8.6, RFC 1122 4.2.3.4).</summary>
    [TestClass]
    public class SendTests
    {
        [TestMethod]
        public void SmallWriteGoesOutOnPollWithPsh()
        {
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(10, h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10));
            h.Poll(10);
            TcpPacket p = h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 10);
            Assert.AreEqual((ushort)2048, p.Window);
            CollectionAssert.AreEqual(TcpHarness.Bytes(10, 1), h.LastPayload());
            h.ExpectNothing();
        }

        [TestMethod]
        public void SendCopiesOnlyWhatFitsInTheRing()
        {
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(2048, h.Socket.SendSpace);
            Assert.AreEqual(2048, h.Socket.Send(TcpHarness.Bytes(3000, 1), 0, 3000));
            Assert.AreEqual(0, h.Socket.SendSpace);
            Assert.AreEqual(0, h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10));
        }

        [TestMethod]
        public void NagleHoldsSmallTailWhileDataIsUnacked()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(2048, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 1460);
            h.ExpectNothing();
            h.PeerAck(0, 1460, 4096, 20);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1460, 0, 588);
        }

        [TestMethod]
        public void NoDelaySendsSmallTailAtOnce()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.SendAndPoll(2048, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 1460);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1460, 0, 588);
        }

        [TestMethod]
        public void NagleHoldsSecondSmallWriteUntilFirstIsAcked()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(10, 10);
            h.Next();
            h.Socket.Send(TcpHarness.Bytes(10, 2), 0, 10);
            h.Poll(11);
            h.ExpectNothing();
            h.PeerAck(0, 10, 4096, 20);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 10, 0, 10);
        }

        /// <summary>The stack's default configuration (segments bounded by half a small send ring) with the harness's timer floors.</summary>
        private static TcpConfig HalfRingConfig(int sendBuffer)
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.HalfRingSegments = true;
            c.SendBufferSize = sendBuffer;
            return c;
        }

        /// <summary>An established connection with that ring (peer MSS 1460, window 8192) after the application wrote <paramref name="bytes"/>.</summary>
        private static TcpHarness WrittenFromRing(int ring, int bytes)
        {
            TcpHarness h = TcpHarness.Established(HalfRingConfig(ring), 1460, 8192);
            h.SendAndPoll(bytes, 10);
            return h;
        }

        [TestMethod]
        public void ASendRingSmallerThanTwoSegmentsGoesOutInHalves()
        {
            // Issue 13: a 2 KiB ring sent as 1460 + 588 has nothing to send until the 1460 is ACKed, while the 588
            // is all that is on the wire; as 1024 + 1024, the first half is ACKed and refilled while the second is
            // still going (Linux bounds segments by half the peer's window for the same reason, tcp_bound_to_half_wnd).
            Assert.IsTrue(new TcpConfig().HalfRingSegments, "the default");
            TcpHarness h = WrittenFromRing(2048, 2048);
            // PSH on both halves: Linux ACKs a PSH segment as soon as it is read, a full-length one without PSH only
            // every second time, which would ACK the two halves together.
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1024);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1024, 0, 1024);
            h.ExpectNothing();
            h.PeerAck(0, 1024, 8192, 20);
            Assert.AreEqual(1024, h.Socket.Send(TcpHarness.Bytes(1024, 3), 0, 1024));
            h.Poll(21);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 2048, 0, 1024);
        }

        [TestMethod]
        public void ABareFinAfterHalfRingSegmentsCarriesNoPsh()
        {
            // PSH marks data to deliver (RFC 9293 §3.9.1.2); the half-ring rule adds it to data segments only.
            TcpHarness h = WrittenFromRing(2048, 2048);
            h.Next();
            h.Next();
            h.PeerAck(0, 2048, 8192, 20);
            h.Socket.Close();
            h.Poll(21);
            h.Expect((byte)(TcpFlags.Fin | TcpFlags.Ack), 2048, 0, 0);
        }

        [TestMethod]
        public void ARingOfTwoSegmentsOrMoreSendsFullSegments()
        {
            TcpHarness h = WrittenFromRing(4096, 4096);
            h.Expect(TcpFlags.Ack, 0, 0, 1460);
            h.Expect(TcpFlags.Ack, 1460, 0, 1460);
        }

        [TestMethod]
        public void ARingOfExactlyTwoSegmentsSendsFullSegmentsWithoutTheHalvesPsh()
        {
            // 2,920 bytes hold two full segments: nothing is cut, so PSH stays on the segment that empties the queue
            // only (a segment the size of half the ring is not a cut half here).
            TcpHarness h = WrittenFromRing(2920, 2920);
            h.Expect(TcpFlags.Ack, 0, 0, 1460);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1460, 0, 1460);
        }

        [TestMethod]
        public void ARingOf536BytesOrLessIsNotCutFurther()
        {
            // As Linux's bound, which leaves windows up to TCP_MSS_DEFAULT (536) whole: halves that small would
            // double the per-segment work for nothing (a 536-byte frame's upload is shorter than a full frame's wire time).
            TcpHarness h = WrittenFromRing(536, 536);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 536);
        }

        [TestMethod]
        public void SegmentsAreLimitedByPeerMss()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 500, 4096);
            h.Socket.NoDelay = true;
            h.SendAndPoll(1200, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 500);
            h.Expect(TcpFlags.Ack, 500, 0, 500);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 200);
        }

        [TestMethod]
        public void SendIsLimitedByPeerWindow()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 1000);
            h.SendAndPoll(2048, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
        }

        [TestMethod]
        public void SenderSwsAvoidanceWaitsForUsefulWindow()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 1000);
            h.SendAndPoll(2048, 10);
            h.Next();
            // Peer acks 100 bytes but keeps the right edge: usable window 100 < MaxSndWnd/2 with data in flight.
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1 + 100, TcpFlags.Ack, 900, null, 0, 20);
            h.ExpectNothing();
        }

        [TestMethod]
        public void AckFreesSendSpace()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(2048, 10);
            h.Next();
            h.PeerAck(0, 1000, 4096, 20);
            Assert.AreEqual(1000, h.Socket.SendSpace);
        }

        [TestMethod]
        public void DataAckMeasuresRtt()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(10, 100);
            h.Next();
            h.PeerAck(0, 10, 4096, 180);
            // The handshake gave a 0 ms sample; then 80 ms: SRTT = 80/8, RTTVAR = 80/4 (RFC 6298 2.3),
            // RTO = 10 + 4 * 20 = 90, raised to the 200 ms floor.
            Assert.AreEqual(10, h.Socket.SmoothedRttMs);
            Assert.AreEqual(200, h.Socket.RetransmissionTimeoutMs);
        }

        [TestMethod]
        public void ZeroWindowStopsDataAndArmsPersistTimer()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            // RTO after the 0 ms handshake sample is the 200 ms floor.
            Assert.AreEqual(210L, h.Poll(10));
            h.ExpectNothing();
        }

        [TestMethod]
        public void PersistTimerSendsOneByteProbe()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.SendAndPoll(10, 10);
            h.Poll(210);
            TcpPacket probe = h.Expect(TcpFlags.Ack, 0, 0, 1);
            Assert.AreEqual(TcpHarness.Bytes(10, 1)[0], h.LastPayload()[0]);
        }

        [TestMethod]
        public void PersistProbesBackOff()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.SendAndPoll(10, 10);
            Assert.AreEqual(610L, h.Poll(210));
            h.Next();
            h.PeerAck(0, 0, 0, 220);
            Assert.AreEqual(1410L, h.Poll(610));
            h.Expect(TcpFlags.Ack, 0, 0, 1);
        }

        [TestMethod]
        public void ProbeAcceptedByPeerCountsAsSent()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.SendAndPoll(10, 10);
            h.Poll(210);
            h.Next();
            h.PeerAck(0, 1, 4096, 220);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1, 0, 9);
        }

        [TestMethod]
        public void OlderReorderedAckWithTheSameSequenceDoesNotShrinkTheWindowRfc9293()
        {
            // RFC 9293 §3.10.7.4: SND.WND is taken from a segment only if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and
            // SND.WL2 =< SEG.ACK. Here the peer acked the first 100 bytes with window 0, then (having read) the next
            // 100 with window 4096; the two pure ACKs carry the same SEG.SEQ and arrive swapped. The older one must
            // not overwrite the newer window, or the connection would stall on a window the peer no longer has.
            TcpHarness h = TcpHarness.Established();
            h.Socket.NoDelay = true;
            h.SendAndPoll(100, 10);
            h.Socket.Send(TcpHarness.Bytes(100, 2), 0, 100);
            h.Poll(11);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 100);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 100, 0, 100);
            h.PeerAck(0, 200, 4096, 20);
            h.PeerAck(0, 100, 0, 21);
            h.ExpectNothing();
            h.Socket.Send(TcpHarness.Bytes(300, 3), 0, 300);
            h.Poll(30);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 200, 0, 300);
            h.ExpectNothing();
        }

        [TestMethod]
        public void WindowUpdateResumesSending()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.SendAndPoll(10, 10);
            h.PeerAck(0, 0, 4096, 500);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 10);
        }

        [TestMethod]
        public void OldSegmentDoesNotUpdateSendWindow()
        {
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 4096);
            // Segment B (newer, window 4096) overtakes segment A (older, window 0): A's window is stale
            // and must not close the send window (SND.WL1/SND.WL2 rule, RFC 9293 §3.10.7.4).
            h.Peer(TcpHarness.PeerIss + 11, h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 2), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 0, TcpHarness.Bytes(10, 1), 0, 11);
            h.Expect(TcpFlags.Ack, 0, 20, 0);
            h.SendAndPoll(10, 12);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 20, 10);
        }

        [TestMethod]
        public void AckIsPiggybackedOnData()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(10, 1), 10);
            h.SendAndPoll(5, 11);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 10, 5);
            h.Poll(60);
            h.ExpectNothing();
        }

        [TestMethod]
        public void SendSpaceIsZeroAfterClose()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Close();
            Assert.AreEqual(0, h.Socket.SendSpace);
        }

        [TestMethod]
        public void InitialCongestionWindowFollowsRfc5681()
        {
            Assert.AreEqual(4380, CongestionControl.InitialWindow(1460));
            Assert.AreEqual(2144, CongestionControl.InitialWindow(536));
            Assert.AreEqual(4400, CongestionControl.InitialWindow(2200));
        }

        [TestMethod]
        public void CongestionWindowLimitsFirstFlight()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SendBufferSize = 8192;
            TcpHarness h = TcpHarness.Established(c, 536, 60000);
            h.Socket.NoDelay = true;
            h.SendAndPoll(8192, 10);
            // IW = 4 * 536 = 2144 bytes: four segments.
            for (int i = 0; i < 4; i++)
            {
                h.Expect(TcpFlags.Ack, (uint)(i * 536), 0, 536);
            }

            h.ExpectNothing();
        }

        [TestMethod]
        public void SlowStartGrowsWindowBySmssPerAck()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SendBufferSize = 8192;
            TcpHarness h = TcpHarness.Established(c, 536, 60000);
            h.Socket.NoDelay = true;
            h.SendAndPoll(8192, 10);
            for (int i = 0; i < 4; i++)
            {
                h.Next();
            }

            h.PeerAck(0, 536, 60000, 20);
            Assert.AreEqual(2144 + 536, h.Socket.CongestionWindow);
            // One ACK frees one segment and grows cwnd by one: two new segments.
            h.Expect(TcpFlags.Ack, 2144, 0, 536);
            h.Expect(TcpFlags.Ack, 2680, 0, 536);
            h.ExpectNothing();
        }
    }
}
