using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Tests.Tcp
{
    /// <summary>The building blocks on their own: sequence arithmetic, rings, RTO, rate limiter, ports.</summary>
    [TestClass]
    public class MechanismTests
    {
        [TestMethod]
        [DataRow(1u, 2u, true)]
        [DataRow(0xFFFFFFFFu, 0u, true)]
        [DataRow(0u, 0xFFFFFFFFu, false)]
        [DataRow(0x7FFFFFF0u, 0x80000010u, true)]
        [DataRow(5u, 5u, false)]
        public void SequenceLessThanWrapsAround(uint a, uint b, bool less)
        {
            Assert.AreEqual(less, SeqNum.Lt(a, b));
            Assert.AreEqual(less, SeqNum.Gt(b, a));
        }

        [TestMethod]
        public void SequenceWindowContainsAcrossWrap()
        {
            Assert.IsTrue(SeqNum.InWindow(5, 0xFFFFFFF0, 100));
            Assert.IsFalse(SeqNum.InWindow(0xFFFFFFEF, 0xFFFFFFF0, 100));
            Assert.IsFalse(SeqNum.InWindow(84, 0xFFFFFFF0, 100));
            Assert.IsFalse(SeqNum.InWindow(0, 0, 0));
            Assert.AreEqual(21, SeqNum.Diff(0xFFFFFFF0, 5));
        }

        [TestMethod]
        public void SendRingWrapsAndCopiesBack()
        {
            SendRing r = new SendRing(8);
            byte[] src = new byte[] { 1, 2, 3, 4, 5, 6 };
            Assert.AreEqual(6, r.Write(src, 0, 6));
            r.Consume(5);
            Assert.AreEqual(7, r.Write(new byte[] { 7, 8, 9, 10, 11, 12, 13, 14 }, 0, 8));
            Assert.AreEqual(8, r.Count);
            byte[] dst = new byte[8];
            r.CopyOut(0, dst, 0, 8);
            CollectionAssert.AreEqual(new byte[] { 6, 7, 8, 9, 10, 11, 12, 13 }, dst);
            byte[] mid = new byte[3];
            r.CopyOut(4, mid, 0, 3);
            CollectionAssert.AreEqual(new byte[] { 10, 11, 12 }, mid);
        }

        [TestMethod]
        public void ReceiveRingReassemblesAcrossWrap()
        {
            ReceiveRing r = new ReceiveRing(8, 2);
            r.Insert(0, new byte[] { 1, 2, 3, 4, 5 }, 0, 5);
            byte[] tmp = new byte[5];
            r.Read(tmp, 0, 5);
            Assert.AreEqual(0, r.Insert(3, new byte[] { 9, 10 }, 0, 2));
            Assert.AreEqual(1, r.Blocks);
            Assert.AreEqual(5, r.Insert(0, new byte[] { 6, 7, 8 }, 0, 3));
            byte[] dst = new byte[5];
            Assert.AreEqual(5, r.Read(dst, 0, 5));
            CollectionAssert.AreEqual(new byte[] { 6, 7, 8, 9, 10 }, dst);
            Assert.AreEqual(0, r.Blocks);
        }

        [TestMethod]
        public void ReceiveRingMergesOverlappingBlocks()
        {
            ReceiveRing r = new ReceiveRing(32, 2);
            r.Insert(4, new byte[4], 0, 4);
            r.Insert(10, new byte[4], 0, 4);
            r.Insert(6, new byte[6], 0, 6);
            Assert.AreEqual(1, r.Blocks);
            Assert.AreEqual(4, r.BlockStart(0));
            Assert.AreEqual(14, r.BlockEnd(0));
        }

        [TestMethod]
        public void ReceiveRingRefusesBlockWhenSlotsAreFullWithoutLosingOthers()
        {
            ReceiveRing r = new ReceiveRing(32, 2);
            r.Insert(4, new byte[2], 0, 2);
            r.Insert(10, new byte[2], 0, 2);
            Assert.AreEqual(-1, r.Insert(20, new byte[2], 0, 2));
            Assert.AreEqual(2, r.Blocks);
            // The refused block did not disturb the others: filling the hole absorbs the first one.
            Assert.AreEqual(6, r.Insert(0, new byte[4], 0, 4));
            Assert.AreEqual(1, r.Blocks);
            Assert.AreEqual(4, r.BlockStart(0));
        }

        [TestMethod]
        public void RtoBoundsKeepTheirValuesUpToTwentyOneBitsAndRefuseMore()
        {
            // The floor, ceiling and initial value share one long (21 bits each, issue 17): each must come back
            // exactly, none may leak into another, and a value that does not fit is refused at construction.
            RtoEstimator e = new RtoEstimator(2097151, 2097151, 2097151);
            Assert.AreEqual(2097151, e.Rto);
            e = new RtoEstimator(0, 2097151, 0);
            Assert.AreEqual(0, e.Rto);
            e.Backoff();
            Assert.AreEqual(0, e.Rto);
            e = new RtoEstimator(7, 2097151, 5);
            Assert.AreEqual(7, e.Rto, "initial below the floor is clamped to it");
            e = new RtoEstimator(1, 3, 2097151);
            Assert.AreEqual(3, e.Rto, "initial above the ceiling is clamped to it");
            Assert.ThrowsException(typeof(System.ArgumentException), () => new RtoEstimator(0, 2097152, 1000));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new RtoEstimator(-1, 60000, 1000));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new RtoEstimator(0, 60000, 2097152));
        }

        [TestMethod]
        public void RtoFirstSampleFollowsRfc6298()
        {
            RtoEstimator e = new RtoEstimator(200, 60000, 1000);
            Assert.AreEqual(1000, e.Rto);
            e.Sample(400);
            Assert.AreEqual(400, e.Srtt);
            Assert.AreEqual(200, e.RttVar);
            Assert.AreEqual(1200, e.Rto);
        }

        [TestMethod]
        public void RtoLaterSamplesSmooth()
        {
            RtoEstimator e = new RtoEstimator(200, 60000, 1000);
            e.Sample(400);
            e.Sample(800);
            // RTTVAR = 3/4 * 200 + 1/4 * |400 - 800| = 250; SRTT = 7/8 * 400 + 1/8 * 800 = 450.
            Assert.AreEqual(250, e.RttVar);
            Assert.AreEqual(450, e.Srtt);
            Assert.AreEqual(1450, e.Rto);
        }

        [TestMethod]
        public void RtoNeverBelowConfiguredMinimum()
        {
            RtoEstimator e = new RtoEstimator(200, 60000, 1000);
            e.Sample(1);
            Assert.AreEqual(200, e.Rto);
        }

        [TestMethod]
        public void RtoBackoffStopsAtMaximum()
        {
            RtoEstimator e = new RtoEstimator(200, 60000, 1000);
            for (int i = 0; i < 20; i++)
            {
                e.Backoff();
            }

            Assert.AreEqual(60000, e.Rto);
        }

        [TestMethod]
        public void ChallengeLimiterAllowsBudgetPerSecond()
        {
            ChallengeAckLimiter l = new ChallengeAckLimiter(2);
            Assert.IsTrue(l.TryTake(0));
            Assert.IsTrue(l.TryTake(500));
            Assert.IsFalse(l.TryTake(999));
            Assert.IsTrue(l.TryTake(1000));
        }

        [TestMethod]
        public void EphemeralPortsStayInRangeAndAdvance()
        {
            EphemeralPorts p = new EphemeralPorts(7, 49152, 65535);
            ushort a = p.Candidate(1, 2, 80, 0);
            Assert.IsTrue(a >= 49152);
            p.Commit(0);
            ushort b = p.Candidate(1, 2, 80, 0);
            Assert.AreEqual((int)(a == 65535 ? 49152 : a + 1), (int)b);
        }

        [TestMethod]
        public void EphemeralPortsDependOnSecret()
        {
            Assert.AreNotEqual(new EphemeralPorts(1, 49152, 65535).Candidate(1, 2, 80, 0),
                new EphemeralPorts(2, 49152, 65535).Candidate(1, 2, 80, 0));
        }

        [TestMethod]
        public void FullAckCoveringMoreThanCountedFlightKeepsWindowPositive()
        {
            // After a go-back-N rewind SND.NXT is low, so the full ACK acknowledges more than "flight" held
            // (found by the varied-configuration simulation, seed 981).
            CongestionControl c = new CongestionControl();
            c.Reset(100);
            c.OnDuplicateAck(1000, 1000, 0);
            c.OnDuplicateAck(1000, 1000, 0);
            Assert.IsTrue(c.OnDuplicateAck(1000, 1000, 0));
            c.OnNewAck(1000, 1000, 100);
            Assert.IsFalse(c.InRecovery);
            // RFC 6582: min(ssthresh, max(FlightSize, SMSS) + SMSS) = min(200, 200).
            Assert.AreEqual(200, c.Cwnd);
        }

        [TestMethod]
        public void CongestionAvoidanceGrowsAboutOneSegmentPerWindow()
        {
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.Ssthresh = 4000;
            c.Cwnd = 4000;
            for (int i = 0; i < 4; i++)
            {
                c.OnNewAck(1000, 0, 4000);
            }

            Assert.IsTrue(c.Cwnd >= 4900 && c.Cwnd <= 5000);
        }

        // ---- RFC 5681 / RFC 6582 / RFC 6298 edges, from surviving mutants (issue 18) ---------------------------

        [TestMethod]
        [DataRow(2191, 2 * 2191)]
        [DataRow(2190, 3 * 2190)]
        [DataRow(1096, 3 * 1096)]
        [DataRow(1095, 4 * 1095)]
        [DataRow(536, 4 * 536)]
        public void InitialWindowFollowsRfc5681(int mss, int window)
        {
            // RFC 5681 §3.1: SMSS > 2190: 2 segments; 1095 < SMSS <= 2190: 3; SMSS <= 1095: 4.
            Assert.AreEqual(window, CongestionControl.InitialWindow(mss));
        }

        [TestMethod]
        public void SlowStartGrowsByTheBytesAckedButAtMostOneSmss()
        {
            // RFC 5681 eq. 2 with limited byte counting (RFC 3465 L = 1 SMSS).
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            int start = c.Cwnd;
            Assert.IsFalse(c.OnNewAck(400, 400, 4000));
            Assert.AreEqual(start + 400, c.Cwnd);
            c.OnNewAck(1000, 1400, 4000);
            Assert.AreEqual(start + 1400, c.Cwnd);
            c.OnNewAck(3000, 4400, 4000);
            Assert.AreEqual(start + 2400, c.Cwnd, "one SMSS for a stretch ACK");
            c.OnNewAck(0, 4400, 4000);
            Assert.AreEqual(start + 2400, c.Cwnd, "nothing acknowledged, no growth");
        }

        [TestMethod]
        public void CongestionAvoidanceAddsSmssSquaredOverCwnd()
        {
            // RFC 5681 eq. 3: cwnd += SMSS*SMSS/cwnd, at least 1 byte.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.Ssthresh = 4000;
            c.Cwnd = 4000;
            c.OnNewAck(1000, 0, 4000);
            Assert.AreEqual(4250, c.Cwnd);
            c.Cwnd = 2000000;
            c.Ssthresh = 1000;
            c.OnNewAck(1000, 0, 4000);
            Assert.AreEqual(2000001, c.Cwnd, "at least one byte per ACK");
            c.Cwnd = 0x3FFFFFFF;
            c.OnNewAck(1000, 0, 4000);
            Assert.AreEqual(0x3FFFFFFF, c.Cwnd, "capped so it can never overflow");
        }

        [TestMethod]
        public void ThirdDuplicateAckHalvesTheFlightButNotBelowTwoSegments()
        {
            // RFC 5681 eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS); cwnd = ssthresh + 3 * SMSS.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            Assert.IsFalse(c.OnDuplicateAck(10000, 5000, 0));
            Assert.IsFalse(c.OnDuplicateAck(10000, 5000, 0));
            Assert.IsTrue(c.OnDuplicateAck(10000, 5000, 0));
            Assert.AreEqual(5000, c.Ssthresh);
            Assert.AreEqual(8000, c.Cwnd);
            Assert.AreEqual(5000u, c.Recover);
            c.OnDuplicateAck(10000, 5000, 0);
            Assert.AreEqual(9000, c.Cwnd, "each further duplicate inflates by one SMSS");
            c = new CongestionControl();
            c.Reset(1000);
            c.OnRetransmitTimeout(3000, 100);
            Assert.AreEqual(2000, c.Ssthresh, "half of 3000 is below 2 SMSS");
            Assert.AreEqual(1000, c.Cwnd, "loss window: one SMSS");
            c.OnRetransmitTimeout(4000, 100);
            Assert.AreEqual(2000, c.Ssthresh, "exactly 2 SMSS");
            c.OnRetransmitTimeout(4002, 100);
            Assert.AreEqual(2001, c.Ssthresh);
        }

        [TestMethod]
        public void AfterATimeoutDuplicateAcksBelowRecoverStartNoFastRetransmit()
        {
            // RFC 6582 §3.2 step 2 (and §4.1): a timeout records recover = highest sequence sent (5000 here); three
            // duplicate ACKs at 3000 come from the go-back-N retransmissions: no fast retransmit, ssthresh kept.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.OnRetransmitTimeout(8000, 5000);
            Assert.AreEqual(4000, c.Ssthresh);
            Assert.IsFalse(c.OnDuplicateAck(2000, 5000, 3000));
            Assert.IsFalse(c.OnDuplicateAck(2000, 5000, 3000));
            Assert.IsFalse(c.OnDuplicateAck(2000, 5000, 3000), "ACK 3000 does not cover more than recover 5000");
            Assert.AreEqual(4000, c.Ssthresh, "ssthresh not reduced a second time");
            Assert.IsFalse(c.InRecovery);
            Assert.AreEqual(5000u, c.Recover);
            // Once the cumulative ACK has passed recover, a new loss is a new loss: three duplicates at 6000.
            c.OnNewAck(3000, 6000, 4000);
            Assert.IsFalse(c.OnDuplicateAck(6000, 12000, 6000));
            Assert.IsFalse(c.OnDuplicateAck(6000, 12000, 6000));
            Assert.IsTrue(c.OnDuplicateAck(6000, 12000, 6000));
            Assert.AreEqual(3000, c.Ssthresh);
            Assert.AreEqual(12000u, c.Recover);
        }

        [TestMethod]
        public void PartialAckDeflatesByTheAmountAckedAndAddsBackOneSmss()
        {
            // RFC 6582 §3.2 step 5.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.OnDuplicateAck(10000, 5000, 0);
            c.OnDuplicateAck(10000, 5000, 0);
            c.OnDuplicateAck(10000, 5000, 0); // cwnd 8000, recover 5000
            Assert.IsTrue(c.OnNewAck(2000, 2000, 10000));
            Assert.AreEqual(8000 - 2000 + 1000, c.Cwnd);
            Assert.IsTrue(c.InRecovery);
            Assert.IsTrue(c.OnNewAck(500, 2500, 8000));
            Assert.AreEqual(7000 - 500, c.Cwnd, "less than one SMSS acked: nothing added back");
            Assert.IsTrue(c.OnNewAck(1000, 3500, 7500));
            Assert.AreEqual(6500, c.Cwnd, "exactly one SMSS acked: one added back");
            c.Cwnd = 1200;
            c.OnNewAck(800, 4300, 6500);
            Assert.AreEqual(1000, c.Cwnd, "never below one SMSS");
            Assert.IsFalse(c.OnNewAck(700, 5000, 5700), "the full ACK ends recovery");
            Assert.IsFalse(c.InRecovery);
            // min(ssthresh 5000, max(5000 - 700, SMSS) + SMSS) = 5000.
            Assert.AreEqual(5000, c.Cwnd);
        }

        [TestMethod]
        public void FullAckSetsCwndToFlightPlusOneSmssWhenBelowSsthresh()
        {
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.OnDuplicateAck(20000, 5000, 0);
            c.OnDuplicateAck(20000, 5000, 0);
            c.OnDuplicateAck(20000, 5000, 0); // ssthresh 10000
            c.OnNewAck(3000, 5000, 6000);
            Assert.AreEqual(3000 + 1000, c.Cwnd, "min(10000, max(3000, 1000) + 1000)");
        }

        [TestMethod]
        public void IdleRestartOnlyShrinksTheWindow()
        {
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.Cwnd = 10000;
            c.OnIdleRestart();
            Assert.AreEqual(4000, c.Cwnd, "RFC 5681 §4.1: restart window = IW");
            c.Cwnd = 2000;
            c.OnIdleRestart();
            Assert.AreEqual(2000, c.Cwnd);
        }

        [TestMethod]
        public void RtoAddsAtLeastTheClockGranularityAndStaysInItsBounds()
        {
            // RFC 6298 (2.2)/(2.3): RTO = SRTT + max(G, 4 * RTTVAR); (2.4)/(2.5) clamp to [min, max].
            RtoEstimator e = new RtoEstimator(0, 60000, 1000);
            e.Sample(0); // SRTT 0, RTTVAR 0: the clock granularity G (1 ms) keeps the RTO above zero
            Assert.AreEqual(1, e.Rto);
            RtoEstimator bounded = new RtoEstimator(1000, 3000, 1000);
            bounded.Sample(1000);
            Assert.AreEqual(3000, bounded.Rto, "1000 + 4 * 500 = 3000: exactly the maximum");
            bounded.Sample(5000);
            Assert.AreEqual(3000, bounded.Rto);
            RtoEstimator low = new RtoEstimator(500, 60000, 1000);
            low.Sample(100);
            Assert.AreEqual(500, low.Rto, "100 + 200 is below the minimum of 500");
            low.Sample(-1);
            Assert.AreEqual(500, low.Rto, "a negative sample is ignored");
            Assert.AreEqual(100, low.Srtt);
        }

        [TestMethod]
        public void BackoffDoublesUntilTheMaximum()
        {
            // RFC 6298 (5.5).
            RtoEstimator e = new RtoEstimator(200, 60000, 1000);
            e.Backoff();
            Assert.AreEqual(2000, e.Rto);
            RtoEstimator edge = new RtoEstimator(200, 60000, 30000);
            edge.Backoff();
            Assert.AreEqual(60000, edge.Rto, "30000 is half the maximum");
            RtoEstimator below = new RtoEstimator(200, 60000, 29999);
            below.Backoff();
            Assert.AreEqual(59998, below.Rto);
        }
    }
}
