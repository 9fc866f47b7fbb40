using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// Datagrams parked behind ARP (RFC 1122 §2.3.2.2: keep at least the latest packet per unresolved address) and
    /// the cache's choice of which entry to replace when it is full. Added from surviving mutants of stack/Iface
    /// (issue 18): each test names the pool or cache bookkeeping a wrong index or a missed release would break.
    /// </summary>
    [TestClass]
    public class ArpPendingTests
    {
        private static NetworkStack Board(int arpEntries, int pendingFrames, out MemoryLink peer)
        {
            StackConfig c = TestNet.BoardConfig();
            c.ArpCacheEntries = arpEntries;
            c.ArpPendingFrames = pendingFrames;
            return TestNet.CreateStarted(c, out peer);
        }

        // Sends a one-byte datagram carrying 'marker' to host 'host' at 'nowMs'; true when it was sent or parked.
        private static bool SendMarker(UdpSocket s, int host, byte marker, long nowMs)
        {
            return s.SendTo(Neighbours.Address(host), 9, new byte[] { marker }, 0, 1, nowMs) <= SendResult.Queued;
        }

        // The next IPv4 frame the board sent (ARP frames skipped), or null.
        private static byte[] NextDatagram(MemoryLink peer)
        {
            for (int i = 0; i < 16; i++)
            {
                byte[] f = TestNet.Take(peer);
                if (f == null || NetworkEndian.ReadUInt16(f, 12) == EthernetFrame.EtherTypeIpv4)
                {
                    return f;
                }
            }
            return null;
        }

        private static void AssertDatagramTo(MemoryLink peer, int host, byte marker)
        {
            byte[] f = NextDatagram(peer);
            Assert.IsNotNull(f, "the datagram parked for ." + host);
            CollectionAssert.AreEqual(Neighbours.Mac(host), TestNet.Slice(f, 0, 6), "to ." + host + "'s MAC");
            Assert.AreEqual(Neighbours.Address(host), NetworkEndian.ReadUInt32(f, 30));
            Assert.AreEqual(marker, f[42], "its own data");
        }

        // ---- the pool of parked frames ---------------------------------------------------------------------

        [TestMethod]
        public void EachParkedDatagramGoesToItsOwnNeighbourWhenBothResolve()
        {
            MemoryLink peer;
            NetworkStack stack = Board(8, 2, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x33, 0));
            Assert.IsTrue(SendMarker(s, 4, 0x44, 0));
            peer.Clear(); // the two requests
            Neighbours.Receive(stack, Neighbours.ReplyFrom(4), 10);
            AssertDatagramTo(peer, 4, 0x44);
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 20);
            AssertDatagramTo(peer, 3, 0x33);
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void AParkedDatagramIsSentOnceAndItsSlotServesTheNextMiss()
        {
            MemoryLink peer;
            NetworkStack stack = Board(8, 1, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x33, 0));
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 10);
            AssertDatagramTo(peer, 3, 0x33);
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 20);
            Assert.IsNull(TestNet.Take(peer), "a repeated reply sends nothing again");
            Assert.IsTrue(SendMarker(s, 4, 0x44, 30), "the only slot is free again");
            Assert.AreEqual(0, stack.Interface.TxArpQueueFull);
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.ReplyFrom(4), 40);
            AssertDatagramTo(peer, 4, 0x44);
        }

        [TestMethod]
        public void ANewerDatagramForTheSameAddressReusesItsSlot()
        {
            MemoryLink peer;
            NetworkStack stack = Board(8, 2, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x31, 0));
            Assert.IsTrue(SendMarker(s, 3, 0x32, 1), "newest wins, in the same slot");
            Assert.IsTrue(SendMarker(s, 4, 0x44, 2), "so the second slot is still free");
            Assert.AreEqual(0, stack.Interface.TxArpQueueFull);
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 10);
            AssertDatagramTo(peer, 3, 0x32);
            Neighbours.Receive(stack, Neighbours.ReplyFrom(4), 20);
            AssertDatagramTo(peer, 4, 0x44);
        }

        [TestMethod]
        public void AMissBeyondThePoolIsCountedAndItsRequestStillSent()
        {
            MemoryLink peer;
            NetworkStack stack = Board(8, 2, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x33, 0));
            Assert.IsTrue(SendMarker(s, 4, 0x44, 0));
            peer.Clear();
            Assert.IsFalse(SendMarker(s, 5, 0x55, 0), "no slot left: dropped");
            Assert.AreEqual(1, stack.Interface.TxArpQueueFull);
            byte[] request = TestNet.Take(peer);
            Assert.AreEqual(Neighbours.Address(5), NetworkEndian.ReadUInt32(request, 38), "the request for .5 goes out anyway");
            Neighbours.Receive(stack, Neighbours.ReplyFrom(4), 10);
            AssertDatagramTo(peer, 4, 0x44);
            Neighbours.Receive(stack, Neighbours.ReplyFrom(5), 20);
            Assert.IsNull(TestNet.Take(peer), ".5's datagram was never parked");
        }

        [TestMethod]
        public void WithNoParkingSlotsAMissSendsItsRequestAndReportsTheDatagramUnresolved()
        {
            // ArpPendingFrames = 0 is a valid configuration (RAM for no parked frame): every miss is dropped and
            // counted, its request still goes out, and the reply sends nothing (found by a mutant, issue 18).
            MemoryLink peer;
            NetworkStack stack = Board(8, 0, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsFalse(SendMarker(s, 3, 0x33, 0));
            Assert.AreEqual(1, stack.Interface.TxArpQueueFull);
            byte[] request = TestNet.Take(peer);
            Assert.IsNotNull(request, "the request for .3");
            Assert.AreEqual(Neighbours.Address(3), NetworkEndian.ReadUInt32(request, 38));
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 10);
            Assert.IsNull(TestNet.Take(peer), "nothing was parked");
            Assert.IsTrue(SendMarker(s, 3, 0x34, 20), "resolved now: sent at once");
            AssertDatagramTo(peer, 3, 0x34);
        }

        // ---- slots smaller than a frame (StackConfig.ArpPendingFrameBytes, the firmware's 128) ------------------

        private static NetworkStack SmallSlots(int pendingFrames, out MemoryLink peer)
        {
            StackConfig c = TestNet.BoardConfig();
            c.ArpPendingFrames = pendingFrames;
            c.ArpPendingFrameBytes = 128;
            return TestNet.CreateStarted(c, out peer);
        }

        [TestMethod]
        public void WithSmallSlotsAFrameThatFitsIsParkedAndALargerOneIsCountedWithItsRequestStillSent()
        {
            // 14 + 20 + 8 + 86 = 128 bytes fits the slot exactly; one byte more does not, and the caller learns it
            // was dropped (false) like any other miss without a slot: TCP retransmits it once resolved.
            MemoryLink peer;
            NetworkStack stack = SmallSlots(2, out peer);
            UdpSocket s = stack.OpenUdp();
            byte[] data = new byte[87];
            data[0] = 0x33;
            Assert.AreEqual(SendResult.Queued, s.SendTo(Neighbours.Address(3), 9, data, 0, 86, 0), "a 128-byte frame is parked");
            peer.Clear();
            data[0] = 0x44;
            Assert.AreEqual(SendResult.Unresolved, s.SendTo(Neighbours.Address(4), 9, data, 0, 87, 0), "a 129-byte frame is not");
            Assert.AreEqual(1, stack.Interface.TxArpQueueFull);
            byte[] request = TestNet.Take(peer);
            Assert.IsNotNull(request, "the request for .4 goes out anyway");
            Assert.AreEqual(Neighbours.Address(4), NetworkEndian.ReadUInt32(request, 38));
            Neighbours.Receive(stack, Neighbours.ReplyFrom(4), 10);
            Assert.IsNull(NextDatagram(peer), ".4's frame was never parked");
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 20);
            byte[] f = NextDatagram(peer);
            Assert.IsNotNull(f);
            Assert.AreEqual(128, f.Length);
            CollectionAssert.AreEqual(Neighbours.Mac(3), TestNet.Slice(f, 0, 6));
            Assert.AreEqual((byte)0x33, f[42]);
        }

        [TestMethod]
        public void WithSmallSlotsALargerFrameDoesNotDisplaceTheOneParkedForTheSameAddress()
        {
            MemoryLink peer;
            NetworkStack stack = SmallSlots(1, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x31, 0));
            Assert.AreEqual(SendResult.Unresolved, s.SendTo(Neighbours.Address(3), 9, new byte[500], 0, 500, 1), "too big for the slot");
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 10);
            AssertDatagramTo(peer, 3, 0x31);
            Assert.IsNull(NextDatagram(peer));
        }

        [TestMethod]
        public void ASlotSizeBelowAMinimumFrameOrAboveTheMtuIsRefused()
        {
            StackConfig c = TestNet.BoardConfig();
            c.ArpPendingFrameBytes = 59;
            Assert.ThrowsException(typeof(System.ArgumentException), () => c.Validate());
            c.ArpPendingFrameBytes = c.Mtu + 15;
            Assert.ThrowsException(typeof(System.ArgumentException), () => c.Validate());
            c.ArpPendingFrameBytes = 60;
            c.Validate();
            c.ArpPendingFrameBytes = 0; // a full frame, Mtu + 14
            c.Validate();
        }

        [TestMethod]
        public void AFullSizeDatagramParkedBehindArpArrivesWhole()
        {
            // A parked frame holds a whole MTU-sized datagram plus its Ethernet header: 1500 + 14 bytes.
            MemoryLink peer;
            NetworkStack stack = Board(8, 1, out peer);
            UdpSocket s = stack.OpenUdp();
            byte[] data = new byte[1472];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 13);
            }
            Assert.AreEqual(SendResult.Queued, s.SendTo(Neighbours.Address(3), 9, data, 0, data.Length, 0));
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 10);
            byte[] f = NextDatagram(peer);
            Assert.AreEqual(1514, f.Length);
            CollectionAssert.AreEqual(data, TestNet.Slice(f, 42, data.Length));
        }

        [TestMethod]
        public void AnEntryEvictedWhileItsDatagramIsParkedTakesTheDatagramWithIt()
        {
            // One entry: .4 asking for us takes .3's unresolved entry; .3's datagram must not leave to .4.
            MemoryLink peer;
            NetworkStack stack = Board(1, 1, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x33, 0));
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.RequestFrom(4), 10);
            byte[] reply = TestNet.Take(peer);
            Assert.AreEqual(EthernetFrame.EtherTypeArp, NetworkEndian.ReadUInt16(reply, 12));
            Assert.IsNull(TestNet.Take(peer), "only the ARP reply");
            Assert.IsTrue(SendMarker(s, 5, 0x55, 20), "the slot was released with the entry");
        }

        [TestMethod]
        public void ADatagramToANeighbourWhoseEntryExpiredIsParkedAndSentWhenItAnswers()
        {
            MemoryLink peer;
            NetworkStack stack = Board(8, 1, out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0); // expires at 60,000
            peer.Clear();
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x33, 60000));
            byte[] request = TestNet.Take(peer);
            Assert.IsTrue(MacAddress.IsBroadcast(request, 0), "expired: resolved again by broadcast");
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 60010);
            AssertDatagramTo(peer, 3, 0x33);
        }

        [TestMethod]
        public void AReplyWhileTheLinkIsDownSendsNothing()
        {
            MemoryLink peer;
            NetworkStack stack = Board(8, 1, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 3, 0x33, 0));
            peer.Clear();
            ((MemoryLink)stack.Interface.Device).SetLinkUp(false);
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 10);
            Assert.AreEqual(0, stack.Interface.TxDeviceFailed, "not even tried");
            Assert.IsTrue(stack.Interface.TryGetNeighbor(Neighbours.Address(3), new byte[6], 0, 10), "but learnt");
        }

        // ---- which entry a full cache gives up (ArpCache.Allocate) -----------------------------------------

        // True when the datagram parked for 'host' is still there: its reply flushes it.
        private static bool StillParked(NetworkStack stack, MemoryLink peer, int host, long nowMs)
        {
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.ReplyFrom(host), nowMs);
            return NextDatagram(peer) != null;
        }

        [TestMethod]
        public void AnEntryExpiringThisVeryMillisecondIsReplacedBeforeAnUnresolvedOne()
        {
            // Entry 0: .3 learnt at 0 (expires at 60,000); entry 1: .9 unresolved with a datagram parked.
            MemoryLink peer;
            NetworkStack stack = Board(2, 1, out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 9, 0x99, 1));
            Neighbours.Receive(stack, Neighbours.RequestFrom(5), 60000);
            Assert.IsTrue(StillParked(stack, peer, 9, 60001));
        }

        [TestMethod]
        public void AnExpiredEntryAfterAnUnresolvedOneIsStillReplacedFirst()
        {
            // Entry 0: .9 unresolved with a datagram parked; entry 1: .3 learnt at 1 (expires at 60,001).
            MemoryLink peer;
            NetworkStack stack = Board(2, 1, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 9, 0x99, 0));
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 1);
            Neighbours.Receive(stack, Neighbours.RequestFrom(5), 60001);
            Assert.IsTrue(StillParked(stack, peer, 9, 60002));
            Assert.IsTrue(stack.Interface.TryGetNeighbor(Neighbours.Address(5), new byte[6], 0, 60002));
        }

        [TestMethod]
        public void OfTwoUnresolvedEntriesTheOneAskedForLongestAgoIsReplaced()
        {
            // .9 asked at 0 and again at 1,000 (entry 0), .10 asked at 500 (entry 1): .10 goes.
            MemoryLink peer;
            NetworkStack stack = Board(2, 2, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 9, 0x99, 0));
            Assert.IsTrue(SendMarker(s, 10, 0xAA, 500));
            Assert.IsTrue(SendMarker(s, 9, 0x99, 1000));
            Neighbours.Receive(stack, Neighbours.RequestFrom(5), 1200);
            Assert.IsFalse(StillParked(stack, peer, 10, 1300));
            Assert.IsTrue(StillParked(stack, peer, 9, 1300));
        }

        [TestMethod]
        public void OfTwoUnresolvedEntriesTheFirstAskedIsReplacedWhenItIsTheOlder()
        {
            MemoryLink peer;
            NetworkStack stack = Board(2, 2, out peer);
            UdpSocket s = stack.OpenUdp();
            Assert.IsTrue(SendMarker(s, 9, 0x99, 0));
            Assert.IsTrue(SendMarker(s, 10, 0xAA, 500));
            Neighbours.Receive(stack, Neighbours.RequestFrom(5), 700);
            Assert.IsFalse(StillParked(stack, peer, 9, 800));
            Assert.IsTrue(StillParked(stack, peer, 10, 800));
        }
    }
}
