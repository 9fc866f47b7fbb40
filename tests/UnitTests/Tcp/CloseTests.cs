using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>Connection teardown: every closing state and transition (RFC 9293 §3.6, §3.10.4, §3.10.7.4).</summary>
    [TestClass]
    public class CloseTests
    {
        private const byte FinAck = TcpFlags.Fin | TcpFlags.Ack;

        [TestMethod]
        public void CloseSendsFinAndEntersFinWait1()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Close();
            Assert.AreEqual((int)TcpState.FinWait1, (int)h.Socket.State);
            h.Poll(10);
            h.Expect(FinAck, 0, 0, 0);
            h.ExpectNothing();
        }

        [TestMethod]
        public void FinRidesOnTheLastDataSegment()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            h.Socket.Close();
            h.Poll(10);
            h.Expect((byte)(FinAck | TcpFlags.Psh), 0, 0, 100);
            h.ExpectNothing();
        }

        [TestMethod]
        public void FinWaitsBehindUnsentData()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(2048, 1), 0, 2048);
            h.Socket.Close();
            h.Poll(10);
            h.Expect(TcpFlags.Ack, 0, 0, 1460);
            h.ExpectNothing();
            h.PeerAck(0, 1460, 4096, 20);
            h.Expect((byte)(FinAck | TcpFlags.Psh), 1460, 0, 588);
        }

        [TestMethod]
        public void AckOfFinMovesToFinWait2()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.PeerAck(0, 1, 4096, 20);
            Assert.AreEqual((int)TcpState.FinWait2, (int)h.Socket.State);
            h.ExpectNothing();
        }

        [TestMethod]
        public void AckNotCoveringFinStaysInFinWait1()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            h.Socket.Close();
            h.Poll(10);
            h.Next();
            h.PeerAck(0, 10, 4096, 20);
            Assert.AreEqual((int)TcpState.FinWait1, (int)h.Socket.State);
        }

        [TestMethod]
        public void FinInFinWait2EntersTimeWaitAndAcks()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.PeerAck(0, 1, 4096, 20);
            h.PeerFin(0, 1, 30);
            h.Expect(TcpFlags.Ack, 1, 1, 0);
            Assert.AreEqual((int)TcpState.TimeWait, (int)h.Socket.State);
        }

        [TestMethod]
        public void DataStillArrivesInFinWait2HalfClose()
        {
            TcpHarness h = TcpHarness.FinWait2();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, TcpFlags.Ack, 4096, TcpHarness.Bytes(50, 1), 0, 30);
            Assert.AreEqual(50, h.Socket.ReceiveAvailable);
            h.Poll(70);
            h.Expect(TcpFlags.Ack, 1, 50, 0);
        }

        [TestMethod]
        public void DataStillArrivesInFinWait1()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(50, 1), 0, 30);
            Assert.AreEqual(50, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void TimeWaitExpiresAndFreesSlot()
        {
            TcpHarness h = TcpHarness.TimeWait();
            Assert.AreEqual(2030L, h.Poll(31));
            h.Poll(2029);
            Assert.AreEqual(1, h.Stack.SlotsInUse);
            h.Poll(2030);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            Assert.AreEqual((int)TcpState.Closed, (int)h.Socket.State);
            Assert.AreEqual((int)TcpError.None, (int)h.Socket.Error);
        }

        [TestMethod]
        public void RetransmittedFinInTimeWaitIsAckedAndRestartsTimer()
        {
            TcpHarness h = TcpHarness.TimeWait();
            h.PeerFin(0, 1, 1000);
            h.Expect(TcpFlags.Ack, 1, 1, 0);
            Assert.AreEqual(3000L, h.Poll(1001));
        }

        [TestMethod]
        public void SimultaneousCloseGoesThroughClosing()
        {
            TcpHarness h = TcpHarness.FinWait1();
            // Peer's FIN crosses ours: it does not acknowledge our FIN.
            h.PeerFin(0, 0, 20);
            h.Expect(TcpFlags.Ack, 1, 1, 0);
            Assert.AreEqual((int)TcpState.Closing, (int)h.Socket.State);
            h.PeerAck(1, 1, 4096, 30);
            Assert.AreEqual((int)TcpState.TimeWait, (int)h.Socket.State);
        }

        [TestMethod]
        public void FinAckingOurFinInFinWait1GoesStraightToTimeWait()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.PeerFin(0, 1, 20);
            h.Expect(TcpFlags.Ack, 1, 1, 0);
            Assert.AreEqual((int)TcpState.TimeWait, (int)h.Socket.State);
        }

        [TestMethod]
        public void CloseInCloseWaitSendsFinAndEntersLastAck()
        {
            TcpHarness h = TcpHarness.CloseWait();
            h.Socket.Close();
            Assert.AreEqual((int)TcpState.LastAck, (int)h.Socket.State);
            h.Poll(20);
            h.Expect(FinAck, 0, 1, 0);
        }

        [TestMethod]
        public void AckInLastAckClosesAndFreesSlot()
        {
            TcpHarness h = TcpHarness.LastAck();
            h.PeerAck(1, 1, 4096, 30);
            Assert.AreEqual((int)TcpState.Closed, (int)h.Socket.State);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            h.ExpectNothing();
        }

        [TestMethod]
        public void SendInCloseWaitStillWorks()
        {
            TcpHarness h = TcpHarness.CloseWait();
            Assert.AreEqual(5, h.Socket.Send(TcpHarness.Bytes(5, 1), 0, 5));
            h.Poll(20);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 1, 5);
        }

        [TestMethod]
        public void FinIsRetransmittedAfterRto()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.Poll(210);
            h.Expect(FinAck, 0, 0, 0);
            Assert.AreEqual(1, h.Socket.RetransmittedSegments);
        }

        [TestMethod]
        public void LastAckFinIsRetransmitted()
        {
            TcpHarness h = TcpHarness.LastAck();
            h.Poll(220);
            h.Expect(FinAck, 0, 1, 0);
        }

        [TestMethod]
        public void DataAndFinAreRetransmittedTogether()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(30, 1), 0, 30);
            h.Socket.Close();
            h.Poll(10);
            h.Next();
            h.Poll(210);
            h.Expect((byte)(FinAck | TcpFlags.Psh), 0, 0, 30);
        }

        [TestMethod]
        public void SendAfterCloseIsRefused()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Close();
            Assert.AreEqual(0, h.Socket.Send(TcpHarness.Bytes(5, 1), 0, 5));
        }

        [TestMethod]
        public void SecondCloseIsHarmless()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.Close();
            h.Socket.Close();
            h.Poll(10);
            h.Expect(FinAck, 0, 0, 0);
            h.ExpectNothing();
        }

        [TestMethod]
        public void AbortSendsResetAndFreesSlot()
        {
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(30, 10);
            h.Next();
            h.Socket.Abort();
            Assert.AreEqual((int)TcpState.Closed, (int)h.Socket.State);
            Assert.AreEqual((int)TcpError.Aborted, (int)h.Socket.Error);
            h.Poll(11);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(h.Iss + 31, rst.SequenceNumber);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            h.Poll(5000);
            h.ExpectNothing();
        }

        [TestMethod]
        public void AbortInCloseWaitSendsReset()
        {
            TcpHarness h = TcpHarness.CloseWait();
            h.Socket.Abort();
            h.Poll(20);
            Assert.AreEqual((int)TcpFlags.Rst, (int)h.Next().Flags);
        }

        [TestMethod]
        public void SegmentsAfterAbortGetResetAsClosedPort()
        {
            TcpHarness h = TcpHarness.Established();
            h.Listener.Close();
            h.Socket.Abort();
            h.Poll(10);
            h.Next();
            h.PeerData(0, TcpHarness.Bytes(5, 1), 20);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(h.Iss + 1, rst.SequenceNumber);
        }

        [TestMethod]
        public void ResetInEstablishedReportsReset()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 1, 10);
            Assert.AreEqual((int)TcpState.Closed, (int)h.Socket.State);
            Assert.AreEqual((int)TcpError.Reset, (int)h.Socket.Error);
            Assert.IsTrue(h.Socket.IsReceiveFinished);
            h.ExpectNothing();
            // The application still holds the slot until it closes the handle.
            Assert.AreEqual(1, h.Stack.SlotsInUse);
            h.Socket.Close();
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void ResetKeepsUnreadDataReadable()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(10, 1), 5);
            h.PeerReset(TcpHarness.PeerIss + 11, 10);
            Assert.AreEqual(10, h.Socket.ReceiveAvailable);
            Assert.IsFalse(h.Socket.IsReceiveFinished);
        }

        [TestMethod]
        public void ResetInFinWait2ReportsReset()
        {
            TcpHarness h = TcpHarness.FinWait2();
            h.PeerReset(TcpHarness.PeerIss + 1, 30);
            Assert.AreEqual((int)TcpError.Reset, (int)h.Socket.Error);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void ResetInTimeWaitFreesSlot()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.PeerFin(0, 1, 20);
            h.Next();
            h.PeerReset(TcpHarness.PeerIss + 2, 30);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void OrphanedFinWait2GivesUpAfterSilence()
        {
            TcpHarness h = TcpHarness.FinWait2();
            Assert.AreEqual(30020L, h.Poll(21));
            h.Poll(30020);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void FinWait2TimerRestartsOnPeerActivity()
        {
            TcpHarness h = TcpHarness.FinWait2();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, TcpFlags.Ack, 4096, TcpHarness.Bytes(5, 1), 0, 20000);
            h.Poll(30020);
            Assert.AreEqual((int)TcpState.FinWait2, (int)h.Socket.State);
        }

        [TestMethod]
        public void ClosingListenerResetsHalfOpenConnection()
        {
            TcpHarness h = TcpHarness.Listening();
            h.PeerSyn(1000, 0);
            h.Iss = h.Next().SequenceNumber;
            h.Listener.Close();
            h.Poll(1);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(h.Iss + 1, rst.SequenceNumber);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void CloseInSimultaneousOpenSynReceivedSendsFinOnceEstablished()
        {
            TcpHarness h = TcpHarness.SynSent();
            h.PeerSyn(TcpHarness.PeerIss, 5);
            h.Next();
            h.Socket.Close();
            Assert.AreEqual((int)TcpState.SynReceived, (int)h.Socket.State);
            h.Poll(6);
            h.ExpectNothing();
            h.PeerAck(0, 0, 4096, 10);
            Assert.AreEqual((int)TcpState.FinWait1, (int)h.Socket.State);
            h.Expect(FinAck, 0, 0, 0);
        }
    }
}
