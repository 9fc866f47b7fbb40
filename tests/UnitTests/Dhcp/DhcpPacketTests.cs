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
            Assert.AreEqual((int)DhcpParseResult.Ok, (int)p.Parse(CapturedDhcp.Offer, 0, CapturedDhcp.Offer.Length));
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
            Assert.AreEqual((int)DhcpParseResult.Ok, (int)p.Parse(CapturedDhcp.Ack, 0, CapturedDhcp.Ack.Length));
            Assert.AreEqual((int)DhcpMessageType.Ack, (int)p.MessageType);
            Assert.AreEqual(0xC0000291u, p.YourAddress);
            Assert.AreEqual(120u, p.LeaseTimeSeconds);
            Assert.AreEqual(0xC0000201u, p.ServerId);
        }

        [TestMethod]
        public void DnsmasqNakHasServerIdAndNoAddress()
        {
            DhcpPacket p = new DhcpPacket();
            Assert.AreEqual((int)DhcpParseResult.Ok, (int)p.Parse(CapturedDhcp.Nak, 0, CapturedDhcp.Nak.Length));
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
            Assert.AreEqual((int)DhcpParseResult.Ok, (int)d.Parse(b, 0, length));
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
            Assert.AreEqual((int)DhcpParseResult.BadOption, (int)new DhcpPacket().Parse(b, 0, cut));
        }

        [TestMethod]
        public void WrongLengthForAFixedSizeOptionIsRejected()
        {
            byte[] b = Copy(CapturedDhcp.Ack);
            b[FindOption(b, DhcpPacket.OptionServerId) + 1] = 3;
            Assert.AreEqual((int)DhcpParseResult.BadOption, (int)new DhcpPacket().Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void BadMagicCookieIsRejected()
        {
            byte[] b = Copy(CapturedDhcp.Offer);
            b[239] ^= 1;
            Assert.AreEqual((int)DhcpParseResult.BadCookie, (int)new DhcpPacket().Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void ShortMessageIsRejectedWithoutThrowing()
        {
            Assert.AreEqual((int)DhcpParseResult.TooShort, (int)new DhcpPacket().Parse(CapturedDhcp.Offer, 0, 243));
            Assert.AreEqual((int)DhcpParseResult.TooShort, (int)new DhcpPacket().Parse(CapturedDhcp.Offer, 100, CapturedDhcp.Offer.Length));
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
            Assert.AreEqual((int)DhcpParseResult.Ok, (int)d.Parse(b, 0, 300));
            Assert.IsTrue(d.HasLeaseTime);
            Assert.AreEqual(3600u, d.LeaseTimeSeconds);
        }

        [TestMethod]
        public void MessageWithoutMessageTypeIsBootpAndRejected()
        {
            byte[] b = new byte[300];
            int p = DhcpPacket.EmitRequestHeader(b, 0, 1, 0, false, 0, Mac);
            DhcpPacket.EmitEnd(b, 0, p);
            Assert.AreEqual((int)DhcpParseResult.NoMessageType, (int)new DhcpPacket().Parse(b, 0, 300));
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
    }
}
