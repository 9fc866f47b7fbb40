using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>Receive path on the chip model (B7, all errata on, strict mode on).</summary>
    [TestClass]
    public class ReceiveTests
    {
        [TestMethod]
        public void ReceiveReturnsZeroWhenNothingArrived()
        {
            ModelRig rig = ModelRig.Started();
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(0, rig.Driver.Counters.RxFrames);
        }

        [TestMethod]
        public void EveryFrameSizeFrom60To1514IsReceivedByteExact()
        {
            ModelRig rig = ModelRig.Started();
            int bad = 0;
            int total = 0;
            for (int length = 60; length <= 1514; length++)
            {
                rig.Inject(length, length);
                if (!rig.ReceiveExpect(length, length))
                {
                    bad++;
                }

                total += length;
            }

            Assert.AreEqual(0, bad);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1455, rig.Driver.Counters.RxFrames);
            Assert.AreEqual(0, rig.Driver.Counters.RxHeaderErrors);
            Assert.IsTrue(total > 100 * 0x1A00); // the ring wrapped over a hundred times
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void FramesQueuedAcrossTheRingEndAreReceivedInOrderAndIntact()
        {
            ModelRig rig = ModelRig.Started();
            int seq = 0;
            int bad = 0;
            for (int round = 0; round < 40; round++)
            {
                // Three frames queued at once: with 1.5–2.5 KiB per round some round always straddles ERXND.
                int a = 500 + (round * 37) % 400, b = 61 + round, c = 1514 - round * 3;
                rig.Inject(a, seq);
                rig.Inject(b, seq + 1);
                rig.Inject(c, seq + 2);
                if (!rig.ReceiveExpect(a, seq)) bad++;
                if (!rig.ReceiveExpect(b, seq + 1)) bad++;
                if (!rig.ReceiveExpect(c, seq + 2)) bad++;
                seq += 3;
            }

            Assert.AreEqual(0, bad);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(0, rig.Chip.PacketCount);
        }

        [TestMethod]
        public void OtherUnicastIsFilteredBroadcastIsAccepted()
        {
            ModelRig rig = ModelRig.Started();
            byte[] other = new byte[] { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x09 };
            byte[] broadcast = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            ModelRig.Fill(rig.Scratch, 0, 100, 1, other, ModelRig.PeerMac);
            rig.Chip.ReceiveFromWire(rig.Scratch, 0, 100);
            ModelRig.Fill(rig.Scratch, 0, 100, 2, broadcast, ModelRig.PeerMac);
            rig.Chip.ReceiveFromWire(rig.Scratch, 0, 100);
            Assert.AreEqual(100, rig.Driver.Receive());
            Assert.IsTrue(ModelRig.Matches(rig.Driver.ReceiveBuffer, 1, 100, 2, broadcast, ModelRig.PeerMac));
            Assert.AreEqual(0, rig.Driver.Receive());
        }

        [TestMethod]
        public void MulticastGroupAddedToHashFilterIsAccepted()
        {
            ModelRig rig = ModelRig.Started();
            byte[] mdns = new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            ModelRig.Fill(rig.Scratch, 0, 80, 7, mdns, ModelRig.PeerMac);
            rig.Chip.ReceiveFromWire(rig.Scratch, 0, 80);
            Assert.AreEqual(0, rig.Driver.Receive());

            rig.Driver.AddMulticastAddress(mdns, 0);
            rig.Chip.ReceiveFromWire(rig.Scratch, 0, 80);
            Assert.AreEqual(80, rig.Driver.Receive());
            Assert.IsTrue(ModelRig.Matches(rig.Driver.ReceiveBuffer, 1, 80, 7, mdns, ModelRig.PeerMac));
        }

        [TestMethod]
        public void FloodOverflowsTheFifoThenEveryDeliveredFrameIsIntactAndReceptionRecovers()
        {
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 40; i++)
            {
                rig.Inject(1000, i);
            }

            rig.Run(20000); // Poll services RXERIF
            Assert.IsTrue(rig.Driver.Counters.RxOverflows >= 1);

            int delivered = 0;
            int bad = 0;
            int n;
            while ((n = rig.Driver.Receive()) > 0)
            {
                // The FIFO keeps the oldest frames; the chip dropped the rest.
                if (n != 1000 || !ModelRig.Matches(rig.Driver.ReceiveBuffer, 1, 1000, delivered, ModelRig.Mac, ModelRig.PeerMac))
                {
                    bad++;
                }

                delivered++;
            }

            Assert.AreEqual(0, bad);
            Assert.IsTrue(delivered >= 5 && delivered < 40);
            Assert.AreEqual(0, rig.Driver.Counters.RxHeaderErrors);

            for (int i = 0; i < 20; i++)
            {
                rig.Inject(700 + i, 1000 + i);
                Assert.IsTrue(rig.ReceiveExpect(700 + i, 1000 + i));
            }
        }

        [TestMethod]
        public void CorruptHeaderCausesReceiverResetNotACrash()
        {
            ModelRig rig = ModelRig.Started();
            rig.Inject(200, 1);
            Assert.IsTrue(rig.ReceiveExpect(200, 1));
            rig.Inject(300, 2);
            // Damage the next-packet pointer of the frame now at the head of the FIFO (odd, out of range).
            int head = 210; // first header at 0: 6 + byte count 204 (200 + FCS, even: no pad)
            rig.Chip.Memory[head] = 0x37;
            rig.Chip.Memory[head + 1] = 0x7F;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxHeaderErrors);
            Assert.AreEqual(1, rig.Driver.Counters.RxResets);
            Assert.AreEqual(0, rig.Driver.Receive());
            for (int i = 0; i < 10; i++)
            {
                rig.Inject(400 + i, 10 + i);
                Assert.IsTrue(rig.ReceiveExpect(400 + i, 10 + i));
            }
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(5)]
        public void OversizedByteCountIsRejectedBeforeAnyBufferRead(int highByte)
        {
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            rig.Chip.Memory[3] = (byte)highByte; // 0x03FF disagrees with the next pointer, 0x05FF > 1518
            rig.Chip.Memory[2] = 0xFF;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxHeaderErrors);
        }

        // ---- multicast filter (IMulticastFilter contract: paired adds and removes, never less than asked) ------

        private static byte[] Group(int last)
        {
            return new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, (byte)last };
        }

        // True when a frame to 'mac' gets through the chip's filter to Receive.
        private static bool Accepts(ModelRig rig, byte[] mac)
        {
            ModelRig.Fill(rig.Scratch, 0, 80, 9, mac, ModelRig.PeerMac);
            rig.Chip.ReceiveFromWire(rig.Scratch, 0, 80);
            return rig.Driver.Receive() == 80;
        }

        // A group MAC whose hash bit no group in 1..count sets, so only MCEN can let it through.
        private static byte[] Outsider(int count)
        {
            for (int last = 200; last < 256; last++)
            {
                byte[] candidate = Group(last);
                bool shared = false;
                for (int g = 1; g <= count; g++)
                {
                    if (MulticastHash.Index(Group(g), 0) == MulticastHash.Index(candidate, 0))
                    {
                        shared = true;
                    }
                }
                if (!shared)
                {
                    return candidate;
                }
            }
            return null;
        }

        [TestMethod]
        public void GroupAddedTwiceStaysAcceptedUntilRemovedTwice()
        {
            ModelRig rig = ModelRig.Started();
            byte[] mdns = Group(0xFB);
            rig.Driver.AddMulticastAddress(mdns, 0);
            rig.Driver.AddMulticastAddress(mdns, 0);
            Assert.AreEqual(1, rig.Driver.MulticastAddressCount);
            rig.Driver.RemoveMulticastAddress(mdns, 0);
            Assert.AreEqual(1, rig.Driver.MulticastAddressCount);
            Assert.IsTrue(Accepts(rig, mdns));
            rig.Driver.RemoveMulticastAddress(mdns, 0);
            Assert.AreEqual(0, rig.Driver.MulticastAddressCount);
            Assert.IsFalse(Accepts(rig, mdns));
            rig.Driver.RemoveMulticastAddress(mdns, 0); // unknown now: ignored
            Assert.AreEqual(0, rig.Driver.MulticastAddressCount);
        }

        [TestMethod]
        public void GroupAtAnOffsetIsMatchedOnAllSixBytes()
        {
            ModelRig rig = ModelRig.Started();
            byte[] holder = new byte[10];
            System.Array.Copy(Group(0xFB), 0, holder, 4, 6);
            rig.Driver.AddMulticastAddress(holder, 4);
            rig.Driver.AddMulticastAddress(Group(0xFC), 0); // differs in the last byte only: its own slot
            Assert.AreEqual(2, rig.Driver.MulticastAddressCount);
            rig.Driver.RemoveMulticastAddress(holder, 4);
            Assert.AreEqual(1, rig.Driver.MulticastAddressCount);
            Assert.IsTrue(Accepts(rig, Group(0xFC)));
        }

        [TestMethod]
        public void MoreGroupsThanSlotsAcceptEveryMulticastFrameUntilTheExtraOneLeaves()
        {
            ModelRig rig = ModelRig.Started();
            for (int g = 1; g <= Enc28j60Driver.MulticastSlots; g++)
            {
                rig.Driver.AddMulticastAddress(Group(g), 0);
            }
            Assert.AreEqual(Enc28j60Driver.MulticastSlots, rig.Driver.MulticastAddressCount);
            byte[] outsider = Outsider(Enc28j60Driver.MulticastSlots + 1);
            Assert.IsFalse(Accepts(rig, outsider), "eight groups fit the hash filter");
            for (int g = 1; g <= Enc28j60Driver.MulticastSlots; g++)
            {
                Assert.IsTrue(Accepts(rig, Group(g)));
            }
            rig.Driver.AddMulticastAddress(Group(Enc28j60Driver.MulticastSlots + 1), 0);
            Assert.IsTrue(Accepts(rig, Group(Enc28j60Driver.MulticastSlots + 1)), "never less than asked");
            Assert.IsTrue(Accepts(rig, outsider), "out of room: every multicast frame");
            rig.Driver.RemoveMulticastAddress(Group(Enc28j60Driver.MulticastSlots + 1), 0);
            Assert.IsFalse(Accepts(rig, outsider), "back to the hash filter");
            Assert.IsTrue(Accepts(rig, Group(1)));
        }

        [TestMethod]
        public void GroupsAddedBeforeInitializeAreFilteredAfterIt()
        {
            ModelRig rig = new ModelRig(ChipRevision.B7, null);
            rig.Driver.AddMulticastAddress(Group(0xFB), 0);
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.IsTrue(Accepts(rig, Group(0xFB)));
        }
    }
}
