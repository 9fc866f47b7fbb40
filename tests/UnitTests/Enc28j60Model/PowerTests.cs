using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>Power-save and reset timing (DS §2.2, §11, docs/enc28j60.md §2.3 and §6).</summary>
    [TestClass]
    public class PowerTests
    {
        [TestMethod]
        public void PowerSaveClearsClkrdyWhichReturnsAfterTheStartUpTimer()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PWRSV);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
            p.Bfc(ChipRegisters.ECON2, ChipRegisters.ECON2_PWRSV);
            p.Chip.AdvanceMicros(250);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
            p.Chip.AdvanceMicros(60);
            Assert.AreEqual(ChipRegisters.ESTAT_CLKRDY, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
        }

        [TestMethod]
        public void NothingIsReceivedInPowerSave()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PWRSV);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(0, p.Chip.PacketCount);
        }

        [TestMethod]
        public void WithoutErrata2ClkrdyDropsAfterSrcAndPollingItIsEnough()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Mosi[0] = 0xFF;
            p.Raw(1);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
            p.Chip.AdvanceMicros(300);
            Assert.AreEqual(ChipRegisters.ESTAT_CLKRDY, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_CLKRDY);
            p.Bank(3);
            Assert.AreEqual(0x06, p.Rcr(ChipRegisters.EREVID));
        }
    }
}
