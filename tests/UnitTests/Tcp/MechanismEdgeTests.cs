using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// The building blocks at their edges: the receive assembler's block bookkeeping, the rings' resets, NewReno's
    /// answers to ACKs of no data and to tail loss probes (RFC 5681, RFC 6582, RFC 8985 §7.4.2), the challenge ACK
    /// budget's window (RFC 5961 §7) and SYN cookies (RFC 4987 §3.6). Added from surviving mutants (issue 18).
    /// </summary>
    [TestClass]
    public class MechanismEdgeTests
    {
        [TestMethod]
        public void ReceiveRingWithoutGapSlotsStillKeepsOneBlock()
        {
            ReceiveRing r = new ReceiveRing(32, 0);
            Assert.AreEqual(0, r.Insert(4, new byte[] { 5, 6 }, 0, 2));
            Assert.AreEqual(1, r.Blocks);
            Assert.AreEqual(6, r.Insert(0, new byte[] { 1, 2, 3, 4 }, 0, 4));
        }

        [TestMethod]
        public void ReceiveRingEmptyInsertChangesNothing()
        {
            ReceiveRing r = new ReceiveRing(32, 2);
            Assert.AreEqual(0, r.Insert(5, new byte[4], 0, 0));
            Assert.AreEqual(0, r.Blocks);
            Assert.AreEqual(0, r.Count);
        }

        [TestMethod]
        public void ReceiveRingInOrderDataNeedsNoSlotAndShiftsTheBlocksBehindIt()
        {
            ReceiveRing r = new ReceiveRing(32, 2);
            r.Insert(10, new byte[2], 0, 2);
            r.Insert(20, new byte[2], 0, 2);
            // Every slot is taken, but in-order data is no block: it is taken and the blocks move 4 closer.
            Assert.AreEqual(4, r.Insert(0, new byte[4], 0, 4));
            Assert.AreEqual(2, r.Blocks);
            int a = r.BlockStart(0) < r.BlockStart(1) ? 0 : 1;
            Assert.AreEqual(6, r.BlockStart(a));
            Assert.AreEqual(8, r.BlockEnd(a));
            Assert.AreEqual(16, r.BlockStart(1 - a));
            Assert.AreEqual(18, r.BlockEnd(1 - a));
        }

        [TestMethod]
        public void ReceiveRingMergesABlockEndingWhereAnotherStarts()
        {
            ReceiveRing one = new ReceiveRing(32, 1);
            one.Insert(10, new byte[2], 0, 2);
            // Adjacent on the right edge: a merge, not a second block (there is no second slot).
            Assert.AreEqual(0, one.Insert(8, new byte[2], 0, 2));
            Assert.AreEqual(1, one.Blocks);
            Assert.AreEqual(8, one.BlockStart(0));
            Assert.AreEqual(12, one.BlockEnd(0));

            ReceiveRing two = new ReceiveRing(32, 2);
            two.Insert(10, new byte[2], 0, 2);
            two.Insert(8, new byte[2], 0, 2);
            Assert.AreEqual(1, two.Blocks);
            Assert.AreEqual(8, two.BlockStart(0));
            Assert.AreEqual(12, two.BlockEnd(0));
        }

        [TestMethod]
        public void ReceiveRingFillingTheHoleAbsorbsEveryBlockItReaches()
        {
            ReceiveRing r = new ReceiveRing(32, 2);
            byte[] data = new byte[5];
            for (int i = 0; i < 5; i++)
            {
                data[i] = (byte)(i + 1);
            }

            r.Insert(3, data, 3, 2);
            r.Insert(1, data, 1, 1);
            Assert.AreEqual(2, r.Blocks);
            // Bytes 0..3 arrive: both blocks ([1,2) and [3,5)) are now in order.
            Assert.AreEqual(5, r.Insert(0, data, 0, 4));
            Assert.AreEqual(0, r.Blocks);
            byte[] into = new byte[5];
            Assert.AreEqual(5, r.Read(into, 0, 5));
            CollectionAssert.AreEqual(data, into);
        }

        [TestMethod]
        public void RingsAreEmptyAfterClear()
        {
            ReceiveRing r = new ReceiveRing(16, 2);
            r.Insert(0, new byte[5], 0, 5);
            r.Insert(8, new byte[2], 0, 2);
            r.Clear();
            Assert.AreEqual(0, r.Count);
            Assert.AreEqual(0, r.Blocks);
            Assert.AreEqual(16, r.Free);

            SendRing s = new SendRing(16);
            s.Write(new byte[5], 0, 5);
            s.Clear();
            Assert.AreEqual(0, s.Count);
            Assert.AreEqual(16, s.Free);
        }

        [TestMethod]
        public void SendRingConsumingMoreThanItHoldsEmptiesIt()
        {
            SendRing s = new SendRing(8);
            s.Write(new byte[] { 1, 2, 3 }, 0, 3);
            s.Consume(10);
            Assert.AreEqual(0, s.Count);
            Assert.AreEqual(8, s.Free);
            Assert.AreEqual(8, s.Write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 0, 8));
            byte[] back = new byte[8];
            s.CopyOut(0, back, 0, 8);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, back);
        }

        [TestMethod]
        public void AckOfNoDataNeitherGrowsTheWindowNorAsksForARetransmission()
        {
            // RFC 5681 §3.1 counts acknowledged bytes: an ACK that covers only a SYN or FIN adds nothing.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.Ssthresh = 2000;
            c.Cwnd = 3000;
            Assert.IsFalse(c.OnNewAck(0, 100, 0));
            Assert.AreEqual(3000, c.Cwnd);
        }

        [TestMethod]
        public void TailLossProbeReducesTheWindowOncePerEpisode()
        {
            // RFC 8985 §7.4.2: a probe that retransmitted data counts as a loss, once per window of data.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.Cwnd = 10000;
            c.OnLossProbeRetransmit(8000, 5000, 0);
            Assert.AreEqual(4000, c.Ssthresh);
            Assert.AreEqual(4000, c.Cwnd);
            Assert.AreEqual(5000u, c.Recover);
            // Still inside that window (SND.UNA below recover): no second reduction.
            c.Cwnd = 9000;
            c.OnLossProbeRetransmit(6000, 6000, 4000);
            Assert.AreEqual(9000, c.Cwnd);
            Assert.AreEqual(4000, c.Ssthresh);
            // The window is over (SND.UNA reached recover): a new reduction.
            c.OnLossProbeRetransmit(6000, 7000, 5000);
            Assert.AreEqual(3000, c.Cwnd);
            Assert.AreEqual(7000u, c.Recover);
            // In fast recovery the reduction was already made.
            c.Cwnd = 9000;
            c.Recover = 0;
            c.InRecovery = true;
            c.OnLossProbeRetransmit(6000, 8000, 7000);
            Assert.AreEqual(9000, c.Cwnd);
        }

        [TestMethod]
        public void RetransmissionTimeoutEndsFastRecovery()
        {
            // RFC 6582 §3.2 / RFC 5681 §3.1: after an RTO the sender is in slow start, not in fast recovery.
            CongestionControl c = new CongestionControl();
            c.Reset(1000);
            c.DupAcks = 3;
            c.EnterRecovery(6000, 500);
            Assert.IsTrue(c.InRecovery);
            c.OnRetransmitTimeout(6000, 500);
            Assert.IsFalse(c.InRecovery);
            Assert.AreEqual(1000, c.Cwnd);
            Assert.AreEqual(0, c.DupAcks);
        }

        [TestMethod]
        public void ChallengeBudgetWindowIsOneSecondFromItsOwnStart()
        {
            ChallengeAckLimiter l = new ChallengeAckLimiter(2);
            Assert.IsTrue(l.TryTake(5000));
            Assert.IsTrue(l.TryTake(5500));
            Assert.IsFalse(l.TryTake(5999));
            Assert.IsTrue(l.TryTake(6000));
        }

        [TestMethod]
        public void CookieCarriesItsTimeAndIsBoundToTimeAndLocalPort()
        {
            SynCookies s = new SynCookies(77);
            // Tick 3 (3 x 65,536 ms): the time bits matter.
            long t = 3L * 65536 + 100;
            uint cookie = s.Make(0xC0000201, 80, 0xC0000202, 49500, 1000, 1460, t);
            Assert.AreEqual(3u, cookie >> 27);
            Assert.AreEqual(1460, s.Check(0xC0000201, 80, 0xC0000202, 49500, 1000, cookie, t));
            Assert.AreEqual(0, s.Check(0xC0000201, 81, 0xC0000202, 49500, 1000, cookie, t));
            // The same cookie claiming an earlier (still young enough) tick: the keyed hash covers the tick.
            uint older = (cookie & 0x07FFFFFF) | (2u << 27);
            Assert.AreEqual(0, s.Check(0xC0000201, 80, 0xC0000202, 49500, 1000, older, t));
        }

        [TestMethod]
        public void KeyedHashIsHalfSipHash24AndMatchesTheReferenceVector()
        {
            // The reference implementation's vectors_hsip32[12]: key bytes 00..07, message bytes 00..0b, tag 57 f0 87 2f.
            KeyedHash h = new KeyedHash(0x03020100u, 0x07060504u);
            Assert.AreEqual(0x2F87F057u, h.Hash(0x03020100u, 0x07060504u, 0x0B0A0908u));
        }

        /// <summary>
        /// The inverse of the lowbias32 finaliser, as published with it (Chris Wellons, hash-prospector:
        /// lowbias32_r). Mix must be this function's inverse: a bijection of 32-bit words, so distinct seeds give
        /// distinct key words.
        /// </summary>
        private static uint Lowbias32Inverse(uint x)
        {
            x ^= x >> 16;
            x *= 0x43021123u;
            x ^= (x >> 15) ^ (x >> 30);
            x *= 0x1D69E2A5u;
            x ^= x >> 16;
            return x;
        }

        [TestMethod]
        public void KeyedHashMixIsTheLowbias32FinaliserAndABijection()
        {
            uint[] words = { 0u, 1u, 2u, 0x80000000u, 0xFFFFFFFFu, 0x0000FFFFu, 0xFFFF0000u, 0x12345678u, 0x9E3779B9u, 0xDEADBEEFu };
            for (int i = 0; i < words.Length; i++)
            {
                Assert.AreEqual(words[i], Lowbias32Inverse(KeyedHash.Mix(words[i])), "Mix then its inverse, " + words[i].ToString());
            }

            Assert.AreEqual(0u, KeyedHash.Mix(0));
        }

        [TestMethod]
        public void KeyedHashSeedsGiveDistinctKeysAndTheSameSeedTheSameKey()
        {
            // RFC 6528 §3 / RFC 6056 §3.3.3: F is keyed with a secret; two devices (seeds) must not share it, or one's
            // ISNs and ports predict the other's. Seeds differing in one bit, in many bits, and the seed that makes
            // the first key word's input zero (seed ^ 0x9E3779B9 == 0).
            uint[] seeds = { 0u, 1u, 2u, 3u, 0x80000000u, 0x00010000u, 0xFFFFFFFFu, 0x9E3779B9u, 0x9E3779B8u, 0x12345678u, 0x61C88647u, 0x7F4A7C15u };
            uint[] a = new uint[seeds.Length];
            uint[] b = new uint[seeds.Length];
            for (int i = 0; i < seeds.Length; i++)
            {
                KeyedHash h = new KeyedHash(seeds[i]);
                a[i] = h.Hash(0xC0000201u, 0xC0000202u, (80u << 16) | 49500u);
                b[i] = h.Hash(0u, 0u, 0u);
                KeyedHash again = new KeyedHash(seeds[i]);
                Assert.AreEqual(a[i], again.Hash(0xC0000201u, 0xC0000202u, (80u << 16) | 49500u), "same seed, same hash");
                Assert.AreEqual(b[i], again.Hash(0u, 0u, 0u), "same seed, same hash of zeros");
                Assert.IsTrue(a[i] != b[i], "different messages, seed " + seeds[i].ToString());
            }

            for (int i = 0; i < seeds.Length; i++)
            {
                for (int j = i + 1; j < seeds.Length; j++)
                {
                    Assert.IsTrue(b[i] != b[j], "seeds " + seeds[i].ToString() + " and " + seeds[j].ToString() + " hash zeros alike");
                    Assert.IsTrue(a[i] != a[j], "seeds " + seeds[i].ToString() + " and " + seeds[j].ToString() + " hash a connection alike");
                }
            }
        }

        [TestMethod]
        public void ASingleEphemeralPortIsUsedOnceAtATime()
        {
            EphemeralPorts p = new EphemeralPorts(5, 50000, 50000);
            Assert.AreEqual(1, p.RangeSize);
            Assert.AreEqual((ushort)50000, p.Candidate(1, 2, 80, 0));
        }
    }
}
