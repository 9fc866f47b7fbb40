using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>Blind in-window attacks (RFC 5961) and injection outside the window (RFC 9293 §3.10.7.4).</summary>
    [TestClass]
    public class SecurityTests
    {
        [TestMethod]
        public void RstWithExactSequenceResetsConnection()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 1, 10);
            Assert.AreEqual((int)TcpError.Reset, (int)h.Socket.Error);
        }

        [TestMethod]
        public void RstWithSequenceInWindowButNotExactGetsChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 100, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            Assert.AreEqual(1, h.Stack.Counters.ChallengeAcks);
        }

        [TestMethod]
        public void RstOutsideWindowIsDroppedSilently()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 1 + 5000, 10);
            h.ExpectNothing();
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.RstOutOfWindow]);
        }

        [TestMethod]
        public void RstJustBeforeWindowIsDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss, 10);
            h.ExpectNothing();
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void RstAtRightWindowEdgeIsDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 1 + 2048, 10);
            h.ExpectNothing();
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void RstAtLastInWindowByteGetsChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 1 + 2047, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
        }

        [TestMethod]
        public void RstWithAckFlagAndExactSequenceResets()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Rst | TcpFlags.Ack), 0, null, 0, 10);
            Assert.AreEqual((int)TcpError.Reset, (int)h.Socket.Error);
        }

        [TestMethod]
        public void SynInEstablishedGetsChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerSyn(TcpHarness.PeerIss + 50, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            Assert.AreEqual(1, h.Stack.Counters.ChallengeAcks);
        }

        [TestMethod]
        public void SynOutsideWindowInEstablishedGetsAckAndChangesNothing()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerSyn(TcpHarness.PeerIss + 90000, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void SynAckInEstablishedGetsChallengeAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Syn | TcpFlags.Ack), 4096, null, 1460, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void ChallengeAcksAreRateLimitedPerSecond()
        {
            TcpHarness h = TcpHarness.Established();
            for (int i = 0; i < 15; i++)
            {
                h.Peer(TcpHarness.PeerIss + 100 + (uint)i, 0, TcpFlags.Rst, 0, null, 0, 10 + i);
            }

            Assert.AreEqual(10, h.Pending);
            Assert.AreEqual(5, h.Stack.Counters.Drops[(int)TcpDropReason.ChallengeAckLimited]);
        }

        [TestMethod]
        public void ChallengeAckBudgetRefillsAfterOneSecond()
        {
            TcpHarness h = TcpHarness.Established();
            for (int i = 0; i < 12; i++)
            {
                h.PeerReset(TcpHarness.PeerIss + 100, 10);
            }

            Assert.AreEqual(10, h.Pending);
            h.PeerReset(TcpHarness.PeerIss + 100, 1010);
            Assert.AreEqual(11, h.Pending);
        }

        [TestMethod]
        public void DataOutsideWindowIsNotDelivered()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(100000, TcpHarness.Bytes(10, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
            h.PeerData(0, TcpHarness.Bytes(10, 1), 11);
            Assert.AreEqual(10, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void DataBehindWindowIsNotDelivered()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(unchecked(TcpHarness.PeerIss - 5000), h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void AckOfUnsentDataIsAnsweredAndSegmentDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1 + 500, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.BadAck]);
        }

        [TestMethod]
        public void AckOfUnsentDataDoesNotReleaseQueuedData()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(100, 10);
            h.Next();
            h.PeerAck(0, 200, 4096, 20);
            h.Next();
            Assert.AreEqual(100, h.Socket.SendQueued);
        }

        [TestMethod]
        public void AckFarBehindSndUnaGetsChallengeAck()
        {
            // RFC 5961 §5.2: SEG.ACK < SND.UNA - MAX.SND.WND is not a plausible duplicate.
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss - 100000, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void SlightlyOldAckIsAcceptedAsDuplicate()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0, 10);
            Assert.AreEqual(10, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void BlindDataInjectionWithWrongAckDoesNotCorruptStream()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 70000, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 99), 0, 10);
            byte[] real = TcpHarness.Bytes(10, 1);
            h.PeerData(0, real, 11);
            byte[] into = new byte[10];
            h.Read(into);
            CollectionAssert.AreEqual(real, into);
        }

        [TestMethod]
        public void SegmentFromOtherPortDoesNotTouchConnection()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerPortInUse = 40000;
            h.PeerReset(TcpHarness.PeerIss + 1, 10);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            h.ExpectNothing();
        }

        [TestMethod]
        public void SegmentFromOtherAddressDoesNotTouchConnection()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] seg = new byte[64];
            int n = TcpPacket.Emit(seg, 0, TcpHarness.PeerPort, TcpHarness.ServerPort, TcpHarness.PeerIss + 1, 0, TcpFlags.Rst, 0, 0);
            TcpPacket.WriteChecksum(seg, 0, n, TcpHarness.RemoteIp + 5, TcpHarness.LocalIp);
            h.Stack.Receive(h.Out, TcpHarness.RemoteIp + 5, TcpHarness.LocalIp, seg, 0, n, 10);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void SynFloodBeyondBacklogDoesNotExhaustTable()
        {
            TcpHarness h = TcpHarness.Listening();
            for (int i = 0; i < 20; i++)
            {
                h.PeerPortInUse = (ushort)(30000 + i);
                h.Peer((uint)(i * 100000), 0, TcpFlags.Syn, 4096, null, 1460, i);
            }

            Assert.AreEqual(2, h.Stack.SlotsInUse);
            // RFC 4987 §3.6: the other 18 got a cookie SYN-ACK and left no state.
            Assert.AreEqual(18, h.Stack.Counters.CookiesSent);
            // An active open still finds a slot.
            Assert.IsNotNull(h.Stack.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 8080, 30));
        }

        [TestMethod]
        public void IssesAreNotSequentialAcrossConnections()
        {
            TcpHarness h = TcpHarness.Listening();
            h.PeerSyn(1000, 0);
            uint a = h.Next().SequenceNumber;
            h.PeerPortInUse = 49501;
            h.PeerSyn(1000, 0);
            uint b = h.Next().SequenceNumber;
            int d = (int)(b - a);
            Assert.IsTrue(d > 100000 || d < -100000, "ISNs of two 4-tuples at the same time must be far apart");
        }
    }
}
