using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// The interface's own contract: construction and configuration, the static-RAM report the README quotes,
    /// ephemeral ports, and the drop reason for each malformed IPv4/UDP header. Added from surviving mutants
    /// (issue 18, docs/mutation.md).
    /// </summary>
    [TestClass]
    public class InterfaceTests
    {
        // ---- construction and configuration -----------------------------------------------------------------

        [TestMethod]
        public void ConstructorRejectsAMissingDeviceOrConfigAndAnInvalidConfig()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Interface(null, TestNet.BoardConfig()));
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Interface(new MemoryLink(2), null));
            StackConfig bad = TestNet.BoardConfig();
            bad.Mtu = 100; // RFC 791: below 576
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Interface(new MemoryLink(2), bad));
        }

        [TestMethod]
        public void ArpMaxRequestsIsBoundedByWhatAnEntryCounts()
        {
            // ArpCache counts an entry's unanswered requests in five bits of its status byte.
            StackConfig c = TestNet.BoardConfig();
            c.ArpMaxRequests = 31;
            Assert.IsNotNull(new Interface(new MemoryLink(2), c));
            c.ArpMaxRequests = 32;
            Assert.ThrowsException(typeof(System.ArgumentException), () => new Interface(new MemoryLink(2), c));
        }

        [TestMethod]
        public void ConfigurationIsReportedAndUnconfigureClearsAllOfIt()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            Interface iface = stack.Interface;
            Assert.IsTrue(iface.IsConfigured);
            Assert.IsTrue(iface.IsLinkUp);
            Assert.AreEqual(CapturedFrames.BoardAddress, iface.Address);
            Assert.AreEqual(0xFFFFFF00u, iface.Netmask);
            Assert.AreEqual(TestNet.Gateway, iface.Gateway);
            byte[] mac = new byte[8];
            iface.GetMacAddress(mac, 2);
            Assert.AreEqual((byte)0x02, mac[2]);
            Assert.AreEqual((byte)0x02, mac[7]);
            iface.Unconfigure();
            Assert.IsFalse(iface.IsConfigured);
            Assert.AreEqual(0u, iface.Address);
            Assert.AreEqual(0u, iface.Netmask, "no address, no subnet");
            Assert.AreEqual(0u, iface.Gateway);
        }

        [TestMethod]
        public void LinkDownIsReported()
        {
            MemoryLink link = new MemoryLink(2);
            Interface iface = new Interface(link, TestNet.BoardConfig());
            link.SetLinkUp(false);
            Assert.IsFalse(iface.IsLinkUp);
        }

        [TestMethod]
        public void NewAddressForgetsTheNeighboursLearntBefore()
        {
            // A neighbour learnt under one configuration may be off-link under the next: resolve it again.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            stack.Interface.Configure(0xC0000203, 0xFFFFFF00, TestNet.Gateway);
            stack.Poll(1);
            peer.Clear(); // the announcement of the new address
            UdpSocket s = stack.OpenUdp();
            s.SendTo(CapturedFrames.LinuxAddress, 7, new byte[4], 0, 4, 2);
            byte[] f = TestNet.Take(peer);
            Assert.IsNotNull(f);
            Assert.AreEqual(EthernetFrame.EtherTypeArp, NetworkEndian.ReadUInt16(f, 12), "an ARP request, not the datagram");
        }

        // ---- static RAM (README: "Static RAM of the default configuration: 13,428 bytes") --------------------

        [TestMethod]
        public void DefaultConfigurationReportsTheReadmeFigure()
        {
            Assert.AreEqual(13428, NetworkStack.StaticBytesFor(new StackConfig()));
        }

        [TestMethod]
        public void EachKnobCostsWhatTheReadmeSays()
        {
            StackConfig c = new StackConfig();
            int baseBytes = Interface.StaticBytesFor(c);
            c.ArpCacheEntries++;
            Assert.AreEqual(31, Interface.StaticBytesFor(c) - baseBytes, "an ARP entry: 31 B");
            c = new StackConfig();
            c.ArpPendingFrames++;
            Assert.AreEqual(1500 + 14 + 8, Interface.StaticBytesFor(c) - baseBytes, "a parked frame: MTU + 14 B and its two ints");
            c = new StackConfig();
            c.Mtu = 576;
            Assert.AreEqual(2 * (1500 - 576), baseBytes - Interface.StaticBytesFor(c), "parked frames follow the MTU");
            c = new StackConfig();
            c.ReassemblyBufferBytes = 0;
            Assert.AreEqual(1504 - 4, baseBytes - Interface.StaticBytesFor(c), "reassembly 1,504 B: 1480 and a bit per 8-byte block; none keeps one word");
            c = new StackConfig();
            c.MulticastGroups++;
            Assert.AreEqual(4, Interface.StaticBytesFor(c) - baseBytes);
            c = new StackConfig();
            c.MaxProtocols++;
            Assert.AreEqual(4, Interface.StaticBytesFor(c) - baseBytes);
            c = new StackConfig();
            c.UdpSockets++;
            Assert.AreEqual(8432 / 4, UdpLayer.StaticBytesFor(c) - UdpLayer.StaticBytesFor(new StackConfig()), "a UDP socket: a quarter of the README's 8,432");
            Assert.AreEqual(baseBytes, Interface.StaticBytesFor(c), "UDP sockets are the UDP layer's, not the interface's");
            c = new StackConfig();
            c.ArpCacheEntries = 1; c.ArpPendingFrames = 0; c.ReassemblyBufferBytes = 0; c.UdpSockets = 0;
            c.MulticastGroups = 0; c.MaxProtocols = 0;
            Assert.AreEqual(12 + (int)DropReason.Count * 4 + 31 + 4 + 4, Interface.StaticBytesFor(c),
                "counters, scratch, one ARP entry, the empty reassembler's word, the UDP layer's protocol slot");
        }

        // ---- ephemeral ports (RFC 6335 §6: 49152..65535) ------------------------------------------------------

        [TestMethod]
        public void EphemeralPortsWalkTheWholeDynamicRangeAndWrap()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(0));
            int first = s.LocalPort;
            int previous = first;
            bool wrapped = false;
            for (int n = 1; n < 16384; n++)
            {
                s.Close();
                s = stack.OpenUdp();
                Assert.IsTrue(s.Bind(0));
                int port = s.LocalPort;
                Assert.IsTrue(port >= 49152 && port <= 65535);
                if (previous == 65535)
                {
                    Assert.AreEqual(49152, port);
                    wrapped = true;
                }
                else
                {
                    Assert.AreEqual(previous + 1, port);
                }
                previous = port;
            }
            Assert.IsTrue(wrapped || first == 49152);
            s.Close();
            s = stack.OpenUdp();
            s.Bind(0);
            Assert.AreEqual(first, (int)s.LocalPort, "after 16384 ports the walk is back at its start");
        }

        [TestMethod]
        public void EphemeralPortSkipsAPortBoundExplicitly()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket probe = stack.OpenUdp();
            probe.Bind(0);
            int next = probe.LocalPort == 65535 ? 49152 : probe.LocalPort + 1;
            UdpSocket taken = stack.OpenUdp();
            Assert.IsTrue(taken.Bind((ushort)next));
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(0));
            Assert.AreNotEqual(next, (int)s.LocalPort);
            Assert.AreNotEqual((int)probe.LocalPort, (int)s.LocalPort);
        }

        // ---- malformed headers get their own drop reason -----------------------------------------------------

        private static int DropsOf(byte[] frame, DropReason reason)
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, frame);
            stack.Poll(1);
            TestNet.AssertCountersConsistent(stack.Interface);
            return stack.Interface.Dropped(reason);
        }

        private static byte[] Udp(int udpLengthField)
        {
            byte[] f = TestNet.UdpFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 5000, 7, new byte[4],
                CapturedFrames.BoardMac);
            f[34 + 4] = (byte)(udpLengthField >> 8);
            f[34 + 5] = (byte)udpLengthField;
            f[34 + 6] = 0; f[34 + 7] = 0; // no UDP checksum (RFC 768)
            return f;
        }

        [TestMethod]
        public void Ipv4HeaderFaultsAreDroppedWithTheirOwnReason()
        {
            byte[] f = TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac);
            f[14] = 0x65; // version 6
            Assert.AreEqual(1, DropsOf(f, DropReason.Ipv4BadVersion));
            f[14] = 0x44; // IHL 4: shorter than the fixed header
            Assert.AreEqual(1, DropsOf(f, DropReason.Ipv4BadHeaderLength));
            f[14] = 0x45;
            f[16] = 0x10; // total length 4096 in a short frame
            Assert.AreEqual(1, DropsOf(f, DropReason.Ipv4BadLength));
            byte[] cut = new byte[14 + 19];
            System.Array.Copy(f, cut, cut.Length);
            Assert.AreEqual(1, DropsOf(cut, DropReason.Ipv4Truncated));
        }

        [TestMethod]
        public void UdpLengthFaultsAreDroppedWithTheirOwnReason()
        {
            Assert.AreEqual(1, DropsOf(Udp(7), DropReason.UdpBadLength), "shorter than its own header");
            Assert.AreEqual(1, DropsOf(Udp(13), DropReason.UdpBadLength), "longer than the IP payload");
            byte[] f = TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolUdp,
                new byte[6], CapturedFrames.BoardMac);
            Assert.AreEqual(1, DropsOf(f, DropReason.UdpTruncated), "an IP payload of 6 bytes");
        }

        // ---- what we send ----------------------------------------------------------------------------------

        [TestMethod]
        public void SentDatagramCarriesOurMacTheDefaultOrSocketTtlAndNoFragmentFlags()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 7, new byte[4], 0, 4, 1));
            byte[] f = TestNet.Take(peer);
            Assert.IsTrue(MacAddress.AreEqual(f, 6, TestNet.BoardConfig().MacAddress, 0));
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 14, f.Length - 14));
            Assert.AreEqual((byte)64, ip.Ttl, "StackConfig.DefaultTtl");
            Assert.IsFalse(ip.MoreFragments);
            Assert.IsFalse(ip.DontFragment);
            s.Ttl = 255;
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 7, new byte[4], 0, 4, 2));
            f = TestNet.Take(peer);
            ip.Parse(f, 14, f.Length - 14);
            Assert.AreEqual((byte)255, ip.Ttl, "UdpSocket.Ttl overrides");
        }

        [TestMethod]
        public void FragmentsOfASentDatagramCarryOurMacAndTheSocketTtl()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            s.Ttl = 3;
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 7, new byte[2000], 0, 2000, 1));
            int frames = 0;
            byte[] f;
            while ((f = TestNet.Take(peer)) != null)
            {
                frames++;
                Assert.IsTrue(MacAddress.AreEqual(f, 6, TestNet.BoardConfig().MacAddress, 0));
                Ipv4Packet ip = new Ipv4Packet();
                ip.Parse(f, 14, f.Length - 14);
                Assert.AreEqual((byte)3, ip.Ttl);
                Assert.AreEqual(frames == 1, ip.MoreFragments);
            }
            Assert.AreEqual(2, frames);
        }
        // ---- ICMP (RFC 792, RFC 1122 §3.2.2, RFC 1812 §4.3.2.8) ----------------------------------------------

        [TestMethod]
        public void IcmpFaultsAreDroppedWithTheirOwnReasonAndRepliesAreAccepted()
        {
            byte[] f = TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolIcmp,
                new byte[4], CapturedFrames.BoardMac);
            Assert.AreEqual(1, DropsOf(f, DropReason.IcmpTruncated), "4 bytes: shorter than the ICMP header");
            f = TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac);
            f[f.Length - 1] ^= 0xFF;
            Assert.AreEqual(1, DropsOf(f, DropReason.IcmpBadChecksum));
            f = TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac);
            f[34] = Icmpv4Packet.TypeEchoReply;
            Icmpv4Packet.FillChecksum(f, 34, f.Length - 34);
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, f);
            stack.Poll(1);
            Assert.AreEqual(0, stack.Interface.DroppedTotal, "an echo reply is valid input");
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void EchoReplyHasCodeZeroWhateverTheRequestCarried()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] f = TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 7, 9, 8, CapturedFrames.BoardMac);
            f[35] = 3;
            Icmpv4Packet.FillChecksum(f, 34, f.Length - 34);
            TestNet.Inject(peer, f);
            stack.Poll(1);
            byte[] reply = TestNet.Take(peer);
            Assert.AreEqual(Icmpv4Packet.TypeEchoReply, reply[34]);
            Assert.AreEqual((byte)0, reply[35]);
            Ipv4Packet ip = new Ipv4Packet();
            ip.Parse(reply, 14, reply.Length - 14);
            Assert.AreEqual(CapturedFrames.LinuxAddress, ip.Destination);
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(reply, 34, reply.Length - 34);
            Assert.IsTrue(icmp.VerifyChecksum());
        }

        [TestMethod]
        public void PortUnreachableIsRateLimitedToOnePerInterval()
        {
            // StackConfig.IcmpErrorIntervalMs = 100: errors at 10 and 110 ms, the one at 60 ms is suppressed.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] f = TestNet.UdpFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 5000, 9, new byte[4],
                CapturedFrames.BoardMac);
            long[] times = new long[] { 10, 60, 109, 110 };
            bool[] answered = new bool[] { true, false, false, true };
            for (int i = 0; i < times.Length; i++)
            {
                TestNet.Inject(peer, f);
                stack.Poll(times[i]);
                byte[] reply = TestNet.Take(peer);
                Assert.AreEqual(answered[i], reply != null, "datagram at " + times[i] + " ms");
                if (reply != null)
                {
                    Assert.AreEqual(Icmpv4Packet.TypeDestinationUnreachable, reply[34]);
                }
            }
            Assert.AreEqual(2, stack.Interface.IcmpErrorsSent);
            Assert.AreEqual(2, stack.Interface.IcmpErrorsRateLimited);
        }
        // ---- reassembly: one datagram at a time, keyed as RFC 791 §3.2 says ----------------------------------

        // A UDP fragment (no UDP checksum, datagram of 'total' bytes to closed port 9) from 'source'.
        private static byte[] Fragment(uint source, ushort id, byte protocol, int at, int length, bool more, int total)
        {
            byte[] f = new byte[34 + length];
            EthernetFrame.Emit(f, 0, CapturedFrames.BoardMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeIpv4);
            Ipv4Packet.Emit(f, 14, source, CapturedFrames.BoardAddress, protocol, length, id, 64, false, more, at);
            if (at == 0 && length >= 8)
            {
                f[34] = 0x13; f[35] = 0x88; f[37] = 9;
                f[38] = (byte)(total >> 8); f[39] = (byte)total;
            }
            return f;
        }

        // Reassembles a 24-byte UDP datagram from two fragments; true when it reached UDP (counted as UdpNoSocket).
        private static bool Deliver(NetworkStack stack, MemoryLink peer, ushort id, long nowMs)
        {
            int before = stack.Interface.Dropped(DropReason.UdpNoSocket);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, id, Ipv4Packet.ProtocolUdp, 0, 16, true, 24));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, id, Ipv4Packet.ProtocolUdp, 16, 8, false, 24));
            stack.Poll(nowMs);
            return stack.Interface.Dropped(DropReason.UdpNoSocket) == before + 1;
        }

        [TestMethod]
        public void DatagramsAreReassembledOneAfterAnother()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            Assert.IsTrue(Deliver(stack, peer, 1, 1));
            Assert.IsTrue(Deliver(stack, peer, 2, 2), "the buffer was released after the first");
            Assert.AreEqual(0, stack.Interface.Dropped(DropReason.ReassemblyBusy));
        }

        [TestMethod]
        public void FragmentOfAnotherDatagramIsRefusedWhileOneIsBeingReassembled()
        {
            // Source, destination, identification and protocol together name a datagram (RFC 791 §3.2).
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 0, 16, true, 24));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 2, Ipv4Packet.ProtocolUdp, 16, 8, false, 24));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolIcmp, 16, 8, false, 24));
            TestNet.Inject(peer, Fragment(0xC0000209, 1, Ipv4Packet.ProtocolUdp, 16, 8, false, 24));
            stack.Poll(1);
            Assert.AreEqual(3, stack.Interface.Dropped(DropReason.ReassemblyBusy));
            Assert.AreEqual(0, stack.Interface.Dropped(DropReason.UdpNoSocket), "nothing was completed by a stranger");
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 16, 8, false, 24));
            stack.Poll(2);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpNoSocket), "its own last fragment completes it");
        }

        [TestMethod]
        public void StaleDatagramGivesTheBufferToAFragmentOfANewOne()
        {
            // Its first fragment at t=1, nothing since: at t=101 (ReassemblyStaleMs = 100) the newcomer takes over.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 0, 16, true, 24));
            stack.Poll(1);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 2, Ipv4Packet.ProtocolUdp, 0, 16, true, 24));
            stack.Poll(100);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.ReassemblyBusy), "99 ms of silence is not stale yet");
            Assert.IsTrue(Deliver(stack, peer, 3, 101));
            Assert.AreEqual(1, stack.Interface.ReassemblyTakeovers);
            // The old datagram's last fragment now finds nothing to complete.
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 16, 8, false, 24));
            stack.Poll(102);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UdpNoSocket));
        }

        [TestMethod]
        public void FreshDatagramRightAfterAFloodOfFirstFragmentsIsReassembled()
        {
            // Issue 11: 200 first fragments with distinct IDs that never complete, then a fresh 2-fragment datagram.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            for (int i = 0; i < 200; i++)
            {
                TestNet.Inject(peer, Fragment(0xC0000209, (ushort)(1000 + i), Ipv4Packet.ProtocolUdp, 0, 16, true, 24));
                stack.Poll(1 + i / 20);
            }

            Assert.IsTrue(Deliver(stack, peer, 7, 200));
        }

        [TestMethod]
        public void EmptyFragmentsAndMiddleFragmentsNotAMultipleOfEightAreMalformed()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 0, 12, true, 24));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 16, 0, false, 24));
            stack.Poll(1);
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.FragmentMalformed));
            Assert.IsTrue(Deliver(stack, peer, 3, 2));
        }

        [TestMethod]
        public void DiscardedDatagramFreesTheBufferForTheNextOne()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ReassemblyBufferBytes = 64;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            // Too big: the first fragment is stored, the next lies past the buffer.
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 0, 16, true, 200));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 64, 8, true, 200));
            stack.Poll(1);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.FragmentTooBig));
            Assert.IsTrue(Deliver(stack, peer, 2, 2));
            // A more-fragments piece past the known end: discarded, and the buffer is free again.
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 3, Ipv4Packet.ProtocolUdp, 16, 8, false, 24));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 3, Ipv4Packet.ProtocolUdp, 32, 8, true, 24));
            stack.Poll(3);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.FragmentOverlap));
            Assert.IsTrue(Deliver(stack, peer, 4, 4));
        }

        [TestMethod]
        public void ByDefaultAFullEthernetDatagramFragmentedAlongA576BytePathIsReassembled()
        {
            // RFC 1122 §3.3.2: EMTU_R >= 576; the default takes one Ethernet datagram (1480 bytes of payload), here
            // cut by a 576-byte-MTU router into 552 + 552 + 376.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            int before = stack.Interface.Dropped(DropReason.UdpNoSocket);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 7, Ipv4Packet.ProtocolUdp, 0, 552, true, 1480));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 7, Ipv4Packet.ProtocolUdp, 552, 552, true, 1480));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 7, Ipv4Packet.ProtocolUdp, 1104, 376, false, 1480));
            stack.Poll(1);
            Assert.AreEqual(before + 1, stack.Interface.Dropped(DropReason.UdpNoSocket), "reassembled and handed to UDP");
            Assert.AreEqual(0, stack.Interface.Dropped(DropReason.FragmentTooBig));
        }

        [TestMethod]
        public void ByDefaultAFragmentedDatagramAboveOneEthernetDatagramIsDroppedCountedAndTheBufferServesTheNext()
        {
            // `ping -s 3000` from Linux: 3008 bytes of ICMP in fragments of 1480, 1480 and 48. The first fits and is
            // stored; the second lies past the 1480-byte buffer: the datagram is discarded and counted, and so is the
            // orphaned last piece. Nothing is answered, and the next datagram is reassembled normally.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            int noSocket = stack.Interface.Dropped(DropReason.UdpNoSocket);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 8, Ipv4Packet.ProtocolUdp, 0, 1480, true, 3008));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 8, Ipv4Packet.ProtocolUdp, 1480, 1480, true, 3008));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 8, Ipv4Packet.ProtocolUdp, 2960, 48, false, 3008));
            stack.Poll(1);
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.FragmentTooBig));
            Assert.AreEqual(noSocket, stack.Interface.Dropped(DropReason.UdpNoSocket), "never reached UDP");
            Assert.AreEqual(stack.Interface.FramesReceived, stack.Interface.FramesAccepted + stack.Interface.DroppedTotal);
            Assert.IsTrue(Deliver(stack, peer, 9, 2), "the buffer is free for the next datagram");
        }

        [TestMethod]
        public void AStaleDatagramDoesNotBlockANewOneThatArrivesAfterItsTimeout()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 1, Ipv4Packet.ProtocolUdp, 0, 16, true, 24));
            stack.Poll(1);
            Assert.IsTrue(Deliver(stack, peer, 2, 1 + 15000), "ReassemblyTimeoutMs = 15000");
            Assert.AreEqual(1, stack.Interface.ReassemblyTimeouts);
        }

        [TestMethod]
        public void DatagramFillingABufferThatIsNotAMultipleOfEightIsReassembled()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ReassemblyBufferBytes = 260; // 33 blocks of 8: the last one partial
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            int before = stack.Interface.Dropped(DropReason.UdpNoSocket);
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 5, Ipv4Packet.ProtocolUdp, 0, 256, true, 260));
            TestNet.Inject(peer, Fragment(CapturedFrames.LinuxAddress, 5, Ipv4Packet.ProtocolUdp, 256, 4, false, 260));
            stack.Poll(1);
            Assert.AreEqual(before + 1, stack.Interface.Dropped(DropReason.UdpNoSocket));
        }
        // ---- ARP cache timers and replacement (RFC 1122 §2.3.2.1, README ArpRequestIntervalMs/ArpMaxRequests) ---

        // An ARP request from 192.0.2.<host> (MAC 02:00:00:00:01:<host>) asking for the board's address.
        private static byte[] RequestFrom(int host)
        {
            byte[] mac = new byte[] { 0x02, 0, 0, 0, 1, (byte)host };
            byte[] f = new byte[60];
            MacAddress.WriteBroadcast(f, 0);
            System.Array.Copy(mac, 0, f, 6, 6);
            NetworkEndian.WriteUInt16(f, 12, EthernetFrame.EtherTypeArp);
            ArpPacket.Emit(f, 14, ArpPacket.OperationRequest, mac, 0, 0xC0000200u + (uint)host, null, 0, CapturedFrames.BoardAddress);
            return f;
        }

        private static bool Knows(NetworkStack stack, int host, long nowMs)
        {
            return stack.Interface.TryGetNeighbor(0xC0000200u + (uint)host, new byte[6], 0, nowMs);
        }

        [TestMethod]
        public void UnansweredUnicastPollsComeOncePerSecondThenTheEntryIsResolvedByBroadcastAgain()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 6000); // used 6 s after hearing from it
            peer.Clear();
            stack.Poll(6000);
            byte[] poll = TestNet.Take(peer);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(poll, 0, 6), "poll 1, unicast");
            Assert.AreEqual(7000L, stack.Poll(6500), "the next poll is due a second later");
            Assert.IsNull(TestNet.Take(peer));
            stack.Poll(7000);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(TestNet.Take(peer), 0, 6), "poll 2");
            stack.Poll(8000);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(TestNet.Take(peer), 0, 6), "poll 3");
            Assert.AreEqual(0, stack.Interface.ArpStaleEntries);
            stack.Poll(9000);
            byte[] broadcast = TestNet.Take(peer);
            Assert.IsTrue(MacAddress.IsBroadcast(broadcast, 0), "three polls unanswered: broadcast resolution");
            Assert.AreEqual(1, stack.Interface.ArpStaleEntries);
            Assert.IsFalse(Knows(stack, 1, 9000));
        }

        [TestMethod]
        public void FullCacheReplacesTheResolvedEntryClosestToExpiry()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ArpCacheEntries = 2;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.Inject(peer, RequestFrom(3));
            stack.Poll(1000);
            TestNet.Inject(peer, RequestFrom(4));
            stack.Poll(2000);
            TestNet.Inject(peer, RequestFrom(5));
            stack.Poll(3000);
            Assert.IsFalse(Knows(stack, 3, 3000), ".3 expired first and made room");
            Assert.IsTrue(Knows(stack, 4, 3000));
            Assert.IsTrue(Knows(stack, 5, 3000));
            TestNet.Inject(peer, RequestFrom(3));
            stack.Poll(4000);
            Assert.IsFalse(Knows(stack, 4, 4000));
            Assert.IsTrue(Knows(stack, 5, 4000));
        }

        [TestMethod]
        public void FullCacheReplacesAnExpiredEntryThenAnUnresolvedOneBeforeALiveNeighbour()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ArpCacheEntries = 2;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.Inject(peer, RequestFrom(3)); // expires at 60,000
            stack.Poll(0);
            TestNet.Inject(peer, RequestFrom(4)); // expires at 110,000
            stack.Poll(50000);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(0xC0000209, 9, new byte[1], 0, 1, 70000); // a miss: takes .3's expired entry
            TestNet.Inject(peer, RequestFrom(5));
            stack.Poll(70001); // takes the unresolved .9, not the live .4
            Assert.IsTrue(Knows(stack, 4, 70001));
            Assert.IsTrue(Knows(stack, 5, 70001));
        }
        [TestMethod]
        public void EveryNeighbourUsesItsOwnCachedMac()
        {
            // Entries after the first: the MAC of entry i lives at i * 6 in the cache.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, RequestFrom(3));
            TestNet.Inject(peer, RequestFrom(4));
            stack.Poll(1);
            peer.Clear();
            byte[] mac = new byte[6];
            Assert.IsTrue(stack.Interface.TryGetNeighbor(0xC0000204, mac, 0, 2));
            Assert.AreEqual((byte)4, mac[5]);
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Ok, s.SendTo(0xC0000204, 9, new byte[1], 0, 1, 2));
            byte[] f = TestNet.Take(peer);
            Assert.AreEqual((byte)4, f[5], "sent to .4's MAC");
        }

        [TestMethod]
        public void ConfiguringNoAddressKeepsNoSubnetAndNoGateway()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            stack.Interface.Configure(0, 0xFFFFFF00, TestNet.Gateway);
            Assert.AreEqual(0u, stack.Interface.Netmask);
            Assert.AreEqual(0u, stack.Interface.Gateway);
        }
    }
}
