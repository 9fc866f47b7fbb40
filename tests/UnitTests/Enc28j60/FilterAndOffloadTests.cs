using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>Checks the length of every RCR against DS Fig. 4-3/4-4 (2 bytes for ETH, 3 for MAC/MII registers).</summary>
    internal sealed class ReadLengthChecker : ISpiObserver
    {
        public int Reads, Wrong;

        public void CommandDecoded(SpiOpcode opcode, int bank, int address, int value, int length)
        {
            if (opcode != SpiOpcode.ReadControlRegister)
            {
                return;
            }

            // MAC/MII: bank 2 below 0x1A, bank 3 at 0x00..0x05 (MAADR) and 0x0A (MISTAT); docs/enc28j60.md §1.1.
            bool macMii = address < 0x1A && (bank == 2 || (bank == 3 && (address <= 0x05 || address == 0x0A)));
            Reads++;
            if (length != (macMii ? 3 : 2))
            {
                Wrong++;
            }
        }
    }

    /// <summary>Multicast hash filter bookkeeping (DS §8.3), revision naming, read lengths and the DMA checksum's cost.</summary>
    [TestClass]
    public class FilterAndOffloadTests
    {
        private static byte[] Group(int b4, int b5)
        {
            return new byte[] { 0x01, 0x00, 0x5E, 0x00, (byte)b4, (byte)b5 };
        }

        private static bool Accepts(ModelRig rig, byte[] mac)
        {
            ModelRig.Fill(rig.Scratch, 0, 80, 9, mac, ModelRig.PeerMac);
            rig.Chip.ReceiveFromWire(rig.Scratch, 0, 80);
            return rig.Driver.Receive() == 80;
        }

        /// <summary>Two different groups whose hash index is equal (same == true) or falls in different EHT bytes.</summary>
        private static void Pair(bool same, out byte[] a, out byte[] b)
        {
            a = Group(0, 1);
            int ia = MulticastHash.Index(a, 0);
            for (int n = 2; n < 4000; n++)
            {
                byte[] c = Group(n >> 8, n & 0xFF);
                int ic = MulticastHash.Index(c, 0);
                if (same ? ic == ia : (ic >> 3) != (ia >> 3))
                {
                    b = c;
                    return;
                }
            }

            b = null;
        }

        [TestMethod]
        public void TwoGroupsSharingOneHashBitAreBothAccepted()
        {
            // DS §8.3: one bit of EHT0..7 per hash value; two groups may set the same bit, which must stay set.
            byte[] a, b;
            Pair(true, out a, out b);
            ModelRig rig = ModelRig.Started();
            rig.Driver.AddMulticastAddress(a, 0);
            rig.Driver.AddMulticastAddress(b, 0);
            Assert.AreEqual(2, rig.Driver.MulticastAddressCount);
            Assert.IsTrue(Accepts(rig, a));
            Assert.IsTrue(Accepts(rig, b));
            rig.Driver.RemoveMulticastAddress(a, 0);
            Assert.IsTrue(Accepts(rig, b), "the shared bit stays for the remaining group");
        }

        [TestMethod]
        public void TwoGroupsInDifferentHashBytesAreBothAcceptedWithTheHashFilterOn()
        {
            byte[] a, b;
            Pair(false, out a, out b);
            ModelRig rig = ModelRig.Started();
            rig.Driver.AddMulticastAddress(a, 0);
            rig.Driver.AddMulticastAddress(b, 0);
            Assert.AreEqual(ChipRegisters.ERXFCON_HTEN, rig.Chip.PeekRegister(1, ChipRegisters.ERXFCON) & (ChipRegisters.ERXFCON_HTEN | ChipRegisters.ERXFCON_MCEN));
            Assert.IsTrue(Accepts(rig, a));
            Assert.IsTrue(Accepts(rig, b));
        }

        [TestMethod]
        public void RemovingTheSecondGroupLeavesOnlyTheFirst()
        {
            byte[] a, b;
            Pair(false, out a, out b);
            ModelRig rig = ModelRig.Started();
            rig.Driver.AddMulticastAddress(a, 0);
            rig.Driver.AddMulticastAddress(b, 0);
            rig.Driver.AddMulticastAddress(b, 0);
            Assert.AreEqual(2, rig.Driver.MulticastAddressCount);
            rig.Driver.RemoveMulticastAddress(b, 0);
            rig.Driver.RemoveMulticastAddress(b, 0);
            Assert.AreEqual(1, rig.Driver.MulticastAddressCount);
            Assert.IsFalse(Accepts(rig, b));
            Assert.IsTrue(Accepts(rig, a));
        }

        [TestMethod]
        public void AnExtraRemoveIsIgnoredAndCostsNothing()
        {
            // IMulticastFilter: adds and removes come in pairs; a remove of a group not (or no longer) held is ignored
            // and must neither disturb a later add nor cost SPI transactions.
            ModelRig rig = ModelRig.Started();
            byte[] g = Group(0, 0xFB);
            rig.Driver.AddMulticastAddress(g, 0);
            rig.Driver.RemoveMulticastAddress(g, 0);
            int before = rig.Chip.Counters.ChipSelectAssertions;
            rig.Driver.RemoveMulticastAddress(g, 0);
            rig.Driver.RemoveMulticastAddress(Group(0, 0xFC), 0);
            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
            rig.Driver.AddMulticastAddress(g, 0);
            Assert.AreEqual(1, rig.Driver.MulticastAddressCount);
            Assert.IsTrue(Accepts(rig, g));
        }

        [TestMethod]
        public void AnExtraRemoveDoesNotCancelALaterOverflow()
        {
            // With all slots taken a ninth group turns on MCEN; a stray remove before must not have used that up.
            ModelRig rig = ModelRig.Started();
            rig.Driver.RemoveMulticastAddress(Group(1, 1), 0);
            for (int g = 1; g <= Enc28j60Driver.MulticastSlots + 1; g++)
            {
                rig.Driver.AddMulticastAddress(Group(2, g), 0);
            }

            Assert.AreEqual(ChipRegisters.ERXFCON_MCEN, rig.Chip.PeekRegister(1, ChipRegisters.ERXFCON) & ChipRegisters.ERXFCON_MCEN);
            Assert.IsTrue(Accepts(rig, Group(2, Enc28j60Driver.MulticastSlots + 1)));
        }

        [TestMethod]
        public void AnUnknownRevisionIsNamedUnknownAndStillStarts()
        {
            // docs/enc28j60.md §9.2 lists B1/B4/B5/B7; a chip answering another EREVID (not 0x00/0xFF) is started.
            DeadBus bus = new DeadBus();
            bus.Level = 0x01;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            driver.Initialize(ModelRig.Mac);
            Assert.IsTrue(driver.IsInitialized);
            Assert.AreEqual(0x01, driver.Revision);
            Assert.AreEqual("unknown", driver.RevisionName);
        }

        [TestMethod]
        public void EveryRegisterReadClocksTheBytesItsKindNeeds()
        {
            ReadLengthChecker checker = new ReadLengthChecker();
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = true;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Chip.SpiObserver = checker;
            rig.Driver.Initialize(ModelRig.Mac);
            for (int i = 0; i < 5; i++)
            {
                rig.Inject(100, i);
                rig.Driver.HandleInterrupt();
                Assert.IsTrue(rig.ReceiveExpect(100, i));
                Assert.AreEqual(0, rig.Driver.Receive());
                rig.Run(1100000);
            }

            Assert.IsTrue(checker.Reads > 20);
            Assert.AreEqual(0, checker.Wrong);
        }

        private static ModelRig Offload()
        {
            Enc28j60Options options = new Enc28j60Options();
            options.ChecksumOffload = true;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0;
            rig.Send(100, 0); // warm-up: pointers known
            rig.Flush();
            return rig;
        }

        [TestMethod]
        public void TheDmaChecksumCostsAboutTwelveChipSelectsAndItsOwnDurationOnly()
        {
            // README: the DMA engine sums the frame in ~40 ns/byte (DS §13) for ~12 extra SPI assertions. Transmit
            // waits that long for the result, no more, and leaves ECON1 without DMAST/CSUMEN (DS §13.2: CSUMEN
            // selects the checksum mode of the next DMA).
            ModelRig plain = Offload();
            int p0 = plain.Chip.Counters.ChipSelectAssertions;
            long t0 = plain.Chip.NowMicros;
            Assert.IsTrue(plain.Send(1514, 1));
            int plainCost = plain.Chip.Counters.ChipSelectAssertions - p0;
            long plainTime = plain.Chip.NowMicros - t0;

            ModelRig rig = Offload();
            int c0 = rig.Chip.Counters.ChipSelectAssertions;
            long u0 = rig.Chip.NowMicros;
            Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, 1500, 24));
            Assert.IsTrue(rig.Send(1514, 1));
            int extra = rig.Chip.Counters.ChipSelectAssertions - c0 - plainCost;
            long extraTime = rig.Chip.NowMicros - u0 - plainTime;
            Assert.IsTrue(extra <= 12, "extra chip selects " + extra.ToString());
            Assert.IsTrue(extraTime >= 60 && extraTime < 100, "extra time " + extraTime.ToString() + " us");
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.ECON1) & (ChipRegisters.ECON1_DMAST | ChipRegisters.ECON1_CSUMEN));
            rig.Flush();
            Assert.AreEqual(2, rig.Wire.Count);
        }

        [TestMethod]
        public void FramesAfterAChecksumWrittenAcrossAPageBoundaryStayIntact()
        {
            // The checksum is written with a WBM at its field, which moves EWRPT (DS §4.2.4); the next frame's upload
            // must start at its slot whatever page that left EWRPT in. Field offsets around 0x0FF cross a 256-byte
            // page of the slot at 0x1400.
            ModelRig rig = Offload();
            int index = 1;
            for (int field = 240; field < 270; field++)
            {
                Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, 286, field));
                Assert.IsTrue(rig.Send(300, index));
                rig.Flush();
                Assert.IsTrue(rig.Send(200, index + 1));
                rig.Flush();
                Assert.IsTrue(ModelRig.Matches(rig.Wire.Frames[(index + 1) % WireCapture.Capacity], 0, 200, index + 1, ModelRig.PeerMac, ModelRig.Mac), "after field " + field.ToString());
                index += 2;
            }

            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }
    }
}
