using System;
using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>Strict mode catches the driver mistakes of docs/enc28j60.md §10, and stays silent on a correct init.</summary>
    [TestClass]
    public class StrictModeTests
    {
        private static ChipProbe _probe;

        private static ChipProbe Started()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.Errata.LinkPulseLateCollision = false;
            return p;
        }

        [TestMethod]
        public void TheLinuxInitSequenceHasNoViolation()
        {
            ChipProbe p = Started();
            Assert.AreEqual(0, p.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void AnEvenErxrdptWriteThrows()
        {
            _probe = Started();
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Pointer(ChipRegisters.ERXRDPTL, 0x0046));
        }

        [TestMethod]
        public void AMacRegisterReadWithoutTheDummyByteThrows()
        {
            _probe = Started();
            _probe.Bank(2);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Rcr(ChipRegisters.MACON1));
        }

        [TestMethod]
        public void BfsOnAMacRegisterThrows()
        {
            _probe = Started();
            _probe.Bank(2);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Bfs(ChipRegisters.MACON3, ChipRegisters.MACON3_FULDPX));
        }

        [TestMethod]
        public void BfcOnMistatThrows()
        {
            _probe = Started();
            _probe.Bank(3);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Bfc(ChipRegisters.MISTAT, 1));
        }

        [TestMethod]
        public void RecordOnlyModeCountsAndKeepsTheMessage()
        {
            ChipProbe p = Started();
            p.Chip.Strict.Throw = false;
            p.Pointer(ChipRegisters.ERXRDPTL, 0x0046);
            p.Bank(2);
            p.Rcr(ChipRegisters.MACON1);
            Assert.AreEqual(2, p.Chip.Strict.ViolationCount);
            Assert.IsTrue(p.Chip.Strict.Violation(0).IndexOf("errata #14") >= 0);
            Assert.IsTrue(p.Chip.Strict.LastViolation.IndexOf("dummy byte") >= 0);
        }

        [TestMethod]
        public void ErxstWrittenWithRxenSetIsRefusedAndReported()
        {
            ChipProbe p = Started();
            p.Chip.Strict.Throw = false;
            p.Pointer(ChipRegisters.ERXSTL, 0x0100);
            Assert.AreEqual(0x0000, p.ReadPointer(ChipRegisters.ERXSTL));
            Assert.AreEqual(2, p.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void TouchingTheFrameBeingSentThrows()
        {
            _probe = Started();
            _probe.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 1000), 0);
            _probe.Pointer(ChipRegisters.EWRPTL, 0x1A10);
            byte[] data = new byte[] { 1, 2, 3 };
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Wbm(data, 0, 3));
        }

        [TestMethod]
        public void MovingEtxndDuringATransmissionThrows()
        {
            _probe = Started();
            _probe.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 1000), 0);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Wcr(ChipRegisters.ETXNDL, 0x20));
        }

        [TestMethod]
        public void StartingAMiiWriteWhileBusyThrows()
        {
            _probe = Started();
            _probe.Bank(2);
            _probe.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHLCON);
            _probe.Wcr(ChipRegisters.MIWRL, 0x76);
            _probe.Wcr(ChipRegisters.MIWRH, 0x34);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Wcr(ChipRegisters.MIWRH, 0x34));
        }

        [TestMethod]
        public void ReadingMirdBeforeTheMiiReadFinishesThrows()
        {
            _probe = Started();
            _probe.Bank(2);
            _probe.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHSTAT2);
            _probe.Wcr(ChipRegisters.MICMD, ChipRegisters.MICMD_MIIRD);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.RcrMac(ChipRegisters.MIRDL));
        }

        [TestMethod]
        public void PhyAccessInPowerSaveThrows()
        {
            _probe = Started();
            _probe.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PWRSV);
            _probe.Bank(2);
            _probe.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHSTAT2);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Wcr(ChipRegisters.MICMD, ChipRegisters.MICMD_MIIRD));
        }

        [TestMethod]
        public void DuplexMismatchBetweenMacAndPhyThrowsAtRxen()
        {
            _probe = Started();
            _probe.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            _probe.Bank(2);
            _probe.Wcr(ChipRegisters.MACON3, 0x33); // FULDPX while PHCON1.PDPXMD = 0
            _probe.Bank(0);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN));
        }

        [TestMethod]
        public void ChangingDuplexWithTheReceiverOnThrows()
        {
            _probe = Started();
            _probe.Bank(2);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Wcr(ChipRegisters.MACON3, 0x33));
        }

        [TestMethod]
        public void PaddingWithoutTxcrcenThrowsAtTxrts()
        {
            _probe = Started();
            _probe.Bank(2);
            _probe.Wcr(ChipRegisters.MACON3, 0x20); // PADCFG 001 without TXCRCEN
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0));
        }

        [TestMethod]
        public void TransmitBufferOverlappingTheRxFifoThrows()
        {
            _probe = Started();
            _probe.Bank(0);
            _probe.Pointer(ChipRegisters.EWRPTL, 0x1000);
            _probe.Pointer(ChipRegisters.ETXSTL, 0x1000);
            _probe.Pointer(ChipRegisters.ETXNDL, 0x1040);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS));
        }

        [TestMethod]
        public void DmaWithEqualStartAndEndThrows()
        {
            _probe = Started();
            _probe.Pointer(ChipRegisters.EDMASTL, 0x1A00);
            _probe.Pointer(ChipRegisters.EDMANDL, 0x1A00);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_DMAST));
        }

        [TestMethod]
        public void AccessSoonerThanOneMillisecondAfterSrcThrows()
        {
            _probe = Started();
            _probe.Mosi[0] = 0xFF;
            _probe.Raw(1);
            _probe.Chip.AdvanceMicros(500);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Wcr(ChipRegisters.ECON2, 0x80));
        }

        [TestMethod]
        public void SrcInPowerSaveThrows()
        {
            _probe = Started();
            _probe.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PWRSV);
            _probe.Mosi[0] = 0xFF;
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Raw(1));
        }

        [TestMethod]
        public void TxrtsWhileTxrstIsHeldThrows()
        {
            _probe = Started();
            _probe.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS));
        }

        [TestMethod]
        public void SckAbove20MegahertzThrows()
        {
            _probe = new ChipProbe();
            _probe.Chip.SpiClockHz = 25000000;
            Assert.ThrowsException(typeof(Enc28j60StrictException), () => _probe.Rcr(ChipRegisters.ESTAT));
        }

        [TestMethod]
        public void StrictModeOffNeverThrows()
        {
            ChipProbe p = Started();
            p.Chip.Strict.Enabled = false;
            p.Pointer(ChipRegisters.ERXRDPTL, 0x0046);
            Assert.AreEqual(1, p.Chip.Strict.ViolationCount);
        }
    }
}
