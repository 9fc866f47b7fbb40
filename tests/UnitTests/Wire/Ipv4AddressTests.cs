using nanoFramework.TestFramework;
using NanoStack.Wire;

namespace NanoStack.Tests.Wire
{
    [TestClass]
    public class Ipv4AddressTests
    {
        [TestMethod]
        [DataRow("192.0.2.1", 0xC0000201u)]
        [DataRow("0.0.0.0", 0u)]
        [DataRow("255.255.255.255", 0xFFFFFFFFu)]
        [DataRow("224.0.0.251", 0xE00000FBu)]
        public void ParsesDottedDecimal(string text, uint expected)
        {
            uint address;
            Assert.IsTrue(Ipv4Address.TryParse(text, out address));
            Assert.AreEqual(expected, address);
            Assert.AreEqual(text, Ipv4Address.Format(expected));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("1.2.3")]
        [DataRow("1.2.3.4.5")]
        [DataRow("256.1.1.1")]
        [DataRow("1..2.3")]
        [DataRow("1.2.3.4.")]
        [DataRow(" 1.2.3.4")]
        [DataRow("1.2.3.0004")]
        [DataRow("a.b.c.d")]
        public void RejectsMalformedText(string text)
        {
            uint address;
            Assert.IsFalse(Ipv4Address.TryParse(text, out address));
            Assert.ThrowsException(typeof(System.ArgumentException), () => Ipv4Address.Parse(text));
        }

        [TestMethod]
        public void ClassifiesSpecialAddresses()
        {
            Assert.IsTrue(Ipv4Address.IsMulticast(0xE00000FB));
            Assert.IsFalse(Ipv4Address.IsMulticast(0xC0000201));
            Assert.IsTrue(Ipv4Address.IsLoopback(0x7F000001));
            Assert.IsTrue(Ipv4Address.IsDirectedBroadcast(0xC00002FF, 0xC0000202, 0xFFFFFF00));
            Assert.IsFalse(Ipv4Address.IsDirectedBroadcast(0xC00003FF, 0xC0000202, 0xFFFFFF00));
            Assert.IsFalse(Ipv4Address.IsDirectedBroadcast(0xC00002FE, 0xC0000202, 0xFFFFFF00));
            Assert.IsTrue(Ipv4Address.IsInSubnet(0xC0000209, 0xC0000202, 0xFFFFFF00));
            Assert.IsFalse(Ipv4Address.IsInSubnet(0xC6336401, 0xC0000202, 0xFFFFFF00));
        }

        [TestMethod]
        public void MulticastMacMapsLow23BitsRfc1112()
        {
            byte[] mac = new byte[6];
            MacAddress.WriteIpv4Multicast(mac, 0, 0xE0FF00FB); // 224.255.0.251: the 24th bit is dropped
            CollectionAssert.AreEqual(new byte[] { 0x01, 0x00, 0x5E, 0x7F, 0x00, 0xFB }, mac);
            Assert.AreEqual("01:00:5e:7f:00:fb", MacAddress.Format(mac, 0));
        }

        [TestMethod]
        public void FromBytesPutsTheFirstOctetInTheTopByte()
        {
            Assert.AreEqual(0xC0000201u, Ipv4Address.FromBytes(192, 0, 2, 1));
            Assert.AreEqual(0x01020304u, Ipv4Address.FromBytes(1, 2, 3, 4));
            Assert.AreEqual(0xFFFFFFFFu, Ipv4Address.FromBytes(255, 255, 255, 255));
            Assert.AreEqual(0x00FF0001u, Ipv4Address.FromBytes(0x100, 0x1FF, 0, 0x101), "each octet is taken mod 256");
        }

        [TestMethod]
        public void OnlyClassEIsReserved()
        {
            Assert.IsTrue(Ipv4Address.IsReserved(0xF0000001));
            Assert.IsTrue(Ipv4Address.IsReserved(0xFFFFFFFF));
            Assert.IsFalse(Ipv4Address.IsReserved(0xC0000201));
            Assert.IsFalse(Ipv4Address.IsReserved(0xE0000001));
        }

        [TestMethod]
        public void A32BitMaskHasNoDirectedBroadcast()
        {
            // A /32 (or a /0) has no host part to fill with ones: nothing is its directed broadcast.
            Assert.IsFalse(Ipv4Address.IsDirectedBroadcast(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF));
            Assert.IsFalse(Ipv4Address.IsDirectedBroadcast(0xFFFFFFFF, 0xC0000202, 0));
        }

        [TestMethod]
        public void TryParseOfNullIsFalse()
        {
            uint a;
            Assert.IsFalse(Ipv4Address.TryParse(null, out a));
        }
    }
}
