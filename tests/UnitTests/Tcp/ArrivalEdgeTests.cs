using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// Segment arrival at its edges (RFC 9293 §3.10.7.3 / §3.10.7.4, RFC 5961, RFC 5681 §4.2, RFC 6298 §3): each
    /// segment gets exactly the one answer the RFC asks for, is counted under one reason, and moves exactly the
    /// state it should. Added from surviving mutants of TcpSocket.Input.cs (issue 18).
    /// </summary>
    [TestClass]
    public class ArrivalEdgeTests
    {
        private const byte FinAck = (byte)(TcpFlags.Fin | TcpFlags.Ack);

        private static int Drops(TcpHarness h, TcpDropReason reason)
        {
            return h.Stack.Counters.Drops[(int)reason];
        }

        [TestMethod]
        public void SynSentCountsEachUnusableSegmentOnceAndARefusalAsOneRstIn()
        {
            TcpHarness h = TcpHarness.SynSent();
            // §3.10.7.3: an ACK of the ISS itself is unacceptable: <SEQ=SEG.ACK><CTL=RST>.
            h.Peer(TcpHarness.PeerIss, h.Iss, TcpFlags.Ack, 4096, null, 0, 1);
            Assert.AreEqual((int)TcpFlags.Rst, (int)h.Next().Flags);
            Assert.AreEqual(1, Drops(h, TcpDropReason.BadAck));
            // A RST without ACK is dropped, once.
            h.PeerReset(TcpHarness.PeerIss, 2);
            Assert.AreEqual(1, Drops(h, TcpDropReason.Ignored));
            // "If neither of the SYN or RST bits is set, then drop the segment."
            h.Peer(TcpHarness.PeerIss, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 3);
            Assert.AreEqual(2, Drops(h, TcpDropReason.Ignored));
            h.ExpectNothing();
            Assert.AreEqual((int)TcpState.SynSent, (int)h.Socket.State);
            // A RST with an acceptable ACK refuses the connection: one RST counted, nothing dropped.
            h.Peer(TcpHarness.PeerIss, h.Iss + 1, (byte)(TcpFlags.Rst | TcpFlags.Ack), 0, null, 0, 4);
            Assert.AreEqual((int)TcpError.Refused, (int)h.Socket.Error);
            Assert.AreEqual(1, h.Stack.Counters.RstIn);
            Assert.AreEqual(2, Drops(h, TcpDropReason.Ignored));
            h.ExpectNothing();
        }

        [TestMethod]
        public void SynAckRttIsTimedFromTheSynAndTheNextSegmentIsTimedAfresh()
        {
            // RFC 6298 §3: the SYN sent at 100 and answered at 130 gives the first sample, 30 ms.
            TcpHarness h = TcpHarness.SynSent(TcpHarness.DefaultConfig(), 100);
            h.Peer(TcpHarness.PeerIss, h.Iss + 1, (byte)(TcpFlags.Syn | TcpFlags.Ack), 4096, null, 1460, 130);
            h.Next();
            Assert.AreEqual(30, h.Socket.SmoothedRttMs);
            Assert.AreEqual(130L, h.Socket.LastActivityMs);
            // The sample ended that measurement: data sent at 200 and acknowledged at 210 is a new one of 10 ms
            // (RFC 6298 (2.3): SRTT = 7/8 * 30 + 1/8 * 10 = 27).
            h.SendAndPoll(10, 200);
            h.Next();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 11, TcpFlags.Ack, 4096, null, 0, 210);
            Assert.AreEqual(27, h.Socket.SmoothedRttMs);
        }

        [TestMethod]
        public void SimultaneousOpenTakesNoRttSampleFromTheSynSentTwice()
        {
            // Our SYN went out twice (SYN, then SYN-ACK with the same ISS): the ACK is ambiguous (Karn, RFC 6298 §3).
            TcpHarness h = TcpHarness.SynSent();
            h.Peer(5000, 0, TcpFlags.Syn, 3000, null, 1460, 10);
            h.Next();
            h.Peer(5001, h.Iss + 1, TcpFlags.Ack, 3000, null, 0, 80);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            Assert.AreEqual(0, h.Socket.SmoothedRttMs);
        }

        [TestMethod]
        public void SynRetransmissionIsCountedAsARetransmission()
        {
            TcpHarness h = TcpHarness.SynSent();
            h.Poll(1000);
            Assert.AreEqual(h.Iss, h.Next().SequenceNumber);
            Assert.AreEqual(1, h.Socket.RetransmittedSegments);
            Assert.AreEqual(1, h.Stack.Counters.Retransmits);
        }

        [TestMethod]
        public void RetransmittedSynInSynReceivedGetsOneSynAckAndNothingElse()
        {
            TcpHarness h = TcpHarness.Listening();
            h.PeerSyn(1000, 0);
            h.Next();
            h.PeerSyn(1000, 10);
            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)h.Next().Flags);
            h.ExpectNothing();
            Assert.AreEqual(0, Drops(h, TcpDropReason.OutOfWindow));
        }

        [TestMethod]
        public void InWindowSynOfAHalfOpenPassiveConnectionFreesItsSlotSilently()
        {
            // §3.10.7.4 fourth, SYN-RECEIVED after a passive open: back to LISTEN, no answer.
            TcpHarness h = TcpHarness.Listening();
            h.PeerSyn(1000, 0);
            h.Next();
            h.PeerSyn(1500, 5);
            h.ExpectNothing();
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            Assert.AreEqual(1, Drops(h, TcpDropReason.Ignored));
        }

        [TestMethod]
        public void UnacceptableAckInSynReceivedLeavesTheHandshakeOpen()
        {
            TcpHarness h = TcpHarness.Listening();
            h.PeerSyn(1000, 0);
            uint iss = h.Next().SequenceNumber;
            h.Peer(1001, iss + 50, TcpFlags.Ack, 4096, null, 0, 5);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(iss + 50, rst.SequenceNumber);
            Assert.AreEqual(0u, rst.AckNumber);
            h.ExpectNothing();
            Assert.AreEqual(1, Drops(h, TcpDropReason.BadAck));
            Assert.IsNull(h.Listener.Accept());
            // The right ACK still completes it.
            h.Peer(1001, iss + 1, TcpFlags.Ack, 4096, null, 0, 6);
            Assert.IsNotNull(h.Listener.Accept());
        }

        [TestMethod]
        public void SynWithoutAckInEstablishedGetsOneChallengeAck()
        {
            // RFC 5961 §4.2: a SYN in window is answered by a challenge ACK and nothing else.
            TcpHarness h = TcpHarness.Established();
            h.PeerSyn(TcpHarness.PeerIss + 1, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            h.ExpectNothing();
            Assert.AreEqual(1, Drops(h, TcpDropReason.Challenged));
            Assert.AreEqual(0, Drops(h, TcpDropReason.Ignored));
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
        }

        [TestMethod]
        public void DataWithoutAckIsDroppedAndCountedAsIgnored()
        {
            // §3.10.7.4 fifth: "if the ACK bit is off, drop the segment".
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, 0, TcpFlags.Psh, 4096, TcpHarness.Bytes(10, 1), 0, 10);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
            Assert.AreEqual(1, Drops(h, TcpDropReason.Ignored));
        }

        [TestMethod]
        public void ExactResetIsCountedOnceAndNotAlsoDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerReset(TcpHarness.PeerIss + 1, 10);
            Assert.AreEqual(1, h.Stack.Counters.RstIn);
            Assert.AreEqual(0, h.Stack.Counters.TotalDrops);
        }

        [TestMethod]
        public void RetransmittedOldDataGetsOneAckAndShowsThePeerIsAlive()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(10, 1), 10);
            h.Poll(50);
            h.Expect(TcpFlags.Ack, 0, 10, 0);
            // The same 10 bytes again (our ACK was lost): not acceptable, answered at once with one ACK (§3.10.7.4
            // first), counted once; the peer is still there, so the keep-alive / FIN-WAIT-2 clocks restart.
            h.PeerData(0, TcpHarness.Bytes(10, 1), 100);
            h.Expect(TcpFlags.Ack, 0, 10, 0);
            h.ExpectNothing();
            Assert.AreEqual(1, Drops(h, TcpDropReason.OutOfWindow));
            Assert.AreEqual(100L, h.Socket.LastActivityMs);
            Assert.AreEqual(10, h.Socket.ReceiveAvailable);
            // A RST outside the window proves nothing (RFC 5961 §3.2): no activity.
            h.PeerReset(TcpHarness.PeerIss + 5000, 200);
            Assert.AreEqual(100L, h.Socket.LastActivityMs);
        }

        /// <summary>A 1000-byte receive buffer: whole-buffer segments fit the harness's 1600-byte segment buffer. Its
        /// half-buffer ACK goes at once though unread (AckAtOnceConfig), so each edge below shows in its own ACK.</summary>
        private static TcpHarness SmallReceiveBuffer()
        {
            TcpConfig c = TcpHarness.AckAtOnceConfig();
            c.ReceiveBufferSize = 1000;
            return TcpHarness.Established(c, 1460, 4096);
        }

        [TestMethod]
        public void RetransmissionReachingTheRightEdgeDeliversItsNewPart()
        {
            // §3.10.7.4: a segment whose last byte is in the window is acceptable although its first byte is old.
            TcpHarness h = SmallReceiveBuffer();
            h.PeerData(0, TcpHarness.Bytes(10, 1), 10);
            h.PeerData(0, TcpHarness.Bytes(1000, 1), 20);
            Assert.AreEqual(1000, h.Socket.ReceiveAvailable);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 1000, 0);
            Assert.AreEqual((ushort)0, ack.Window);
            Assert.AreEqual(0, Drops(h, TcpDropReason.OutOfWindow));
        }

        [TestMethod]
        public void SegmentExactlyFillingTheBufferIsNotTrimmedAndWaitsForTheDelayedAck()
        {
            // 900 bytes reach the half-buffer ACK threshold (RFC 1122 4.2.3.2 / RFC 5681 §4.2); the last 100 fit
            // exactly, so nothing was cut off and the delayed ACK may wait.
            TcpHarness h = SmallReceiveBuffer();
            h.PeerData(0, TcpHarness.Bytes(900, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 900, 0);
            h.PeerData(900, TcpHarness.Bytes(100, 2), 20);
            Assert.AreEqual(1000, h.Socket.ReceiveAvailable);
            h.ExpectNothing();
            h.Poll(60);
            h.Expect(TcpFlags.Ack, 0, 1000, 0);
        }

        [TestMethod]
        public void SegmentCrossingTheBufferEndIsTrimmedAndAckedAtOnce()
        {
            TcpHarness h = SmallReceiveBuffer();
            h.PeerData(0, TcpHarness.Bytes(900, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 900, 0);
            h.PeerData(900, TcpHarness.Bytes(200, 2), 20);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 1000, 0);
            Assert.AreEqual((ushort)0, ack.Window);
            Assert.AreEqual(1000, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void OutOfOrderSegmentCrossingTheBufferEndIsTrimmedToTheBuffer()
        {
            TcpHarness h = SmallReceiveBuffer();
            byte[] all = TcpHarness.Bytes(1100, 3);
            byte[] tail = new byte[1000];
            System.Array.Copy(all, 100, tail, 0, 1000);
            h.PeerData(100, tail, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            byte[] head = new byte[100];
            System.Array.Copy(all, 0, head, 0, 100);
            h.PeerData(0, head, 20);
            h.Expect(TcpFlags.Ack, 0, 1000, 0);
            Assert.AreEqual(1000, h.Socket.ReceiveAvailable);
            byte[] into = new byte[1100];
            Assert.AreEqual(1000, h.Socket.Receive(into, 0, 1100));
            for (int i = 0; i < 1000; i++)
            {
                Assert.AreEqual(all[i], into[i]);
            }
        }

        [TestMethod]
        public void OutOfOrderSegmentDroppedForLackOfAssemblerSlotsStillGetsItsDuplicateAck()
        {
            // RFC 5681 §4.2: an out-of-order segment is answered by an immediate duplicate ACK, kept or not.
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxReceiveGaps = 1;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerData(100, TcpHarness.Bytes(10, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            h.PeerData(200, TcpHarness.Bytes(10, 2), 20);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(1, Drops(h, TcpDropReason.AssemblerFull));
        }

        [TestMethod]
        public void ResetInLastAckWithOurFinUnacknowledgedReportsReset()
        {
            // §3.10.7.4: the RST closes; our FIN was not acknowledged, so the peer did not get everything.
            TcpHarness h = TcpHarness.CloseWait();
            h.Socket.Close();
            h.Poll(20);
            Assert.IsTrue(h.Next().Fin);
            h.PeerReset(TcpHarness.PeerIss + 2, 30);
            Assert.AreEqual((int)TcpError.Reset, (int)h.Socket.Error);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void ResetInTimeWaitAfterEverythingWasAcknowledgedIsNoError()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.PeerFin(0, 1, 20);
            h.Next();
            Assert.AreEqual((int)TcpState.TimeWait, (int)h.Socket.State);
            h.PeerReset(TcpHarness.PeerIss + 2, 30);
            Assert.AreEqual((int)TcpError.None, (int)h.Socket.Error);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void RetransmittedDataAndFinInTimeWaitGetOneAckAndRestartTheTimer()
        {
            TcpHarness h = TcpHarness.FinWait2();
            byte[] data = TcpHarness.Bytes(10, 4);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, (byte)(FinAck | TcpFlags.Psh), 4096, data, 0, 30);
            h.Expect(TcpFlags.Ack, 1, 11, 0);
            Assert.AreEqual((int)TcpState.TimeWait, (int)h.Socket.State);
            // §3.10.7.4 TIME-WAIT: the only thing that can arrive is a retransmission of the FIN (here with its
            // data): acknowledge it, once, and restart the 2 MSL timeout.
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, (byte)(FinAck | TcpFlags.Psh), 4096, data, 0, 1500);
            h.Expect(TcpFlags.Ack, 1, 11, 0);
            h.ExpectNothing();
            h.Poll(2100);
            Assert.AreEqual(1, h.Stack.SlotsInUse);
            h.Poll(3500);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void PeerKeepAliveIsAnsweredAndDoesNotStartATimeWaitClock()
        {
            // RFC 1122 4.2.3.6: a keep-alive carries SEG.SEQ = SND.NXT - 1 and elicits an ACK.
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            h.ExpectNothing();
            h.Poll(2100);
            h.Poll(5000);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            Assert.AreEqual(1, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void RetransmittedFinInCloseWaitIsAcknowledgedAndTheConnectionStays()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerFin(0, 0, 10);
            h.Expect(TcpFlags.Ack, 0, 1, 0);
            h.PeerFin(0, 0, 20);
            h.Expect(TcpFlags.Ack, 0, 1, 0);
            h.Poll(2100);
            h.Poll(5000);
            Assert.AreEqual((int)TcpState.CloseWait, (int)h.Socket.State);
            Assert.AreEqual(1, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void BareAckAtRcvNxtIsAcceptedWhileOurWindowIsZero()
        {
            // §3.10.7.4: with RCV.WND = 0 a segment of length 0 at RCV.NXT is acceptable (valid ACKs must get in);
            // a one-byte probe is not.
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1460, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 1460, 0);
            h.PeerData(1460, TcpHarness.Bytes(588, 2), 11);
            h.Poll(60);
            Assert.AreEqual((ushort)0, h.Expect(TcpFlags.Ack, 0, 2048, 0).Window);
            h.Socket.Send(TcpHarness.Bytes(10, 3), 0, 10);
            h.Poll(20);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 2048, 10);
            h.Peer(TcpHarness.PeerIss + 1 + 2048, h.Iss + 11, TcpFlags.Ack, 4096, null, 0, 30);
            Assert.AreEqual(0, h.Socket.BytesInFlight);
            Assert.AreEqual(2048, h.Socket.SendSpace);
            h.ExpectNothing();
            h.Peer(TcpHarness.PeerIss + 1 + 2048, h.Iss + 11, TcpFlags.Ack, 4096, TcpHarness.Bytes(1, 4), 0, 40);
            h.Expect(TcpFlags.Ack, 10, 2048, 0);
            Assert.AreEqual(1, Drops(h, TcpDropReason.OutOfWindow));
        }

        [TestMethod]
        public void WindowUpdateRaisesTheMaximumWindowThatSenderSwsAvoidanceUses()
        {
            // RFC 1122 4.2.3.4 with TCP_NODELAY: a segment below one MSS that is not the last queued byte goes only
            // when it is at least half the largest window the peer ever offered (here raised from 500 to 1000).
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 500);
            h.Socket.NoDelay = true;
            h.PeerAck(0, 0, 1000, 5);
            h.SendAndPoll(2048, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.ExpectNothing();
            // 400 bytes of window with 600 in flight: 400 < 1000 / 2, wait.
            h.PeerAck(0, 400, 1000, 20);
            h.ExpectNothing();
            // 500 bytes of window: exactly half the maximum, send.
            h.PeerAck(0, 500, 1000, 30);
            h.Expect(TcpFlags.Ack, 1000, 0, 500);
            h.ExpectNothing();
        }

        [TestMethod]
        public void AckOlderThanTheLargestWindowIsChallenged()
        {
            // RFC 5961 §5.2: acceptable only if SND.UNA - MAX.SND.WND <= SEG.ACK; MAX.SND.WND here is 1000.
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 1000);
            h.SendAndPoll(1000, 10);
            h.Next();
            h.PeerAck(0, 1000, 1000, 20);
            h.ExpectNothing();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss, TcpFlags.Ack, 1000, null, 0, 30);
            h.Expect(TcpFlags.Ack, 1000, 0, 0);
            Assert.AreEqual(1, Drops(h, TcpDropReason.BadAck));
            Assert.AreEqual(1, h.Stack.Counters.ChallengeAcks);
        }

        [TestMethod]
        public void OpeningWindowStopsThePersistTimer()
        {
            // RFC 9293 §3.8.6.1: the persist timer runs only while the window is zero.
            TcpHarness h = TcpHarness.Established();
            h.PeerAck(0, 0, 0, 5);
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            Assert.IsTrue(h.Poll(10) < long.MaxValue);
            h.ExpectNothing();
            h.PeerAck(0, 0, 4096, 20);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 10);
            h.PeerAck(0, 10, 4096, 30);
            Assert.AreEqual(long.MaxValue, h.Poll(31));
        }

        [TestMethod]
        public void PeersFinIsReportedInSimultaneousCloseAndInFinWait2()
        {
            TcpHarness h = TcpHarness.FinWait1();
            h.PeerFin(0, 0, 20);
            Assert.AreEqual((int)TcpState.Closing, (int)h.Socket.State);
            Assert.IsTrue(h.Socket.IsReceiveFinished);

            TcpHarness g = TcpHarness.Established();
            g.Socket.Close();
            g.Poll(10);
            g.Next();
            g.PeerAck(0, 1, 4096, 20);
            g.PeerFin(0, 1, 30);
            Assert.AreEqual((int)TcpState.TimeWait, (int)g.Socket.State);
            Assert.IsTrue(g.Socket.IsReceiveFinished);
        }

        [TestMethod]
        public void BareAckAfterCloseReceiveIsNoReasonForAReset()
        {
            // RFC 1122 4.2.2.13 resets only for data that will never be read; an ACK beyond a lost segment is none.
            TcpHarness h = TcpHarness.Established();
            h.Socket.CloseReceive();
            h.Poll(10);
            h.Next();
            h.PeerAck(0, 1, 4096, 20);
            Assert.AreEqual((int)TcpState.FinWait2, (int)h.Socket.State);
            h.Peer(TcpHarness.PeerIss + 6, h.Iss + 2, TcpFlags.Ack, 4096, null, 0, 30);
            h.ExpectNothing();
            Assert.AreEqual((int)TcpState.FinWait2, (int)h.Socket.State);
            Assert.AreEqual(0, h.Stack.Counters.AbortsOnData);
        }

        [TestMethod]
        public void AnUnacceptableBareAckIsDroppedWithoutActingOnItsAckField()
        {
            // RFC 9293 §3.10.7.4 first: an unacceptable segment is answered with an ACK and dropped ("drop the
            // unacceptable segment and return"): its ACK field must not move SND.UNA, though it acknowledges data sent.
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(1000, h.Socket.Send(TcpHarness.Bytes(1000, 1), 0, 1000));
            h.Poll(10);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            int window = h.Socket.ReceiveWindow;
            h.Peer(TcpHarness.PeerIss + 1 + (uint)window, h.Iss + 1 + 1000, TcpFlags.Ack, 4096, null, 0, 20);
            h.Expect(TcpFlags.Ack, 1000, 0, 0);
            Assert.AreEqual(1, Drops(h, TcpDropReason.OutOfWindow));
            Assert.AreEqual(1000, h.Socket.BytesInFlight);
            h.PeerAck(0, 1000, 4096, 30);
            Assert.AreEqual(0, h.Socket.BytesInFlight);
        }

        [TestMethod]
        public void AnInWindowRstThatIsNotExactIsChallengedWithoutActingOnItsAckField()
        {
            // RFC 5961 §3.2: an RST in the window but not at RCV.NXT gets a challenge ACK and is dropped: nothing else
            // in it (here an ACK of our data) is acted on.
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(1000, h.Socket.Send(TcpHarness.Bytes(1000, 1), 0, 1000));
            h.Poll(10);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 1000);
            h.Peer(TcpHarness.PeerIss + 2, h.Iss + 1 + 1000, (byte)(TcpFlags.Rst | TcpFlags.Ack), 4096, null, 0, 20);
            h.Expect(TcpFlags.Ack, 1000, 0, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            Assert.AreEqual(1000, h.Socket.BytesInFlight);
        }
    }
}
