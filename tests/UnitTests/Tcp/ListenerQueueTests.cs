using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// The listener's SYN queue when a half-open connection leaves it (RFC 9293 §3.10.7.4: a RST in SYN-RECEIVED
    /// of a passive open returns it to LISTEN): the others stay queued, in order, and can still be accepted.
    /// Added from surviving mutants of stack/Sockets/Tcp (issue 18).
    /// </summary>
    [TestClass]
    public class ListenerQueueTests
    {
        // A SYN from 'port' with ISS 'iss'; returns the stack's ISS from its SYN-ACK.
        private static uint Syn(TcpHarness h, ushort port, uint iss, long t)
        {
            h.PeerPortInUse = port;
            h.PeerSyn(iss, t);
            return h.Next().SequenceNumber;
        }

        private static void Reset(TcpHarness h, ushort port, uint iss, long t)
        {
            h.PeerPortInUse = port;
            h.PeerReset(iss + 1, t);
        }

        private static void CompleteHandshake(TcpHarness h, ushort port, uint iss, uint ours, long t)
        {
            h.PeerPortInUse = port;
            h.Peer(iss + 1, ours + 1, TcpFlags.Ack, 4096, null, 0, t);
        }

        [TestMethod]
        public void ResetOfTheSecondHalfOpenConnectionLeavesTheFirstQueued()
        {
            TcpHarness h = TcpHarness.Listening(); // backlog 2
            uint first = Syn(h, 50001, 1000, 0);
            Syn(h, 50002, 5000, 1);
            Assert.AreEqual(2, h.Listener.Pending);
            Reset(h, 50002, 5000, 2);
            Assert.AreEqual(1, h.Listener.Pending);
            CompleteHandshake(h, 50001, 1000, first, 3);
            TcpSocket s = h.Listener.Accept();
            Assert.IsNotNull(s);
            Assert.AreEqual((ushort)50001, s.RemotePort);
            Assert.AreEqual(0, h.Listener.Pending);
        }

        [TestMethod]
        public void ResetOfTheFirstHalfOpenConnectionLetsTheSecondBeAccepted()
        {
            TcpHarness h = TcpHarness.Listening();
            Syn(h, 50001, 1000, 0);
            uint second = Syn(h, 50002, 5000, 1);
            Reset(h, 50001, 1000, 2);
            Assert.AreEqual(1, h.Listener.Pending);
            CompleteHandshake(h, 50002, 5000, second, 3);
            TcpSocket s = h.Listener.Accept();
            Assert.IsNotNull(s, "the second moved up the queue");
            Assert.AreEqual((ushort)50002, s.RemotePort);
            Assert.IsNull(h.Listener.Accept());
        }

        [TestMethod]
        public void AZeroWindowProbeCarriesNoOptionsAndItsIntervalStopsAtMaxPersistMs()
        {
            // RFC 9293 §3.8.6.1: probes back off; RFC 1122 4.2.2.17 bounds the interval (here MaxPersistMs = 500).
            TcpConfig c = TcpHarness.DefaultConfig();
            c.MaxPersistMs = 500;
            TcpHarness h = TcpHarness.Established(c, 1460, 0);
            h.SendAndPoll(10, 10);
            Assert.AreEqual(210L + 400, h.Poll(210), "200 doubled");
            TcpPacket probe = h.Next();
            Assert.AreEqual(20, probe.DataOffsetBytes);
            Assert.AreEqual(1, probe.PayloadLength);
            Assert.AreEqual(610L + 500, h.Poll(610), "800 capped at 500");
            Assert.AreEqual(1110L + 500, h.Poll(1110));
        }
    }
}
