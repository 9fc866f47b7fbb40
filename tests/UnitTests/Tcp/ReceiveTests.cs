using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>Incoming data: acceptability, delayed ACK, reassembly, receive window (RFC 9293 §3.10.7.4, RFC 5681 §4.2, RFC 1122 4.2.3.3).</summary>
    [TestClass]
    public class ReceiveTests
    {
        private static TcpConfig BigRx()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.ReceiveBufferSize = 8192;
            return c;
        }

        [TestMethod]
        public void InOrderDataIsAckedAfterDelayedAckTimeout()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(100, 1), 10);
            h.ExpectNothing();
            Assert.AreEqual(50L, h.Poll(10));
            h.Poll(49);
            h.ExpectNothing();
            h.Poll(50);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 100, 0);
            Assert.AreEqual((ushort)1948, ack.Window);
        }

        [TestMethod]
        public void DelayedAckDisabledAcksAtOnce()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.DelayedAckMs = 0;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(100, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 100, 0);
        }

        [TestMethod]
        public void EverySecondFullSizedSegmentIsAckedAtOnce()
        {
            TcpConfig c = BigRx();
            c.AckWhenWindowMoves = false;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(1460, 1), 10);
            h.ExpectNothing();
            h.PeerData(1460, TcpHarness.Bytes(1460, 2), 11);
            h.Expect(TcpFlags.Ack, 0, 2920, 0);
        }

        [TestMethod]
        public void HalfTheReceiveBufferIsAckedAtOnceWhenSmallerThanTwoSegments()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1023, 1), 10);
            h.ExpectNothing();
            h.PeerData(1023, TcpHarness.Bytes(1, 1), 11);
            h.Expect(TcpFlags.Ack, 0, 1024, 0);
        }

        // TcpConfig.AckWhenWindowMoves (the default): an owed ACK that could not move the right edge waits for the
        // application's read or the delayed-ACK timer (Linux: tcp_input.c __tcp_ack_snd_check, tcp.c tcp_cleanup_rbuf).

        [TestMethod]
        public void UnreadSegmentsWaitForTheReadThenOneAckCarriesTheOpenedWindow()
        {
            TcpHarness h = TcpHarness.Established(BigRx(), 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(1460, 1), 10);
            h.PeerData(1460, TcpHarness.Bytes(1460, 2), 11);
            h.ExpectNothing();
            Assert.AreEqual(2920, h.Socket.Receive(new byte[4096], 0, 4096));
            h.Poll(12);
            Assert.AreEqual((ushort)8192, h.Expect(TcpFlags.Ack, 0, 2920, 0).Window);
            h.Poll(60);
            h.ExpectNothing();
        }

        [TestMethod]
        public void UnreadSegmentsAreAckedByTheDelayedAckTimer()
        {
            TcpHarness h = TcpHarness.Established(BigRx(), 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(1460, 1), 10);
            h.PeerData(1460, TcpHarness.Bytes(1460, 2), 11);
            h.Poll(49);
            h.ExpectNothing();
            h.Poll(50);
            Assert.AreEqual((ushort)(8192 - 2920), h.Expect(TcpFlags.Ack, 0, 2920, 0).Window);
        }

        [TestMethod]
        public void SegmentsReadAsTheyArriveAreAckedAtOnce()
        {
            // The first segment read before the second arrives: the right edge has moved, so the second-segment ACK
            // goes at once (it also carries the window update the read made due).
            TcpHarness h = TcpHarness.Established(BigRx(), 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(1460, 1), 10);
            h.ExpectNothing();
            Assert.AreEqual(1460, h.Socket.Receive(new byte[4096], 0, 4096));
            h.PeerData(1460, TcpHarness.Bytes(1460, 2), 11);
            Assert.AreEqual((ushort)(8192 - 1460), h.Expect(TcpFlags.Ack, 0, 2920, 0).Window);
            h.ExpectNothing();
        }

        [TestMethod]
        public void AnyReadReleasesTheOwedAckWithoutASliverOfWindow()
        {
            // Half the 2 KiB buffer is owed an ACK; reading 100 bytes sends it, but the right edge stays where it was
            // (RFC 1122 4.2.3.3: 100 bytes are below min(buffer / 2, MSS)), so the window shown is 0.
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.PeerData(1024, TcpHarness.Bytes(1024, 2), 11);
            h.ExpectNothing();
            Assert.AreEqual(100, h.Socket.Receive(new byte[100], 0, 100));
            h.Poll(20);
            Assert.AreEqual((ushort)0, h.Expect(TcpFlags.Ack, 0, 2048, 0).Window);
            h.Poll(60);
            h.ExpectNothing();
        }

        [TestMethod]
        public void DataIsReadableInOrder()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] data = TcpHarness.Bytes(300, 9);
            h.PeerData(0, data, 10);
            Assert.AreEqual(300, h.Socket.ReceiveAvailable);
            byte[] into = new byte[300];
            Assert.AreEqual(300, h.Read(into));
            CollectionAssert.AreEqual(data, into);
            Assert.AreEqual(0, h.Read(into));
        }

        [TestMethod]
        public void ReceiveInPiecesPreservesOrder()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] data = TcpHarness.Bytes(10, 9);
            h.PeerData(0, data, 10);
            byte[] a = new byte[4];
            byte[] b = new byte[10];
            Assert.AreEqual(4, h.Read(a));
            Assert.AreEqual(6, h.Read(b));
            Assert.AreEqual(data[4], b[0]);
            Assert.AreEqual(data[9], b[5]);
        }

        [TestMethod]
        public void OutOfOrderSegmentTriggersImmediateDuplicateAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(100, TcpHarness.Bytes(100, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void FillingTheHoleDeliversBothAndAcksAtOnce()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] data = TcpHarness.Bytes(200, 1);
            byte[] first = new byte[100];
            byte[] second = new byte[100];
            System.Array.Copy(data, 0, first, 0, 100);
            System.Array.Copy(data, 100, second, 0, 100);
            h.PeerData(100, second, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            h.PeerData(0, first, 11);
            h.Expect(TcpFlags.Ack, 0, 200, 0);
            byte[] into = new byte[200];
            Assert.AreEqual(200, h.Read(into));
            CollectionAssert.AreEqual(data, into);
        }

        [TestMethod]
        public void SeveralHolesAreReassembled()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] data = TcpHarness.Bytes(500, 3);
            int[] order = new int[] { 400, 200, 0, 300, 100 };
            for (int i = 0; i < order.Length; i++)
            {
                byte[] part = new byte[100];
                System.Array.Copy(data, order[i], part, 0, 100);
                h.PeerData((uint)order[i], part, 10 + i);
            }

            byte[] into = new byte[500];
            Assert.AreEqual(500, h.Read(into));
            CollectionAssert.AreEqual(data, into);
        }

        [TestMethod]
        public void OverlappingRetransmissionIsTrimmed()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] data = TcpHarness.Bytes(150, 3);
            byte[] first = new byte[100];
            System.Array.Copy(data, 0, first, 0, 100);
            byte[] overlap = new byte[100];
            System.Array.Copy(data, 50, overlap, 0, 100);
            h.PeerData(0, first, 10);
            h.PeerData(50, overlap, 11);
            byte[] into = new byte[200];
            Assert.AreEqual(150, h.Read(into));
            for (int i = 0; i < 150; i++)
            {
                Assert.AreEqual(data[i], into[i]);
            }
        }

        [TestMethod]
        public void EntirelyOldSegmentIsAnsweredWithAck()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(100, 1), 10);
            h.Poll(50);
            h.Expect(TcpFlags.Ack, 0, 100, 0);
            h.PeerData(0, TcpHarness.Bytes(100, 1), 60);
            h.Expect(TcpFlags.Ack, 0, 100, 0);
            Assert.AreEqual(100, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void SegmentBeyondWindowIsDroppedAndAcked()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(2048, TcpHarness.Bytes(10, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.OutOfWindow]);
        }

        [TestMethod]
        public void SegmentCrossingRightEdgeIsTrimmedToWindow()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.Expect(TcpFlags.Ack, 0, 1024, 0);
            h.PeerData(1024, TcpHarness.Bytes(1000, 1), 11);
            h.ExpectNothing();
            h.PeerData(2024, TcpHarness.Bytes(100, 1), 12);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 2048, 0);
            Assert.AreEqual(2048, h.Socket.ReceiveAvailable);
            Assert.AreEqual((ushort)0, ack.Window);
        }

        [TestMethod]
        public void FullBufferAdvertisesZeroWindow()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            Assert.AreEqual((ushort)1024, h.Expect(TcpFlags.Ack, 0, 1024, 0).Window);
            h.PeerData(1024, TcpHarness.Bytes(1024, 1), 11);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 2048, 0);
            Assert.AreEqual((ushort)0, ack.Window);
            Assert.AreEqual(0, h.Socket.ReceiveWindow);
        }

        [TestMethod]
        public void ZeroWindowProbeIsAckedButNotAccepted()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.PeerData(1024, TcpHarness.Bytes(1024, 1), 11);
            h.Next();
            h.Next();
            h.PeerData(2048, TcpHarness.Bytes(1, 1), 300);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 2048, 0);
            Assert.AreEqual((ushort)0, ack.Window);
            Assert.AreEqual(2048, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void PeekLeavesTheBytesAndSkipConsumesThem()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] data = TcpHarness.Bytes(10, 9);
            h.PeerData(0, data, 10);
            byte[] a = new byte[4];
            Assert.AreEqual(4, h.Socket.Peek(a, 0, 4));
            Assert.AreEqual(data[0], a[0]);
            Assert.AreEqual(10, h.Socket.ReceiveAvailable);
            Assert.AreEqual(3, h.Socket.Skip(3));
            Assert.AreEqual(7, h.Socket.ReceiveAvailable);
            byte[] rest = new byte[10];
            Assert.AreEqual(7, h.Socket.Peek(rest, 0, 10));
            Assert.AreEqual(data[3], rest[0]);
            Assert.AreEqual(7, h.Socket.Skip(100));
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void PeekingSendsNoWindowUpdateButSkippingHalfTheBufferDoes()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.PeerData(1024, TcpHarness.Bytes(1024, 1), 11);
            h.Next();
            h.Next();
            h.Socket.Peek(new byte[1024], 0, 1024);
            h.Poll(20);
            h.ExpectNothing();
            h.Socket.Skip(1024);
            h.Poll(21);
            TcpPacket update = h.Expect(TcpFlags.Ack, 0, 2048, 0);
            Assert.AreEqual((ushort)1024, update.Window);
        }

        [TestMethod]
        public void ReceiveEndsAtFinEvenWithBytesUnread()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Fin | TcpFlags.Psh), 4096, TcpHarness.Bytes(20, 1), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 21, 0);
            Assert.IsTrue(h.Socket.IsReceiveEnded);
            Assert.IsFalse(h.Socket.IsReceiveFinished);
        }

        [TestMethod]
        public void ReadingLessThanThresholdSendsNoWindowUpdate()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.PeerData(1024, TcpHarness.Bytes(1024, 1), 11);
            h.Next();
            h.Next();
            h.Socket.Receive(new byte[100], 0, 100);
            h.Poll(20);
            h.ExpectNothing();
        }

        [TestMethod]
        public void ReadingHalfTheBufferSendsWindowUpdate()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.PeerData(1024, TcpHarness.Bytes(1024, 1), 11);
            h.Next();
            h.Next();
            h.Socket.Receive(new byte[1024], 0, 1024);
            h.Poll(20);
            TcpPacket update = h.Expect(TcpFlags.Ack, 0, 2048, 0);
            Assert.AreEqual((ushort)1024, update.Window);
        }

        [TestMethod]
        public void WindowIsNotAdvancedBySmallStepsRfc1122Sws()
        {
            TcpHarness h = TcpHarness.EstablishedAckingAtOnce();
            h.PeerData(0, TcpHarness.Bytes(1024, 1), 10);
            h.PeerData(1024, TcpHarness.Bytes(1024, 1), 11);
            h.Next();
            h.Next();
            h.Socket.Receive(new byte[200], 0, 200);
            // An ACK for other reasons still shows the old right edge (window 0), not a 200-byte sliver.
            h.PeerData(0, TcpHarness.Bytes(10, 1), 20);
            TcpPacket ack = h.Expect(TcpFlags.Ack, 0, 2048, 0);
            Assert.AreEqual((ushort)0, ack.Window);
        }

        [TestMethod]
        public void AssemblerSlotsExhaustedDropsExtraBlock()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxReceiveGaps = 2;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerData(100, TcpHarness.Bytes(10, 1), 10);
            h.PeerData(300, TcpHarness.Bytes(10, 1), 11);
            h.PeerData(500, TcpHarness.Bytes(10, 1), 12);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.AssemblerFull]);
            // Adjacent block still merges into an existing slot.
            h.PeerData(110, TcpHarness.Bytes(10, 1), 13);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.AssemblerFull]);
        }

        [TestMethod]
        public void FinMovesToCloseWaitAndIsAckedAtOnce()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Fin), 4096, null, 0, 10);
            h.Expect(TcpFlags.Ack, 0, 1, 0);
            Assert.AreEqual((int)TcpState.CloseWait, (int)h.Socket.State);
            Assert.IsTrue(h.Socket.IsReceiveFinished);
        }

        [TestMethod]
        public void DataWithFinIsDeliveredThenFinished()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Fin | TcpFlags.Psh), 4096, TcpHarness.Bytes(20, 1), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 21, 0);
            Assert.IsFalse(h.Socket.IsReceiveFinished);
            h.Read(new byte[20]);
            Assert.IsTrue(h.Socket.IsReceiveFinished);
        }

        [TestMethod]
        public void FinBeyondHoleIsNotProcessedUntilRetransmitted()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 11, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Fin), 4096, TcpHarness.Bytes(10, 1), 0, 10);
            h.Expect(TcpFlags.Ack, 0, 0, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            h.PeerData(0, TcpHarness.Bytes(10, 1), 11);
            h.Expect(TcpFlags.Ack, 0, 20, 0);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            h.Peer(TcpHarness.PeerIss + 11, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Fin), 4096, TcpHarness.Bytes(10, 1), 0, 12);
            h.Expect(TcpFlags.Ack, 0, 21, 0);
            Assert.AreEqual((int)TcpState.CloseWait, (int)h.Socket.State);
        }

        [TestMethod]
        public void DataAfterFinIsIgnored()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Fin), 4096, null, 0, 10);
            h.Next();
            h.PeerData(1, TcpHarness.Bytes(10, 1), 11);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void SegmentWithoutAckInEstablishedIsDropped()
        {
            TcpHarness h = TcpHarness.Established();
            h.Peer(TcpHarness.PeerIss + 1, 0, TcpFlags.Psh, 4096, TcpHarness.Bytes(10, 1), 0, 10);
            h.Poll(100);
            h.ExpectNothing();
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
        }

        [TestMethod]
        public void PeerSequenceWrapsAroundZero()
        {
            TcpHarness h = TcpHarness.Listening();
            uint iss = 0xFFFFFFF0;
            h.PeerSyn(iss, 0);
            uint ours = h.Next().SequenceNumber;
            h.Peer(iss + 1, ours + 1, TcpFlags.Ack, 4096, null, 0, 1);
            TcpSocket s = h.Listener.Accept();
            byte[] data = TcpHarness.Bytes(64, 5);
            h.Peer(iss + 1, ours + 1, TcpFlags.Ack, 4096, data, 0, 2);
            h.Poll(50);
            TcpPacket ack = h.Next();
            Assert.AreEqual(iss + 1 + 64, ack.AckNumber);
            Assert.AreEqual(49u, ack.AckNumber);
            byte[] into = new byte[64];
            Assert.AreEqual(64, s.Receive(into, 0, 64));
            CollectionAssert.AreEqual(data, into);
        }

        [TestMethod]
        public void BadChecksumIsDroppedAndCounted()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] seg = new byte[100];
            int n = h.Build(seg, TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0);
            seg[n - 1] ^= 0x55;
            h.Stack.Receive(h.Out, TcpHarness.RemoteIp, TcpHarness.LocalIp, seg, 0, n, 10);
            Assert.AreEqual(0, h.Socket.ReceiveAvailable);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.BadChecksum]);
        }

        [TestMethod]
        public void ChecksumCoversPseudoHeaderAddresses()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] seg = new byte[100];
            int n = h.Build(seg, TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0);
            h.Stack.Receive(h.Out, TcpHarness.RemoteIp + 1, TcpHarness.LocalIp, seg, 0, n, 10);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.BadChecksum]);
        }

        [TestMethod]
        public void TruncatedHeaderIsDroppedNotThrown()
        {
            TcpHarness h = TcpHarness.Established();
            byte[] seg = new byte[100];
            h.Stack.Receive(h.Out, TcpHarness.RemoteIp, TcpHarness.LocalIp, seg, 0, 19, 10);
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.Truncated]);
        }
    }
}
