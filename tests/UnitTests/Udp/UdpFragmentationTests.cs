using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Iface;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Udp
{
    /// <summary>UdpSocket.SendTo above one frame: fragmentation from the caller's buffer (RFC 791 §2.3, RFC 768).</summary>
    [TestClass]
    public class UdpFragmentationTests
    {
        private static byte[] Pattern(int length)
        {
            byte[] b = new byte[length];
            uint x = 0x2545F491;
            for (int i = 0; i < length; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                b[i] = (byte)x;
            }
            return b;
        }

        [TestMethod]
        public void ThreeThousandByteDatagramLeavesAsThreeFragmentsWithOffsetsMoreFlagsOneIdAndAWholeDatagramChecksum()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            byte[] data = Pattern(3005);
            // Offset 5 in the caller's buffer: the fragments must come from data[5..3005).
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 40000, data, 5, 3000, 10));

            // 3008 UDP bytes in 1480-byte pieces (multiple of 8 that fits MTU 1500 - 20): 1480, 1480, 48.
            byte[] reassembled = new byte[3008];
            int[] sizes = new int[] { 1480, 1480, 48 };
            int id = -1;
            int at = 0;
            Ipv4Packet ip = new Ipv4Packet();
            for (int n = 0; n < 3; n++)
            {
                byte[] f = TestNet.Take(peer);
                Assert.IsNotNull(f);
                Assert.AreEqual(14 + 20 + sizes[n], f.Length);
                CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(f, 0, 6));
                CollectionAssert.AreEqual(CapturedFrames.BoardMac, TestNet.Slice(f, 6, 6));
                Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 14, f.Length - 14));
                Assert.IsTrue(ip.VerifyChecksum());
                Assert.AreEqual(Ipv4Packet.ProtocolUdp, ip.Protocol);
                Assert.AreEqual(CapturedFrames.BoardAddress, ip.Source);
                Assert.AreEqual(CapturedFrames.LinuxAddress, ip.Destination);
                int flagsOffset = NetworkEndian.ReadUInt16(f, 20);
                Assert.AreEqual(n < 2 ? 0x2000 : 0, flagsOffset & 0xE000);
                Assert.AreEqual(at / 8, flagsOffset & 0x1FFF);
                int thisId = NetworkEndian.ReadUInt16(f, 18);
                if (id >= 0)
                {
                    Assert.AreEqual(id, thisId);
                }
                id = thisId;
                System.Array.Copy(f, 34, reassembled, at, sizes[n]);
                at += sizes[n];
            }
            Assert.IsNull(TestNet.Take(peer));

            UdpPacket udp = new UdpPacket();
            Assert.AreEqual((int)WireError.None, (int)udp.Parse(reassembled, 0, 3008));
            Assert.AreEqual((ushort)7, udp.SourcePort);
            Assert.AreEqual((ushort)40000, udp.DestinationPort);
            Assert.AreEqual(3008, udp.DatagramLength);
            Assert.AreNotEqual((ushort)0, udp.DatagramChecksum);
            Assert.IsTrue(udp.VerifyChecksum(CapturedFrames.BoardAddress, CapturedFrames.LinuxAddress));
            CollectionAssert.AreEqual(TestNet.Slice(data, 5, 3000), TestNet.Slice(reassembled, 8, 3000));

            // The next datagram gets another identification (RFC 791 §3.2).
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 40000, data, 0, 2000, 11));
            byte[] g = TestNet.Take(peer);
            Assert.AreNotEqual(id, (int)NetworkEndian.ReadUInt16(g, 18));
        }

        [TestMethod]
        public void FragmentedDatagramWithAComputedZeroChecksumCarriesAllOnesRfc768()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(s.Bind(7));
            byte[] data = Pattern(3000);
            ReferenceChecksum.FillForZeroUdpChecksum(data, 0, 3000, 1000, CapturedFrames.BoardAddress,
                CapturedFrames.LinuxAddress, 7, 40000);
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 40000, data, 0, 3000, 10));
            byte[] first = TestNet.Take(peer);
            Assert.IsNotNull(first);
            Assert.AreEqual((ushort)0x2000, NetworkEndian.ReadUInt16(first, 20)); // MF, offset 0: it carries the UDP header
            // RFC 768: the checksum over the whole datagram computes to 0 and is sent as FFFF.
            Assert.AreEqual((ushort)0xFFFF, NetworkEndian.ReadUInt16(first, 34 + 6));
        }

        [TestMethod]
        public void OurOwnReassemblerOnASecondStackGetsTheExactBytesBackAfterAnArpMissIsReported()
        {
            MemoryLink boardLink = new MemoryLink(8, 1);
            MemoryLink linuxLink = new MemoryLink(8);
            MemoryLink.Connect(boardLink, linuxLink);
            NetworkStack board = new NetworkStack(boardLink, TestNet.BoardConfig());
            StackConfig lc = TestNet.BoardConfig();
            lc.MacAddress = new byte[] { 0x02, 0, 0, 0, 0, 0x01 };
            lc.Address = CapturedFrames.LinuxAddress;
            lc.UdpReceiveQueueBytes = 8192;
            lc.ReassemblyBufferBytes = 4096; // the 3000-byte datagram: above the default one Ethernet datagram
            lc.RandomSeed = 777;
            NetworkStack linux = new NetworkStack(linuxLink, lc);
            board.Poll(0);
            linux.Poll(0);
            board.Poll(0);
            UdpSocket rx = linux.OpenUdp();
            Assert.IsTrue(rx.Bind(9000));
            UdpSocket tx = board.OpenUdp();
            Assert.IsTrue(tx.Bind(7));
            byte[] data = Pattern(3000);

            // Unresolved next hop: a fragmented datagram is not parked (one MTU per park slot): ARP goes out, false.
            Assert.AreEqual(SendResult.Unresolved, tx.SendTo(CapturedFrames.LinuxAddress, 9000, data, 0, 3000, 10));
            Assert.AreEqual(1, board.Interface.TxFragmentedArpMiss);
            linux.Poll(11);
            board.Poll(12);

            // (The board's start-up gratuitous ARP may have been counted as a drop; only what follows matters.)
            int droppedBefore = linux.Interface.DroppedTotal;
            Assert.AreEqual(SendResult.Ok, tx.SendTo(CapturedFrames.LinuxAddress, 9000, data, 0, 3000, 20));
            linux.Poll(21);
            Assert.AreEqual(3000, rx.Available);
            byte[] got = new byte[3100];
            uint from;
            ushort port;
            Assert.AreEqual(3000, rx.ReceiveFrom(got, 50, 3050, out from, out port));
            Assert.AreEqual(CapturedFrames.BoardAddress, from);
            Assert.AreEqual((ushort)7, port);
            CollectionAssert.AreEqual(data, TestNet.Slice(got, 50, 3000));
            Assert.AreEqual(droppedBefore, linux.Interface.DroppedTotal);
            Assert.AreEqual(1, board.Interface.TxFragmentedArpMiss);
        }

        [DataRow(1473, true)]
        [DataRow(65507, true)]
        [DataRow(65508, false)]
        [TestMethod]
        public void SendToAcceptsUpTo65507BytesAndRefusesMoreAsTooBig(int length, bool accepted)
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            UdpSocket s = stack.OpenUdp();
            byte[] data = Pattern(length);
            int sentBefore = stack.Interface.FramesTransmitted;
            // The peer's queue holds 8 frames; a 65507-byte datagram is 45 fragments, the rest are lost on the link.
            Assert.AreEqual(accepted ? SendResult.Ok : SendResult.TooBig, s.SendTo(CapturedFrames.LinuxAddress, 9, data, 0, length, 1));
            Assert.AreEqual(accepted ? 0 : 1, stack.Interface.TxTooBig);
            Assert.AreEqual(accepted ? (length + 8 + 1479) / 1480 : 0, stack.Interface.FramesTransmitted - sentBefore);
        }
    }
}
