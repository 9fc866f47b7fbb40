using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// IPv4 edges of the interface: transport registration and dispatch, payload capacity, send limits and
    /// counters, fragmentation boundaries (RFC 791 §2.3), routing of directed broadcasts and off-link
    /// destinations (RFC 1122 §3.3.1). Added from surviving mutants of stack/Iface (issue 18).
    /// </summary>
    [TestClass]
    public class Ipv4EdgeTests
    {
        private const byte Experimental = 253; // RFC 3692: for experimentation and testing
        private const uint OffLink = 0xC6336407; // 198.51.100.7 (RFC 5737)

        /// <summary>A transport that counts what it is given.</summary>
        private sealed class CountingProtocol : IIpv4Protocol
        {
            private readonly byte _number;
            public int Received;

            public CountingProtocol(byte number)
            {
                _number = number;
            }

            public byte ProtocolNumber { get { return _number; } }

            public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
            {
                Received++;
            }

            public long Poll(IIpv4Output output, long nowMs)
            {
                return long.MaxValue;
            }
        }

        private static NetworkStack Board(out MemoryLink peer)
        {
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            return stack;
        }

        // ---- transport protocols ------------------------------------------------------------------------

        [TestMethod]
        public void RegisterRefusesUdpATakenNumberAndAFullTable()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer); // MaxProtocols = 2
            Interface iface = stack.Interface;
            Assert.IsFalse(iface.Register(new CountingProtocol(Ipv4Packet.ProtocolUdp)), "UDP is built in");
            // Protocol 1 is the consumer of the ICMP messages the interface does not answer (the ping client): one only.
            Assert.IsTrue(iface.Register(new CountingProtocol(Ipv4Packet.ProtocolIcmp)));
            Assert.IsFalse(iface.Register(new CountingProtocol(Ipv4Packet.ProtocolIcmp)), "ICMP consumer taken");
            Assert.IsTrue(iface.Register(new CountingProtocol(6)));
            Assert.IsFalse(iface.Register(new CountingProtocol(6)), "taken");
            Assert.IsFalse(iface.Register(new CountingProtocol(Experimental)), "table full");
        }

        [TestMethod]
        public void TheSecondRegisteredProtocolGetsItsUnicastDatagramsButNoBroadcasts()
        {
            // RFC 1122 §3.3.6 / RFC 9293: a connection-oriented transport takes no broadcast; UDP and ICMP may.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            CountingProtocol first = new CountingProtocol(6);
            CountingProtocol second = new CountingProtocol(Experimental);
            Assert.IsTrue(stack.Interface.Register(first));
            Assert.IsTrue(stack.Interface.Register(second));
            TestNet.Inject(peer, TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Experimental,
                new byte[4], CapturedFrames.BoardMac));
            stack.Poll(1);
            Assert.AreEqual(1, second.Received, "unicast: delivered");
            TestNet.Inject(peer, TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, 0xC00002FF, Experimental, new byte[4],
                new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
            stack.Poll(2);
            Assert.AreEqual(1, second.Received, "directed broadcast: not delivered");
            Assert.AreEqual(0, first.Received);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.TransportNotUnicast));
        }

        [TestMethod]
        public void UnconfiguredBoardTakesNothingButUdp()
        {
            // Before DHCP has bound an address only DHCP (UDP) may get through (RFC 2131 §4.1).
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, Ipv4Address.Broadcast, 1, 1, 8,
                new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
            stack.Poll(1);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.Ipv4NotForUs));
        }

        [TestMethod]
        public void TheAllHostsGroupIsAlwaysJoined()
        {
            // RFC 1112 §4: every host belongs to 224.0.0.1 on each interface, without joining.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            Assert.IsTrue(stack.Interface.IsMember(Ipv4Address.AllHosts));
            byte[] groupMac = new byte[6];
            MacAddress.WriteIpv4Multicast(groupMac, 0, Ipv4Address.AllHosts);
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, Ipv4Address.AllHosts, 5000, 7, new byte[3], groupMac));
            stack.Poll(1);
            Assert.AreEqual(3, s.Available);
        }

        [TestMethod]
        public void EachDatagramReachesTheSocketBoundToItsPort()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket seven = stack.OpenUdp();
            seven.Bind(7);
            UdpSocket nine = stack.OpenUdp();
            nine.Bind(9);
            TestNet.Inject(peer, TestNet.UdpFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 5000, 9, new byte[5],
                CapturedFrames.BoardMac));
            stack.Poll(1);
            Assert.AreEqual(5, nine.Available);
            Assert.AreEqual(-1, seven.Available);
        }

        // ---- ICMP errors are only about datagrams we still hold (RFC 1122 §3.2.2) ----------------------------

        [TestMethod]
        public void AReassembledDatagramToAClosedPortGetsNoPortUnreachable()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            byte[] first = TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolUdp,
                new byte[16], CapturedFrames.BoardMac);
            Ipv4Packet.Emit(first, 14, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolUdp, 16, 77,
                64, false, true, 0);
            first[34] = 0x13; first[35] = 0x88; first[37] = 9; first[39] = 24; // 5000 -> 9, length 24, no checksum
            byte[] last = TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolUdp,
                new byte[8], CapturedFrames.BoardMac);
            Ipv4Packet.Emit(last, 14, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolUdp, 8, 77,
                64, false, false, 16);
            TestNet.Inject(peer, first);
            TestNet.Inject(peer, last);
            stack.Poll(1);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpNoSocket));
            Assert.AreEqual(0, stack.Interface.IcmpErrorsSent);
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void AnEchoRequestFromTheUnspecifiedAddressIsNotAnsweredNorRouted()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            TestNet.Inject(peer, TestNet.EchoFrame(0, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac));
            stack.Poll(1);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.IcmpEchoNotAnswered));
            Assert.AreEqual(0, stack.Interface.TxNoRoute, "no reply was even attempted");
        }

        // ---- payload capacity and send limits --------------------------------------------------------------

        [TestMethod]
        public void PayloadCapacityIsTheSmallerOfTheMtuAndWhatTheDeviceCanSend()
        {
            NarrowLink device;
            MemoryLink peer;
            Assert.AreEqual(600 - 20, NarrowLink.Create(TestNet.BoardConfig(), 614, out device, out peer).Interface.PayloadCapacity,
                "a device that sends 614-byte frames: 600-byte datagrams");
            Assert.AreEqual(1480, NarrowLink.Create(TestNet.BoardConfig(), 2014, out device, out peer).Interface.PayloadCapacity,
                "a larger device: the configured MTU, 1500");
            StackConfig c = TestNet.BoardConfig();
            c.Mtu = 576;
            Assert.AreEqual(556, NarrowLink.Create(c, 1514, out device, out peer).Interface.PayloadCapacity);
        }

        [TestMethod]
        public void SendTakesAnEmptyOrAFullPayloadAndRefusesMore()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Interface iface = stack.Interface;
            Assert.AreEqual(SendResult.Ok, iface.Send(CapturedFrames.LinuxAddress, Experimental, 0, 1), "a header alone is a datagram");
            Assert.AreEqual(SendResult.Ok, iface.Send(CapturedFrames.LinuxAddress, Experimental, iface.PayloadCapacity, 1));
            Assert.AreEqual(0, iface.TxTooBig);
            Assert.AreEqual(SendResult.TooBig, iface.Send(CapturedFrames.LinuxAddress, Experimental, iface.PayloadCapacity + 1, 1));
            Assert.AreEqual(SendResult.TooBig, iface.Send(CapturedFrames.LinuxAddress, Experimental, -1, 1));
            Assert.AreEqual(2, iface.TxTooBig);
            Assert.AreEqual(0, iface.TxDeviceFailed, "refused before the device saw them");
            Assert.AreEqual(20, TestNet.Take(peer).Length - 14);
            Assert.AreEqual(1514, TestNet.Take(peer).Length);
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void AFrameTheDeviceRefusesIsCountedAndReported()
        {
            NarrowLink device;
            MemoryLink peer;
            NetworkStack stack = NarrowLink.Create(TestNet.BoardConfig(), 1514, out device, out peer);
            TestNet.LearnLinux(stack, peer, 0);
            device.AcceptTransmits = 0;
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.DeviceRefused, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[4], 0, 4, 1));
            Assert.AreEqual(1, stack.Interface.TxDeviceFailed);
        }

        [TestMethod]
        public void AFragmentTheDeviceRefusesFailsTheWholeSend()
        {
            NarrowLink device;
            MemoryLink peer;
            NetworkStack stack = NarrowLink.Create(TestNet.BoardConfig(), 1514, out device, out peer);
            TestNet.LearnLinux(stack, peer, 0);
            device.AcceptTransmits = 1;
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.DeviceRefused, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[2000], 0, 2000, 1), "the second fragment was refused");
            Assert.AreEqual(1, stack.Interface.TxDeviceFailed);
        }

        // ---- SendDatagram (ICMP echo replies, transports with their own buffer) -----------------------------

        [TestMethod]
        public void ASmallDatagramIsCopiedFromTheCallersBufferWithTheDefaultTtl()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            byte[] data = new byte[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
            Assert.AreEqual(SendResult.Ok, stack.Interface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, data, 2, 6, 0, 1));
            byte[] f = TestNet.Take(peer);
            Assert.AreEqual(14 + 20 + 6, f.Length);
            CollectionAssert.AreEqual(new byte[] { 7, 6, 5, 4, 3, 2 }, TestNet.Slice(f, 34, 6));
            Assert.AreEqual((byte)64, f[22], "TTL 0 asks for StackConfig.DefaultTtl");
        }

        [TestMethod]
        public void FragmentsOfADatagramSentWithTtlZeroCarryTheDefaultTtl()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Assert.AreEqual(SendResult.Ok, stack.Interface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, new byte[2000], 0, 2000, 0, 1));
            Assert.AreEqual((byte)64, TestNet.Take(peer)[22]);
            Assert.AreEqual((byte)64, TestNet.Take(peer)[22]);
        }

        [TestMethod]
        public void ADatagramLargerThanIpv4AllowsIsRefusedBeforeAnythingIsRead()
        {
            // RFC 791: total length is 16 bits, so at most 65,515 payload bytes behind a 20-byte header.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Assert.AreEqual(SendResult.TooBig, stack.Interface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, new byte[1], 0,
                Interface.MaxDatagramPayload + 1, 0, 1));
            Assert.AreEqual(1, stack.Interface.TxTooBig);
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void ADatagramOfExactlyTwoFullFragmentsIsSentAsTwo()
        {
            // 2 x 1480: the second fragment is full and the last (MF clear); no third, empty one.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[2960 - 8], 0, 2960 - 8, 1));
            Ipv4Packet ip = new Ipv4Packet();
            byte[] f = TestNet.Take(peer);
            ip.Parse(f, 14, f.Length - 14);
            Assert.IsTrue(ip.MoreFragments);
            Assert.AreEqual(1480, ip.PayloadLength);
            f = TestNet.Take(peer);
            ip.Parse(f, 14, f.Length - 14);
            Assert.IsFalse(ip.MoreFragments);
            Assert.AreEqual(1480, ip.PayloadLength);
            Assert.AreEqual(1480, ip.FragmentOffset);
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void AFragmentedMissAsksForTheAddressAtMostOncePerSecond()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            Interface iface = stack.Interface;
            byte[] big = new byte[2000];
            Assert.AreEqual(SendResult.Unresolved, iface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, big, 0, big.Length, 0, 1000));
            Assert.IsNotNull(TestNet.Take(peer), "the request");
            Assert.AreEqual(SendResult.Unresolved, iface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, big, 0, big.Length, 0, 1500));
            Assert.IsNull(TestNet.Take(peer), "half a second later: no second request");
            Assert.AreEqual(SendResult.Unresolved, iface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, big, 0, big.Length, 0, 2000));
            Assert.IsNotNull(TestNet.Take(peer), "a second later: asked again");
            Assert.AreEqual(3, iface.TxFragmentedArpMiss);
        }

        [TestMethod]
        public void AFragmentedMissThatIsNeverAnsweredIsCountedOnceNotAsAParkedFrameLost()
        {
            // A datagram too big to park is dropped at once (TxFragmentedArpMiss); when ARP then gives up on the
            // address (3 requests, RFC 1122 §2.3.2.2), no parked frame is lost, so TxArpUnresolved stays 0.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            Interface iface = stack.Interface;
            byte[] big = new byte[2000];
            Assert.AreEqual(SendResult.Unresolved, iface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, big, 0, big.Length, 0, 1000));
            for (long t = 1000; t <= 10000; t += 250)
            {
                stack.Poll(t);
            }
            Assert.IsFalse(iface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 10000));
            Assert.AreEqual(1, iface.TxFragmentedArpMiss);
            Assert.AreEqual(0, iface.TxArpUnresolved);
        }

        [TestMethod]
        public void ADatagramOfExactlyThePayloadCapacityIsOneFrameEvenWhenThatIsNotAMultipleOfEight()
        {
            // MTU 576: capacity 556, fragments carry 552 (a multiple of 8, RFC 791): 556 bytes must not be split.
            StackConfig c = TestNet.BoardConfig();
            c.Mtu = 576;
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.LearnLinux(stack, peer, 0);
            Assert.AreEqual(556, stack.Interface.PayloadCapacity);
            Assert.AreEqual(SendResult.Ok, stack.Interface.SendDatagram(CapturedFrames.LinuxAddress, Experimental, 0, new byte[556], 0, 556, 0, 1));
            byte[] f = TestNet.Take(peer);
            Assert.AreEqual(14 + 576, f.Length);
            Assert.IsNull(TestNet.Take(peer), "one frame");
        }

        // ---- routing (RFC 1122 §3.3.1) --------------------------------------------------------------------

        [TestMethod]
        public void ADirectedBroadcastGoesToTheBroadcastMacWithoutArp()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Ok, s.SendTo(0xC00002FF, 9, new byte[1], 0, 1, 1));
            byte[] f = TestNet.Take(peer);
            Assert.IsTrue(MacAddress.IsBroadcast(f, 0));
            Assert.AreEqual(EthernetFrame.EtherTypeIpv4, NetworkEndian.ReadUInt16(f, 12));
        }

        [TestMethod]
        public void WithoutAGatewayOffLinkDestinationsHaveNoRoute()
        {
            StackConfig c = TestNet.BoardConfig();
            c.Gateway = 0;
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.NoRoute, s.SendTo(OffLink, 9, new byte[1], 0, 1, 1));
            Assert.AreEqual(SendResult.NoRoute, stack.Interface.SendDatagram(OffLink, Experimental, 0, new byte[2000], 0, 2000, 0, 1));
            Assert.AreEqual(2, stack.Interface.TxNoRoute);
            Assert.IsNull(TestNet.Take(peer), "no ARP for a gateway we do not have");
        }
    }
}
