using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// A small table under pressure: SYN cookies (RFC 4987 §3.6), recycling half-open connections (§3.4), reclaiming
    /// orphaned FIN-WAIT-2 slots, and the RFC 1122 4.2.2.13 reset for data that arrives after a receive-side close.
    /// </summary>
    [TestClass]
    public class PressureTests
    {
        private const uint Local = TcpHarness.LocalIp;
        private const uint Remote = TcpHarness.RemoteIp;

        [TestMethod]
        public void CookieChecksOutForItsOwnHandshakeOnly()
        {
            SynCookies c = new SynCookies(7);
            uint cookie = c.Make(Local, 80, Remote, 50000, 1000, 1460, 5000);
            Assert.AreEqual(1460, c.Check(Local, 80, Remote, 50000, 1000, cookie, 5000));
            Assert.AreEqual(0, c.Check(Local, 80, Remote, 50001, 1000, cookie, 5000), "another port");
            Assert.AreEqual(0, c.Check(Local, 80, Remote + 1, 50000, 1000, cookie, 5000), "another address");
            Assert.AreEqual(0, c.Check(Local, 80, Remote, 50000, 1001, cookie, 5000), "another peer ISN");
            Assert.AreEqual(0, c.Check(Local, 80, Remote, 50000, 1000, cookie ^ 1, 5000), "a guessed cookie");
            Assert.AreEqual(0, c.Check(Local, 80, Remote, 50000, 1000, cookie ^ (1u << 24), 5000), "another MSS claimed");
            Assert.AreEqual(0, new SynCookies(8).Check(Local, 80, Remote, 50000, 1000, cookie, 5000), "another key");
        }

        [TestMethod]
        public void CookieLivesTwoCounterTicksAndNoLonger()
        {
            // RFC 4987 §3.6: the counter t bounds a cookie's life (65.536 s ticks, accepted up to 2 ticks later).
            SynCookies c = new SynCookies(7);
            uint cookie = c.Make(Local, 80, Remote, 50000, 1000, 1460, 0);
            Assert.AreEqual(1460, c.Check(Local, 80, Remote, 50000, 1000, cookie, 3 * 65536 - 1));
            Assert.AreEqual(0, c.Check(Local, 80, Remote, 50000, 1000, cookie, 3 * 65536));
        }

        [TestMethod]
        public void CookieCarriesTheLargestTableMssNotAboveThePeers()
        {
            SynCookies c = new SynCookies(7);
            Assert.AreEqual(1360, c.Check(Local, 80, Remote, 1, 9, c.Make(Local, 80, Remote, 1, 9, 1400, 0), 0));
            Assert.AreEqual(536, c.Check(Local, 80, Remote, 1, 9, c.Make(Local, 80, Remote, 1, 9, 0, 0), 0), "no option: 536");
            Assert.AreEqual(64, c.Check(Local, 80, Remote, 1, 9, c.Make(Local, 80, Remote, 1, 9, 40, 0), 0));
            Assert.AreEqual(1460, c.Check(Local, 80, Remote, 1, 9, c.Make(Local, 80, Remote, 1, 9, 8960, 0), 0));
        }

        /// <summary>Two half-open connections (ports 30000, 30001) fill the default backlog of 2.</summary>
        private static TcpHarness FloodedListener()
        {
            TcpHarness h = TcpHarness.Listening();
            for (int i = 0; i < 2; i++)
            {
                h.PeerPortInUse = (ushort)(30000 + i);
                h.Peer((uint)(70000 + i), 0, TcpFlags.Syn, 4096, null, 1460, 0);
                h.Next();
            }

            h.PeerPortInUse = TcpHarness.PeerPort;
            return h;
        }

        [TestMethod]
        public void SynFindingTheBacklogFullGetsACookieSynAckAndLeavesNoState()
        {
            TcpHarness h = FloodedListener();
            h.PeerSyn(TcpHarness.PeerIss, 10);
            TcpPacket synAck = h.Next();
            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)synAck.Flags);
            Assert.AreEqual(TcpHarness.PeerIss + 1, synAck.AckNumber);
            Assert.AreEqual((ushort)1460, synAck.MaxSegmentSize);
            Assert.AreEqual((ushort)2048, synAck.Window, "the whole receive ring the restored connection will have");
            Assert.AreEqual(2, h.Stack.SlotsInUse);
            Assert.AreEqual(1, h.Stack.Counters.CookiesSent);
        }

        [TestMethod]
        public void CookieAckWithTheRequestOpensAnEstablishedConnectionInPlaceOfTheOldestHalfOpen()
        {
            TcpHarness h = FloodedListener();
            h.PeerSyn(TcpHarness.PeerIss, 10);
            h.Iss = h.Next().SequenceNumber;
            byte[] get = TcpHarness.Bytes(40, 3);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, (byte)(TcpFlags.Ack | TcpFlags.Psh), 4096, get, 0, 20);
            Assert.AreEqual(1, h.Stack.Counters.CookiesValidated);
            Assert.AreEqual(1, h.Stack.Counters.HalfOpenRecycled);
            Assert.AreEqual(2, h.Stack.SlotsInUse);
            TcpSocket s = h.Listener.Accept();
            Assert.IsNotNull(s);
            Assert.AreEqual((int)TcpState.Established, (int)s.State);
            Assert.AreEqual(TcpHarness.PeerPort, s.RemotePort);
            Assert.AreEqual(40, s.ReceiveAvailable);
            Assert.AreEqual(1460, s.SendMss);
            h.Poll(100);
            h.Expect(TcpFlags.Ack, 0, 40, 0);
            // The reply flows from ISS + 1 like on any connection.
            byte[] reply = TcpHarness.Bytes(10, 4);
            Assert.AreEqual(10, s.Send(reply, 0, 10));
            h.Poll(101);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 40, 10);
        }

        [TestMethod]
        public void RecycledHalfOpenClientStillCompletesItsHandshakeWithItsAck()
        {
            // The half-open connection's SYN-ACK carried a cookie as its ISS, so losing the slot loses nothing.
            TcpConfig c = TcpHarness.DefaultConfig();
            TcpHarness h = TcpHarness.Listening(c);
            h.PeerPortInUse = 30000;
            h.PeerSyn(70000, 0);
            uint firstIss = h.Next().SequenceNumber;
            h.PeerPortInUse = 30001;
            h.PeerSyn(80000, 0);
            h.Next();
            h.PeerPortInUse = TcpHarness.PeerPort;
            h.PeerSyn(TcpHarness.PeerIss, 10);
            h.Iss = h.Next().SequenceNumber;
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 20);
            Assert.AreEqual(1, h.Stack.Counters.HalfOpenRecycled);
            Assert.IsNotNull(h.Listener.Accept());
            // Port 30000's ACK, for the SYN-ACK it got before its slot was recycled.
            h.PeerPortInUse = 30000;
            h.Peer(70001, firstIss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(30, 2), 0, 30);
            TcpSocket s = h.Listener.Accept();
            Assert.IsNotNull(s);
            Assert.AreEqual((ushort)30000, s.RemotePort);
            Assert.AreEqual(30, s.ReceiveAvailable);
        }

        [TestMethod]
        public void InvalidCookieAckWhileCookiesAreOutIsDroppedWithoutReset()
        {
            TcpHarness h = FloodedListener();
            h.PeerSyn(TcpHarness.PeerIss, 10);
            h.Iss = h.Next().SequenceNumber;
            // A later segment of the stream (SEG.SEQ - 1 is not the ISN the cookie covers) and a guess.
            h.Peer(TcpHarness.PeerIss + 41, h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(10, 1), 0, 20);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, TcpFlags.Ack, 4096, null, 0, 20);
            h.ExpectNothing();
            Assert.AreEqual(2, h.Stack.Counters.Drops[(int)TcpDropReason.BadCookie]);
            Assert.AreEqual(0, h.Stack.Counters.CookiesValidated);
            // Long after the last cookie, a stray ACK gets its RST again (§3.10.7.2).
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, TcpFlags.Ack, 4096, null, 0, 10 + SynCookies.LifetimeMs + 1);
            Assert.AreEqual((int)TcpFlags.Rst, (int)h.Next().Flags);
        }

        /// <summary>Four accepted connections from ports 40000..40003 fill the table.</summary>
        private static TcpHarness FullTable(TcpSocket[] accepted)
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.Backlog = 4;
            TcpHarness h = TcpHarness.Listening(c);
            for (int i = 0; i < 4; i++)
            {
                accepted[i] = h.AcceptFrom((ushort)(40000 + i));
            }

            h.PeerPortInUse = TcpHarness.PeerPort;
            return h;
        }

        [TestMethod]
        public void ProvenClientFindingNoSlotWaitsAndGetsInOnItsRetransmission()
        {
            TcpSocket[] s = new TcpSocket[4];
            TcpHarness h = FullTable(s);
            h.PeerSyn(TcpHarness.PeerIss, 10);
            h.Iss = h.Next().SequenceNumber;
            Assert.AreEqual(1, h.Stack.Counters.CookiesSent);
            Assert.IsFalse(h.Listener.ClientsWaiting(10));
            byte[] get = TcpHarness.Bytes(40, 3);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, get, 0, 20);
            h.ExpectNothing();
            Assert.IsTrue(h.Listener.ClientsWaiting(20), "a proven client waits for a slot");
            Assert.AreEqual(1, h.Stack.Counters.Drops[(int)TcpDropReason.TableFull]);
            s[2].Abort();
            h.Poll(30);
            h.Next();
            // The client's retransmission of the request finds the slot.
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, get, 0, 400);
            TcpSocket late = h.Listener.Accept();
            Assert.IsNotNull(late);
            Assert.AreEqual(40, late.ReceiveAvailable);
            Assert.IsFalse(h.Listener.ClientsWaiting(1400));
        }

        [TestMethod]
        public void OrphanedFinWait2IsResetToMakeRoomForANewClient()
        {
            TcpSocket[] s = new TcpSocket[4];
            TcpHarness h = FullTable(s);
            s[1].CloseReceive();
            h.Poll(10);
            TcpPacket fin = h.Next();
            h.PeerPortInUse = 40001;
            h.Peer(1001, fin.SequenceNumber + 1, TcpFlags.Ack, 4096, null, 0, 20);
            Assert.AreEqual((int)TcpState.FinWait2, (int)s[1].State);
            h.PeerPortInUse = TcpHarness.PeerPort;
            h.PeerSyn(TcpHarness.PeerIss, 30);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(fin.SequenceNumber + 1, rst.SequenceNumber);
            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)h.Next().Flags);
            Assert.AreEqual(1, h.Stack.Counters.FinWait2Reclaimed);
            Assert.AreEqual(0, h.Stack.Counters.CookiesSent, "a real slot, not a cookie");
        }

        [TestMethod]
        public void FinWait2AfterAPlainCloseIsNotReclaimed()
        {
            // Close() keeps the receive side open (half-close): the application may still be reading.
            TcpSocket[] s = new TcpSocket[4];
            TcpHarness h = FullTable(s);
            s[1].Close();
            h.Poll(10);
            TcpPacket fin = h.Next();
            h.PeerPortInUse = 40001;
            h.Peer(1001, fin.SequenceNumber + 1, TcpFlags.Ack, 4096, null, 0, 20);
            h.PeerPortInUse = TcpHarness.PeerPort;
            h.PeerSyn(TcpHarness.PeerIss, 30);
            h.Next();
            Assert.AreEqual(0, h.Stack.Counters.FinWait2Reclaimed);
            Assert.AreEqual(1, h.Stack.Counters.CookiesSent);
            Assert.AreEqual((int)TcpState.FinWait2, (int)s[1].State);
        }

        [TestMethod]
        public void DataAfterCloseReceiveInFinWait2IsAnsweredWithReset()
        {
            // RFC 1122 4.2.2.13: new data after a half-duplex close → RST, the peer learns it was lost.
            TcpHarness h = TcpHarness.Established();
            h.Socket.CloseReceive();
            h.Poll(10);
            h.Expect((byte)(TcpFlags.Fin | TcpFlags.Ack), 0, 0, 0);
            h.PeerAck(0, 1, 4096, 20);
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, TcpFlags.Ack, 4096, TcpHarness.Bytes(20, 1), 0, 1000);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(h.Iss + 2, rst.SequenceNumber);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
            Assert.AreEqual(1, h.Stack.Counters.AbortsOnData);
        }

        [TestMethod]
        public void DataAfterCloseReceiveInFinWait1IsAnsweredWithReset()
        {
            TcpHarness h = TcpHarness.Established();
            h.Socket.CloseReceive();
            h.Poll(10);
            h.Next();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, TcpHarness.Bytes(20, 1), 0, 30);
            Assert.AreEqual((int)TcpFlags.Rst, (int)h.Next().Flags);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void RetransmittedOldDataAfterCloseReceiveIsOnlyAcknowledged()
        {
            TcpHarness h = TcpHarness.Established();
            h.PeerData(0, TcpHarness.Bytes(20, 1), 5);
            h.Socket.CloseReceive();
            h.Poll(10);
            h.Next();
            h.PeerAck(20, 1, 4096, 20);
            // Nothing new: the same 20 bytes again (their ACK was lost).
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 2, TcpFlags.Ack, 4096, TcpHarness.Bytes(20, 1), 0, 30);
            TcpPacket ack = h.Next();
            Assert.AreEqual((int)TcpFlags.Ack, (int)ack.Flags);
            Assert.AreEqual(0, h.Stack.Counters.AbortsOnData);
        }
    }
}
