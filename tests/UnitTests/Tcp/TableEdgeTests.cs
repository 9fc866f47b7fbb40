using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// The connection table and a slot's life at its edges: ephemeral port choice (RFC 6056 §3.3.3), slot reuse,
    /// half-open recycling (RFC 4987 §3.4), SYN cookies' MSS (RFC 4987 §3.6), the listener queue, resets and
    /// give-ups that must or must not send a RST (RFC 9293 §3.10.5, §3.10.7). Added from surviving mutants of
    /// TcpStack.cs, TcpSocket.cs, TcpSocket.Timers.cs and TcpListener.cs (issue 18).
    /// </summary>
    [TestClass]
    public class TableEdgeTests
    {
        [TestMethod]
        public void StackReportsItsProtocolConfigurationAndSlots()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxConnections = 3;
            TcpStack s = new TcpStack(c, 1);
            Assert.AreEqual((byte)6, s.ProtocolNumber);
            Assert.IsTrue(s.Config == c);
            Assert.AreEqual(3, s.SlotCount);
            Assert.IsNotNull(s.Slot(2));
            Assert.AreEqual((int)TcpState.Closed, (int)s.Slot(2).State);
        }

        [TestMethod]
        public void WithOneEphemeralPortASecondConnectionOrAListenerOnItGetsNone()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.EphemeralPortFirst = 50000;
            c.EphemeralPortLast = 50000;
            TcpStack s = new TcpStack(c, 1);
            TcpSocket a = s.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 80, 0);
            Assert.AreEqual((ushort)50000, a.LocalPort);
            Assert.IsNull(s.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 81, 0));

            TcpStack t = new TcpStack(c, 1);
            Assert.IsNotNull(t.Listen(50000));
            Assert.IsNull(t.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 80, 0));
            Assert.AreEqual(0, t.SlotsInUse);
        }

        [TestMethod]
        public void ConnectTakesTheFirstFreeCandidateAndTheNextSearchStartsAfterIt()
        {
            // RFC 6056 Algorithm 3: port = first + (F(...) + next_ephemeral + i) % count; next_ephemeral advances.
            TcpHarness h = new TcpHarness(TcpHarness.DefaultConfig());
            EphemeralPorts replica = new EphemeralPorts(12345, 49152, 65535);
            TcpSocket a = h.Stack.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 80, 0);
            ushort first = a.LocalPort;
            Assert.AreEqual(replica.Candidate(TcpHarness.LocalIp, TcpHarness.RemoteIp, 80, 0), first);
            replica.Commit(0);
            a.Abort();
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            TcpSocket b = h.Stack.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 80, 0);
            Assert.AreEqual(replica.Candidate(TcpHarness.LocalIp, TcpHarness.RemoteIp, 80, 0), b.LocalPort);
            Assert.AreNotEqual(first, b.LocalPort);
        }

        [TestMethod]
        public void AReusedSlotStartsWithNothingOfTheConnectionBefore()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxConnections = 1;
            TcpHarness h = TcpHarness.Listening(c);
            h.PeerSyn(TcpHarness.PeerIss, 0);
            h.Iss = h.Next().SequenceNumber;
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 100);
            h.Socket = h.Listener.Accept();
            Assert.AreEqual(100, h.Socket.SmoothedRttMs);
            // Unread data and the peer's FIN, then an abort: the slot is freed.
            h.PeerData(0, TcpHarness.Bytes(10, 1), 110);
            h.PeerFin(10, 0, 111);
            Assert.IsTrue(h.Socket.ReceiveAvailable > 0);
            h.Socket.Abort();
            h.Poll(120);
            Assert.AreEqual(0, h.Stack.SlotsInUse);

            h.PeerPortInUse = 49501;
            h.PeerSyn(7000, 200);
            TcpPacket synAck = default(TcpPacket);
            while (h.Pending > 0)
            {
                synAck = h.Next();
            }

            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)synAck.Flags);
            h.Peer(7001, synAck.SequenceNumber + 1, TcpFlags.Ack, 4096, null, 0, 220);
            TcpSocket b = h.Listener.Accept();
            Assert.IsNotNull(b);
            Assert.AreEqual(0, b.ReceiveAvailable);
            Assert.IsFalse(b.IsReceiveFinished);
            Assert.AreEqual(0, b.SendQueued);
            // RFC 6298 (2.2): its own first measurement, not smoothed with the old connection's.
            Assert.AreEqual(20, b.SmoothedRttMs);
        }

        [TestMethod]
        public void ResetBeforeAcceptFreesTheSlot()
        {
            TcpHarness h = TcpHarness.Listening();
            h.PeerSyn(TcpHarness.PeerIss, 0);
            h.Iss = h.Next().SequenceNumber;
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 10);
            Assert.AreEqual(1, h.Listener.Ready);
            h.PeerReset(TcpHarness.PeerIss + 1, 20);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            Assert.AreEqual(0, h.Listener.Pending);
        }

        [TestMethod]
        public void ResetFlushesTheTransmitQueue()
        {
            // RFC 9293 §3.10.7.4 (RST in ESTABLISHED): "all segment queues should be flushed".
            TcpHarness h = TcpHarness.Established();
            h.SendAndPoll(100, 10);
            h.PeerReset(TcpHarness.PeerIss + 1, 20);
            Assert.AreEqual(0, h.Socket.SendQueued);
        }

        [TestMethod]
        public void SegmentForAResetConnectionStillHeldByTheApplicationIsAnsweredWithReset()
        {
            // The 4-tuple is CLOSED (§3.10.7.1) although the handle is not yet closed. (Without cookies: with them, the
            // peer's ACK of a cookie ISS would make a new connection from the listener, RFC 4987 §3.6.)
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SynCookies = false;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerReset(TcpHarness.PeerIss + 1, 10);
            Assert.AreEqual(1, h.Stack.SlotsInUse);
            h.PeerData(0, TcpHarness.Bytes(5, 1), 20);
            Assert.IsTrue(h.Next().Rst);
        }

        [TestMethod]
        public void SimultaneousOpenAcceptsDataToSendInSynReceived()
        {
            TcpHarness h = TcpHarness.SynSent();
            h.Peer(5000, 0, TcpFlags.Syn, 3000, null, 1460, 10);
            Assert.AreEqual((int)TcpState.SynReceived, (int)h.Socket.State);
            Assert.AreEqual(2048, h.Socket.SendSpace);
            Assert.AreEqual(10, h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10));
        }

        [TestMethod]
        public void AbortAfterCloseStillResetsInFinWait1AndFinWait2()
        {
            // RFC 9293 §3.10.5 ABORT in FIN-WAIT-1 / FIN-WAIT-2: send a reset.
            TcpHarness h = TcpHarness.FinWait1();
            h.Socket.Abort();
            h.Poll(20);
            Assert.IsTrue(h.Next().Rst);
            Assert.AreEqual(0, h.Stack.SlotsInUse);

            TcpHarness g = TcpHarness.Established();
            g.Socket.Close();
            g.Poll(10);
            g.Next();
            g.PeerAck(0, 1, 4096, 15);
            Assert.AreEqual((int)TcpState.FinWait2, (int)g.Socket.State);
            g.Socket.Abort();
            g.Poll(20);
            Assert.IsTrue(g.Next().Rst);
        }

        [TestMethod]
        public void KeepAliveAlsoRunsInCloseWait()
        {
            // RFC 1122 4.2.3.6: the peer closed its side but ours is open: an idle connection is still probed.
            TcpConfig c = TcpHarness.DefaultConfig();
            c.KeepAliveIdleMs = 1000;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerFin(0, 0, 10);
            h.Next();
            Assert.AreEqual((int)TcpState.CloseWait, (int)h.Socket.State);
            Assert.AreEqual(1010L, h.Poll(11));
            h.Poll(1010);
            TcpPacket probe = h.Next();
            Assert.AreEqual(h.Iss, probe.SequenceNumber);
        }

        [TestMethod]
        public void WithoutCookiesAFullTableRecyclesTheOldestHalfOpenPassiveConnection()
        {
            // RFC 4987 §3.4: the oldest half-open connection makes room for the newest SYN.
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SynCookies = false;
            c.MaxConnections = 2;
            c.Backlog = 4;
            TcpHarness h = TcpHarness.Listening(c);
            IsnGenerator isn = new IsnGenerator(12345);
            h.PeerPortInUse = 40001;
            h.PeerSyn(1000, 0);
            // Without cookies the ISS is the RFC 6528 one.
            Assert.AreEqual(isn.Next(TcpHarness.LocalIp, 80, TcpHarness.RemoteIp, 40001, 0), h.Next().SequenceNumber);
            h.PeerPortInUse = 40002;
            h.PeerSyn(2000, 10);
            uint issB = h.Next().SequenceNumber;
            h.PeerPortInUse = 40003;
            h.PeerSyn(3000, 20);
            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)h.Next().Flags);
            Assert.AreEqual(1, h.Stack.Counters.HalfOpenRecycled);
            // The second one (not the oldest) is still there and completes.
            h.PeerPortInUse = 40002;
            h.Peer(2001, issB + 1, TcpFlags.Ack, 4096, null, 0, 30);
            TcpSocket s = h.Listener.Accept();
            Assert.IsNotNull(s);
            Assert.AreEqual((ushort)40002, s.RemotePort);
        }

        [TestMethod]
        public void ConnectNeverTakesAHalfOpenPassiveConnectionsSlot()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.SynCookies = false;
            c.MaxConnections = 1;
            TcpHarness h = TcpHarness.Listening(c);
            h.PeerSyn(1000, 0);
            h.Next();
            Assert.IsNull(h.Stack.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, 8080, 10));
            Assert.AreEqual(1, h.Listener.Pending);
        }

        [TestMethod]
        public void ListenerWithBacklogZeroStillHoldsOneConnection()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.Backlog = 0;
            TcpHarness h = TcpHarness.Listening(c);
            h.PeerSyn(TcpHarness.PeerIss, 0);
            h.Iss = h.Next().SequenceNumber;
            Assert.AreEqual(1, h.Listener.Pending);
            Assert.AreEqual(0, h.Listener.Ready);
            Assert.IsFalse(h.Listener.ClientsWaiting(5));
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 10);
            Assert.AreEqual(1, h.Listener.Ready);
            Assert.IsTrue(h.Listener.ClientsWaiting(10));
        }

        [TestMethod]
        public void CookieConnectionSendsWithTheMssItsCookieCarries()
        {
            // RFC 4987 §3.6: the cookie keeps the peer's MSS as the largest table value not above it (1000 -> 536).
            TcpHarness h = TcpHarness.Listening();
            for (int i = 0; i < 2; i++)
            {
                h.PeerPortInUse = (ushort)(30000 + i);
                h.Peer((uint)(70000 + i), 0, TcpFlags.Syn, 4096, null, 1460, 0);
                h.Next();
            }

            h.PeerPortInUse = TcpHarness.PeerPort;
            int outBefore = h.Stack.Counters.SegmentsOut;
            int acceptedBefore = h.Stack.Counters.ConnectionsAccepted;
            h.Peer(TcpHarness.PeerIss, 0, TcpFlags.Syn, 4096, null, 1000, 10);
            h.Iss = h.Next().SequenceNumber;
            Assert.AreEqual(1, h.Stack.Counters.CookiesSent);
            Assert.AreEqual(outBefore + 1, h.Stack.Counters.SegmentsOut);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 20);
            TcpSocket s = h.Listener.Accept();
            Assert.IsNotNull(s);
            Assert.AreEqual(536, s.SendMss);
            Assert.AreEqual(acceptedBefore + 1, h.Stack.Counters.ConnectionsAccepted);
        }

        [TestMethod]
        public void LargeReceiveBufferAnnouncesFreedSpaceOnceItIsOneMss()
        {
            // RFC 1122 4.2.3.3: the window update is due once the freed space reaches min(buffer / 2, MSS): with
            // 8 KiB that is one MSS (1460), not half the buffer.
            TcpConfig c = TcpHarness.AckAtOnceConfig();
            c.ReceiveBufferSize = 8192;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.PeerData(0, TcpHarness.Bytes(1460, 1), 10);
            h.PeerData(1460, TcpHarness.Bytes(1460, 2), 11);
            h.Expect(TcpFlags.Ack, 0, 2920, 0);
            byte[] into = new byte[1460];
            Assert.AreEqual(1460, h.Socket.Receive(into, 0, 1460));
            h.Poll(12);
            TcpPacket update = h.Expect(TcpFlags.Ack, 0, 2920, 0);
            Assert.AreEqual((ushort)(8192 - 1460), update.Window);
        }
    }
}
