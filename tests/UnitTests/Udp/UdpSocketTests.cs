using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Iface;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Udp
{
    [TestClass]
    public class UdpSocketTests
    {
        [TestMethod]
        public void CapturedSocatDatagramIsDeliveredToTheBoundSocket()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            Assert.AreEqual(-1, s.Available);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            stack.Poll(10);
            Assert.AreEqual(15, s.Available);
            byte[] b = new byte[32];
            uint from;
            ushort port;
            Assert.AreEqual(15, s.ReceiveFrom(b, 1, 31, out from, out port));
            Assert.AreEqual(CapturedFrames.LinuxAddress, from);
            Assert.AreEqual((ushort)40000, port);
            Assert.AreEqual(CapturedFrames.BoardAddress, s.LastDestination);
            CollectionAssert.AreEqual(TestNet.Slice(CapturedFrames.UdpHello, 42, 15), TestNet.Slice(b, 1, 15));
            Assert.AreEqual(-1, s.ReceiveFrom(b, 0, 32, out from, out port));
        }

        [TestMethod]
        public void SendToEmitsADatagramLinuxWouldAccept()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            byte[] data = new byte[] { 0x68, 0x69 };
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 40000, data, 0, 2, 10));
            byte[] f = TestNet.Take(peer);
            Assert.AreEqual(44, f.Length);
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 14, 30));
            Assert.IsTrue(ip.VerifyChecksum());
            Assert.AreEqual(Ipv4Packet.ProtocolUdp, ip.Protocol);
            UdpPacket udp = new UdpPacket();
            Assert.AreEqual((int)WireError.None, (int)udp.Parse(f, 34, 10));
            Assert.AreEqual((ushort)7, udp.SourcePort);
            Assert.AreEqual((ushort)40000, udp.DestinationPort);
            Assert.AreNotEqual((ushort)0, udp.DatagramChecksum);
            Assert.IsTrue(udp.VerifyChecksum(CapturedFrames.BoardAddress, CapturedFrames.LinuxAddress));
        }

        [TestMethod]
        public void SendToTransmitsAComputedZeroChecksumAsAllOnesRfc768()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            byte[] data = new byte[] { 0x68, 0x69, 0, 0 };
            ReferenceChecksum.FillForZeroUdpChecksum(data, 0, 4, 2, CapturedFrames.BoardAddress, CapturedFrames.LinuxAddress,
                7, 40000);
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 40000, data, 0, 4, 10));
            byte[] f = TestNet.Take(peer);
            Assert.IsNotNull(f);
            // RFC 768: a computed 0 goes out as FFFF (0 would mean "no checksum").
            Assert.AreEqual((ushort)0xFFFF, NetworkEndian.ReadUInt16(f, 34 + 6));
            UdpPacket udp = new UdpPacket();
            Assert.AreEqual((int)WireError.None, (int)udp.Parse(f, 34, 12));
            Assert.IsTrue(udp.VerifyChecksum(CapturedFrames.BoardAddress, CapturedFrames.LinuxAddress));
        }

        [TestMethod]
        public void ClosedPortGetsPortUnreachableQuotingHeaderAndEightBytesRfc792()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            stack.Poll(10);
            byte[] f = TestNet.Take(peer);
            Assert.IsNotNull(f);
            Assert.AreEqual(14 + 20 + 8 + 28, f.Length);
            Assert.AreEqual(Icmpv4Packet.TypeDestinationUnreachable, f[34]);
            Assert.AreEqual(Icmpv4Packet.CodePortUnreachable, f[35]);
            Assert.AreEqual((ushort)0, Checksum.Compute(f, 34, 36));
            CollectionAssert.AreEqual(TestNet.Slice(CapturedFrames.UdpHello, 14, 28), TestNet.Slice(f, 42, 28));
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpNoSocket));
        }

        [TestMethod]
        public void PortUnreachableIsRateLimited()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            stack.Poll(10);
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(1, stack.Interface.IcmpErrorsRateLimited);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            stack.Poll(110);
            Assert.IsNotNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void BroadcastToClosedPortGetsNoIcmpError()
        {
            byte[] bcast = new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, 0xFFFFFFFF, 1000, 9, new byte[3], bcast));
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1000, 9, new byte[3], bcast));
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.UdpNoSocket));
        }

        [TestMethod]
        public void BroadcastAndJoinedMulticastReachTheSocketWithTheirDestination()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(5353);
            byte[] mdnsMac = new byte[] { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
            byte[] frame = TestNet.UdpFrame(CapturedFrames.LinuxAddress, 0xE00000FB, 5353, 5353, new byte[] { 9 }, mdnsMac);
            TestNet.Inject(peer, frame);
            stack.Poll(10);
            Assert.AreEqual(-1, s.Available);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.Ipv4NotForUs));
            Assert.IsTrue(stack.Interface.JoinMulticast(0xE00000FB));
            TestNet.Inject(peer, frame);
            stack.Poll(20);
            byte[] b = new byte[4];
            uint from;
            ushort port;
            Assert.AreEqual(1, s.ReceiveFrom(b, 0, 4, out from, out port));
            Assert.AreEqual(0xE00000FBu, s.LastDestination);
        }

        [TestMethod]
        public void MulticastSendUsesTheRfc1112MacAndTheSocketTtl()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(5353);
            s.Ttl = 255;
            Assert.AreEqual(SendResult.Ok, s.SendTo(0xE00000FB, 5353, new byte[12], 0, 12, 10));
            byte[] f = TestNet.Take(peer);
            CollectionAssert.AreEqual(new byte[] { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb }, TestNet.Slice(f, 0, 6));
            Assert.AreEqual((byte)255, f[22]);
        }

        [TestMethod]
        public void ZeroChecksumIsAcceptedAndWrongChecksumIsDropped()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            byte[] zero = TestNet.Slice(CapturedFrames.UdpHello, 0, CapturedFrames.UdpHello.Length);
            zero[40] = 0;
            zero[41] = 0;
            byte[] wrong = TestNet.Slice(CapturedFrames.UdpHello, 0, CapturedFrames.UdpHello.Length);
            wrong[41] ^= 1;
            TestNet.Inject(peer, zero);
            TestNet.Inject(peer, wrong);
            stack.Poll(10);
            Assert.AreEqual(15, s.Available);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpBadChecksum));
        }

        [TestMethod]
        public void FullQueueDropsAndCountsAndLongDatagramsAreTruncatedOnRead()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.UdpReceiveQueueDatagrams = 2;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            TestNet.Inject(peer, CapturedFrames.UdpHello);
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpQueueFull));
            Assert.AreEqual(1, s.DatagramsDropped);
            byte[] b = new byte[5];
            uint from;
            ushort port;
            Assert.AreEqual(5, s.ReceiveFrom(b, 0, 5, out from, out port));
            CollectionAssert.AreEqual(new byte[] { 0x68, 0x65, 0x6c, 0x6c, 0x6f }, b);
            Assert.AreEqual(15, s.Available);
        }

        [TestMethod]
        public void QueueWrapsAroundTheByteRing()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.UdpReceiveQueueBytes = 40;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            byte[] b = new byte[20];
            uint from;
            ushort port;
            for (int round = 0; round < 7; round++)
            {
                TestNet.Inject(peer, CapturedFrames.UdpHello);
                TestNet.Inject(peer, CapturedFrames.UdpHello);
                stack.Poll(10 + round);
                for (int k = 0; k < 2; k++)
                {
                    Assert.AreEqual(15, s.ReceiveFrom(b, 0, 20, out from, out port));
                    CollectionAssert.AreEqual(TestNet.Slice(CapturedFrames.UdpHello, 42, 15), TestNet.Slice(b, 0, 15));
                }
            }
            Assert.AreEqual(0, stack.Interface.Dropped(DropReason.UdpQueueFull));
        }

        [TestMethod]
        public void BindRejectsPortsInUseAndEphemeralPortsAreDistinctAndDynamicRfc6335()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket a = stack.OpenUdp();
            UdpSocket b = stack.OpenUdp();
            UdpSocket c = stack.OpenUdp();
            UdpSocket d = stack.OpenUdp();
            Assert.IsNull(stack.OpenUdp());
            Assert.IsTrue(a.Bind(7));
            Assert.IsFalse(b.Bind(7));
            Assert.IsTrue(b.Bind(0));
            Assert.IsTrue(c.Bind(0));
            Assert.IsTrue(b.LocalPort >= 49152);
            Assert.AreNotEqual(b.LocalPort, c.LocalPort);
            a.Close();
            Assert.AreEqual(SendResult.NotOpen, a.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 0));
            Assert.IsTrue(d.Bind(7));
            Assert.AreSame(a, stack.OpenUdp());
        }

        [TestMethod]
        public void OversizedSendIsRefused()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.TooBig, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[65508], 0, 65508, 0));
            Assert.AreEqual(1, stack.Interface.TxTooBig);
        }

        [TestMethod]
        public void UnconfiguredInterfaceTakesDhcpRepliesOnlyAndSendsFromZeroToBroadcast()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            UdpSocket dhcp = stack.OpenUdp();
            dhcp.Bind(68);
            UdpSocket other = stack.OpenUdp();
            other.Bind(7);
            // An offer unicast to the offered address (RFC 2131 §4.1) and a datagram to port 7 at the same address.
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, 0xC0000264, 67, 68, new byte[10], CapturedFrames.BoardMac));
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, 0xC0000264, 67, 7, new byte[10], CapturedFrames.BoardMac));
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, 0xC0000264, 1, 1, 8, CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.AreEqual(10, dhcp.Available);
            Assert.AreEqual(-1, other.Available);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(SendResult.Ok, dhcp.SendTo(0xFFFFFFFF, 67, new byte[300], 0, 300, 20));
            byte[] f = TestNet.Take(peer);
            Assert.IsTrue(MacAddress.IsBroadcast(f, 0));
            // The first frame this board ever sends (no gratuitous ARP without an address) still carries its own MAC.
            Assert.IsTrue(MacAddress.AreEqual(f, 6, CapturedFrames.BoardMac, 0));
            Assert.AreEqual(0u, NetworkEndian.ReadUInt32(f, 26));
            Assert.AreEqual(0xFFFFFFFFu, NetworkEndian.ReadUInt32(f, 30));
            Assert.AreEqual(SendResult.NoRoute, dhcp.SendTo(CapturedFrames.LinuxAddress, 67, new byte[1], 0, 1, 30)); // no unicast route yet

            stack.Interface.Configure(0xC0000264, 0xFFFFFF00, TestNet.Gateway);
            stack.Poll(40);
            byte[] announce = TestNet.Take(peer);
            Assert.AreEqual(0xC0000264u, NetworkEndian.ReadUInt32(announce, 28));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void UnconfiguredInterfaceTakesNoMulticastOfAGroupItHasNotJoined()
        {
            // RFC 1112 §6.4: a datagram for a group we are not a member of is for nobody, DHCP port or not; the unicast
            // exception for DHCP offers (RFC 2131 §4.1) is for unicast alone.
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            UdpSocket dhcp = stack.OpenUdp();
            dhcp.Bind(68);
            byte[] groupMac = new byte[6];
            MacAddress.WriteIpv4Multicast(groupMac, 0, 0xE00000FB);
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, 0xE00000FB, 67, 68, new byte[10], groupMac));
            stack.Poll(10);
            Assert.AreEqual(-1, dhcp.Available);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.Ipv4NotForUs));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void UdpIsAProtocolOnTheInterfaceSeam()
        {
            // The stack's UDP layer sits in the interface's protocol table like TCP: number 17 is taken, and it owns the
            // sockets NetworkStack hands out.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            Assert.AreEqual(Ipv4Packet.ProtocolUdp, stack.Udp.ProtocolNumber);
            Assert.IsFalse(stack.Interface.Register(new UdpLayer(stack.Interface, TestNet.BoardConfig())), "17 is taken");
            Assert.IsTrue(stack.Udp is IIpv4GroupProtocol, "takes broadcast and multicast (DHCP, mDNS)");
            UdpSocket s = stack.Udp.Open();
            Assert.IsNotNull(s);
            Assert.IsTrue(s.Bind(7));
            Assert.IsFalse(stack.OpenUdp().Bind(7), "one table: the stack's sockets are the layer's");
        }

        [TestMethod]
        public void ADatagramToAClosedPortIsAnsweredThroughTheSeamAndCountedOnce()
        {
            // RFC 1122 §4.1.3.1: the UDP layer reports "no listener" through IIpv4Output; the interface sends port
            // unreachable quoting the datagram and counts the frame as UdpNoSocket, not as accepted.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            int accepted = stack.Interface.FramesAccepted;
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 5000, 4242, new byte[4],
                CapturedFrames.BoardMac));
            stack.Poll(1);
            byte[] f = TestNet.Take(peer);
            Assert.IsNotNull(f);
            Assert.AreEqual(Ipv4Packet.ProtocolIcmp, f[23]);
            Assert.AreEqual(Icmpv4Packet.TypeDestinationUnreachable, f[34]);
            Assert.AreEqual(Icmpv4Packet.CodePortUnreachable, f[35]);
            Assert.AreEqual((ushort)4242, NetworkEndian.ReadUInt16(f, 34 + 8 + 20 + 2), "the quoted UDP header's port");
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpNoSocket));
            Assert.AreEqual(accepted, stack.Interface.FramesAccepted);
            TestNet.AssertCountersConsistent(stack.Interface);
        }
    }
}
