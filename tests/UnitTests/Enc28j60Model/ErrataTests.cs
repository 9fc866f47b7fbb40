using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>
    /// Every errata switch (DS80349C, docs/enc28j60.md §9.1) is observable: the same sequence behaves differently with
    /// the switch on and off. Strict mode is set to record-only where the sequence is deliberately wrong.
    /// </summary>
    [TestClass]
    public class ErrataTests
    {
        private static ChipProbe Chip(ChipRevision revision, bool on, uint seed)
        {
            Enc28j60Chip chip = new Enc28j60Chip(revision, seed);
            if (!on) chip.Errata = Enc28j60Errata.None();
            chip.Strict.Throw = false;
            return new ChipProbe(chip);
        }

        [TestMethod]
        public void RevisionsCarryTheirOwnErrata()
        {
            Enc28j60Errata b4 = Enc28j60Errata.ForRevision(ChipRevision.B4);
            Enc28j60Errata b7 = Enc28j60Errata.ForRevision(ChipRevision.B7);
            Assert.IsTrue(b4.SlowSpiCorruptsMacMii);
            Assert.IsFalse(b4.LinkPulseLateCollision);
            Assert.IsFalse(b7.SlowSpiCorruptsMacMii);
            Assert.IsTrue(b7.LinkPulseLateCollision);
            Assert.IsTrue(b7.EvenErxrdptCorruptsBuffer);
            Assert.IsTrue(new Enc28j60Chip().Errata.TxStallsAfterAbort); // B7 default with its errata on
        }

        private static int SlowReadErrors(ChipRevision revision, bool on, int sckHz)
        {
            ChipProbe p = Chip(revision, on, 7);
            p.Chip.SpiClockHz = sckHz;
            p.Bank(2);
            p.Wcr(ChipRegisters.MAIPGL, 0x12);
            int errors = 0;
            for (int i = 0; i < 100; i++) if (p.RcrMac(ChipRegisters.MAIPGL) != 0x12) errors++;
            return errors;
        }

        [TestMethod]
        public void Errata1SlowSckCorruptsMacReadsOnB4Only()
        {
            Assert.IsTrue(SlowReadErrors(ChipRevision.B4, true, 4000000) > 0);
            Assert.AreEqual(0, SlowReadErrors(ChipRevision.B4, true, 10000000));
            Assert.AreEqual(0, SlowReadErrors(ChipRevision.B4, false, 4000000));
            Assert.AreEqual(0, SlowReadErrors(ChipRevision.B7, true, 4000000));
        }

        private static int EieAfterEarlyWrite(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.Mosi[0] = 0xFF;
            p.Raw(1);
            while ((p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY) == 0) p.Chip.AdvanceMicros(10);
            p.Wcr(ChipRegisters.EIE, 0x48);
            p.Chip.AdvanceMicros(2000);
            return p.Rcr(ChipRegisters.EIE);
        }

        [TestMethod]
        public void Errata2ClkrdyPollingIsNotEnoughAfterSrc()
        {
            Assert.AreEqual(0, EieAfterEarlyWrite(true));     // CLKRDY read 1 at once, the write was lost
            Assert.AreEqual(0x48, EieAfterEarlyWrite(false)); // CLKRDY dropped and the poll waited
        }

        [TestMethod]
        public void Errata5WritingErxstLoadsZeroIntoTheWritePointer()
        {
            ChipProbe on = Chip(ChipRevision.B7, true, 1);
            on.Pointer(ChipRegisters.ERXSTL, 0x1000);
            Assert.AreEqual(0x0000, on.ReadPointer(ChipRegisters.ERXWRPTL));
            ChipProbe off = Chip(ChipRevision.B7, false, 1);
            off.Pointer(ChipRegisters.ERXSTL, 0x1000);
            Assert.AreEqual(0x1000, off.ReadPointer(ChipRegisters.ERXWRPTL));
        }

        private static int PktifMisses(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 3);
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            int misses = 0;
            for (int i = 0; i < 50; i++) if ((p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_PKTIF) == 0) misses++;
            return misses;
        }

        [TestMethod]
        public void Errata6PktifSometimesReadsZeroWithAPacketPending()
        {
            Assert.IsTrue(PktifMisses(true) > 0);
            Assert.AreEqual(0, PktifMisses(false));
        }

        private static int OwnEchoesStored(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.InitLinuxStyle();
            p.Chip.Errata.LinkPulseLateCollision = false;
            p.PhyWrite(ChipRegisters.PHCON2, 0x0000); // HDLDIS=0: half-duplex loopback active
            byte[] bc = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            p.Transmit(ChipProbe.Frame(bc, 0x0806, 60), 0);
            p.Chip.AdvanceMicros(200);
            return p.Chip.PacketCount;
        }

        [TestMethod]
        public void Errata9TheHalfDuplexEchoArrivesDamaged()
        {
            Assert.AreEqual(0, OwnEchoesStored(true));  // damaged copy fails the CRC check
            Assert.AreEqual(1, OwnEchoesStored(false));
        }

        private static int LoopedBack(bool on, WireLog wire)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 5);
            p.InitLinuxStyle();
            p.Chip.WireSink = wire;
            p.Chip.Errata.LinkPulseLateCollision = false;
            p.PhyWrite(ChipRegisters.PHCON1, ChipRegisters.PHCON1_PLOOPBK);
            for (int i = 0; i < 20; i++)
            {
                p.Transmit(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60), 0);
                p.Chip.AdvanceMicros(200);
            }
            return p.Chip.PacketCount;
        }

        [TestMethod]
        public void Errata10ThePhyLoopbackLosesFrames()
        {
            WireLog wire = new WireLog();
            Assert.AreEqual(20, LoopedBack(false, wire));
            Assert.AreEqual(0, wire.Count); // PLOOPBK keeps frames off the cable
            Assert.IsTrue(LoopedBack(true, new WireLog()) < 20);
        }

        private static bool SecondTxCompletes(bool on, bool toggleTxrst)
        {
            WireLog wire = new WireLog();
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.InitLinuxStyle();
            p.Chip.WireSink = wire;
            p.Chip.Errata.LinkPulseLateCollision = false;
            p.Chip.InjectLateCollisions(1);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0);
            p.Chip.AdvanceMicros(200);
            if (toggleTxrst)
            {
                p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
                p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            }
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0);
            p.Chip.AdvanceMicros(10000);
            return (p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_TXRTS) == 0 && wire.Count == 1;
        }

        [TestMethod]
        public void Errata12AfterAnAbortTheNextTxStallsUnlessTxrstIsToggled()
        {
            Assert.IsFalse(SecondTxCompletes(true, false));
            Assert.IsTrue(SecondTxCompletes(true, true));
            Assert.IsTrue(SecondTxCompletes(false, false));
        }

        [TestMethod]
        public void Errata12ClearingTxrstAfterAnAbortRaisesTxerif()
        {
            ChipProbe p = Chip(ChipRevision.B7, true, 1);
            p.InitLinuxStyle();
            p.Chip.Errata.LinkPulseLateCollision = false;
            p.Chip.InjectLateCollisions(1);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0);
            p.Chip.AdvanceMicros(200);
            p.Bfc(ChipRegisters.EIR, ChipRegisters.EIR_TXERIF | ChipRegisters.EIR_TXIF);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            Assert.AreEqual(ChipRegisters.EIR_TXERIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_TXERIF);
        }

        private static int LateCollisions(ChipRevision revision, bool on, bool fullDuplex)
        {
            ChipProbe p = Chip(revision, on, 9);
            p.InitLinuxStyle();
            p.Chip.Errata.LateCollisionPercent = 100;
            if (fullDuplex)
            {
                p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
                p.Bank(2);
                p.Wcr(ChipRegisters.MACON3, 0x33);
                p.PhyWrite(ChipRegisters.PHCON1, ChipRegisters.PHCON1_PDPXMD);
            }
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0);
            p.Chip.AdvanceMicros(200);
            return p.Chip.FramesAborted;
        }

        [TestMethod]
        public void Errata13LinkPulsesCauseLateCollisionsInHalfDuplexOnB5AndB7()
        {
            Assert.AreEqual(1, LateCollisions(ChipRevision.B7, true, false));
            Assert.AreEqual(1, LateCollisions(ChipRevision.B5, true, false));
            Assert.AreEqual(0, LateCollisions(ChipRevision.B4, true, false));
            Assert.AreEqual(0, LateCollisions(ChipRevision.B7, true, true));
            Assert.AreEqual(0, LateCollisions(ChipRevision.B7, false, false));
        }

        private static int NextPointerAfterEvenErxrdpt(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 11);
            p.InitLinuxStyle();
            p.Pointer(ChipRegisters.ERXRDPTL, 0x1000); // even: errata #14 territory
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            int next, count, status;
            p.Header(0, out next, out count, out status);
            return next;
        }

        [TestMethod]
        public void Errata14AnEvenErxrdptCorruptsTheNextHeader()
        {
            Assert.AreEqual(70, NextPointerAfterEvenErxrdpt(false));
            int corrupt = NextPointerAfterEvenErxrdpt(true);
            Assert.AreNotEqual(70, corrupt);
            Assert.AreEqual(1, corrupt & 1); // an odd next pointer: a driver's sanity check must catch it
        }

        private static int LatecolAfterLateCollision(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.InitLinuxStyle();
            p.Chip.Errata.LinkPulseLateCollision = false;
            p.Chip.InjectLateCollisions(1);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0);
            p.Chip.AdvanceMicros(200);
            p.Tsv(60);
            Assert.AreEqual(0x20, p.Miso[4] & 0x20); // the TSV is always right
            return p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_LATECOL;
        }

        [TestMethod]
        public void Errata15LatecolIsNotSetOnlyTheTsvTellsTheTruth()
        {
            Assert.AreEqual(0, LatecolAfterLateCollision(true));
            Assert.AreEqual(ChipRegisters.ESTAT_LATECOL, LatecolAfterLateCollision(false));
        }

        [TestMethod]
        public void Errata16PdpxmdResetValueIgnoresTheStrap()
        {
            int mismatches = 0;
            for (uint seed = 1; seed <= 16; seed++)
            {
                Enc28j60Chip chip = new Enc28j60Chip(ChipRevision.B7, seed);
                if ((chip.PeekPhy(ChipRegisters.PHCON1) & ChipRegisters.PHCON1_PDPXMD) != 0) mismatches++;
                Enc28j60Chip ideal = new Enc28j60Chip(ChipRevision.B7, seed);
                ideal.Errata = Enc28j60Errata.None();
                ideal.HardwareReset();
                Assert.AreEqual(0, ideal.PeekPhy(ChipRegisters.PHCON1) & ChipRegisters.PHCON1_PDPXMD);
            }
            Assert.IsTrue(mismatches > 0);
        }

        private static int StoredDuringDmaChecksum(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.InitLinuxStyle();
            p.Pointer(ChipRegisters.EDMASTL, 0x1A00);
            p.Pointer(ChipRegisters.EDMANDL, 0x1FF0);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN | ChipRegisters.ECON1_DMAST);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            return p.Chip.PacketCount;
        }

        [TestMethod]
        public void Errata17ADmaChecksumAbortsTheFrameBeingReceived()
        {
            Assert.AreEqual(0, StoredDuringDmaChecksum(true));
            Assert.AreEqual(1, StoredDuringDmaChecksum(false));
        }

        private static int PatternMatchAccepted(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.InitLinuxStyle();
            p.Chip.Errata.PatternMatchExtraPercent = 100;
            p.Bank(1);
            p.Wcr(ChipRegisters.EPMM0, 0x3F);
            p.Wcr(ChipRegisters.EPMCSL, 0x12);
            p.Wcr(ChipRegisters.EPMCSH, 0x34);
            p.Wcr(ChipRegisters.ERXFCON, ChipRegisters.ERXFCON_PMEN | ChipRegisters.ERXFCON_CRCEN);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            return p.Chip.PacketCount;
        }

        [TestMethod]
        public void Errata18PatternMatchLetsExtraFramesThrough()
        {
            Assert.AreEqual(1, PatternMatchAccepted(true));
            Assert.AreEqual(0, PatternMatchAccepted(false));
        }

        private static int ErxfconAfterSrcInPowerSave(bool on)
        {
            ChipProbe p = Chip(ChipRevision.B7, on, 1);
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, 0x00);
            p.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PWRSV);
            p.Mosi[0] = 0xFF;
            p.Raw(1);
            p.Chip.AdvanceMicros(2000);
            p.Bank(1);
            return p.Rcr(ChipRegisters.ERXFCON);
        }

        [TestMethod]
        public void Errata19SrcIsIgnoredInPowerSave()
        {
            Assert.AreEqual(0x00, ErxfconAfterSrcInPowerSave(true));
            Assert.AreEqual(0xA1, ErxfconAfterSrcInPowerSave(false));
        }
    }
}
