using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>RBM/WBM pointer auto-increment and wrap rules (DS §4.2.2/§4.2.4, docs/enc28j60.md §2.7).</summary>
    [TestClass]
    public class BufferTests
    {
        private static ChipProbe Fifo(int start, int end)
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Pointer(ChipRegisters.ERXSTL, start);
            p.Pointer(ChipRegisters.ERXNDL, end);
            p.Pointer(ChipRegisters.ERXRDPTL, end);
            return p;
        }

        [TestMethod]
        public void RbmWrapsFromErxndToErxst()
        {
            ChipProbe p = Fifo(0x0000, 0x0FFF);
            p.Chip.Memory[0x0FFE] = 0xA1;
            p.Chip.Memory[0x0FFF] = 0xA2;
            p.Chip.Memory[0x0000] = 0xA3;
            p.Pointer(ChipRegisters.ERDPTL, 0x0FFE);
            p.Rbm(3);
            Assert.AreEqual(0xA1, (int)p.Miso[1]);
            Assert.AreEqual(0xA2, (int)p.Miso[2]);
            Assert.AreEqual(0xA3, (int)p.Miso[3]);
            Assert.AreEqual(0x0001, p.ReadPointer(ChipRegisters.ERDPTL));
        }

        [TestMethod]
        public void RbmOutsideTheFifoWrapsOnlyAt1FFF()
        {
            ChipProbe p = Fifo(0x0000, 0x0FFF);
            p.Chip.Memory[0x1FFF] = 0xB1;
            p.Chip.Memory[0x0000] = 0xB2;
            p.Pointer(ChipRegisters.ERDPTL, 0x1FFF);
            p.Rbm(2);
            Assert.AreEqual(0xB1, (int)p.Miso[1]);
            Assert.AreEqual(0xB2, (int)p.Miso[2]);
        }

        [TestMethod]
        public void RbmReadsTheTransmitAreaLinearlyAboveTheFifo()
        {
            ChipProbe p = Fifo(0x0000, 0x19FF);
            p.Chip.Memory[0x1A10] = 0x01;
            p.Chip.Memory[0x1A11] = 0x02;
            p.Pointer(ChipRegisters.ERDPTL, 0x1A10);
            p.Rbm(2);
            Assert.AreEqual(0x02, (int)p.Miso[2]);
            Assert.AreEqual(0x1A12, p.ReadPointer(ChipRegisters.ERDPTL));
        }

        [TestMethod]
        public void WbmDoesNotWrapAtErxnd()
        {
            ChipProbe p = Fifo(0x0000, 0x0FFF);
            p.Pointer(ChipRegisters.EWRPTL, 0x0FFF);
            byte[] data = new byte[] { 0x11, 0x22 };
            p.Wbm(data, 0, 2);
            Assert.AreEqual(0x11, (int)p.Chip.Memory[0x0FFF]);
            Assert.AreEqual(0x22, (int)p.Chip.Memory[0x1000]);
            Assert.AreEqual(0x1001, p.ReadPointer(ChipRegisters.EWRPTL));
        }

        [TestMethod]
        public void WbmWrapsFrom1FFFToZero()
        {
            ChipProbe p = Fifo(0x0000, 0x0FFF);
            p.Pointer(ChipRegisters.EWRPTL, 0x1FFF);
            byte[] data = new byte[] { 0x33, 0x44 };
            p.Wbm(data, 0, 2);
            Assert.AreEqual(0x33, (int)p.Chip.Memory[0x1FFF]);
            Assert.AreEqual(0x44, (int)p.Chip.Memory[0x0000]);
            Assert.AreEqual(0x0001, p.ReadPointer(ChipRegisters.EWRPTL));
        }

        [TestMethod]
        public void WithoutAutoincThePointersStayPut()
        {
            ChipProbe p = Fifo(0x0000, 0x0FFF);
            p.Bfc(ChipRegisters.ECON2, ChipRegisters.ECON2_AUTOINC);
            p.Chip.Memory[0x0200] = 0x5A;
            p.Chip.Memory[0x0201] = 0x00;
            p.Pointer(ChipRegisters.ERDPTL, 0x0200);
            p.Rbm(3);
            Assert.AreEqual(0x5A, (int)p.Miso[3]);
            Assert.AreEqual(0x0200, p.ReadPointer(ChipRegisters.ERDPTL));
            p.Pointer(ChipRegisters.EWRPTL, 0x0300);
            byte[] data = new byte[] { 1, 2, 3 };
            p.Wbm(data, 0, 3);
            Assert.AreEqual(3, (int)p.Chip.Memory[0x0300]);
            Assert.AreEqual(0x0300, p.ReadPointer(ChipRegisters.EWRPTL));
        }
    }
}
