using nanoFramework.TestFramework;
using NanoStack.Phy;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// Interface.JoinMulticast/LeaveMulticast tell a filtering device the group's MAC (RFC 1112 §6.4: 01:00:5e
    /// followed by the low 23 bits of the group), one call per group joined or left.
    /// </summary>
    [TestClass]
    public class MulticastFilterTests
    {
        /// <summary>A MemoryLink that also records what the stack asks its (pretend) hardware filter.</summary>
        private sealed class FilteringLink : ILinkDevice, IMulticastFilter
        {
            private readonly MemoryLink _inner = new MemoryLink(4, 1);
            public readonly byte[] Macs = new byte[16 * 6];
            public readonly bool[] Adds = new bool[16];
            public int Calls;

            public bool IsLinkUp { get { return _inner.IsLinkUp; } }
            public int Receive() { return _inner.Receive(); }
            public byte[] ReceiveBuffer { get { return _inner.ReceiveBuffer; } }
            public int ReceiveOffset { get { return _inner.ReceiveOffset; } }
            public byte[] TransmitBuffer { get { return _inner.TransmitBuffer; } }
            public int TransmitOffset { get { return _inner.TransmitOffset; } }
            public int TransmitCapacity { get { return _inner.TransmitCapacity; } }
            public bool Transmit(int length) { return _inner.Transmit(length); }

            public void AddMulticastAddress(byte[] mac, int offset) { Record(mac, offset, true); }

            public void RemoveMulticastAddress(byte[] mac, int offset) { Record(mac, offset, false); }

            private void Record(byte[] mac, int offset, bool add)
            {
                System.Array.Copy(mac, offset, Macs, Calls * 6, 6);
                Adds[Calls] = add;
                Calls++;
            }

            public byte[] MacOfCall(int i)
            {
                byte[] m = new byte[6];
                System.Array.Copy(Macs, i * 6, m, 0, 6);
                return m;
            }
        }

        private static readonly byte[] MdnsMac = new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };

        private static NetworkStack Create(FilteringLink link)
        {
            return new NetworkStack(link, TestNet.BoardConfig());
        }

        [TestMethod]
        public void JoiningTheMdnsGroupAddsItsMacToTheDeviceFilter()
        {
            FilteringLink link = new FilteringLink();
            NetworkStack stack = Create(link);
            Assert.AreEqual(0, link.Calls);

            Assert.IsTrue(stack.Interface.JoinMulticast(0xE00000FB)); // 224.0.0.251
            Assert.AreEqual(1, link.Calls);
            Assert.IsTrue(link.Adds[0]);
            CollectionAssert.AreEqual(MdnsMac, link.MacOfCall(0));
        }

        [TestMethod]
        public void OnlyTheLow23BitsOfTheGroupReachTheMac()
        {
            FilteringLink link = new FilteringLink();
            NetworkStack stack = Create(link);
            Assert.IsTrue(stack.Interface.JoinMulticast(0xEFFF0102)); // 239.255.1.2: bit 23 (0x80 of octet 2) is dropped
            CollectionAssert.AreEqual(new byte[] { 0x01, 0x00, 0x5E, 0x7F, 0x01, 0x02 }, link.MacOfCall(0));
        }

        [TestMethod]
        public void JoiningTwiceAddsOnceAndLeavingRemovesTheSameMac()
        {
            FilteringLink link = new FilteringLink();
            NetworkStack stack = Create(link);
            Assert.IsTrue(stack.Interface.JoinMulticast(0xE00000FB));
            Assert.IsTrue(stack.Interface.JoinMulticast(0xE00000FB));
            Assert.AreEqual(1, link.Calls);

            stack.Interface.LeaveMulticast(0xE00000FB);
            Assert.AreEqual(2, link.Calls);
            Assert.IsFalse(link.Adds[1]);
            CollectionAssert.AreEqual(MdnsMac, link.MacOfCall(1));

            stack.Interface.LeaveMulticast(0xE00000FB); // no longer a member: nothing to undo
            Assert.AreEqual(2, link.Calls);
        }

        [TestMethod]
        public void GroupsSharingAMacGiveOneAddEachSoLeavingOneKeepsTheOther()
        {
            FilteringLink link = new FilteringLink();
            NetworkStack stack = Create(link);
            Assert.IsTrue(stack.Interface.JoinMulticast(0xE00000FB)); // 224.0.0.251
            Assert.IsTrue(stack.Interface.JoinMulticast(0xE08000FB)); // 224.128.0.251: same MAC
            Assert.AreEqual(2, link.Calls);
            CollectionAssert.AreEqual(link.MacOfCall(0), link.MacOfCall(1));

            stack.Interface.LeaveMulticast(0xE08000FB);
            Assert.AreEqual(3, link.Calls);
            Assert.IsTrue(stack.Interface.IsMember(0xE00000FB));
        }

        [TestMethod]
        public void RefusedJoinsDoNotTouchTheDevice()
        {
            FilteringLink link = new FilteringLink();
            StackConfig config = TestNet.BoardConfig();
            config.MulticastGroups = 1;
            NetworkStack stack = new NetworkStack(link, config);
            Assert.IsFalse(stack.Interface.JoinMulticast(0xC0000201)); // unicast
            Assert.IsTrue(stack.Interface.JoinMulticast(0xE00000FB));
            Assert.IsFalse(stack.Interface.JoinMulticast(0xE00000FC)); // table full
            Assert.AreEqual(1, link.Calls);
            stack.Interface.LeaveMulticast(0xE00000FC);
            Assert.AreEqual(1, link.Calls);
        }
    }
}
