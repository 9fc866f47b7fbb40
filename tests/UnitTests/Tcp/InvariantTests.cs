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
    }
}
