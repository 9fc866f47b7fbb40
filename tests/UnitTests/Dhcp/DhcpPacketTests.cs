using nanoFramework.TestFramework;
using NanoStack.Wire;

namespace NanoStack.Tests.Dhcp
{
    [TestClass]
    public class DhcpPacketTests
    {
        private static readonly byte[] Mac = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

        [TestMethod]
        public void DnsmasqOfferParsesWithEveryOptionTheClientUses()
        {
            DhcpPacket p = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)p.Parse(CapturedDhcp.Offer, 0, CapturedDhcp.Offer.Length));
            Assert.AreEqual((byte)DhcpPacket.OpBootReply, p.Op);
            Assert.AreEqual((int)DhcpMessageType.Offer, (int)p.MessageType);
            Assert.AreEqual(0x4E414E4Fu, p.TransactionId);
            Assert.AreEqual(0xC0000291u, p.YourAddress);          // 192.0.2.145
            Assert.IsTrue(p.HasServerId);
            Assert.AreEqual(0xC0000201u, p.ServerId);
            Assert.IsTrue(p.HasSubnetMask);
            Assert.AreEqual(0xFFFFFF00u, p.SubnetMask);
            Assert.AreEqual(0xC0000201u, p.Router);
            Assert.AreEqual(1, p.DnsServerCount);
            Assert.AreEqual(0xC0000201u, p.DnsServer(0));
            Assert.AreEqual(120u, p.LeaseTimeSeconds);              // --dhcp-range ...,2m
            Assert.AreEqual(60u, p.RenewalTimeSeconds);             // T1 = 0.5 lease (RFC 2131 §4.4.5)
            Assert.AreEqual(105u, p.RebindingTimeSeconds);          // T2 = 0.875 lease
            Assert.IsTrue(p.IsForHardwareAddress(Mac));
        }

        [TestMethod]
        public void DnsmasqAckCarriesTheLeaseForTheOfferedAddress()
        {
            DhcpPacket p = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)p.Parse(CapturedDhcp.Ack, 0, CapturedDhcp.Ack.Length));
            Assert.AreEqual((int)DhcpMessageType.Ack, (int)p.MessageType);
            Assert.AreEqual(0xC0000291u, p.YourAddress);
            Assert.AreEqual(120u, p.LeaseTimeSeconds);
            Assert.AreEqual(0xC0000201u, p.ServerId);
        }

        [TestMethod]
        public void DnsmasqNakHasServerIdAndNoAddress()
        {
            DhcpPacket p = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)p.Parse(CapturedDhcp.Nak, 0, CapturedDhcp.Nak.Length));
            Assert.AreEqual((int)DhcpMessageType.Nak, (int)p.MessageType);
            Assert.AreEqual(0x4E414E50u, p.TransactionId);
            Assert.AreEqual(0u, p.YourAddress);
            Assert.AreEqual(0xC0000201u, p.ServerId);
        }

        [TestMethod]
        public void EmittedDiscoverIsByteForByteTheDiscoverDnsmasqAnswered()
        {
            // The captured DISCOVER carries options 53, 61, 12, 55 in the order our client writes them.
            byte[] b = new byte[400];
            int p = DhcpPacket.EmitRequestHeader(b, 10, 0x4E414E4F, 0, false, 0, Mac);
            p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionMessageType, (byte)DhcpMessageType.Discover);
            p = DhcpPacket.EmitClientIdOption(b, p, Mac);
            byte[] name = new byte[] { (byte)'n', (byte)'a', (byte)'n', (byte)'o', (byte)'s', (byte)'t', (byte)'a', (byte)'c', (byte)'k' };
            p = DhcpPacket.EmitBytesOption(b, p, DhcpPacket.OptionHostName, name, 0, name.Length);
            byte[] prl = new byte[] { 1, 3, 6, 51, 54, 58, 59 };
            p = DhcpPacket.EmitBytesOption(b, p, DhcpPacket.OptionParameterList, prl, 0, prl.Length);
            int length = DhcpPacket.EmitEnd(b, 10, p);
            Assert.AreEqual(300, length);
            byte[] captured = CapturedDhcp.Discover;
            for (int i = 0; i < captured.Length; i++)
            {
                Assert.AreEqual(captured[i], b[10 + i], "byte " + i.ToString());
            }
            for (int i = captured.Length; i < length; i++) Assert.AreEqual((byte)0, b[10 + i]);
        }

        [TestMethod]
        public void EmittedRequestParsesBackWithRequestedAddressAndServerId()
        {
            byte[] b = new byte[320];
            int p = DhcpPacket.EmitRequestHeader(b, 0, 7, 3, true, 0, Mac);
            p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionMessageType, (byte)DhcpMessageType.Request);
            p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionRequestedAddress, 0xC0000291);
            p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionServerId, 0xC0000201);
            int length = DhcpPacket.EmitEnd(b, 0, p);
            DhcpPacket d = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(b, 0, length));
            Assert.AreEqual((byte)DhcpPacket.OpBootRequest, d.Op);
            Assert.AreEqual((ushort)0x8000, d.Flags);
            Assert.AreEqual((ushort)3, d.Secs);
            Assert.AreEqual(0xC0000291u, d.RequestedAddress);
            Assert.AreEqual(0xC0000201u, d.ServerId);
        }

        [TestMethod]
        public void OptionRunningPastTheEndIsRejected()
        {
            byte[] b = Copy(CapturedDhcp.Ack);
            // Cut the message inside the options, in the middle of the lease-time option's value.
            int cut = FindOption(b, DhcpPacket.OptionLeaseTime) + 3;
            Assert.AreEqual((int)WireError.BadOption, (int)new DhcpPacket().Parse(b, 0, cut));
        }

        [TestMethod]
        public void WrongLengthForAFixedSizeOptionIsRejected()
        {
            byte[] b = Copy(CapturedDhcp.Ack);
            b[FindOption(b, DhcpPacket.OptionServerId) + 1] = 3;
            Assert.AreEqual((int)WireError.BadOption, (int)new DhcpPacket().Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void BadMagicCookieIsRejected()
        {
            byte[] b = Copy(CapturedDhcp.Offer);
            b[239] ^= 1;
            Assert.AreEqual((int)WireError.BadCookie, (int)new DhcpPacket().Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void ShortMessageIsRejectedWithoutThrowing()
        {
            Assert.AreEqual((int)WireError.Truncated, (int)new DhcpPacket().Parse(CapturedDhcp.Offer, 0, 243));
            Assert.AreEqual((int)WireError.Truncated, (int)new DhcpPacket().Parse(CapturedDhcp.Offer, 100, CapturedDhcp.Offer.Length));
        }

        [TestMethod]
        public void OptionsInTheFileFieldAreReadWhenOverloaded()
        {
            // RFC 2132 §9.3: option 52 = 1 moves more options into 'file' (offset 108).
            byte[] b = new byte[300];
            int p = DhcpPacket.EmitRequestHeader(b, 0, 1, 0, false, 0, Mac);
            b[0] = DhcpPacket.OpBootReply;
            p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionMessageType, (byte)DhcpMessageType.Ack);
            p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionOverload, 1);
            DhcpPacket.EmitEnd(b, 0, p);
            int f = DhcpPacket.EmitUInt32Option(b, 108, DhcpPacket.OptionLeaseTime, 3600);
            b[f] = DhcpPacket.OptionEnd;
            DhcpPacket d = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(b, 0, 300));
            Assert.IsTrue(d.HasLeaseTime);
            Assert.AreEqual(3600u, d.LeaseTimeSeconds);
        }

        [TestMethod]
        public void MessageWithoutMessageTypeIsBootpAndRejected()
        {
            byte[] b = new byte[300];
            int p = DhcpPacket.EmitRequestHeader(b, 0, 1, 0, false, 0, Mac);
            DhcpPacket.EmitEnd(b, 0, p);
            Assert.AreEqual((int)WireError.NoMessageType, (int)new DhcpPacket().Parse(b, 0, 300));
        }

        private static byte[] Copy(byte[] source)
        {
            byte[] b = new byte[source.Length];
            System.Array.Copy(source, b, source.Length);
            return b;
        }

        // Position of option 'code' in the options area of a well-formed message.
        private static int FindOption(byte[] b, byte code)
        {
            int p = DhcpPacket.OptionsOffset;
            while (b[p] != code)
            {
                p = b[p] == 0 ? p + 1 : p + 2 + b[p + 1];
            }
            return p;
        }

        // ---- option and bound edges (RFC 2131 §2, RFC 2132), found by mutation testing (issue 18) -------------

        // A BOOTREPLY header at 'offset' with an ACK message type option; returns where the next option goes.
        private static int Reply(byte[] b, int offset)
        {
            int p = DhcpPacket.EmitRequestHeader(b, offset, 7, 0, false, 0, Mac);
            b[offset] = DhcpPacket.OpBootReply;
            return DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionMessageType, (byte)DhcpMessageType.Ack);
        }

        [TestMethod]
        public void AFixedLengthOptionGivenTwiceIsStillPresentWithTheLaterValue()
        {
            // RFC 2131 §4.1 lets a server repeat an option; for the fixed-length ones we read, the later copy wins and
            // the option stays present (a second copy must not turn its "present" bit back off).
            byte[] codes = new byte[] { DhcpPacket.OptionSubnetMask, DhcpPacket.OptionServerId, DhcpPacket.OptionLeaseTime,
                DhcpPacket.OptionRenewalTime, DhcpPacket.OptionRebindingTime, DhcpPacket.OptionRequestedAddress };
            for (int i = 0; i < codes.Length; i++)
            {
                byte[] b = new byte[300];
                int o = Reply(b, 0);
                o = DhcpPacket.EmitUInt32Option(b, o, codes[i], 0x11111111);
                o = DhcpPacket.EmitUInt32Option(b, o, codes[i], 0x22222222);
                DhcpPacket.EmitEnd(b, 0, o);
                DhcpPacket p = new DhcpPacket();
                Assert.AreEqual((int)WireError.None, (int)p.Parse(b, 0, 300));
                bool present = i == 0 ? p.HasSubnetMask : i == 1 ? p.HasServerId : i == 2 ? p.HasLeaseTime
                    : i == 3 ? p.HasRenewalTime : i == 4 ? p.HasRebindingTime : p.HasRequestedAddress;
                uint value = i == 0 ? p.SubnetMask : i == 1 ? p.ServerId : i == 2 ? p.LeaseTimeSeconds
                    : i == 3 ? p.RenewalTimeSeconds : i == 4 ? p.RebindingTimeSeconds : p.RequestedAddress;
                Assert.IsTrue(present, "option " + codes[i] + " given twice");
                Assert.AreEqual(0x22222222u, value);
            }
        }

        [TestMethod]
        public void HardwareAddressMustMatchInAllSixBytes()
        {
            DhcpPacket p = new DhcpPacket();
            p.Parse(CapturedDhcp.Offer, 0, CapturedDhcp.Offer.Length);
            byte[] other = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
            Assert.IsFalse(p.IsForHardwareAddress(other));
            other = new byte[] { 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 };
            Assert.IsFalse(p.IsForHardwareAddress(other));
        }

        [TestMethod]
        public void ParseForgetsTheOptionsOfThePreviousMessage()
        {
            DhcpPacket p = new DhcpPacket();
            byte[] b = new byte[300];
            int o = Reply(b, 0);
            o = DhcpPacket.EmitUInt32Option(b, o, DhcpPacket.OptionRequestedAddress, 0xC0000291);
            byte[] host = new byte[] { (byte)'n', (byte)'s' };
            o = DhcpPacket.EmitBytesOption(b, o, DhcpPacket.OptionHostName, host, 0, 2);
            o = DhcpPacket.EmitClientIdOption(b, o, Mac);
            DhcpPacket.EmitEnd(b, 0, o);
            Assert.AreEqual((int)WireError.None, (int)p.Parse(b, 0, 300));
            Assert.IsTrue(p.HasRequestedAddress);
            Assert.AreEqual(2, p.HostNameLength);
            Assert.AreNotEqual(-1, p.ClientIdOffset);
            Assert.AreEqual((int)WireError.None, (int)p.Parse(CapturedDhcp.Offer, 0, CapturedDhcp.Offer.Length));
            byte[] bare = new byte[300];
            DhcpPacket.EmitEnd(bare, 0, Reply(bare, 0));
            Assert.AreEqual((int)WireError.None, (int)p.Parse(bare, 0, 300));
            Assert.IsFalse(p.HasSubnetMask);
            Assert.IsFalse(p.HasServerId);
            Assert.IsFalse(p.HasLeaseTime);
            Assert.IsFalse(p.HasRenewalTime);
            Assert.IsFalse(p.HasRebindingTime);
            Assert.IsFalse(p.HasRequestedAddress);
            Assert.AreEqual(0, p.DnsServerCount);
            Assert.AreEqual(-1, p.HostNameOffset);
            Assert.AreEqual(-1, p.ClientIdOffset);
        }

        [TestMethod]
        public void MessageOfTheMinimumLengthAtAnOffsetParses()
        {
            // 236 fixed + cookie + message type (3) + end = 244 bytes, 42 bytes into an Ethernet frame.
            byte[] b = new byte[42 + 300];
            DhcpPacket.EmitEnd(b, 42, Reply(b, 42));
            DhcpPacket p = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)p.Parse(b, 42, 244));
            Assert.AreEqual((int)WireError.Truncated, (int)p.Parse(b, 42, 243));
            Assert.AreEqual((int)WireError.Truncated, (int)p.Parse(null, 0, 300));
            Assert.AreEqual((int)WireError.Truncated, (int)p.Parse(b, -1, 244));
        }

        [TestMethod]
        public void HardwareTypeAndLengthMustBothBeEthernet()
        {
            byte[] b = new byte[300];
            DhcpPacket.EmitEnd(b, 0, Reply(b, 0));
            b[2] = 8; // hlen 8 with htype 1
            Assert.AreEqual((int)WireError.BadHardware, (int)new DhcpPacket().Parse(b, 0, 300));
            b[2] = 6; b[1] = 6; // htype IEEE 802 with hlen 6
            Assert.AreEqual((int)WireError.BadHardware, (int)new DhcpPacket().Parse(b, 0, 300));
        }

        [TestMethod]
        public void OptionsInTheSnameFieldAreReadOnlyWhenOverloadSaysSo()
        {
            // RFC 2132 §9.3: 52 = 2 means 'sname' (offset 44) holds options; 3 means both 'file' and 'sname'.
            for (int overload = 1; overload <= 3; overload++)
            {
                byte[] b = new byte[300];
                int p = Reply(b, 0);
                p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionOverload, (byte)overload);
                DhcpPacket.EmitEnd(b, 0, p);
                int s = DhcpPacket.EmitUInt32Option(b, 44, DhcpPacket.OptionServerId, 0xC0000201);
                b[s] = DhcpPacket.OptionEnd;
                int f = DhcpPacket.EmitUInt32Option(b, 108, DhcpPacket.OptionLeaseTime, 3600);
                b[f] = DhcpPacket.OptionEnd;
                DhcpPacket d = new DhcpPacket();
                Assert.AreEqual((int)WireError.None, (int)d.Parse(b, 0, 300));
                Assert.AreEqual((overload & 2) != 0, d.HasServerId, "sname read");
                Assert.AreEqual((overload & 1) != 0, d.HasLeaseTime, "file read");
                b[s] = 0x03; // sname now ends in a router option without its length: malformed
                Assert.AreEqual((overload & 2) != 0 ? (int)WireError.BadOption : (int)WireError.None,
                    (int)new DhcpPacket().Parse(b, 0, 300));
            }
        }

        [TestMethod]
        public void OptionsEndingExactlyAtTheDatagramEndWithoutAnEndOptionAreAccepted()
        {
            byte[] b = new byte[250];
            int p = Reply(b, 0);
            p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionOverload, 0);
            // Message is 246 bytes; the array goes on with bytes that are not part of it.
            b[246] = DhcpPacket.OptionMessageType; b[247] = 1; b[248] = 5;
            DhcpPacket d = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(b, 0, p));
            Assert.AreEqual((int)DhcpMessageType.Ack, (int)d.MessageType);
        }

        [TestMethod]
        public void OptionCodeAsTheLastByteIsMalformedAndPadIsSkipped()
        {
            byte[] b = new byte[246];
            int p = Reply(b, 0);
            b[p] = DhcpPacket.OptionPad;
            b[p + 1] = DhcpPacket.OptionPad;
            Assert.AreEqual((int)WireError.None, (int)new DhcpPacket().Parse(b, 0, 245), "pads up to the end");
            b[245] = DhcpPacket.OptionRouter; // a code with no length byte, at the end of the array
            Assert.AreEqual((int)WireError.BadOption, (int)new DhcpPacket().Parse(b, 0, 246));
        }

        [TestMethod]
        [DataRow(53, 2)]
        [DataRow(1, 3)]
        [DataRow(51, 5)]
        [DataRow(58, 3)]
        [DataRow(59, 2)]
        [DataRow(50, 6)]
        [DataRow(52, 2)]
        [DataRow(3, 6)]
        [DataRow(3, 0)]
        [DataRow(6, 2)]
        [DataRow(6, 5)]
        public void FixedSizeOptionWithAnotherLengthIsRejected(int code, int length)
        {
            // RFC 2132: 53 and 52 carry 1 byte; 1, 50, 51, 58, 59 carry 4; 3 and 6 a non-empty list of addresses.
            byte[] b = new byte[300];
            int p = Reply(b, 0);
            b[p] = (byte)code;
            b[p + 1] = (byte)length;
            DhcpPacket.EmitEnd(b, 0, p + 2 + length);
            Assert.AreEqual((int)WireError.BadOption, (int)new DhcpPacket().Parse(b, 0, 300));
        }

        [TestMethod]
        public void RouterAndDnsListsKeepTheFirstRouterAndUpToThreeServers()
        {
            // RFC 2132 §3.5, §3.8: lists of addresses, in order of preference.
            byte[] b = new byte[300];
            int p = Reply(b, 0);
            b[p++] = DhcpPacket.OptionRouter; b[p++] = 8;
            b[p++] = 192; b[p++] = 0; b[p++] = 2; b[p++] = 1;
            b[p++] = 192; b[p++] = 0; b[p++] = 2; b[p++] = 2;
            b[p++] = DhcpPacket.OptionDnsServer; b[p++] = 16;
            for (int i = 1; i <= 4; i++) { b[p++] = 198; b[p++] = 51; b[p++] = 100; b[p++] = (byte)i; }
            DhcpPacket.EmitEnd(b, 0, p);
            DhcpPacket d = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(b, 0, 300));
            Assert.AreEqual(0xC0000201u, d.Router);
            Assert.AreEqual(3, d.DnsServerCount);
            Assert.AreEqual(0xC6336401u, d.DnsServer(0));
            Assert.AreEqual(0xC6336402u, d.DnsServer(1));
            Assert.AreEqual(0xC6336403u, d.DnsServer(2));
        }

        [TestMethod]
        public void TimesAndRequestedAddressAreFlaggedWhenPresent()
        {
            byte[] b = new byte[300];
            int p = Reply(b, 0);
            p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionRenewalTime, 60);
            p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionRebindingTime, 105);
            p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionRequestedAddress, 0xC0000291);
            DhcpPacket.EmitEnd(b, 0, p);
            DhcpPacket d = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(b, 0, 300));
            Assert.IsTrue(d.HasRenewalTime);
            Assert.IsTrue(d.HasRebindingTime);
            Assert.IsTrue(d.HasRequestedAddress);
        }

        [TestMethod]
        public void RequestHeaderClearsWhatWasInTheBufferBefore()
        {
            byte[] b = new byte[300];
            for (int i = 0; i < b.Length; i++) b[i] = 0xEE;
            DhcpPacket.EmitRequestHeader(b, 0, 7, 0, false, 0, Mac);
            for (int i = 44; i < 236; i++) Assert.AreEqual((byte)0, b[i], "sname and file are zero");
            Assert.AreEqual(0u, NetworkEndian.ReadUInt32(b, 12), "ciaddr");
        }

        [TestMethod]
        public void FixedFieldsAreReadRelativeToTheMessageStart()
        {
            // RFC 2131 §2: siaddr at 20, giaddr at 24, chaddr at 28. The message sits 10 bytes into the array.
            byte[] b = new byte[10 + CapturedDhcp.Offer.Length];
            System.Array.Copy(CapturedDhcp.Offer, 0, b, 10, CapturedDhcp.Offer.Length);
            NetworkEndian.WriteUInt32(b, 10 + 20, 0xC0000205);
            NetworkEndian.WriteUInt32(b, 10 + 24, 0xC0000206);
            DhcpPacket p = new DhcpPacket();
            Assert.AreEqual((int)WireError.None, (int)p.Parse(b, 10, CapturedDhcp.Offer.Length));
            Assert.IsTrue(p.Buffer == b);
            Assert.AreEqual(10, p.Offset);
            Assert.AreEqual(0xC0000205u, p.ServerAddress);
            Assert.AreEqual(0xC0000206u, p.RelayAddress);
            Assert.AreEqual(10 + 28, p.ClientHardwareOffset);
            Assert.IsTrue(p.IsForHardwareAddress(Mac));
        }
    }
}
