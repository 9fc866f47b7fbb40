using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>DMA copy and checksum (DS §13, docs/enc28j60.md §8).</summary>
    [TestClass]
    public class DmaTests
    {
        private static void Range(ChipProbe p, int start, int end)
        {
            p.Pointer(ChipRegisters.EDMASTL, start);
            p.Pointer(ChipRegisters.EDMANDL, end);
        }

        [TestMethod]
        public void ChecksumOf89ABCDIsA953()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle();
            p.Chip.Memory[0x1A00] = 0x89;
            p.Chip.Memory[0x1A01] = 0xAB;
            p.Chip.Memory[0x1A02] = 0xCD;
            Range(p, 0x1A00, 0x1A02);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN | ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(1);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_DMAST);
            Assert.AreEqual(0xA953, p.ReadPointer(ChipRegisters.EDMACSL) | (p.Rcr(ChipRegisters.EDMACSH) << 8));
            Assert.AreEqual(ChipRegisters.EIR_DMAIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_DMAIF);
        }

        [TestMethod]
        public void DmaIsBusyFor40NsPerByte()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle();
            Range(p, 0x1A00, 0x1A00 + 999); // 1000 bytes = 40 µs
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN | ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(30);
            Assert.AreEqual(ChipRegisters.ECON1_DMAST, p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(15);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_DMAST);
        }

        [TestMethod]
        public void CopyFollowsTheFifoWrapAtTheSourceAndIsLinearAtTheDestination()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle(); // FIFO 0x0000..0x19FF
            p.Chip.Memory[0x19FE] = 0x01;
            p.Chip.Memory[0x19FF] = 0x02;
            p.Chip.Memory[0x0000] = 0x03;
            p.Chip.Memory[0x0001] = 0x04;
            Range(p, 0x19FE, 0x0001);
            p.Pointer(ChipRegisters.EDMADSTL, 0x1FFE);
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(5);
            Assert.AreEqual(0x01, (int)p.Chip.Memory[0x1FFE]);
            Assert.AreEqual(0x02, (int)p.Chip.Memory[0x1FFF]);
            Assert.AreEqual(0x03, (int)p.Chip.Memory[0x0000]); // destination wrapped 0x1FFF → 0
            Assert.AreEqual(0x04, (int)p.Chip.Memory[0x0001]);
        }

        [TestMethod]
        public void ChecksumOverAReceivedIpHeaderIncludingItsChecksumIsZero()
        {
            // DS §13.2: summing a header with a correct checksum field yields 0 (complemented 0xFFFF → 0x0000).
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle();
            byte[] ip = new byte[] { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xB8, 0x61, 0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8, 0x00, 0xC7 };
            for (int i = 0; i < ip.Length; i++) p.Chip.Memory[0x1B00 + i] = ip[i];
            Range(p, 0x1B00, 0x1B00 + ip.Length - 1);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN | ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(2);
            Assert.AreEqual(0, p.ReadPointer(ChipRegisters.EDMACSL) | (p.Rcr(ChipRegisters.EDMACSH) << 8));
        }
    }
}
