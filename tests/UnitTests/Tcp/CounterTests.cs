using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// The global TCP counters and the static-RAM report the README quotes: each event is counted once, under its
    /// own name, and a dropped segment under exactly one reason. Added from surviving mutants of stack/Sockets/Tcp
    /// (issue 18): a counter nobody asserts can count backwards without a test noticing.
    /// </summary>
    [TestClass]
    public class CounterTests
    {
        private static int Drops(TcpHarness h, TcpDropReason reason)
        {
            return h.Stack.Counters.Drops[(int)reason];
        }

        [TestMethod]
        public void StaticBytesIsTheReadmeFigureAndEachKnobCostsItsShare()
        {
            // README "Memory": default TcpConfig StaticBytes = 17,648.
            TcpConfig c = new TcpConfig();
            int baseBytes = new TcpStack(c, 1).StaticBytes;
            Assert.AreEqual(17648, baseBytes);
            c = new TcpConfig();
            c.MaxReceiveGaps++;
            Assert.AreEqual(4 * 8, new TcpStack(c, 1).StaticBytes - baseBytes, "8 bytes per gap per connection");
            c = new TcpConfig();
            c.Backlog++;
            Assert.AreEqual(2 * 4, new TcpStack(c, 1).StaticBytes - baseBytes, "4 bytes per backlog entry per listener");
            c = new TcpConfig();
            c.MaxListeners++;
            Assert.AreEqual(32 + 4 * 2, new TcpStack(c, 1).StaticBytes - baseBytes);
        }

        [TestMethod]
        public void OpensAndAcceptsAreCountedSeparately()
        {
            TcpHarness active = TcpHarness.Connected();
            Assert.AreEqual(1, active.Stack.Counters.ConnectionsOpened);
            Assert.AreEqual(0, active.Stack.Counters.ConnectionsAccepted);
            TcpHarness passive = TcpHarness.Established();
            Assert.AreEqual(1, passive.Stack.Counters.ConnectionsAccepted);
            Assert.AreEqual(0, passive.Stack.Counters.ConnectionsOpened);
        }

        [TestMethod]
        public void ResetFromAClosedPortIsCountedAsRstAndSegmentOut()
        {
            // RFC 9293 §3.10.7.1: a SYN to a closed port gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
            TcpHarness h = new TcpHarness(TcpHarness.DefaultConfig());
            h.PeerSyn(1000, 0);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)(TcpFlags.Rst | TcpFlags.Ack), (int)rst.Flags);
            Assert.AreEqual(1001u, rst.AckNumber);
            Assert.AreEqual(1, h.Stack.Counters.RstOut);
            Assert.AreEqual(1, h.Stack.Counters.SegmentsOut);
            Assert.AreEqual(1, Drops(h, TcpDropReason.NoListener));
            Assert.AreEqual(1, h.Stack.Counters.TotalDrops);
        }

        [TestMethod]
        public void SegmentsAListenerCannotUseAreDroppedOnceEach()
        {
            // §3.10.7.2 LISTEN: RST ignored; ACK answered with <SEQ=SEG.ACK><CTL=RST>; neither SYN nor RST nor ACK ignored.
            TcpHarness h = TcpHarness.Listening();
            h.Peer(1000, 0, TcpFlags.Rst, 4096, null, 0, 0);
            h.ExpectNothing();
            Assert.AreEqual(1, Drops(h, TcpDropReason.Ignored));
            h.Peer(1000, 777, TcpFlags.Ack, 4096, null, 0, 1);
            TcpPacket rst = h.Next();
            Assert.AreEqual((int)TcpFlags.Rst, (int)rst.Flags);
            Assert.AreEqual(777u, rst.SequenceNumber);
            Assert.AreEqual(1, Drops(h, TcpDropReason.BadAck));
            Assert.AreEqual(1, Drops(h, TcpDropReason.Ignored));
            h.Peer(1000, 0, TcpFlags.Fin, 4096, null, 0, 2);
            h.ExpectNothing();
            Assert.AreEqual(2, Drops(h, TcpDropReason.Ignored));
            Assert.AreEqual(3, h.Stack.Counters.TotalDrops);
            Assert.AreEqual(0, h.Stack.SlotsInUse);
        }

        [TestMethod]
        public void TruncatedAndMalformedHeadersAreDroppedUnderTheirOwnReasonOnly()
        {
            TcpHarness h = TcpHarness.Listening();
            byte[] seg = new byte[40];
            int n = h.Build(seg, 1000, 0, TcpFlags.Syn, 4096, null, 0);
            h.Stack.Receive(h.Out, TcpHarness.RemoteIp, TcpHarness.LocalIp, seg, 0, 19, 0);
            Assert.AreEqual(1, Drops(h, TcpDropReason.Truncated), "19 bytes: shorter than a TCP header");
            seg[12] = 0x40; // data offset 4 words: inside the fixed header
            h.Stack.Receive(h.Out, TcpHarness.RemoteIp, TcpHarness.LocalIp, seg, 0, n, 1);
            Assert.AreEqual(1, Drops(h, TcpDropReason.BadHeader));
            Assert.AreEqual(2, h.Stack.Counters.TotalDrops, "nothing else counted, nothing answered");
            h.ExpectNothing();
        }

        [TestMethod]
        public void EachWayOfGivingUpCountsOneTimeOut()
        {
            // RFC 1122 4.2.3.5 R2 (retransmissions), 4.2.3.6 (keep-alive), and the orphaned FIN-WAIT-2 timer.
            TcpHarness h = TcpHarness.Established();
            h.Socket.Send(TcpHarness.Bytes(100, 1), 0, 100);
            long t = h.Poll(10);
            for (int i = 0; i < 20 && h.Socket.State == TcpState.Established; i++)
            {
                t = h.Poll(t);
            }
            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            Assert.AreEqual(1, h.Stack.Counters.TimeOuts, "retransmissions");

            TcpConfig c = TcpHarness.DefaultConfig();
            c.KeepAliveIdleMs = 5000;
            c.KeepAliveIntervalMs = 1000;
            c.KeepAliveProbes = 3;
            h = TcpHarness.Established(c, 1460, 4096);
            t = 1;
            for (int i = 0; i < 10 && h.Socket.State == TcpState.Established; i++)
            {
                t = h.Poll(t);
            }
            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            Assert.AreEqual(1, h.Stack.Counters.TimeOuts, "keep-alive");

            h = TcpHarness.Established();
            h.Socket.Close();
            h.Poll(10);
            h.PeerAck(0, 1, 4096, 20);
            h.Poll(30020);
            Assert.AreEqual((int)TcpError.TimedOut, (int)h.Socket.Error);
            Assert.AreEqual(1, h.Stack.Counters.TimeOuts, "orphaned FIN-WAIT-2");
        }

        [TestMethod]
        public void KeepAliveProbesCarryNoOptionsAndComeOneIntervalApart()
        {
            // RFC 1122 4.2.3.6: SEG.SEQ = SND.NXT - 1, no data; options (MSS) belong on SYNs only (RFC 9293 §3.7.1).
            TcpConfig c = TcpHarness.DefaultConfig();
            c.KeepAliveIdleMs = 5000;
            c.KeepAliveIntervalMs = 1000;
            c.KeepAliveProbes = 3;
            TcpHarness h = TcpHarness.Established(c, 1460, 4096);
            Assert.AreEqual(5000L, h.Poll(1));
            Assert.AreEqual(6000L, h.Poll(5000));
            TcpPacket probe = h.Next();
            Assert.AreEqual(h.Iss, probe.SequenceNumber);
            Assert.AreEqual(20, probe.DataOffsetBytes);
            Assert.AreEqual(0, probe.PayloadLength);
        }
    }
}
