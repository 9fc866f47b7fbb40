using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>Built-in self-test with the DMA checksum cross-check (DS §15, docs/enc28j60.md §8.1; EtherCard doBIST).</summary>
    [TestClass]
    public class BistTests
    {
        [TestMethod]
        public void AddressFillChecksumIsF807InBothBistAndDma()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Pointer(ChipRegisters.ERXSTL, 0x0000);
            p.Pointer(ChipRegisters.ERXNDL, 0x1FFF);
            p.Pointer(ChipRegisters.ERXRDPTL, 0x1FFF);
            p.Pointer(ChipRegisters.EDMASTL, 0x0000);
            p.Pointer(ChipRegisters.EDMANDL, 0x1FFF);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN);
            p.Bank(3);
            p.Wcr(ChipRegisters.EBSTCON, 0x04 | 0x02);        // TMSEL = 01 address fill, TME
            p.Bfs(ChipRegisters.EBSTCON, 0x01);               // BISTST
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(400);                        // 8 KiB × 40 ns = 327.68 µs
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EBSTCON) & 0x01);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_DMAST);
            int bist = p.Rcr(ChipRegisters.EBSTCSL) | (p.Rcr(ChipRegisters.EBSTCSH) << 8);
            p.Bank(0);
            int dma = p.Rcr(ChipRegisters.EDMACSL) | (p.Rcr(ChipRegisters.EDMACSH) << 8);
            Assert.AreEqual(0xF807, bist);
            Assert.AreEqual(0xF807, dma);
            Assert.AreEqual(0x34, (int)p.Chip.Memory[0x1234]);
        }

        [TestMethod]
        public void RandomFillChecksumMatchesTheDmaChecksum()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.Pointer(ChipRegisters.ERXSTL, 0x0000);
            p.Pointer(ChipRegisters.ERXNDL, 0x1FFF);
            p.Pointer(ChipRegisters.ERXRDPTL, 0x1FFF);
            p.Pointer(ChipRegisters.EDMASTL, 0x0000);
            p.Pointer(ChipRegisters.EDMANDL, 0x1FFF);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN);
            p.Bank(3);
            p.Wcr(ChipRegisters.EBSTSD, 0x5C);
            p.Wcr(ChipRegisters.EBSTCON, 0x02 | 0x01);        // TMSEL = 00 random, TME, BISTST
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(400);
            int bist = p.Rcr(ChipRegisters.EBSTCSL) | (p.Rcr(ChipRegisters.EBSTCSH) << 8);
            p.Bank(0);
            int dma = p.Rcr(ChipRegisters.EDMACSL) | (p.Rcr(ChipRegisters.EDMACSH) << 8);
            Assert.AreEqual(bist, dma);
        }
    }
}
