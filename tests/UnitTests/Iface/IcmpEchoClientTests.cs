using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// The ping client (RFC 792 echo request/reply, RFC 1122 §3.2.2.6): the request on the wire, matching the reply
    /// by source, identifier, sequence and data, the RTT, and destination unreachable quoting the request.
    /// </summary>
    [TestClass]
    public class IcmpEchoClientTests
    {
        private const ushort Id = 0x4E53;

        private static NetworkStack Board(out MemoryLink peer, out IcmpEchoClient ping)
        {
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            ping = new IcmpEchoClient(stack.Interface, Id, 56);
            stack.Register(ping);
            return stack;
        }

        /// <summary>Linux's answer to <paramref name="request"/> (a frame the board sent): type 0, same id, seq, data.</summary>
        private static byte[] ReplyTo(byte[] request)
        {
            int icmpLength = request.Length - 34;
            byte[] icmp = TestNet.Slice(request, 34, icmpLength);
            icmp[0] = Icmpv4Packet.TypeEchoReply;
            Icmpv4Packet.FillChecksum(icmp, 0, icmpLength);
            return TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolIcmp, icmp, CapturedFrames.BoardMac);
        }

        [TestMethod]
        public void SendPutsAnEchoRequestWithIdentifierSequenceAndPatternOnTheWire()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            Board(out peer, out ping);
            Assert.AreEqual(SendResult.Ok, ping.Send(CapturedFrames.LinuxAddress, 56, 100));
            byte[] f = TestNet.Take(peer);
            Assert.IsNotNull(f);
            Assert.AreEqual(14 + 20 + 8 + 56, f.Length);
            Assert.AreEqual(Ipv4Packet.ProtocolIcmp, f[23]);
            Assert.AreEqual(CapturedFrames.LinuxAddress, NetworkEndian.ReadUInt32(f, 30));
            Icmpv4Packet icmp = new Icmpv4Packet();
            Assert.AreEqual(WireError.None, icmp.Parse(f, 34, f.Length - 34));
            Assert.AreEqual(Icmpv4Packet.TypeEchoRequest, icmp.Type);
            Assert.AreEqual((byte)0, icmp.Code);
            Assert.IsTrue(icmp.VerifyChecksum());
            Assert.AreEqual(Id, icmp.Identifier);
            Assert.AreEqual((ushort)1, icmp.SequenceNumber);
            for (int i = 0; i < 56; i++)
            {
                Assert.AreEqual((byte)i, f[42 + i]);
            }
            Assert.AreEqual(EchoStatus.Waiting, ping.Status);
            Assert.AreEqual(1, ping.RequestsSent);
        }

        [TestMethod]
        public void MatchingReplyGivesRepliedAndTheRoundTripTime()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            NetworkStack stack = Board(out peer, out ping);
            ping.Send(CapturedFrames.LinuxAddress, 56, 1000);
            byte[] request = TestNet.Take(peer);
            TestNet.Inject(peer, ReplyTo(request));
            stack.Poll(1007);
            Assert.AreEqual(EchoStatus.Replied, ping.Status);
            Assert.AreEqual(7, ping.RoundTripMs);
            Assert.AreEqual(1, ping.RepliesReceived);
            Assert.IsNull(TestNet.Take(peer)); // a reply is never answered
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void ReplyWithAnotherSequenceIdentifierSourceOrDataIsIgnored()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            NetworkStack stack = Board(out peer, out ping);
            ping.Send(CapturedFrames.LinuxAddress, 56, 0);
            byte[] request = TestNet.Take(peer);
            // Another sequence (an earlier, late reply).
            byte[] wrong = TestNet.Slice(request, 0, request.Length);
            wrong[41] = 9;
            TestNet.Inject(peer, ReplyTo(wrong));
            // Another identifier (another pinger on the board's address).
            wrong = TestNet.Slice(request, 0, request.Length);
            wrong[38] ^= 0xFF;
            TestNet.Inject(peer, ReplyTo(wrong));
            // Corrupted data (with a valid checksum: RFC 792 says the data is returned unchanged).
            wrong = TestNet.Slice(request, 0, request.Length);
            wrong[60] ^= 0x55;
            TestNet.Inject(peer, ReplyTo(wrong));
            // From another host.
            byte[] other = ReplyTo(request);
            Ipv4Packet.Emit(other, 14, 0xC0000203, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolIcmp, other.Length - 34, 1, 64, false, false, 0);
            TestNet.Inject(peer, other);
            stack.Poll(5);
            Assert.AreEqual(EchoStatus.Waiting, ping.Status);
            Assert.AreEqual(4, ping.RepliesIgnored);
            Assert.AreEqual(0, ping.RepliesReceived);
        }

        [TestMethod]
        public void ReplyAfterCancelIsIgnored()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            NetworkStack stack = Board(out peer, out ping);
            ping.Send(CapturedFrames.LinuxAddress, 8, 0);
            byte[] request = TestNet.Take(peer);
            ping.Cancel();
            TestNet.Inject(peer, ReplyTo(request));
            stack.Poll(1);
            Assert.AreEqual(EchoStatus.Idle, ping.Status);
            Assert.AreEqual(1, ping.RepliesIgnored);
        }

        [TestMethod]
        public void DestinationUnreachableQuotingTheRequestGivesUnreachable()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            NetworkStack stack = Board(out peer, out ping);
            ping.Send(0xC6336401, 56, 0); // off link, through the gateway (192.0.2.254)
            TestNet.Take(peer); // the gateway's MAC is unknown: an ARP request went out, the echo request is parked
            // RFC 792 type 3 code 1 (host unreachable) from the gateway, quoting our IPv4 header + 8 bytes.
            byte[] quoted = new byte[20 + 8];
            Ipv4Packet.Emit(quoted, 0, CapturedFrames.BoardAddress, 0xC6336401, Ipv4Packet.ProtocolIcmp, 64, 1, 64, false, false, 0);
            Icmpv4Packet.Emit(quoted, 20, 8, Icmpv4Packet.TypeEchoRequest, 0, ((uint)Id << 16) | 1);
            byte[] error = new byte[8 + quoted.Length];
            System.Array.Copy(quoted, 0, error, 8, quoted.Length);
            Icmpv4Packet.Emit(error, 0, error.Length, Icmpv4Packet.TypeDestinationUnreachable, 1, 0);
            TestNet.Inject(peer, TestNet.Ipv4Frame(TestNet.Gateway, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolIcmp, error, CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.AreEqual(EchoStatus.Unreachable, ping.Status);
        }

        [TestMethod]
        public void RequestToAnUnresolvedNeighbourIsParkedBehindArpAndLeavesOnTheReply()
        {
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out MemoryLink peer);
            IcmpEchoClient ping = new IcmpEchoClient(stack.Interface, Id, 56);
            stack.Register(ping);
            Assert.AreEqual(SendResult.Queued, ping.Send(CapturedFrames.LinuxAddress, 16, 0));
            byte[] arp = TestNet.Take(peer);
            Assert.AreEqual(EthernetFrame.EtherTypeArp, NetworkEndian.ReadUInt16(arp, 12));
            Assert.IsNull(TestNet.Take(peer));
            // Linux answers the ARP request; the parked echo request follows at once.
            byte[] reply = new byte[60];
            EthernetFrame.Emit(reply, 0, CapturedFrames.BoardMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeArp);
            ArpPacket.Emit(reply, 14, ArpPacket.OperationReply, CapturedFrames.LinuxMac, 0, CapturedFrames.LinuxAddress,
                CapturedFrames.BoardMac, 0, CapturedFrames.BoardAddress);
            TestNet.Inject(peer, reply);
            stack.Poll(3);
            byte[] request = TestNet.Take(peer);
            Assert.IsNotNull(request);
            Assert.AreEqual(Icmpv4Packet.TypeEchoRequest, request[34]);
            TestNet.Inject(peer, ReplyTo(request));
            stack.Poll(5);
            Assert.AreEqual(EchoStatus.Replied, ping.Status);
            Assert.AreEqual(5, ping.RoundTripMs);
        }

        [TestMethod]
        public void SendRefusesDataAboveTheLimitAndAnUnconfiguredInterface()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            Board(out peer, out ping);
            Assert.AreEqual(SendResult.TooBig, ping.Send(CapturedFrames.LinuxAddress, 57, 0));
            Assert.AreEqual(SendResult.NoRoute, ping.Send(0, 8, 0));
            Assert.AreEqual(SendResult.InvalidArgument, ping.Send(CapturedFrames.LinuxAddress, -1, 0));
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack unconfigured = TestNet.CreateStarted(c, out MemoryLink peer2);
            IcmpEchoClient p2 = new IcmpEchoClient(unconfigured.Interface, Id, 56);
            Assert.AreEqual(SendResult.NoRoute, p2.Send(CapturedFrames.LinuxAddress, 8, 0));
            Assert.AreEqual(EchoStatus.Idle, p2.Status);
        }

        [TestMethod]
        public void OnlyOneIcmpConsumerAndNoUdpProtocolCanBeRegistered()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            NetworkStack stack = Board(out peer, out ping);
            Assert.IsFalse(stack.Interface.Register(new IcmpEchoClient(stack.Interface, 1, 8)));
        }

        [TestMethod]
        public void EchoRequestsAreStillAnsweredWithAPingClientRegistered()
        {
            MemoryLink peer;
            IcmpEchoClient ping;
            NetworkStack stack = Board(out peer, out ping);
            TestNet.Inject(peer, CapturedFrames.EchoRequest);
            stack.Poll(1);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual(Icmpv4Packet.TypeEchoReply, reply[34]);
            Assert.AreEqual(0, ping.RepliesIgnored);
        }
    }
}
