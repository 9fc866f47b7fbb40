using nanoFramework.TestFramework;
using NanoStack.Wire;

namespace NanoStack.Tests.Wire
{
    /// <summary>The views read the captured Linux frames field by field, and the emit paths rebuild them byte for byte.</summary>
    [TestClass]
    public class ViewTests
    {
        [TestMethod]
        public void EthernetViewReadsCapturedArpFrame()
        {
            EthernetFrame eth = new EthernetFrame();
            byte[] f = CapturedFrames.ArpRequest;
            Assert.AreEqual((int)WireError.None, (int)eth.Parse(f, 0, f.Length));
            Assert.IsTrue(MacAddress.IsBroadcast(f, eth.DestinationOffset));
            Assert.IsTrue(MacAddress.AreEqual(f, eth.SourceOffset, CapturedFrames.LinuxMac, 0));
            Assert.AreEqual(EthernetFrame.EtherTypeArp, eth.EtherType);
            Assert.AreEqual(44, eth.PayloadLength);
        }

        [TestMethod]
        public void EthernetViewReadsAFrameAtAnOffset()
        {
            // The captured ARP frame copied 5 bytes into a larger buffer (a driver's receive buffer holds a status
            // vector in front): every position is relative to where the frame starts.
            byte[] f = CapturedFrames.ArpRequest;
            byte[] b = new byte[f.Length + 5];
            System.Array.Copy(f, 0, b, 5, f.Length);
            EthernetFrame eth = new EthernetFrame();
            Assert.AreEqual((int)WireError.None, (int)eth.Parse(b, 5, f.Length));
            Assert.AreEqual(5, eth.DestinationOffset);
            Assert.AreEqual(11, eth.SourceOffset);
            Assert.AreEqual(19, eth.PayloadOffset);
            Assert.AreEqual(f.Length - 14, eth.PayloadLength);
            Assert.AreEqual(EthernetFrame.EtherTypeArp, eth.EtherType);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(13)]
        public void EthernetViewRejectsFramesShorterThanTheHeader(int length)
        {
            EthernetFrame eth = new EthernetFrame();
            Assert.AreEqual((int)WireError.Truncated, (int)eth.Parse(new byte[64], 0, length));
        }

        [TestMethod]
        public void ViewsRejectRangesOutsideTheArray()
        {
            byte[] b = new byte[40];
            Assert.AreEqual((int)WireError.Truncated, (int)new EthernetFrame().Parse(b, 30, 20));
            Assert.AreEqual((int)WireError.Truncated, (int)new Ipv4Packet().Parse(b, -1, 20));
            Assert.AreEqual((int)WireError.Truncated, (int)new UdpPacket().Parse(null, 0, 8));
            Assert.AreEqual((int)WireError.Truncated, (int)new ArpPacket().Parse(b, 20, 28));
            Assert.AreEqual((int)WireError.Truncated, (int)new Icmpv4Packet().Parse(b, 0, -8));
        }

        [TestMethod]
        public void ArpViewReadsCapturedArpingRequest()
        {
            ArpPacket arp = new ArpPacket();
            byte[] f = CapturedFrames.ArpRequest;
            Assert.AreEqual((int)WireError.None, (int)arp.Parse(f, 14, f.Length - 14));
            Assert.IsTrue(arp.IsEthernetIpv4);
            Assert.AreEqual(ArpPacket.OperationRequest, arp.Operation);
            Assert.AreEqual(CapturedFrames.LinuxAddress, arp.SenderProtocolAddress);
            Assert.AreEqual(CapturedFrames.BoardAddress, arp.TargetProtocolAddress);
            Assert.IsTrue(MacAddress.AreEqual(f, arp.SenderHardwareOffset, CapturedFrames.LinuxMac, 0));
        }

        [TestMethod]
        public void ArpEmitRebuildsCapturedRequest()
        {
            byte[] f = CapturedFrames.ArpRequest;
            byte[] b = new byte[28];
            ArpPacket.Emit(b, 0, ArpPacket.OperationRequest, CapturedFrames.LinuxMac, 0, CapturedFrames.LinuxAddress,
                null, 0, CapturedFrames.BoardAddress);
            CollectionAssert.AreEqual(Iface.TestNet.Slice(f, 14, 28), b);
        }

