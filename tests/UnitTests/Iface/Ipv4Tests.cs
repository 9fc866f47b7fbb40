using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    [TestClass]
    public class Ipv4Tests
    {
        // Datagrams up to 4 KiB (`ping -s 3000` as Linux sends it): above the default reassembly buffer, which holds
        // one Ethernet datagram (StackConfig.DefaultReassemblyBytes), so these tests configure it as a user would.
        private static StackConfig Reassembling4K()
        {
            StackConfig c = TestNet.BoardConfig();
            c.ReassemblyBufferBytes = 4096;
            return c;
        }

        [TestMethod]
        public void CapturedPingIsAnsweredWithTheSameIdSequenceAndData()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] request = CapturedFrames.EchoRequest;
            TestNet.Inject(peer, request);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual(request.Length, reply.Length);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(reply, 0, 6));
            CollectionAssert.AreEqual(CapturedFrames.BoardMac, TestNet.Slice(reply, 6, 6));
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(reply, 14, reply.Length - 14));
            Assert.IsTrue(ip.VerifyChecksum());
            Assert.AreEqual(CapturedFrames.BoardAddress, ip.Source);
            Assert.AreEqual(CapturedFrames.LinuxAddress, ip.Destination);
            Assert.AreEqual((byte)64, ip.Ttl);
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(reply, ip.PayloadOffset, ip.PayloadLength);
            Assert.AreEqual(Icmpv4Packet.TypeEchoReply, icmp.Type);
            Assert.IsTrue(icmp.VerifyChecksum());
            // RFC 792: identifier, sequence number and data are returned unchanged.
            CollectionAssert.AreEqual(TestNet.Slice(request, 38, request.Length - 38), TestNet.Slice(reply, 38, reply.Length - 38));
            Assert.AreEqual(1, stack.Interface.EchoRepliesSent);
        }

        /// <summary>The reply's ICMP checksum field, and what Checksum.Compute (RFC 1071) over the reply, field zeroed, gives.</summary>
        private static void ReplyChecksums(byte[] request, out ushort written, out ushort fromScratch)
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, request);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual(1, stack.Interface.EchoRepliesSent);
            Assert.AreEqual(Icmpv4Packet.TypeEchoReply, reply[34]);
            Assert.AreEqual((byte)0, reply[35]);
            written = (ushort)((reply[36] << 8) | reply[37]);
            reply[36] = 0;
            reply[37] = 0;
            fromScratch = Checksum.Compute(reply, 34, reply.Length - 34);
        }

        private static byte[] Echo(ushort id, ushort seq, int dataLength, byte code)
        {
            byte[] f = TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, id, seq, dataLength, CapturedFrames.BoardMac);
            for (int i = 42; i < f.Length; i++)
            {
                f[i] = 0;
            }
            f[35] = code;
            Icmpv4Packet.FillChecksum(f, 34, f.Length - 34);
            return f;
        }

        [TestMethod]
        public void EchoReplyChecksumIsTheOneASumOverTheReplyGives()
        {
            // The reply's checksum is the request's updated for the type/code word (RFC 1624); it must be exactly
            // what summing the reply gives (RFC 792/1071), also in the two cases where 0x0000 and 0xFFFF both verify:
            // a reply that sums to 0xFFFF (0x0000 written, as Compute gives) and an all-zero reply (0xFFFF written:
            // 0x0000 would not verify). A request with a non-zero code (RFC 792 says 0; RFC 1122 §3.2.2 says to be
            // liberal) is answered with code 0, its word updated too.
            ushort written, fromScratch;
            ReplyChecksums(CapturedFrames.EchoRequest, out written, out fromScratch);
            Assert.AreEqual(fromScratch, written);
            ReplyChecksums(Echo(0xFFFF, 0, 0, 0), out written, out fromScratch);
            Assert.AreEqual((ushort)0x0000, fromScratch);
            Assert.AreEqual(fromScratch, written);
            ReplyChecksums(Echo(0, 0, 0, 0), out written, out fromScratch);
            Assert.AreEqual((ushort)0xFFFF, fromScratch);
            Assert.AreEqual(fromScratch, written);
            ReplyChecksums(Echo(0, 0, 16, 0), out written, out fromScratch);
            Assert.AreEqual((ushort)0xFFFF, written);
            ReplyChecksums(Echo(0x1234, 7, 5, 9), out written, out fromScratch);
            Assert.AreEqual(fromScratch, written);
            for (int seq = 0; seq < 300; seq += 7)
            {
                ReplyChecksums(TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, (ushort)(seq * 211), (ushort)seq,
                    seq % 61, CapturedFrames.BoardMac), out written, out fromScratch);
                Assert.AreEqual(fromScratch, written);
            }
        }

        [TestMethod]
        public void CapturedPingOf3000BytesIsReassembledAndAnsweredInThreeFragments()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment2);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment3);
            stack.Poll(10);
            byte[] request = Reassemble(CapturedFrames.Echo3000Fragment1, CapturedFrames.Echo3000Fragment2, CapturedFrames.Echo3000Fragment3);
            byte[] f1 = TestNet.Take(peer);
            byte[] f2 = TestNet.Take(peer);
            byte[] f3 = TestNet.Take(peer);
            Assert.IsNotNull(f3);
            Assert.IsNull(TestNet.Take(peer));
            Ipv4Packet ip = new Ipv4Packet();
            ip.Parse(f1, 14, f1.Length - 14);
            ushort id = ip.Identification;
            Assert.IsTrue(ip.MoreFragments);
            Assert.AreEqual(0, ip.FragmentOffset);
            Assert.AreEqual(1480, ip.PayloadLength);
            ip.Parse(f3, 14, f3.Length - 14);
            Assert.AreEqual(id, ip.Identification);
            Assert.IsFalse(ip.MoreFragments);
            Assert.AreEqual(2960, ip.FragmentOffset);
            byte[] reply = Reassemble(f1, f2, f3);
            Assert.AreEqual(3008, reply.Length);
            Assert.AreEqual((byte)0, reply[0]);
            Assert.AreEqual((ushort)0, Checksum.Compute(reply, 0, reply.Length));
            CollectionAssert.AreEqual(TestNet.Slice(request, 4, 3004), TestNet.Slice(reply, 4, 3004));
        }

        [TestMethod]
        public void FragmentsArrivingInReverseOrderAreReassembled()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment3);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment2);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.EchoRepliesSent);
            Assert.AreEqual(3, peer.QueuedFrames);
        }

        [TestMethod]
        public void DuplicateFragmentDiscardsTheWholeDatagramRfc5722()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment2);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment3);
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.FragmentOverlap));
            Assert.AreEqual(0, stack.Interface.EchoRepliesSent);
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void MoreFragmentsPieceBeyondTheLastFragmentsEndDiscardsTheDatagramSoAHoleIsNeverDelivered(bool strayFirst)
        {
            // RFC 791 §3.2: the fragment without MF fixes the datagram's length, so a fragment with MF that lies past
            // that end cannot belong to it. Were it stored, its block would be counted and the datagram (last
            // fragment, stray, first fragment) would "complete" with bytes 8..16 never received. The UDP checksum
            // is 0 (not computed), so nothing above IP could notice the hole.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            byte[] udp = UdpDatagram(16, false);
            byte[] stray = TestNet.Slice(udp, 8, 8);
            if (strayFirst)
            {
                TestNet.Inject(peer, UdpFragment(stray, 0, 8, 24, true));
                TestNet.Inject(peer, UdpFragment(udp, 16, 8, 16, false));
            }
            else
            {
                TestNet.Inject(peer, UdpFragment(udp, 16, 8, 16, false));
                TestNet.Inject(peer, UdpFragment(stray, 0, 8, 24, true));
            }
            TestNet.Inject(peer, UdpFragment(udp, 0, 8, 0, true));
            stack.Poll(10);
            Assert.AreEqual(-1, s.Available);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.FragmentOverlap));

            // The whole datagram sent again (its first fragment is already stored afresh) completes exactly.
            TestNet.Inject(peer, UdpFragment(udp, 8, 8, 8, true));
            TestNet.Inject(peer, UdpFragment(udp, 16, 8, 16, false));
            stack.Poll(20);
            Assert.AreEqual(16, s.Available);
            byte[] got = new byte[16];
            uint from;
            ushort port;
            Assert.AreEqual(16, s.ReceiveFrom(got, 0, 16, out from, out port));
            CollectionAssert.AreEqual(TestNet.Slice(udp, 8, 16), got);
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        [DataRow(2, 0, 1)]
        [DataRow(2, 1, 0)]
        [DataRow(0, 2, 1)]
        [DataRow(1, 2, 0)]
        public void LastFragmentArrivingFirstOrInTheMiddleIsReassembledExactly(int a, int b, int c)
        {
            // RFC 791 §3.2: fragments may arrive in any order; the last one (MF clear) fixes the total length
            // whenever it comes.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            byte[] udp = UdpDatagram(1992, true); // 2000 bytes in pieces 0..800, 800..1600 (MF) and 1600..2000
            int[] order = new int[] { a, b, c };
            for (int i = 0; i < 3; i++)
            {
                int n = order[i];
                TestNet.Inject(peer, UdpFragment(udp, n * 800, n == 2 ? 400 : 800, n * 800, n != 2));
            }
            stack.Poll(10);
            Assert.AreEqual(1992, s.Available);
            byte[] got = new byte[1992];
            uint from;
            ushort port;
            Assert.AreEqual(1992, s.ReceiveFrom(got, 0, 1992, out from, out port));
            CollectionAssert.AreEqual(TestNet.Slice(udp, 8, 1992), got);
            Assert.AreEqual(0, stack.Interface.DroppedTotal);
        }

        [TestMethod]
        public void PartiallyOverlappingFragmentDiscardsTheWholeDatagram()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] shifted = TestNet.Slice(CapturedFrames.Echo3000Fragment2, 0, CapturedFrames.Echo3000Fragment2.Length);
            SetFragmentOffset(shifted, 1472); // overlaps the last 8 bytes of the first fragment
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            TestNet.Inject(peer, shifted);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment2);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment3);
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.FragmentOverlap));
            Assert.AreEqual(0, stack.Interface.EchoRepliesSent);
        }

        [TestMethod]
        public void IncompleteDatagramExpiresAndFreesTheBuffer()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            Assert.AreEqual(15010L, stack.Poll(10));
            stack.Poll(15010);
            Assert.AreEqual(1, stack.Interface.ReassemblyTimeouts);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment2);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment3);
            stack.Poll(15020);
            Assert.AreEqual(0, stack.Interface.EchoRepliesSent);
        }

        [TestMethod]
        public void DatagramLargerThanTheReassemblyBufferIsDroppedAndCounted()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ReassemblyBufferBytes = 2048;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment1);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment2);
            TestNet.Inject(peer, CapturedFrames.Echo3000Fragment3);
            stack.Poll(10);
            // The first fragment fits and is stored; the second overflows and discards the datagram; the third
            // overflows on its own.
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.FragmentTooBig));
            Assert.AreEqual(0, stack.Interface.EchoRepliesSent);
            TestNet.Inject(peer, CapturedFrames.EchoRequest);
            stack.Poll(20);
            Assert.AreEqual(1, stack.Interface.EchoRepliesSent);
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void DatagramWithOptionsIsAnsweredWithoutThemAndItsHeaderIsQuotedWhole()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            // The captured ping with a 4-byte option (NOP NOP NOP EOL, RFC 791 §3.1) spliced into its header: IHL 6.
            byte[] plain = CapturedFrames.EchoRequest;
            byte[] f = new byte[plain.Length + 4];
            System.Array.Copy(plain, 0, f, 0, 34);
            f[34] = 1; f[35] = 1; f[36] = 1; f[37] = 0;
            System.Array.Copy(plain, 34, f, 38, plain.Length - 34);
            f[14] = 0x46;
            NetworkEndian.WriteUInt16(f, 16, 88);
            f[24] = 0; f[25] = 0;
            NetworkEndian.WriteUInt16(f, 24, Checksum.Compute(f, 14, 24));
            TestNet.Inject(peer, f);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual((byte)0x45, reply[14]);
            Assert.AreEqual(plain.Length, reply.Length);
            CollectionAssert.AreEqual(TestNet.Slice(plain, 38, plain.Length - 38), TestNet.Slice(reply, 38, reply.Length - 38));

            // UDP to a closed port behind options: the ICMP error quotes the full 24-byte header plus 8 bytes.
            byte[] u = TestNet.UdpFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1000, 9, new byte[12], CapturedFrames.BoardMac);
            byte[] uo = new byte[u.Length + 4];
            System.Array.Copy(u, 0, uo, 0, 34);
            uo[34] = 1; uo[35] = 1; uo[36] = 1; uo[37] = 0;
            System.Array.Copy(u, 34, uo, 38, u.Length - 34);
            uo[14] = 0x46;
            NetworkEndian.WriteUInt16(uo, 16, u.Length - 14 + 4);
            uo[24] = 0; uo[25] = 0;
            NetworkEndian.WriteUInt16(uo, 24, Checksum.Compute(uo, 14, 24));
            TestNet.Inject(peer, uo);
            stack.Poll(1000);
            byte[] error = TestNet.Take(peer);
            Assert.IsNotNull(error);
            Assert.AreEqual(14 + 20 + 8 + 24 + 8, error.Length);
            CollectionAssert.AreEqual(TestNet.Slice(uo, 14, 32), TestNet.Slice(error, 42, 32));
        }

        [TestMethod]
        public void RenewingTheSameAddressSendsNoNewAnnouncement()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            stack.Interface.Configure(CapturedFrames.BoardAddress, 0xFFFFFF00, TestNet.Gateway);
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            stack.Interface.Configure(0xC0000203, 0xFFFFFF00, TestNet.Gateway);
            stack.Poll(20);
            Assert.IsNotNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void CorruptedHeaderChecksumIsDroppedAndCounted()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] f = TestNet.Slice(CapturedFrames.EchoRequest, 0, CapturedFrames.EchoRequest.Length);
            f[22] = 1; // TTL 64 -> 1 without fixing the checksum
            TestNet.Inject(peer, f);
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.Ipv4BadChecksum));
        }

        [TestMethod]
        public void DatagramWithTtlOneIsStillDeliveredRfc1122()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] f = TestNet.Slice(CapturedFrames.EchoRequest, 0, CapturedFrames.EchoRequest.Length);
            f[22] = 1;
            f[24] = 0;
            f[25] = 0;
            NetworkEndian.WriteUInt16(f, 24, Checksum.Compute(f, 14, 20));
            TestNet.Inject(peer, f);
            stack.Poll(10);
            Assert.IsNotNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void BroadcastPingIsIgnoredByDefaultAndAnsweredWhenEnabled()
        {
            byte[] bcast = new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, 0xC00002FF, 1, 1, 8, bcast));
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, 0xFFFFFFFF, 1, 2, 8, bcast));
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.IcmpBroadcastEcho));

            StackConfig c = TestNet.BoardConfig();
            c.ReplyToBroadcastPing = true;
            stack = TestNet.CreateStarted(c, out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, 0xC00002FF, 1, 1, 8, bcast));
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual(CapturedFrames.BoardAddress, NetworkEndian.ReadUInt32(reply, 26)); // from our own address
        }

        [TestMethod]
        public void BroadcastSourceIsNeverAnswered()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, TestNet.EchoFrame(0xC00002FF, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac));
            TestNet.Inject(peer, TestNet.EchoFrame(0xE0000001, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.Ipv4BadSource));
        }

        [TestMethod]
        public void SourcesFrom224UpAndOurSubnetBroadcastAreBadButTheUnicastNextToThemIsNot()
        {
            // RFC 1122 §3.2.1.3: multicast (224/4), class E (240/4, the limited broadcast among them) and the subnet's
            // directed broadcast are never a source; 223.255.255.254 (off-link, through the gateway) and the
            // subnet's highest host 192.0.2.254 are.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            uint[] bad = { 0xE0000000, 0xEFFFFFFF, 0xF0000000, 0xFFFFFFFE, 0xFFFFFFFF, 0xC00002FF };
            for (int i = 0; i < bad.Length; i++)
            {
                TestNet.Inject(peer, TestNet.EchoFrame(bad[i], CapturedFrames.BoardAddress, 1, (ushort)i, 8, CapturedFrames.BoardMac));
            }
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(bad.Length, stack.Interface.Dropped(DropReason.Ipv4BadSource));
            int accepted = stack.Interface.FramesAccepted;
            TestNet.Inject(peer, TestNet.EchoFrame(0xC00002FE, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac));
            TestNet.Inject(peer, TestNet.EchoFrame(0xDFFFFFFE, CapturedFrames.BoardAddress, 1, 2, 8, CapturedFrames.BoardMac));
            stack.Poll(20);
            Assert.AreEqual(bad.Length, stack.Interface.Dropped(DropReason.Ipv4BadSource));
            Assert.AreEqual(accepted + 2, stack.Interface.FramesAccepted);
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void AnotherNetworksAddressEndingInAllOnesIsAValidSource()
        {
            // RFC 1122 §3.2.1.3 forbids a broadcast source; 192.0.3.255 has the host bits of OUR /24 all ones but is not
            // in our subnet: for us it is an ordinary off-link host (its own network may be a /23), so it is accepted.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            int accepted = stack.Interface.FramesAccepted;
            TestNet.Inject(peer, TestNet.EchoFrame(0xC00003FF, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.AreEqual(0, stack.Interface.Dropped(DropReason.Ipv4BadSource));
            Assert.AreEqual(accepted + 1, stack.Interface.FramesAccepted);
        }

        [TestMethod]
        public void UnfragmentedPingOf1000BytesIsAnsweredWithAllItsData()
        {
            // A datagram longer than 255 bytes in one frame: its length comes from both bytes of the IPv4 Total Length
            // (RFC 791 §3.1), and the reply carries all 1,000 data bytes back (RFC 792).
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] request = TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 9, 1, 1000, CapturedFrames.BoardMac);
            TestNet.Inject(peer, request);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual(request.Length, reply.Length);
            CollectionAssert.AreEqual(TestNet.Slice(request, 38, 1004), TestNet.Slice(reply, 38, 1004));
        }

        [TestMethod]
        public void TcpBroadcastToAnUnconfiguredInterfaceIsNotForUs()
        {
            // Without an address only a protocol that takes group datagrams (UDP, for DHCP) may receive; a TCP
            // datagram to the limited broadcast is for nobody here (RFC 1122 §4.2.3.10: TCP never takes broadcasts).
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            byte[] tcp = new byte[20];
            tcp[12] = 0x50;
            tcp[13] = 0x02; // SYN
            TestNet.Inject(peer, TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, 0xFFFFFFFF, 6, tcp, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.Ipv4NotForUs));
            Assert.IsNull(TestNet.Take(peer));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void LoopbackSourceIsDroppedCountedAndNeverAnsweredRfc1122()
        {
            // RFC 1122 §3.2.1.3(g): 127/8 is internal host loopback and MUST NOT appear outside a host; a datagram
            // from it on the wire is forged or misrouted and is silently discarded.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            TestNet.Inject(peer, TestNet.EchoFrame(0x7F000001, CapturedFrames.BoardAddress, 1, 1, 8, CapturedFrames.BoardMac));
            TestNet.Inject(peer, TestNet.UdpFrame(0x7FFFFFFE, CapturedFrames.BoardAddress, 40000, 7, new byte[] { 0x68, 0x69 },
                CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(-1, s.Available);
            Assert.AreEqual(0, stack.Interface.EchoRepliesSent);
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.Ipv4BadSource));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void DatagramForAnotherHostIsDropped()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, 0xC0000209, 1, 1, 8, CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.Ipv4NotForUs));
        }

        [TestMethod]
        public void UnicastFrameForAnotherMacIsDropped()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            byte[] other = new byte[] { 0x02, 0, 0, 0, 0, 0x09 };
            TestNet.Inject(peer, TestNet.EchoFrame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1, 1, 8, other));
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.NotOurMac));
        }

        [TestMethod]
        public void RegisteredProtocolReceivesUnicastDatagramsAndIsPolled()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            RecordingProtocol.Reset();
            stack.Register(new RecordingProtocol());
            byte[] payload = new byte[] { 1, 2, 3, 4, 5 };
            TestNet.Inject(peer, TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 6, payload, CapturedFrames.BoardMac));
            TestNet.Inject(peer, TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, 0xFFFFFFFF, 6, payload, CapturedFrames.BoardMac));
            Assert.AreEqual(777L, stack.Poll(10));
            Assert.AreEqual(1, RecordingProtocol.Received);
            Assert.AreEqual(5, RecordingProtocol.LastLength);
            Assert.AreEqual(CapturedFrames.LinuxAddress, RecordingProtocol.LastSource);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.TransportNotUnicast));
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => stack.Register(new RecordingProtocol()));
        }

        [TestMethod]
        public void UnknownProtocolIsDroppedCountedAndAnsweredWithProtocolUnreachable()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            TestNet.Inject(peer, TestNet.Ipv4Frame(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 47, new byte[4], CapturedFrames.BoardMac));
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.UnknownProtocol));
            byte[] error = TestNet.Take(peer);
            Assert.IsNotNull(error);
            Assert.AreEqual(Icmpv4Packet.TypeDestinationUnreachable, error[34]);
            Assert.AreEqual(Icmpv4Packet.CodeProtocolUnreachable, error[35]);
        }

        [TestMethod]
        public void TasksAreSteppedAndTheEarliestDeadlineIsReturned()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            Assert.AreEqual(long.MaxValue, stack.Poll(5));
            CountingTask.Steps = 0;
            stack.AddTask(new CountingTask());
            Assert.AreEqual(505L, stack.Poll(5));
            Assert.AreEqual(1, CountingTask.Steps);
        }

        [TestMethod]
        public void PollHandlesAtMostMaxFramesPerPollAndAsksToBeCalledAgainAtOnce()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.MaxFramesPerPoll = 3;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            stack.OpenUdp().Bind(7);
            for (int i = 0; i < 5; i++)
            {
                TestNet.Inject(peer, CapturedFrames.UdpHello);
            }
            Assert.AreEqual(100L, stack.Poll(100));
            Assert.AreEqual(3, stack.Interface.FramesReceived);
            Assert.AreEqual(long.MaxValue, stack.Poll(101));
            Assert.AreEqual(5, stack.Interface.FramesReceived);
        }

        [TestMethod]
        public void SendingWhileTheLinkIsDownFailsAndIsCounted()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            ((MemoryLink)stack.Interface.Device).SetLinkUp(false);
            Assert.AreEqual(SendResult.LinkDown, stack.OpenUdp().SendTo(CapturedFrames.LinuxAddress, 9, new byte[4], 0, 4, 10));
            Assert.AreEqual(1, stack.Interface.TxLinkDown);
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void TransportProtocolSendsThroughTheOutputWithRoomReservedForHeaders()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            NanoStack.Iface.IIpv4Output output = stack.Interface;
            Assert.AreEqual(1480, output.PayloadCapacity);
            Assert.AreEqual(1 + 14 + 20, output.PayloadOffset); // the board's link starts its buffers at 1
            Assert.AreEqual(CapturedFrames.BoardAddress, output.LocalAddress);
            for (int i = 0; i < 10; i++)
            {
                output.PayloadBuffer[output.PayloadOffset + i] = (byte)(0xA0 + i);
            }
            Assert.AreEqual(SendResult.Ok, output.Send(CapturedFrames.LinuxAddress, 6, 10, 5));
            byte[] f = TestNet.Take(peer);
            Assert.AreEqual(44, f.Length);
            Assert.AreEqual((byte)6, f[23]);
            Assert.AreEqual((byte)0xA9, f[43]);
            Assert.AreEqual(SendResult.TooBig, output.Send(CapturedFrames.LinuxAddress, 6, 1481, 5));
            Assert.AreEqual(SendResult.NoRoute, output.Send(0x7F000001, 6, 10, 5)); // loopback never goes on the wire
            Assert.AreEqual(1, stack.Interface.TxNoRoute);
        }

        [TestMethod]
        [DataRow(4096, true)]
        [DataRow(4097, false)]
        public void EchoUpToTheReassemblyLimitIsAnsweredExactlyAndBeyondItDropped(int icmpLength, bool answered)
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(Reassembling4K(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] icmp = new byte[icmpLength];
            for (int i = 8; i < icmpLength; i++)
            {
                icmp[i] = (byte)(i * 13 + 5);
            }
            Icmpv4Packet.Emit(icmp, 0, icmpLength, Icmpv4Packet.TypeEchoRequest, 0, 0x77770009);
            InjectEchoFragments(peer, icmp, 1480, 0x5151); // as Linux fragments it
            stack.Poll(10);
            if (!answered)
            {
                Assert.IsNull(TestNet.Take(peer));
                Assert.AreEqual(1, stack.Interface.Dropped(DropReason.FragmentTooBig));
                return;
            }
            byte[] reply = new byte[icmpLength];
            int got = 0;
            byte[] frame;
            while ((frame = TestNet.Take(peer)) != null)
            {
                Ipv4Packet ip = new Ipv4Packet();
                Assert.AreEqual((int)WireError.None, (int)ip.Parse(frame, 14, frame.Length - 14));
                Assert.IsTrue(ip.VerifyChecksum());
                System.Array.Copy(frame, ip.PayloadOffset, reply, ip.FragmentOffset, ip.PayloadLength);
                got += ip.PayloadLength;
            }
            Assert.AreEqual(icmpLength, got);
            Assert.AreEqual((byte)0, reply[0]);
            Assert.AreEqual((ushort)0, Checksum.Compute(reply, 0, icmpLength));
            CollectionAssert.AreEqual(TestNet.Slice(icmp, 4, icmpLength - 4), TestNet.Slice(reply, 4, icmpLength - 4));
        }

        [TestMethod]
        public void FirstFrameEverSentFragmentedCarriesOurMacInEveryFragment()
        {
            // Before an address is configured nothing has been sent (no gratuitous ARP): a 2,000-byte broadcast is the
            // board's first frame, two fragments (RFC 791 §2.3), each with the board's own source MAC (IEEE 802.3 §3.2.4).
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(68);
            Assert.AreEqual(SendResult.Ok, s.SendTo(0xFFFFFFFF, 67, new byte[2000], 0, 2000, 10));
            int fragments = 0;
            byte[] f;
            while ((f = TestNet.Take(peer)) != null)
            {
                Assert.IsTrue(MacAddress.IsBroadcast(f, 0));
                Assert.IsTrue(MacAddress.AreEqual(f, 6, CapturedFrames.BoardMac, 0));
                fragments++;
            }
            Assert.AreEqual(2, fragments);
        }

        [TestMethod]
        public void FragmentedEchoWhoseReplyFitsOneFrameIsAnsweredWithItsData()
        {
            // A 200-byte echo request cut into 96-byte pieces (96 + 96 + 8) by a smaller-MTU path: reassembled
            // (RFC 791 §3.2), the reply fits one frame and is sent from the reassembly buffer, so its data must be
            // copied out of it.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            const int icmpLength = 200;
            byte[] icmp = new byte[icmpLength];
            for (int i = 8; i < icmpLength; i++)
            {
                icmp[i] = (byte)(i * 29 + 3);
            }
            Icmpv4Packet.Emit(icmp, 0, icmpLength, Icmpv4Packet.TypeEchoRequest, 0, 0x12340007);
            InjectEchoFragments(peer, icmp, 96, 0x6161);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.IsNull(TestNet.Take(peer));
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(reply, 14, reply.Length - 14));
            Assert.AreEqual(icmpLength, ip.PayloadLength);
            Assert.AreEqual((byte)Icmpv4Packet.TypeEchoReply, reply[ip.PayloadOffset]);
            Assert.AreEqual((ushort)0, Checksum.Compute(reply, ip.PayloadOffset, icmpLength));
            CollectionAssert.AreEqual(TestNet.Slice(icmp, 4, icmpLength - 4), TestNet.Slice(reply, ip.PayloadOffset + 4, icmpLength - 4));
        }

        /// <summary>Linux to the board: the ICMP message <paramref name="icmp"/> in fragments of <paramref name="piece"/>
        /// bytes (a multiple of 8, RFC 791 §3.2; the last one shorter), one datagram identification.</summary>
        private static void InjectEchoFragments(MemoryLink peer, byte[] icmp, int piece, ushort identification)
        {
            for (int off = 0; off < icmp.Length; off += piece)
            {
                int part = icmp.Length - off < piece ? icmp.Length - off : piece;
                byte[] f = new byte[34 + part];
                EthernetFrame.Emit(f, 0, CapturedFrames.BoardMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeIpv4);
                Ipv4Packet.Emit(f, 14, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 1, part, identification, 64, false,
                    off + part < icmp.Length, off);
                System.Array.Copy(icmp, off, f, 34, part);
                TestNet.Inject(peer, f);
            }
        }

        internal static byte[] Reassemble(byte[] a, byte[] b, byte[] c)
        {
            int la = a.Length - 34, lb = b.Length - 34, lc = c.Length - 34;
            byte[] r = new byte[la + lb + lc];
            System.Array.Copy(a, 34, r, 0, la);
            System.Array.Copy(b, 34, r, la, lb);
            System.Array.Copy(c, 34, r, la + lb, lc);
            return r;
        }

        /// <summary>A UDP datagram from Linux port 40000 to the board's port 7 with a patterned payload.</summary>
        private static byte[] UdpDatagram(int payloadLength, bool withChecksum)
        {
            byte[] udp = new byte[8 + payloadLength];
            for (int i = 8; i < udp.Length; i++)
            {
                udp[i] = (byte)(i * 29 + 3);
            }
            UdpPacket.Emit(udp, 0, 40000, 7, payloadLength, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress);
            if (!withChecksum)
            {
                udp[6] = 0;
                udp[7] = 0;
            }
            return udp;
        }

        /// <summary>One fragment (identification 0x4242) carrying data[from..from+length) at fragment offset <paramref name="at"/>.</summary>
        private static byte[] UdpFragment(byte[] data, int from, int length, int at, bool more)
        {
            byte[] f = new byte[34 + length];
            EthernetFrame.Emit(f, 0, CapturedFrames.BoardMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeIpv4);
            Ipv4Packet.Emit(f, 14, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolUdp, length,
                0x4242, 64, false, more, at);
            System.Array.Copy(data, from, f, 34, length);
            return f;
        }

        private static void SetFragmentOffset(byte[] f, int offsetBytes)
        {
            NetworkEndian.WriteUInt16(f, 20, 0x2000 | (offsetBytes >> 3));
            f[24] = 0;
            f[25] = 0;
            NetworkEndian.WriteUInt16(f, 24, Checksum.Compute(f, 14, 20));
        }
    }

    internal sealed class RecordingProtocol : IIpv4Protocol
    {
        public static int Received;
        public static int LastLength;
        public static uint LastSource;

        public static void Reset()
        {
            Received = 0;
            LastLength = 0;
            LastSource = 0;
        }

        public byte ProtocolNumber { get { return 6; } }

        public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            Received++;
            LastLength = length;
            LastSource = source;
        }

        public long Poll(IIpv4Output output, long nowMs)
        {
            return 777;
        }
    }

    internal sealed class CountingTask : NanoStack.Scheduling.IStackTask
    {
        public static int Steps;

        public long Step(long nowMs)
        {
            Steps++;
            return nowMs + 500;
        }
    }
}
