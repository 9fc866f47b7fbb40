using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// Boundaries the earlier tests did not reach (issue 18, surviving mutants of IsnGenerator.cs, TcpListener.cs,
    /// TcpSocket.Timers.cs and TcpSocket.Rack.cs): the ISN's inputs (RFC 6528 §3), the one second a turned-away
    /// client keeps ClientsWaiting true, the keep-alive deadline following traffic (RFC 1122 4.2.3.6) and the
    /// RACK reordering window's 1 ms floor (RFC 8985 §6.2).
    /// </summary>
    [TestClass]
    public class BoundaryTests
    {
        [TestMethod]
        public void IsnDependsOnTheLocalPort()
        {
            // RFC 6528 §3: F hashes the whole 4-tuple, so two local ports to the same peer get unrelated ISNs.
            IsnGenerator g = new IsnGenerator(7);
            uint a = g.Next(TcpHarness.LocalIp, 49152, TcpHarness.RemoteIp, 80, 0);
            uint b = g.Next(TcpHarness.LocalIp, 49153, TcpHarness.RemoteIp, 80, 0);
            uint c = g.Next(TcpHarness.LocalIp, 49152, TcpHarness.RemoteIp, 81, 0);
            Assert.AreNotEqual(a, b);
            Assert.AreNotEqual(a, c);
            Assert.AreNotEqual(b, c);
            Assert.AreEqual(a, g.Next(TcpHarness.LocalIp, 49152, TcpHarness.RemoteIp, 80, 0));
        }

        [TestMethod]
        public void IsnAdvancesWithAFourMicrosecondClock()
        {
            // RFC 6528 §3: M ticks every 4 µs, 250 per millisecond, for a fixed 4-tuple.
            IsnGenerator g = new IsnGenerator(7);
            uint t0 = g.Next(TcpHarness.LocalIp, 49152, TcpHarness.RemoteIp, 80, 0);
            uint t4 = g.Next(TcpHarness.LocalIp, 49152, TcpHarness.RemoteIp, 80, 4);
            uint t1000 = g.Next(TcpHarness.LocalIp, 49152, TcpHarness.RemoteIp, 80, 1000);
            Assert.AreEqual(1000u, t4 - t0);
            Assert.AreEqual(250000u, t1000 - t0);
        }

        [TestMethod]
        public void TurnedAwayClientCountsAsWaitingForOneSecond()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.Backlog = 4;
            TcpHarness h = TcpHarness.Listening(c);
            for (int i = 0; i < 4; i++)
            {
                Assert.IsNotNull(h.AcceptFrom((ushort)(40000 + i)));
            }

            h.PeerPortInUse = TcpHarness.PeerPort;
            h.PeerSyn(TcpHarness.PeerIss, 10);
            h.Iss = h.Next().SequenceNumber;
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, 4096, null, 0, 20);
            h.ExpectNothing();
            Assert.AreEqual(0, h.Listener.Ready);
            // Turned away at t=20: waiting through t=1019, no longer at t=1020.
            Assert.IsTrue(h.Listener.ClientsWaiting(20));
            Assert.IsTrue(h.Listener.ClientsWaiting(1019));
            Assert.IsFalse(h.Listener.ClientsWaiting(1020));
        }

        [TestMethod]
        public void ArmedKeepAliveDeadlineFollowsLaterTraffic()
        {
            // RFC 1122 4.2.3.6: keep-alives are sent only after an idle interval, counted from the last segment;
            // a deadline computed by an earlier Poll must move when traffic arrives before it.
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            Assert.AreEqual(5000L, h.Poll(1));
            h.PeerData(0, TcpHarness.Bytes(5, 1), 4000);
            h.Poll(4040);
            h.Next();
            Assert.AreEqual(9000L, h.Poll(4041));
            h.Poll(5000);
            h.ExpectNothing();
            h.Poll(9000);
            TcpPacket probe = h.Next();
            Assert.AreEqual(h.Iss, probe.SequenceNumber);
            Assert.AreEqual(0, probe.PayloadLength);
        }

        [TestMethod]
        public void KeepAliveProbesFollowTheIntervalNotTheIdleTime()
        {
            // After the first probe, the next one is due KeepAliveIntervalMs later (RFC 1122 4.2.3.6).
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            h.Poll(1);
            Assert.AreEqual(6000L, h.Poll(5000));
            h.Next();
            h.Poll(5999);
            h.ExpectNothing();
            Assert.AreEqual(7000L, h.Poll(6000));
            h.Next();
        }

        private const ushort Window = 60000;

        /// <summary>A 2 ms handshake RTT: SRTT 2, so SRTT/4 = 0 and the reordering window is its 1 ms floor.</summary>
        private static TcpHarness FastPath()
        {
            TcpHarness h = TcpHarness.Listening(TcpHarness.DefaultConfig());
            h.Peer(TcpHarness.PeerIss, 0, TcpFlags.Syn, Window, null, 1000, 0);
            h.Iss = h.Next().SequenceNumber;
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, Window, null, 0, 2);
            h.Socket = h.Listener.Accept();
            h.Socket.NoDelay = true;
            Assert.AreEqual(2, h.Socket.SmoothedRttMs);
            h.SendAndPoll(2000, 100);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.ExpectNothing();
            return h;
        }

        [TestMethod]
        public void ReorderingWindowIsAtLeastOneMillisecond()
        {
            // RFC 8985 §6.2: a segment is lost once RTT + reo_wnd has passed since it was sent; with SRTT/4 = 0
            // the window is still 1 ms, so a duplicate ACK 2 ms (one SRTT) after the send only arms the timer.
            TcpHarness h = FastPath();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, Window, null, 0, 102);
            h.ExpectNothing();
            Assert.AreEqual(0, h.Stack.Counters.RackRetransmits);
            Assert.AreEqual(103L, h.Poll(102));
            h.Poll(103);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RackRetransmits);
        }

        [TestMethod]
        public void DuplicateAckPastTheOneMillisecondWindowRetransmitsAtOnce()
        {
            TcpHarness h = FastPath();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, Window, null, 0, 103);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RackRetransmits);
        }

        [TestMethod]
        public void KeepAliveRunsInCloseWait()
        {
            // RFC 1122 4.2.3.6 applies to any idle connection that can still be asked for an ACK: after the peer's
            // FIN the connection is CLOSE-WAIT, still open in our direction, and is probed like ESTABLISHED.
            TcpHarness h = TcpHarness.Established(TcpHarness.KeepAliveConfig(), 1460, 4096);
            h.PeerFin(0, 0, 10);
            h.Expect(TcpFlags.Ack, 0, 1, 0);
            Assert.AreEqual((int)TcpState.CloseWait, (int)h.Socket.State);
            Assert.AreEqual(5010L, h.Poll(11));
            h.ExpectNothing();
            h.Poll(5010);
            TcpPacket probe = h.Next();
            Assert.AreEqual((int)TcpFlags.Ack, (int)probe.Flags);
            Assert.AreEqual(h.Iss, probe.SequenceNumber);
            Assert.AreEqual(0, probe.PayloadLength);
        }

        [TestMethod]
        public void PersistTimerWithNothingLeftToSendSendsNoProbe()
        {
            // RFC 9293 §3.8.6.1: the probe carries queued data. The only byte went out in the first probe and the
            // peer acknowledged it while still advertising a zero window: the timer that ran out has nothing to
            // probe with and stops.
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.Socket.Send(TcpHarness.Bytes(1, 1), 0, 1);
            Assert.AreEqual(210L, h.Poll(10));
            Assert.AreEqual(610L, h.Poll(210));
            h.Expect(TcpFlags.Ack, 0, 0, 1);
            h.PeerAck(0, 1, 0, 220);
            h.ExpectNothing();
            Assert.AreEqual(610L, h.Poll(221));
            Assert.AreEqual(long.MaxValue, h.Poll(610));
            h.ExpectNothing();
            Assert.AreEqual(long.MaxValue, h.Poll(5000));
            h.ExpectNothing();
        }

        /// <summary>As <see cref="FastPath"/> with a 1 ms RTO floor: RTO = SRTT + 4 RTTVAR = 6 ms, equal to the PTO 2 SRTT + 2.</summary>
        private static TcpHarness FastPathLowFloor()
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MinRtoMs = 1;
            TcpHarness h = TcpHarness.Listening(c);
            h.Peer(TcpHarness.PeerIss, 0, TcpFlags.Syn, Window, null, 1000, 0);
            h.Iss = h.Next().SequenceNumber;
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, Window, null, 0, 2);
            h.Socket = h.Listener.Accept();
            h.Socket.NoDelay = true;
            Assert.AreEqual(6, h.Socket.RetransmissionTimeoutMs);
            h.Socket.Send(TcpHarness.Bytes(2000, 1), 0, 2000);
            Assert.AreEqual(106L, h.Poll(100));
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 1000, 0, 1000);
            h.ExpectNothing();
            return h;
        }

        [TestMethod]
        public void ProbeNoEarlierThanTheRtoLeavesTheRtoRunning()
        {
            // RFC 8985 §7.2 caps the PTO at the RTO: at PTO = RTO the timer that fires is the RTO, which resends the
            // first segment (RFC 6298 5.4), not a probe of the last one.
            TcpHarness h = FastPathLowFloor();
            h.Poll(105);
            h.ExpectNothing();
            h.Poll(106);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RetransmitTimeouts);
            Assert.AreEqual(0, h.Stack.Counters.LossProbes);
        }

        [TestMethod]
        public void EarlyDuplicateAckArmsTheReorderTimerBeforeALaterRto()
        {
            // RFC 8985 §6.3: a duplicate ACK inside RTT + reo_wnd arms the reordering timer for the moment the head
            // counts as lost (t = 100 + 2 + 1), earlier than the RTO at 106.
            TcpHarness h = FastPathLowFloor();
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1, TcpFlags.Ack, Window, null, 0, 102);
            h.ExpectNothing();
            Assert.AreEqual(103L, h.Poll(102));
            h.Poll(103);
            h.Expect(TcpFlags.Ack, 0, 0, 1000);
            Assert.AreEqual(1, h.Stack.Counters.RackRetransmits);
            Assert.AreEqual(0, h.Stack.Counters.RetransmitTimeouts);
        }

        /// <summary>Four accepted connections from ports 40000..40003 fill a four-slot table.</summary>
        private static TcpHarness FullTable(TcpSocket[] accepted)
        {
            TcpConfig c = TcpHarness.DefaultConfig();
            c.Backlog = 4;
            c.MaxConnections = 4;
            TcpHarness h = TcpHarness.Listening(c);
            for (int i = 0; i < 4; i++)
            {
                accepted[i] = h.AcceptFrom((ushort)(40000 + i));
                Assert.IsNotNull(accepted[i]);
            }

            return h;
        }

        /// <summary>Connection <paramref name="i"/> closes at <paramref name="t"/>; the peer answers its FIN with
        /// <paramref name="peerFlags"/> 10 ms later.</summary>
        private static void CloseOne(TcpHarness h, TcpSocket s, int i, bool closeReceive, byte peerFlags, long t)
        {
            if (closeReceive)
            {
                s.CloseReceive();
            }
            else
            {
                s.Close();
            }

            h.Poll(t);
            TcpPacket fin = h.Next();
            Assert.AreEqual((ushort)(40000 + i), fin.DestinationPort);
            h.PeerPortInUse = (ushort)(40000 + i);
            h.Peer(1001, fin.SequenceNumber + 1, peerFlags, 4096, null, 0, t + 10);
            h.PeerPortInUse = TcpHarness.PeerPort;
        }

        [TestMethod]
        public void TheTimeWaitSlotClosestToItsEndIsReclaimedFirst()
        {
            // RFC 6191 reuse of TIME-WAIT under pressure: of two TIME-WAIT slots the one entered earlier (its 2 MSL
            // ends first) gives way; here it is the later slot in the table.
            TcpSocket[] s = new TcpSocket[4];
            TcpHarness h = FullTable(s);
            byte finAck = (byte)(TcpFlags.Fin | TcpFlags.Ack);
            CloseOne(h, s[2], 2, false, finAck, 10);
            h.Next();
            CloseOne(h, s[1], 1, false, finAck, 30);
            h.Next();
            Assert.AreEqual((int)TcpState.TimeWait, (int)s[2].State);
            Assert.AreEqual((int)TcpState.TimeWait, (int)s[1].State);
            h.PeerSyn(TcpHarness.PeerIss, 50);
            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)h.Next().Flags);
            Assert.AreEqual(1, h.Stack.Counters.TimeWaitReclaimed);
            Assert.AreEqual(0, h.Stack.Counters.CookiesSent, "a real slot, not a cookie");
            Assert.AreEqual((int)TcpState.TimeWait, (int)s[1].State);
            Assert.AreEqual((int)TcpState.SynReceived, (int)s[2].State, "the older TIME-WAIT slot holds the new client");
            Assert.AreEqual(TcpHarness.PeerPort, s[2].RemotePort);
        }

        [TestMethod]
        public void TheOrphanSilentLongestIsResetFirst()
        {
            // Of two orphaned FIN-WAIT-2 connections the one whose peer has been silent longer is given up.
            TcpSocket[] s = new TcpSocket[4];
            TcpHarness h = FullTable(s);
            CloseOne(h, s[2], 2, true, TcpFlags.Ack, 10);
            CloseOne(h, s[1], 1, true, TcpFlags.Ack, 30);
            Assert.AreEqual((int)TcpState.FinWait2, (int)s[2].State);
            Assert.AreEqual((int)TcpState.FinWait2, (int)s[1].State);
            h.PeerSyn(TcpHarness.PeerIss, 50);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual((ushort)40002, rst.DestinationPort);
            Assert.AreEqual((int)(TcpFlags.Syn | TcpFlags.Ack), (int)h.Next().Flags);
            Assert.AreEqual(1, h.Stack.Counters.FinWait2Reclaimed);
            Assert.AreEqual((int)TcpState.FinWait2, (int)s[1].State);
            Assert.AreEqual(TcpHarness.PeerPort, s[2].RemotePort);
        }

        [TestMethod]
        public void NoKeepAliveWhileDataIsUnacknowledged()
        {
            // RFC 1122 4.2.3.6: keep-alives probe an idle connection; with data outstanding the retransmission
            // timer watches the peer. Here the RTO floor (2 s) is above the idle time (1 s).
            TcpConfig c = TcpHarness.KeepAliveConfig();
            c.KeepAliveIdleMs = 1000;
            c.MinRtoMs = 2000;
            // No tail loss probe (it would come at 2 SRTT + 2 + 200 ms): only the RTO runs.
            c.RackTlp = false;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            h.Socket.Send(TcpHarness.Bytes(10, 1), 0, 10);
            // The keep-alive deadline was computed before the send touched the connection: 0 + 1000.
            Assert.AreEqual(1000L, h.Poll(10));
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 10);
            Assert.AreEqual(1010L, h.Poll(1000));
            h.ExpectNothing();
            h.Poll(1010);
            h.ExpectNothing();
            h.Poll(2009);
            h.ExpectNothing();
            h.Poll(2010);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Psh), 0, 0, 10);
            Assert.AreEqual(1, h.Stack.Counters.RetransmitTimeouts);
        }

        [TestMethod]
        public void APersistTimerLeftFromBeforeOurFinSendsNoProbeInFinWait2()
        {
            // The only byte went out in a probe and was acknowledged under a zero window; then the application closed:
            // the FIN goes out (it takes no window) and is acknowledged, still with a zero window. The persist timer
            // armed before has nothing to probe with in FIN-WAIT-2 (RFC 9293 §3.8.6.1 probes carry queued data).
            TcpHarness h = TcpHarness.Established(TcpHarness.DefaultConfig(), 1460, 0);
            h.Socket.Send(TcpHarness.Bytes(1, 1), 0, 1);
            h.Poll(10);
            h.Poll(210);
            h.Expect(TcpFlags.Ack, 0, 0, 1);
            h.PeerAck(0, 1, 0, 220);
            h.Socket.Close();
            h.Poll(221);
            h.Expect((byte)(TcpFlags.Ack | TcpFlags.Fin), 1, 0, 0);
            h.PeerAck(0, 2, 0, 230);
            Assert.AreEqual((int)TcpState.FinWait2, (int)h.Socket.State);
            h.Poll(610);
            h.ExpectNothing();
            h.Poll(5000);
            h.ExpectNothing();
        }
    }
}
