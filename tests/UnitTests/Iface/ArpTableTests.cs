using nanoFramework.TestFramework;
using NanoStack.Phy;
using NanoStack.Tests.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>The read-only ARP table view (Interface.ArpEntryCount / GetArpEntry) the status page lists.</summary>
    [TestClass]
    public class ArpTableTests
    {
        [TestMethod]
        public void EmptyCacheListsNothing()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            uint address;
            long age;
            Assert.AreEqual(0, stack.Interface.ArpEntryCount(10));
            Assert.IsFalse(stack.Interface.GetArpEntry(0, 10, out address, new byte[6], 0, out age));
            Assert.AreEqual(0u, address);
        }

        [TestMethod]
        public void LearnedNeighbourIsListedWithMacAndAgeSinceConfirmation()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 10);
            Assert.AreEqual(1, stack.Interface.ArpEntryCount(1010));
            uint address;
            long age;
            byte[] mac = new byte[10];
            Assert.IsTrue(stack.Interface.GetArpEntry(0, 1010, out address, mac, 3, out age));
            Assert.AreEqual(CapturedFrames.LinuxAddress, address);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(mac, 3, 6));
            Assert.AreEqual((byte)0, mac[2]);
            Assert.AreEqual((byte)0, mac[9]);
            Assert.AreEqual(1000L, age);
            Assert.IsFalse(stack.Interface.GetArpEntry(1, 1010, out address, mac, 3, out age));
            Assert.IsFalse(stack.Interface.GetArpEntry(-1, 1010, out address, mac, 3, out age));

            // A second request from it confirms the entry again (RFC 826 merge): the age starts over.
            TestNet.LearnLinux(stack, peer, 5000);
            Assert.IsTrue(stack.Interface.GetArpEntry(0, 5250, out address, mac, 3, out age));
            Assert.AreEqual(250L, age);
        }

        [TestMethod]
        public void UnresolvedAddressesAndExpiredEntriesAreNotListed()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.LearnLinux(stack, peer, 10);
            stack.OpenUdp().SendTo(0xC000024D, 9, new byte[1], 0, 1, 20); // 192.0.2.77: asked for, no reply
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.AreEqual(1, stack.Interface.ArpEntryCount(30));
            Assert.AreEqual(1, stack.Interface.ArpEntryCount(10 + c.ArpEntryLifetimeMs - 1));
            Assert.AreEqual(0, stack.Interface.ArpEntryCount(10 + c.ArpEntryLifetimeMs));
            uint address;
            long age;
            Assert.IsFalse(stack.Interface.GetArpEntry(0, 10 + c.ArpEntryLifetimeMs, out address, new byte[6], 0, out age));
        }

        [TestMethod]
        public void EveryResolvedNeighbourIsListedOnce()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 10);
            // The same who-has from a second host, 192.0.2.5 at 02:00:00:00:00:05 (Ethernet source + ARP sender).
            byte[] other = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            other[11] = 0x05;
            other[27] = 0x05;
            other[31] = 0x05;
            TestNet.Inject(peer, other);
            stack.Poll(20);
            Assert.AreEqual(2, stack.Interface.ArpEntryCount(30));
            bool linux = false;
            bool fifth = false;
            byte[] mac = new byte[6];
            for (int i = 0; i < 2; i++)
            {
                uint address;
                long age;
                Assert.IsTrue(stack.Interface.GetArpEntry(i, 30, out address, mac, 0, out age));
                if (address == CapturedFrames.LinuxAddress) { linux = true; Assert.AreEqual((byte)0x01, mac[5]); Assert.AreEqual(20L, age); }
                if (address == 0xC0000205) { fifth = true; Assert.AreEqual((byte)0x05, mac[5]); Assert.AreEqual(10L, age); }
            }
            Assert.IsTrue(linux);
            Assert.IsTrue(fifth);
        }
    }
}
