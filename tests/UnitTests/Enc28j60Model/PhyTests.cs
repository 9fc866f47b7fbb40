using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>MII access timing and PHY status bits (DS §3.3, docs/enc28j60.md §2.6).</summary>
    [TestClass]
    public class PhyTests
    {
        [TestMethod]
        public void MiiReadIsBusyFor10_24Microseconds()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Bank(2);
            p.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHID1);
            long start = p.Chip.NowMicros;
            p.Wcr(ChipRegisters.MICMD, ChipRegisters.MICMD_MIIRD);
            p.Chip.AdvanceMicros(start + 10 - p.Chip.NowMicros);
            Assert.AreEqual(ChipRegisters.MISTAT_BUSY, p.Chip.PeekRegister(3, ChipRegisters.MISTAT) & ChipRegisters.MISTAT_BUSY);
            p.Chip.AdvanceMicros(1);
            Assert.AreEqual(0, p.Chip.PeekRegister(3, ChipRegisters.MISTAT));
            p.Bank(2);
            Assert.AreEqual(0x83, p.RcrMac(ChipRegisters.MIRDL));
        }

        [TestMethod]
        public void MiiWriteTakesEffectWhenBusyClears()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Bank(2);
            p.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHLCON);
            p.Wcr(ChipRegisters.MIWRL, 0x76);
            p.Wcr(ChipRegisters.MIWRH, 0x34);
            Assert.AreEqual(0x3422, p.Chip.PeekPhy(ChipRegisters.PHLCON));
            p.Chip.AdvanceMicros(11);
            Assert.AreEqual(0x3476, p.Chip.PeekPhy(ChipRegisters.PHLCON));
        }

        [TestMethod]
        public void LlstatLatchesLowUntilRead()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.PhyRead(ChipRegisters.PHSTAT1); // first read after reset latches the current state
            Assert.AreEqual(ChipRegisters.PHSTAT1_LLSTAT, p.PhyRead(ChipRegisters.PHSTAT1) & ChipRegisters.PHSTAT1_LLSTAT);
            p.Chip.SetLinkUp(false);
            p.Chip.SetLinkUp(true);
            Assert.AreEqual(0, p.PhyRead(ChipRegisters.PHSTAT1) & ChipRegisters.PHSTAT1_LLSTAT);
            Assert.AreEqual(ChipRegisters.PHSTAT1_LLSTAT, p.PhyRead(ChipRegisters.PHSTAT1) & ChipRegisters.PHSTAT1_LLSTAT);
            Assert.AreEqual(ChipRegisters.PHSTAT2_LSTAT, p.PhyRead(ChipRegisters.PHSTAT2) & ChipRegisters.PHSTAT2_LSTAT);
        }

        [TestMethod]
        public void LinkChangeRaisesLinkifUntilPhirIsRead()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.PhyWrite(ChipRegisters.PHIE, ChipRegisters.PHIE_PGEIE | ChipRegisters.PHIE_PLNKIE);
            p.Wcr(ChipRegisters.EIE, ChipRegisters.EIE_INTIE | ChipRegisters.EIR_LINKIF);
            p.Chip.SetLinkUp(false);
            Assert.AreEqual(ChipRegisters.EIR_LINKIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_LINKIF);
            Assert.IsTrue(p.Chip.IntPinAsserted);
            Assert.AreEqual(0, p.PhyRead(ChipRegisters.PHSTAT2) & ChipRegisters.PHSTAT2_LSTAT);
            Assert.AreEqual(ChipRegisters.PHIR_PLNKIF | ChipRegisters.PHIR_PGIF, p.PhyRead(ChipRegisters.PHIR));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_LINKIF);
            Assert.IsFalse(p.Chip.IntPinAsserted);
        }

        [TestMethod]
        public void WithoutPhieTheLinkChangeIsNotAnInterrupt()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Chip.SetLinkUp(false);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_LINKIF);
            Assert.AreEqual(ChipRegisters.PHIR_PLNKIF, p.PhyRead(ChipRegisters.PHIR));
        }

        [TestMethod]
        public void FramesAreNotReceivedWhileTheLinkIsDown()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.SetLinkUp(false);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(0, p.Chip.PacketCount);
            p.Chip.SetLinkUp(true);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(1, p.Chip.PacketCount);
        }

        [TestMethod]
        public void DuplexStatusFollowsPdpxmd()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.PhyWrite(ChipRegisters.PHCON1, ChipRegisters.PHCON1_PDPXMD);
            Assert.AreEqual(ChipRegisters.PHSTAT2_DPXSTAT, p.PhyRead(ChipRegisters.PHSTAT2) & ChipRegisters.PHSTAT2_DPXSTAT);
        }

        [TestMethod]
        public void MiiscanKeepsMirdUpdatedAfterTheFirstCycle()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Bank(2);
            p.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHSTAT2);
            p.Wcr(ChipRegisters.MICMD, ChipRegisters.MICMD_MIISCAN);
            Assert.AreEqual(ChipRegisters.MISTAT_NVALID | ChipRegisters.MISTAT_SCAN | ChipRegisters.MISTAT_BUSY, p.Chip.PeekRegister(3, ChipRegisters.MISTAT));
            p.Chip.AdvanceMicros(11);
            Assert.AreEqual(0, p.Chip.PeekRegister(3, ChipRegisters.MISTAT) & ChipRegisters.MISTAT_NVALID);
            Assert.AreEqual(ChipRegisters.PHSTAT2_LSTAT >> 8, p.RcrMac(ChipRegisters.MIRDH) & (ChipRegisters.PHSTAT2_LSTAT >> 8));
            p.Chip.SetLinkUp(false);
            p.Chip.AdvanceMicros(11);
            Assert.AreEqual(0, p.RcrMac(ChipRegisters.MIRDH) & (ChipRegisters.PHSTAT2_LSTAT >> 8));
            p.Wcr(ChipRegisters.MICMD, 0);
            Assert.AreEqual(0, p.Chip.PeekRegister(3, ChipRegisters.MISTAT) & ChipRegisters.MISTAT_SCAN);
        }

        [TestMethod]
        public void PhyRegistersOutsideTheNineImplementedReadZeroAndIgnoreWrites()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.PhyWrite(0x05, 0x1234);
            Assert.AreEqual(0, p.PhyRead(0x05));
            p.PhyWrite(ChipRegisters.PHID1, 0x0000);
            Assert.AreEqual(0x0083, p.PhyRead(ChipRegisters.PHID1));
        }

        [TestMethod]
        public void HardwareResetRestoresThePhyAndWaitsForTheOscillator()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.PhyWrite(ChipRegisters.PHLCON, 0x3476);
            p.Chip.HardwareReset();
            Assert.AreEqual(0x3422, p.Chip.PeekPhy(ChipRegisters.PHLCON));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
            p.Chip.AdvanceMicros(300);
            Assert.AreEqual(ChipRegisters.ESTAT_CLKRDY, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
        }

        [TestMethod]
        public void LinuxLedSetupShowsLinkOnLedaAndStretchedActivityOnLedb()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle(); // PHLCON = 0x3476: LEDA link, LEDB TX/RX, stretched (LFRQ 01 = 70 ms)
            Assert.IsTrue(p.Chip.LedA);
            Assert.IsFalse(p.Chip.LedB);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.IsTrue(p.Chip.LedB);
            p.Chip.AdvanceMicros(150000);
            Assert.IsFalse(p.Chip.LedB);
            p.Chip.SetLinkUp(false);
            Assert.IsFalse(p.Chip.LedA);
        }

        [TestMethod]
        public void Errata11TheDuplexCollisionLedModeStaysDark()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.PhyWrite(ChipRegisters.PHCON1, ChipRegisters.PHCON1_PDPXMD);
            p.PhyWrite(ChipRegisters.PHLCON, 0x3E00 | 0x0090);
            Assert.IsTrue(p.Chip.LedA);
            p.Chip.Errata.LedDuplexCollisionModeUnavailable = true;
            Assert.IsFalse(p.Chip.LedA);
        }
    }
}
