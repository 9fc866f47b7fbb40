using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// TcpSocket.CheckInvariants (the self-test the host simulations run after every step, usable on a device)
    /// holds through every phase of a connection: handshakes, data both ways, out-of-order segments, loss and
    /// retransmission, zero window, close. A checker that reports a healthy connection as broken is as useless as
    /// one that misses a broken one. Added from surviving mutants (issue 18, docs/mutation.md).
    /// </summary>
    [TestClass]
    public class InvariantTests
    {
        private static void Holds(TcpHarness h, string step)
        {
            string broken = h.Socket.CheckInvariants();
            Assert.IsNull(broken, step + ": " + broken);
        }

        [TestMethod]
        public void InvariantsHoldThroughAPassiveConnectionsWholeLife()
        {
            TcpHarness h = TcpHarness.Established();
            Holds(h, "established");
            h.PeerData(0, TcpHarness.Bytes(100, 1), 10);
            Holds(h, "100 bytes received");
            h.PeerData(300, TcpHarness.Bytes(100, 2), 20); // a hole of 200 bytes: out-of-order block
            Holds(h, "out-of-order block queued");
            h.PeerData(100, TcpHarness.Bytes(200, 3), 30);
            Holds(h, "hole filled");
            h.Read(new byte[1000]);
            Holds(h, "application read");
            h.Poll(40);
            Holds(h, "ack sent");
            Assert.AreEqual(2000, h.Socket.Send(TcpHarness.Bytes(2000, 4), 0, 2000));
            h.Poll(50);
            Holds(h, "data in flight");
            h.Peer(TcpHarness.PeerIss + 401, h.Iss + 1 + 1460, TcpFlags.Ack, 4096, null, 0, 60);
            Holds(h, "partly acknowledged");
            h.Poll(2000); // retransmission timeout
            Holds(h, "after a retransmission");
            h.Peer(TcpHarness.PeerIss + 401, h.Iss + 1 + 2000, TcpFlags.Ack, 0, null, 0, 2100);
            Holds(h, "all acknowledged, zero window");
            h.Socket.Send(TcpHarness.Bytes(10, 5), 0, 10);
            h.Poll(2200);
            Holds(h, "queued behind a zero window");
            h.Poll(10000);
            Holds(h, "window probe");
            h.Peer(TcpHarness.PeerIss + 401, h.Iss + 1 + 2000, TcpFlags.Ack, 4096, null, 0, 10100);
            h.Poll(10100);
            Holds(h, "window open again");
            h.Socket.Close();
            h.Poll(10200);
            Holds(h, "FIN queued and sent");
            h.Peer(TcpHarness.PeerIss + 401, h.Iss + 1 + 2011, TcpFlags.Ack, 4096, null, 0, 10300);
            Holds(h, "FIN acknowledged");
            h.Peer(TcpHarness.PeerIss + 401, h.Iss + 1 + 2011, (byte)(TcpFlags.Fin | TcpFlags.Ack), 4096, null, 0, 10400);
            Holds(h, "peer's FIN: TIME-WAIT");
        }

        [TestMethod]
        public void InvariantsHoldThroughAnActiveOpenAndAPeerClose()
        {
            TcpHarness h = new TcpHarness(TcpHarness.DefaultConfig());
            h.Socket = h.Stack.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, TcpHarness.ServerPort, 0);
            h.LocalPortInUse = h.Socket.LocalPort;
            h.PeerPortInUse = TcpHarness.ServerPort;
            Holds(h, "SYN-SENT");
            h.Poll(0);
            TcpPacket syn = h.Next();
            h.Iss = syn.SequenceNumber;
            Holds(h, "SYN sent");
            h.Peer(TcpHarness.PeerIss, h.Iss + 1, (byte)(TcpFlags.Syn | TcpFlags.Ack), 4096, null, 1460, 10);
            Holds(h, "established");
            h.Socket.Send(TcpHarness.Bytes(500, 6), 0, 500);
            h.Poll(20);
            Holds(h, "data sent");
            h.Peer(TcpHarness.PeerIss + 1, h.Iss + 1 + 500, (byte)(TcpFlags.Fin | TcpFlags.Ack), 4096, null, 0, 30);
            Holds(h, "CLOSE-WAIT");
            h.Socket.Close();
            h.Poll(40);
            Holds(h, "LAST-ACK");
        }

        [TestMethod]
        public void InvariantsHoldWhenTheReceiveWindowFillsAndDrains()
        {
            TcpHarness h = TcpHarness.Established();
            int window = h.Socket.ReceiveWindow;
            uint at = 0;
            while (at + 1000 <= (uint)window)
            {
                h.PeerData(at, TcpHarness.Bytes(1000, (int)at), 10);
                Holds(h, "filling at " + at);
                at += 1000;
            }
            h.Poll(20);
            Holds(h, "small window advertised");
            h.Read(new byte[window]);
            h.Poll(30);
            Holds(h, "drained, window update");
        }

        // Each invariant broken on purpose, the way its check describes (the fields set directly: no correct socket
        // reaches these states, which is what the checker is for), and the state right at each bound still passing.

        private static void Broken(TcpHarness h, string expected, string step)
        {
            Assert.AreEqual(expected, h.Socket.CheckInvariants(), step);
        }

        /// <summary>Established with 100 bytes queued, none sent: SND.UNA = SND.NXT = SND.MAX = the ring's start.</summary>
        private static TcpHarness WithQueuedData()
        {
            TcpHarness h = TcpHarness.Established();
            Assert.AreEqual(100, h.Socket.Send(TcpHarness.Bytes(100, 7), 0, 100));
            Holds(h, "100 bytes queued");
            return h;
        }

        [TestMethod]
        public void AFreeSlotAndAClosedOrListeningSocketAreNotChecked()
        {
            // A free slot, CLOSED and LISTEN have no connection whose sequence space could be inconsistent.
            TcpHarness h = WithQueuedData();
            h.Socket.SndUna = h.Socket.SndNxt + 10;
            Broken(h, "SND.UNA beyond SND.NXT", "in use, established");
            h.Socket.InUse = false;
            Holds(h, "free slot");
            h.Socket.InUse = true;
            h.Socket.SetState(TcpState.Closed);
            Holds(h, "CLOSED");
            h.Socket.SetState(TcpState.Listen);
            Holds(h, "LISTEN");
        }

        [TestMethod]
        public void SendSequenceOrderIsChecked()
        {
            // RFC 9293 §3.3.1: SND.UNA <= SND.NXT <= SND.MAX (old unacknowledged, then sent, then highest sent).
            TcpHarness h = WithQueuedData();
            uint una = h.Socket.SndUna;
            h.Socket.SndUna = una + 1;
            Broken(h, "SND.UNA beyond SND.NXT", "SND.UNA one past SND.NXT");
            h.Socket.SndUna = una;
            h.Socket.SndNxt = una + 1;
            Broken(h, "SND.NXT beyond SND.MAX", "SND.NXT one past SND.MAX");
            h.Socket.SndMax = una + 1;
            h.Socket.RetransmitDeadline = 1000;
            Holds(h, "one byte in flight, timer running");
        }

        [TestMethod]
        public void TheTransmitRingMustStartAtSndUnaGiveOrTakeTheSynAndFin()
        {
            TcpHarness h = WithQueuedData();
            uint start = h.Socket.SndBufSeq;
            h.Socket.SndBufSeq = start + 1; // as while our SYN is unacknowledged
            Holds(h, "ring one ahead of SND.UNA");
            h.Socket.SndBufSeq = start - 1; // as once our FIN is acknowledged
            Holds(h, "ring one behind SND.UNA");
            h.Socket.SndBufSeq = start + 2;
            Broken(h, "transmit ring does not start at SND.UNA (+SYN/FIN)", "two ahead");
            h.Socket.SndBufSeq = start - 2;
            Broken(h, "transmit ring does not start at SND.UNA (+SYN/FIN)", "two behind");
        }

        [TestMethod]
        public void NoMoreCanHaveBeenSentThanTheRingHoldsPlusTheFin()
        {
            TcpHarness h = WithQueuedData();
            TcpSocket s = h.Socket;
            s.RetransmitDeadline = 1000;
            s.SndMax = s.SndBufSeq + 101; // the checker allows one sequence number beyond the queued bytes
            Holds(h, "101 sent of 100 queued");
            s.SndMax = s.SndBufSeq + 102;
            Broken(h, "more sent than the transmit ring holds", "102 sent of 100 queued, no FIN");
            s.FinQueued = true;
            s.FinSeq = s.SndBufSeq + 100;
            Holds(h, "100 bytes and the FIN sent: the FIN's sequence number is not a ring byte");
            s.SndMax = s.SndBufSeq + 103;
            Broken(h, "more sent than the transmit ring holds", "103 sent of 100 queued and the FIN");
        }

        [TestMethod]
        public void TheFinMustFollowTheLastQueuedByteUntilItIsAcknowledged()
        {
            TcpHarness h = WithQueuedData();
            TcpSocket s = h.Socket;
            s.FinQueued = true;
            s.FinSeq = s.SndBufSeq + 100;
            Holds(h, "FIN right after the 100 bytes");
            s.FinSeq = s.SndBufSeq + 101;
            Broken(h, "FIN not right after the last queued byte", "a gap before the FIN");
            s.FinSeq = s.SndBufSeq + 99;
            Broken(h, "FIN not right after the last queued byte", "the FIN inside the queued bytes");
            s.FinSeq = s.SndUna;
            Broken(h, "FIN not right after the last queued byte", "the FIN at SND.UNA with bytes queued");
            // Once SND.UNA is past the FIN it has been acknowledged and the ring is no longer compared with it.
            s.FinSeq = s.SndUna - 1;
            s.SndBufSeq = s.SndUna - 1;
            s.SndMax = s.SndUna;
            s.SndNxt = s.SndUna;
            Holds(h, "FIN acknowledged");
        }

        [TestMethod]
        public void TheAdvertisedWindowMustLieWithinTheFreeReceiveBuffer()
        {
            // RFC 9293 §3.8.6.2: never offer more than the buffer can take, and the right edge never moves left of
            // RCV.NXT.
            TcpHarness h = WithQueuedData();
            TcpSocket s = h.Socket;
            uint nxt = s.RcvNxt;
            int free = s.Rx.Free;
            s.RcvAdv = nxt + (uint)free;
            Holds(h, "the whole free buffer offered");
            s.RcvAdv = nxt;
            Holds(h, "zero window");
            s.RcvAdv = nxt + (uint)free + 1;
            Broken(h, "advertised window " + (free + 1).ToString() + " outside 0.." + free.ToString(), "one more than free");
            s.RcvAdv = nxt - 1;
            Broken(h, "advertised window -1 outside 0.." + free.ToString(), "right edge behind RCV.NXT");
        }

        [TestMethod]
        public void TheWindowIsNotCheckedInSynSent()
        {
            // Before the peer's SYN RCV.NXT is not known: nothing was advertised relative to it yet.
            TcpHarness h = new TcpHarness(TcpHarness.DefaultConfig());
            h.Socket = h.Stack.Connect(TcpHarness.LocalIp, TcpHarness.RemoteIp, TcpHarness.ServerPort, 0);
            Holds(h, "SYN-SENT");
            h.Socket.RcvAdv = h.Socket.RcvNxt - 1;
            Holds(h, "SYN-SENT, any RCV.ADV");
            h.Socket.SetState(TcpState.SynReceived);
            Broken(h, "advertised window -1 outside 0.." + h.Socket.Rx.Free.ToString(), "the same in SYN-RECEIVED");
        }

        [TestMethod]
        public void OutOfOrderBlocksMustLieWithinTheFreeReceiveBuffer()
        {
            TcpHarness h = WithQueuedData();
            ReceiveRing rx = h.Socket.Rx;
            int free = rx.Free;
            Assert.AreEqual(0, rx.Insert(free - 20, TcpHarness.Bytes(20, 8), 0, 20));
            Holds(h, "a block ending at the end of the buffer");
            Assert.AreEqual(0, rx.Insert(1, TcpHarness.Bytes(10, 9), 0, 10));
            Holds(h, "a block one byte after RCV.NXT");
            // A block ending past the buffer (Insert's caller is trusted to trim; here it does not).
            Assert.AreEqual(0, rx.Insert(free - 5, TcpHarness.Bytes(6, 10), 0, 6));
            Broken(h, "out-of-order block outside the window", "a block one byte past the buffer");
        }

        [TestMethod]
        public void CwndMustBePositive()
        {
            TcpHarness h = WithQueuedData();
            h.Socket.Cc.Cwnd = 1;
            Holds(h, "cwnd 1");
            h.Socket.Cc.Cwnd = 0;
            Broken(h, "cwnd not positive", "cwnd 0");
            h.Socket.Cc.Cwnd = -1;
            Broken(h, "cwnd not positive", "cwnd -1");
        }

        [TestMethod]
        public void DataInFlightNeedsARetransmissionOrPersistTimer()
        {
            // RFC 6298 (5.1): the timer runs while data is outstanding; with a zero window the persist timer takes its
            // place (RFC 9293 §3.8.6.1); TIME-WAIT has only its own timer.
            TcpHarness h = WithQueuedData();
            TcpSocket s = h.Socket;
            h.Poll(10);
            Assert.IsTrue(s.SndMax != s.SndUna, "the 100 bytes are in flight");
            Holds(h, "in flight, timer running");
            s.RetransmitDeadline = long.MaxValue;
            s.PersistDeadline = long.MaxValue;
            Broken(h, "data in flight without a retransmission timer", "no timer");
            s.PersistDeadline = 5000;
            Holds(h, "persist timer");
            s.PersistDeadline = long.MaxValue;
            int wnd = s.SndWnd;
            s.SndWnd = 0;
            Holds(h, "zero window");
            s.SndWnd = wnd;
            s.SetState(TcpState.TimeWait);
            Holds(h, "TIME-WAIT");
            s.SetState(TcpState.Established);
            s.SndUna = s.SndMax;
            s.SndNxt = s.SndMax;
            s.SndBufSeq = s.SndMax;
            Assert.AreEqual(100, s.Tx.Count);
            Holds(h, "nothing in flight");
        }
    }
}
