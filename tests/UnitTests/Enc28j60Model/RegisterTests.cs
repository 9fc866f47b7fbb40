using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>Reset values and SPI decoding of control registers (DS §3-4, docs/enc28j60.md §1-2).</summary>
    [TestClass]
    public class RegisterTests
    {
        [TestMethod]
        [DataRow(0, 0x00, 0xFA)] // ERDPTL
        [DataRow(0, 0x01, 0x05)] // ERDPTH
        [DataRow(0, 0x08, 0xFA)] // ERXSTL
        [DataRow(0, 0x09, 0x05)] // ERXSTH
        [DataRow(0, 0x0A, 0xFF)] // ERXNDL
        [DataRow(0, 0x0B, 0x1F)] // ERXNDH
        [DataRow(0, 0x0C, 0xFA)] // ERXRDPTL
        [DataRow(0, 0x0D, 0x05)] // ERXRDPTH
        [DataRow(0, 0x0E, 0x00)] // ERXWRPTL
        [DataRow(1, 0x18, 0xA1)] // ERXFCON = UCEN|CRCEN|BCEN
        [DataRow(1, 0x19, 0x00)] // EPKTCNT
        [DataRow(2, 0x08, 0x0F)] // MACLCON1
        [DataRow(2, 0x09, 0x37)] // MACLCON2
        [DataRow(2, 0x0A, 0x00)] // MAMXFLL
        [DataRow(2, 0x0B, 0x06)] // MAMXFLH (0x0600)
        [DataRow(3, 0x12, 0x06)] // EREVID of B7
        [DataRow(3, 0x15, 0x04)] // ECOCON: CLKOUT 6.25 MHz
        [DataRow(3, 0x19, 0x10)] // EPAUSH
        [DataRow(0, 0x1E, 0x80)] // ECON2 = AUTOINC
        [DataRow(0, 0x1F, 0x00)] // ECON1
        [DataRow(0, 0x1B, 0x00)] // EIE
        [DataRow(0, 0x1C, 0x00)] // EIR
        public void ResetValuesMatchTheDataSheet(int bank, int address, int expected)
        {
            ChipProbe p = new ChipProbe();
            p.Reset();
            p.Bank(bank);
            int value = ChipRegisters.IsMacMii(bank, address) ? p.RcrMac(address) : p.Rcr(address);
            Assert.AreEqual(expected, value);
        }

        [TestMethod]
        [DataRow(0x02, 0x0083)] // PHID1
        [DataRow(0x03, 0x1400)] // PHID2
        [DataRow(0x14, 0x3422)] // PHLCON
        [DataRow(0x10, 0x0000)] // PHCON2
        public void PhyResetValuesMatchTheDataSheet(int register, int expected)
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Reset();
            Assert.AreEqual(expected, p.PhyRead(register));
        }

        [TestMethod]
        [DataRow(0, 0x02)]
        [DataRow(1, 0x04)]
        [DataRow(2, 0x05)]
        [DataRow(3, 0x06)]
        public void ErevidIdentifiesTheSiliconRevision(int revision, int expected)
        {
            ChipProbe p = new ChipProbe(new Enc28j60Chip((ChipRevision)revision));
            p.Bank(3);
            Assert.AreEqual(expected, p.Rcr(ChipRegisters.EREVID));
        }

        [TestMethod]
        public void MacRegisterReadShiftsOutANonZeroDummyByteFirst()
        {
            ChipProbe p = new ChipProbe();
            p.Bank(2);
            p.Wcr(ChipRegisters.MAIPGL, 0x12);
            int value = p.RcrMac(ChipRegisters.MAIPGL);
            Assert.AreEqual(0x12, value);
            Assert.AreNotEqual(0, (int)p.Miso[1]);
        }

        [TestMethod]
        public void EthRegisterReadAnswersInTheSecondByte()
        {
            ChipProbe p = new ChipProbe();
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, 0x5A);
            Assert.AreEqual(0x5A, p.Rcr(ChipRegisters.ERXFCON));
        }

        [TestMethod]
        public void SameAddressReachesADifferentRegisterInEachBank()
        {
            ChipProbe p = new ChipProbe();
            p.Bank(0);
            p.Wcr(0x00, 0x11); // ERDPTL
            p.Bank(1);
            p.Wcr(0x00, 0x22); // EHT0
            p.Bank(3);
            p.Wcr(0x00, 0x33); // MAADR5
            p.Bank(0);
            Assert.AreEqual(0x11, p.Rcr(0x00));
            p.Bank(1);
            Assert.AreEqual(0x22, p.Rcr(0x00));
            p.Bank(3);
            Assert.AreEqual(0x33, p.RcrMac(0x00));
        }

        [TestMethod]
        public void CommonRegistersAreTheSameInEveryBank()
        {
            ChipProbe p = new ChipProbe();
            p.Bank(2);
            p.Wcr(ChipRegisters.EIE, 0x48);
            p.Bank(3);
            Assert.AreEqual(0x48, p.Rcr(ChipRegisters.EIE));
            Assert.AreEqual(3, p.Rcr(ChipRegisters.ECON1) & 3);
        }

        [TestMethod]
        public void PointerHighBytesHoldOnly13BitAddresses()
        {
            ChipProbe p = new ChipProbe();
            p.Wcr(ChipRegisters.EWRPTH, 0xFF);
            Assert.AreEqual(0x1F, p.Rcr(ChipRegisters.EWRPTH));
        }

        [TestMethod]
        [DataRow(0, 0x0E)] // ERXWRPTL
        [DataRow(0, 0x16)] // EDMACSL
        [DataRow(1, 0x19)] // EPKTCNT
        [DataRow(3, 0x12)] // EREVID
        public void ReadOnlyRegistersIgnoreWrites(int bank, int address)
        {
            ChipProbe p = new ChipProbe();
            p.Bank(bank);
            int before = p.Rcr(address);
            p.Wcr(address, before ^ 0x55);
            Assert.AreEqual(before, p.Rcr(address));
        }

        [TestMethod]
        public void MistatIsReadOnly()
        {
            ChipProbe p = new ChipProbe();
            p.Bank(3);
            p.Wcr(ChipRegisters.MISTAT, 0x07);
            Assert.AreEqual(0, p.RcrMac(ChipRegisters.MISTAT));
        }

        [TestMethod]
        public void ErxrdptLowByteTakesEffectOnlyWithTheHighByte()
        {
            ChipProbe p = new ChipProbe();
            p.Wcr(ChipRegisters.ERXRDPTL, 0x33);
            Assert.AreEqual(0xFA, p.Rcr(ChipRegisters.ERXRDPTL));
            p.Wcr(ChipRegisters.ERXRDPTH, 0x07);
            Assert.AreEqual(0x33, p.Rcr(ChipRegisters.ERXRDPTL));
            Assert.AreEqual(0x07, p.Rcr(ChipRegisters.ERXRDPTH));
        }

        [TestMethod]
        public void OtherPointersChangeByteByByte()
        {
            ChipProbe p = new ChipProbe();
            p.Wcr(ChipRegisters.ERDPTL, 0x34);
            Assert.AreEqual(0x0534, p.ReadPointer(ChipRegisters.ERDPTL));
        }

        [TestMethod]
        public void UnimplementedAddressesReadZero()
        {
            ChipProbe p = new ChipProbe();
            p.Bank(1);
            p.Wcr(0x12, 0xFF);
            Assert.AreEqual(0, p.Rcr(0x12));
            p.Bank(0);
            Assert.AreEqual(0, p.Rcr(0x1A));
        }

        [TestMethod]
        public void PktdecReadsZeroAndDecrementsEpktcnt()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            p.Bank(1);
            Assert.AreEqual(2, p.Rcr(ChipRegisters.EPKTCNT));
            p.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PKTDEC);
            Assert.AreEqual(1, p.Rcr(ChipRegisters.EPKTCNT));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ECON2) & ChipRegisters.ECON2_PKTDEC);
        }

        [TestMethod]
        public void EirFlagsAreClearedByBfcButNotSetByBfs()
        {
            ChipProbe p = new ChipProbe();
            p.Bfs(ChipRegisters.EIR, ChipRegisters.EIR_TXIF);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EIR));
            p.InitLinuxStyle();
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(ChipRegisters.EIR_TXIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_TXIF);
            p.Bfc(ChipRegisters.EIR, ChipRegisters.EIR_TXIF);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_TXIF);
        }

        [TestMethod]
        public void SystemResetRestoresRegistersButKeepsTheBuffer()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Pointer(ChipRegisters.EWRPTL, 0x0100);
            p.Mosi[0] = ChipRegisters.OP_WBM;
            p.Mosi[1] = 0xC3;
            p.Raw(2);
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, 0x00);
            p.Reset();
            p.Bank(1);
            Assert.AreEqual(0xA1, p.Rcr(ChipRegisters.ERXFCON));
            Assert.AreEqual(0xC3, (int)p.Chip.Memory[0x0100]);
        }

        [TestMethod]
        public void SystemResetToleratesATrailingByteAndCountsOneAssertion()
        {
            ChipProbe p = new ChipProbe();
            p.Chip.Counters.Reset();
            p.Mosi[0] = 0xFF;
            p.Mosi[1] = 0xFF;
            p.Raw(2);
            Assert.AreEqual(1, p.Chip.Counters.AssertionsOf(SpiOpcode.SystemReset));
            Assert.AreEqual(2L, p.Chip.Counters.BytesOf(SpiOpcode.SystemReset));
        }

        [TestMethod]
        public void CountersSplitAssertionsAndBytesByOpcode()
        {
            ChipProbe p = new ChipProbe();
            p.Chip.Counters.Reset();
            p.Rcr(ChipRegisters.ESTAT);
            p.Bank(2);
            p.RcrMac(ChipRegisters.MACON1);
            p.Rbm(10);
            Assert.AreEqual(5, p.Chip.Counters.ChipSelectAssertions); // RCR, BFC+BFS bank switch, RCR, RBM
            Assert.AreEqual(2, p.Chip.Counters.AssertionsOf(SpiOpcode.ReadControlRegister));
            Assert.AreEqual(5L, p.Chip.Counters.BytesOf(SpiOpcode.ReadControlRegister));
            Assert.AreEqual(11L, p.Chip.Counters.BytesOf(SpiOpcode.ReadBufferMemory));
            Assert.AreEqual(1, p.Chip.Counters.AssertionsOf(SpiOpcode.BitFieldClear));
            Assert.AreEqual(1, p.Chip.Counters.AssertionsOf(SpiOpcode.BitFieldSet));
        }

        [TestMethod]
        public void EachTransferAdvancesTimeByItsSpiDuration()
        {
            ChipProbe p = new ChipProbe();
            p.Chip.SpiClockHz = 8000000; // 1 µs per byte
            long before = p.Chip.NowMicros;
            p.Rbm(99); // 100 bytes
            Assert.AreEqual(before + 100, p.Chip.NowMicros);
        }
    }
}