        [TestMethod]
        public void Ipv4ViewReadsCapturedEchoRequest()
        {
            Ipv4Packet ip = new Ipv4Packet();
            byte[] f = CapturedFrames.EchoRequest;
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 14, f.Length - 14));
            Assert.AreEqual(4, ip.Version);
            Assert.AreEqual(20, ip.HeaderLength);
            Assert.AreEqual(84, ip.TotalLength);
            Assert.AreEqual((ushort)0x3bb5, ip.Identification);
            Assert.IsTrue(ip.DontFragment);
            Assert.IsFalse(ip.IsFragment);
            Assert.AreEqual((byte)64, ip.Ttl);
            Assert.AreEqual(Ipv4Packet.ProtocolIcmp, ip.Protocol);
            Assert.AreEqual(CapturedFrames.LinuxAddress, ip.Source);
            Assert.AreEqual(CapturedFrames.BoardAddress, ip.Destination);
            Assert.AreEqual(64, ip.PayloadLength);
            Assert.IsTrue(ip.VerifyChecksum());
        }

        [TestMethod]
        public void Ipv4EmitRebuildsCapturedHeaderIncludingChecksum()
        {
            byte[] b = new byte[20];
            Ipv4Packet.Emit(b, 0, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolIcmp, 64,
                0x3bb5, 64, true, false, 0);
            CollectionAssert.AreEqual(Iface.TestNet.Slice(CapturedFrames.EchoRequest, 14, 20), b);
        }

        [TestMethod]
        public void Ipv4EmitRebuildsCapturedMiddleFragmentHeader()
        {
            byte[] b = new byte[20];
            Ipv4Packet.Emit(b, 0, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, Ipv4Packet.ProtocolIcmp, 1480,
                0x3be7, 64, false, true, 1480);
            CollectionAssert.AreEqual(Iface.TestNet.Slice(CapturedFrames.Echo3000Fragment2, 14, 20), b);
        }

        [TestMethod]
        public void Ipv4ViewReadsCapturedFragmentOffsets()
        {
            Ipv4Packet ip = new Ipv4Packet();
            byte[] f = CapturedFrames.Echo3000Fragment3;
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 14, f.Length - 14));
            Assert.IsTrue(ip.IsFragment);
            Assert.IsFalse(ip.MoreFragments);
            Assert.AreEqual(2960, ip.FragmentOffset);
            Assert.AreEqual(48, ip.PayloadLength);
        }

        [TestMethod]
        public void Ipv4ViewRejectsWrongVersionHeaderLengthAndTotalLength()
        {
            Ipv4Packet ip = new Ipv4Packet();
            byte[] f = Iface.TestNet.Slice(CapturedFrames.EchoRequest, 14, 84);
            f[0] = 0x65;
            Assert.AreEqual((int)WireError.BadVersion, (int)ip.Parse(f, 0, 84));
            f[0] = 0x44;
            Assert.AreEqual((int)WireError.BadHeaderLength, (int)ip.Parse(f, 0, 84));
            f[0] = 0x4F; // 60-byte header is fine in 84 bytes, but then total length 84 is checked against 83 below
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 0, 84));
            f[0] = 0x45;
            Assert.AreEqual((int)WireError.BadLength, (int)ip.Parse(f, 0, 83));
            f[2] = 0;
            f[3] = 19;
            Assert.AreEqual((int)WireError.BadLength, (int)ip.Parse(f, 0, 84));
        }

        [TestMethod]
        public void IcmpViewReadsCapturedEchoRequest()
        {
            Icmpv4Packet icmp = new Icmpv4Packet();
            byte[] f = CapturedFrames.EchoRequest;
            Assert.AreEqual((int)WireError.None, (int)icmp.Parse(f, 34, 64));
            Assert.AreEqual(Icmpv4Packet.TypeEchoRequest, icmp.Type);
            Assert.AreEqual((byte)0, icmp.Code);
            Assert.AreEqual((ushort)0x3cf2, icmp.Identifier);
            Assert.AreEqual((ushort)1, icmp.SequenceNumber);
            Assert.AreEqual(56, icmp.DataLength);
            Assert.IsTrue(icmp.VerifyChecksum());
            Assert.IsFalse(icmp.IsErrorOrUnknown);
        }

        [TestMethod]
        public void IcmpEmitRebuildsCapturedEchoChecksum()
        {
            byte[] m = Iface.TestNet.Slice(CapturedFrames.EchoRequest, 34, 64);
            m[2] = 0xAA;
            m[3] = 0x55;
            Icmpv4Packet.Emit(m, 0, 64, Icmpv4Packet.TypeEchoRequest, 0, 0x3cf20001);
            CollectionAssert.AreEqual(Iface.TestNet.Slice(CapturedFrames.EchoRequest, 34, 64), m);
        }

        [TestMethod]
        public void UdpViewReadsCapturedSocatDatagram()
        {
            UdpPacket udp = new UdpPacket();
            byte[] f = CapturedFrames.UdpHello;
            Assert.AreEqual((int)WireError.None, (int)udp.Parse(f, 34, f.Length - 34));
            Assert.AreEqual((ushort)40000, udp.SourcePort);
            Assert.AreEqual((ushort)7, udp.DestinationPort);
            Assert.AreEqual(15, udp.PayloadLength);
            Assert.IsTrue(udp.VerifyChecksum(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress));
            Assert.IsFalse(udp.VerifyChecksum(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress + 1));
        }

        [TestMethod]
        public void UdpEmitRebuildsCapturedChecksum()
        {
            byte[] d = Iface.TestNet.Slice(CapturedFrames.UdpHello, 34, 23);
            d[6] = 0;
            d[7] = 0;
            UdpPacket.Emit(d, 0, 40000, 7, 15, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress);
            CollectionAssert.AreEqual(Iface.TestNet.Slice(CapturedFrames.UdpHello, 34, 23), d);
        }

        [TestMethod]
        public void UdpEmitSendsAComputedZeroChecksumAsAllOnesRfc768()
        {
            // RFC 768: "If the computed checksum is zero, it is transmitted as all ones"; a zero field would tell
            // the receiver that no checksum was computed at all.
            byte[] d = new byte[8 + 6];
            d[8] = 0x68;
            d[9] = 0x69;
            ReferenceChecksum.FillForZeroUdpChecksum(d, 8, 6, 12, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress,
                40000, 7);
            UdpPacket.Emit(d, 0, 40000, 7, 6, CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress);
            Assert.AreEqual((byte)0xFF, d[6]);
            Assert.AreEqual((byte)0xFF, d[7]);
            UdpPacket udp = new UdpPacket();
            Assert.AreEqual((int)WireError.None, (int)udp.Parse(d, 0, d.Length));
            Assert.IsTrue(udp.VerifyChecksum(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress));
        }

        [TestMethod]
        public void UdpZeroChecksumMeansNotComputedRfc768()
        {
            byte[] d = Iface.TestNet.Slice(CapturedFrames.UdpHello, 34, 23);
            d[6] = 0;
            d[7] = 0;
            d[10] ^= 0xFF; // payload changed: would fail any real checksum
            UdpPacket udp = new UdpPacket();
            udp.Parse(d, 0, 23);
            Assert.IsTrue(udp.VerifyChecksum(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress));
        }

        [TestMethod]
        [DataRow(7)]
        [DataRow(24)]
        public void UdpViewRejectsLengthFieldBelowHeaderOrBeyondBytes(int lengthField)
        {
            byte[] d = Iface.TestNet.Slice(CapturedFrames.UdpHello, 34, 23);
            d[4] = 0;
            d[5] = (byte)lengthField;
            Assert.AreEqual((int)WireError.BadLength, (int)new UdpPacket().Parse(d, 0, 23));
        }

        // ---- boundaries (mutation testing, issue 18): a header of exactly the minimum size is valid ----------

        [TestMethod]
        public void EveryViewAcceptsAHeaderOfExactlyItsMinimumLength()
        {
            byte[] b = new byte[28];
            Assert.AreEqual((int)WireError.None, (int)new EthernetFrame().Parse(b, 0, 14));
            Assert.AreEqual((int)WireError.None, (int)new ArpPacket().Parse(b, 0, 28));
            Assert.AreEqual((int)WireError.None, (int)new Icmpv4Packet().Parse(b, 0, 8));
            b[5] = 8; // UDP length 8: an empty datagram (RFC 768: the length counts the header)
            Assert.AreEqual((int)WireError.None, (int)new UdpPacket().Parse(b, 0, 8));
            Assert.AreEqual((int)WireError.Truncated, (int)new UdpPacket().Parse(b, 0, 7));
            Assert.AreEqual((int)WireError.Truncated, (int)new ArpPacket().Parse(b, 0, 27));
            Assert.AreEqual((int)WireError.Truncated, (int)new Icmpv4Packet().Parse(b, 0, 7));
        }

        [TestMethod]
        public void Ipv4DatagramThatIsOnlyAHeaderParsesWithAnEmptyPayload()
        {
            // RFC 791: IHL 5 and Total Length 20, nothing after the header, in a range of exactly 20 bytes.
            byte[] b = new byte[20];
            b[0] = 0x45;
            b[3] = 20;
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(b, 0, 20));
            Assert.AreEqual(0, ip.PayloadLength);
            Assert.AreEqual((int)WireError.Truncated, (int)new Ipv4Packet().Parse(b, 0, 19));
        }

        [TestMethod]
        public void Ipv4FlagsAreReadFromTheirOwnBits()
        {
            // RFC 791 §3.1: flags are bit 0 reserved (0x80), DF (0x40), MF (0x20) of byte 6; TOS is byte 1.
            byte[] b = new byte[20];
            b[0] = 0x45;
            b[1] = 0xB8; // DSCP EF
            b[3] = 20;
            b[6] = 0x80;
            Ipv4Packet ip = new Ipv4Packet();
            ip.Parse(b, 0, 20);
            Assert.IsTrue(ip.ReservedFlag);
            Assert.IsFalse(ip.DontFragment);
            Assert.IsFalse(ip.MoreFragments);
            Assert.AreEqual((byte)0xB8, ip.TypeOfService);
            b[6] = 0x40;
            Assert.IsFalse(ip.ReservedFlag);
            Assert.IsTrue(ip.DontFragment);
        }

        [TestMethod]
        public void ArpRequestEmitZeroesTheTargetHardwareAddress()
        {
            // RFC 826: the requester does not know the target's address; a request carries zeros there.
            byte[] b = new byte[28];
            for (int i = 0; i < b.Length; i++) b[i] = 0xEE;
            ArpPacket.Emit(b, 0, ArpPacket.OperationRequest, CapturedFrames.LinuxMac, 0, CapturedFrames.LinuxAddress,
                null, 0, CapturedFrames.BoardAddress);
            ArpPacket arp = new ArpPacket();
            Assert.AreEqual((int)WireError.None, (int)arp.Parse(b, 0, 28));
            Assert.IsTrue(MacAddress.IsZero(b, arp.TargetHardwareOffset));
            Assert.AreEqual(CapturedFrames.BoardAddress, arp.TargetProtocolAddress);
        }

        [TestMethod]
        public void EthernetEmitWritesTheSourceAddress()
        {
            byte[] b = new byte[14];
            byte[] dst = new byte[] { 1, 2, 3, 4, 5, 6 };
            EthernetFrame.Emit(b, 0, dst, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeArp);
            EthernetFrame eth = new EthernetFrame();
            eth.Parse(b, 0, 14);
            Assert.IsTrue(MacAddress.AreEqual(b, eth.DestinationOffset, dst, 0));
            Assert.IsTrue(MacAddress.AreEqual(b, eth.SourceOffset, CapturedFrames.LinuxMac, 0));
        }

        [TestMethod]
        public void IcmpEmitWritesTheRestOfHeaderUnderTheChecksum()
        {
            // RFC 792 echo: identifier and sequence number are the 4 bytes after the checksum.
            byte[] b = new byte[8];
            Icmpv4Packet.Emit(b, 0, 8, 8, 0, 0x12345678);
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(b, 0, 8);
            Assert.AreEqual(0x12345678u, NetworkEndian.ReadUInt32(b, 4));
            Assert.IsTrue(icmp.VerifyChecksum());
            Assert.AreEqual((ushort)(0xFFFF - 0x0800 - 0x1234 - 0x5678), icmp.MessageChecksum);
            Assert.AreEqual(8, icmp.DataOffset);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(8)]
        [DataRow(13)]
        [DataRow(14)]
        [DataRow(15)]
        [DataRow(16)]
        [DataRow(17)]
        [DataRow(18)]
        public void IcmpQueriesAndRepliesAreNotErrors(int type)
        {
            // RFC 1122 §3.2.2: echo, timestamp, information and address-mask messages may be answered with errors.
            byte[] b = new byte[8];
            b[0] = (byte)type;
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(b, 0, 8);
            Assert.IsFalse(icmp.IsErrorOrUnknown);
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(11)]
        [DataRow(1)]
        public void IcmpErrorsAndUnknownTypesAreErrors(int type)
        {
            byte[] b = new byte[8];
            b[0] = (byte)type;
            Icmpv4Packet icmp = new Icmpv4Packet();
            icmp.Parse(b, 0, 8);
            Assert.IsTrue(icmp.IsErrorOrUnknown);
        }

        [TestMethod]
        public void MacAddressZeroBroadcastAndCompareLookAtAllSixBytes()
        {
            byte[] b = new byte[12];
            Assert.IsTrue(MacAddress.IsZero(b, 0));
            b[5] = 1;
            Assert.IsFalse(MacAddress.IsZero(b, 0));
            Assert.IsTrue(MacAddress.IsZero(b, 6));
            MacAddress.WriteBroadcast(b, 6);
            Assert.IsTrue(MacAddress.IsBroadcast(b, 6));
            Assert.AreEqual((byte)1, b[5]);
            Assert.AreEqual((byte)0xFF, b[11]);
        }

        [TestMethod]
        public void TcpOptionsAfterNopsAreReadAndEndStopsTheList()
        {
            // RFC 9293 §3.2: NOP (1) is one byte; End (0) ends the list even if option-looking bytes follow.
            byte[] b = new byte[32];
            b[12] = 8 << 4; // data offset 32
            b[13] = TcpFlags.Psh | TcpFlags.Ack;
            b[20] = 1;
            b[21] = 1;
            b[22] = 2; b[23] = 4; b[24] = 0x05; b[25] = 0xB4; // MSS 1460
            b[26] = 0;
            b[27] = 2; b[28] = 4; b[29] = 0x02; b[30] = 0x00; // after End: not an option
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(b, 0, 32, out p));
            Assert.AreEqual((ushort)1460, p.MaxSegmentSize);
            Assert.IsTrue(p.Psh);
            Assert.IsFalse(p.Syn);
        }

        [TestMethod]
        public void TcpOptionWithKindOnlyAtTheEndOfTheHeaderIsBad()
        {
            byte[] b = new byte[24];
            b[12] = 6 << 4;
            b[20] = 1; b[21] = 1; b[22] = 1;
            b[23] = 2; // MSS kind with no room for its length byte
            TcpPacket p;
            Assert.AreEqual((int)WireError.BadOption, (int)TcpPacket.TryParse(b, 0, 24, out p));
        }

        [TestMethod]
        public void TcpMssIsOnlyTakenFromAFourByteOption()
        {
            // An MSS option with another length is malformed as MSS and must not set the value.
            byte[] b = new byte[28];
            b[12] = 7 << 4;
            b[20] = 2; b[21] = 6; b[22] = 0x05; b[23] = 0xB4; b[24] = 0; b[25] = 0;
            b[26] = 1; b[27] = 0;
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(b, 0, 28, out p));
            Assert.AreEqual((ushort)0, p.MaxSegmentSize);
            b[20] = 3; b[21] = 4; // window scale kind with length 4: not MSS either
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(b, 0, 28, out p));
            Assert.AreEqual((ushort)0, p.MaxSegmentSize);
        }

        [TestMethod]
        public void Ipv4HeaderChecksumAndTcpPshAreReadFromTheirOwnBits()
        {
            byte[] f = CapturedFrames.EchoRequest;
            Ipv4Packet ip = new Ipv4Packet();
            Assert.AreEqual((int)WireError.None, (int)ip.Parse(f, 14, f.Length - 14));
            Assert.AreEqual(NetworkEndian.ReadUInt16(f, 24), ip.HeaderChecksum);
            byte[] b = new byte[20];
            b[12] = 5 << 4;
            b[13] = TcpFlags.Syn;
            TcpPacket p;
            TcpPacket.TryParse(b, 0, 20, out p);
            Assert.IsFalse(p.Psh);
            Assert.IsTrue(p.Syn);
        }

        [TestMethod]
        public void IsFragmentSeesMoreFragmentsAndEveryOffsetBitButNotDfOrTheReservedBit()
        {
            // RFC 791 §3.1: flags (reserved, DF, MF) and a 13-bit fragment offset share bytes 6 and 7.
            byte[] b = new byte[20];
            Ipv4Packet ip = new Ipv4Packet();
            ip.Buffer = b;
            Assert.IsFalse(ip.IsFragment);
            b[6] = 0x40; // DF
            Assert.IsFalse(ip.IsFragment);
            b[6] = 0x80; // reserved
            Assert.IsFalse(ip.IsFragment);
            b[6] = 0x20; // MF
            Assert.IsTrue(ip.IsFragment);
            for (int bit = 0; bit < 13; bit++)
            {
                int field = 0x4000 | (1 << bit);
                b[6] = (byte)(field >> 8);
                b[7] = (byte)field;
                Assert.IsTrue(ip.IsFragment, "offset bit " + bit.ToString());
                Assert.AreEqual((1 << bit) * 8, ip.FragmentOffset);
            }
        }
    }
}
