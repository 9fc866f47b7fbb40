using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>INT pin edges (DS §12: active low while INTIE and any EIR flag enabled in EIE).</summary>
    [TestClass]
    public class InterruptTests
    {
        private static int _edges;
        private static bool _level;

        private static void OnPin(bool asserted)
        {
            _edges++;
            _level = asserted;
        }

        [TestMethod]
        public void PinFollowsIntieAndPktifAndReportsEachEdge()
        {
            _edges = 0;
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.IntPinChanged += OnPin;
            p.Wcr(ChipRegisters.EIE, ChipRegisters.EIE_INTIE | ChipRegisters.EIR_PKTIF);
            Assert.AreEqual(0, _edges);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(1, _edges);
            Assert.IsTrue(_level);
            // DS §12.0: clear INTIE at the start of the handler, set it at the end → a new falling edge if still pending.
            p.Bfc(ChipRegisters.EIE, ChipRegisters.EIE_INTIE);
            Assert.IsFalse(_level);
            p.Bfs(ChipRegisters.EIE, ChipRegisters.EIE_INTIE);
            Assert.IsTrue(_level);
            Assert.AreEqual(3, _edges);
            p.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PKTDEC);
            Assert.IsFalse(_level);
            Assert.IsFalse(p.Chip.IntPinAsserted);
            p.Chip.IntPinChanged -= OnPin;
        }

        [TestMethod]
        public void DisabledSourcesDoNotAssertThePin()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Wcr(ChipRegisters.EIE, ChipRegisters.EIE_INTIE | ChipRegisters.EIR_TXIF);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.IsFalse(p.Chip.IntPinAsserted);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_INT);
        }

        [TestMethod]
        public void RxerifIsAnInterruptSourceAndClearsWithBfc()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Wcr(ChipRegisters.EIE, ChipRegisters.EIE_INTIE | ChipRegisters.EIR_RXERIF);
            for (int i = 0; i < 5; i++) p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1514));
            Assert.IsTrue(p.Chip.IntPinAsserted);
            p.Bfc(ChipRegisters.EIR, ChipRegisters.EIR_RXERIF);
            Assert.IsFalse(p.Chip.IntPinAsserted);
        }
    }
}
