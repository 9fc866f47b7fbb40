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
            c.OnDuplicateAck(1000, 1000);
            c.OnDuplicateAck(1000, 1000);
            Assert.IsTrue(c.OnDuplicateAck(1000, 1000));
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
    }
}
