using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NanoStack.Emulator;
using Xunit;

namespace NanoStack.HostTests.Enc28j60Model;

/// <summary>
/// Properties of the RX FIFO against a reference reader written from the data sheet (DS §7.2): whatever the frame
/// sizes, FIFO size and consumption pattern, every frame the chip counts is read back byte-exact by following next
/// pointers with odd ERXRDPT values, a frame is refused exactly when the DS free-space equation says it does not fit,
/// and the byte at ERXRDPT is never written.
/// </summary>
public class RxRingPropertyTests
{
    private static readonly Config Cfg = Config.QuickThrowOnFailure.WithMaxTest(60);

    private static Arbitrary<(int End, (int Length, int Consume)[] Ops)> Scenarios() =>
        Gen.Elements(0x03FF, 0x07FF, 0x0FFF, 0x19FF)
            .SelectMany(end => Gen.ArrayOf(
                    Gen.Choose(14, 1514).SelectMany(len => Gen.Choose(0, 3).Select(c => (len, c))))
                .Select(ops => (end, ops)))
            .ToArbitrary();

    private static int Free(int wr, int rd, int start, int end)
    {
        int size = end - start;
        if (wr > rd) return size - (wr - rd);
        if (wr == rd) return size;
        return rd - wr - 1;
    }

    [Fact]
    public void EveryCountedFrameIsReadBackIntactAndRefusalsMatchTheFreeSpaceEquation()
    {
        Check.One(Cfg, Prop.ForAll(Scenarios(), s =>
        {
            var chip = new Enc28j60Chip(ChipRevision.B7, 1) { Errata = Enc28j60Errata.None() };
            var spi = new Spi(chip);
            spi.Init(s.End, 0x00);
            var pending = new Queue<byte[]>();
            int next = 0;
            int seq = 0;
            foreach (var (length, consume) in s.Ops)
            {
                byte[] f = Spi.Frame(length, seq++);
                int wr = spi.ReadPointer(ChipRegisters.ERXWRPTL);
                int rd = spi.ReadPointer(ChipRegisters.ERXRDPTL);
                int guardAddr = rd;
                byte guard = chip.Memory[guardAddr];
                int before = chip.PacketCount;
                chip.ReceiveFromWire(f, 0, f.Length);
                int onWire = System.Math.Max(length, 60) + 4;
                bool fits = 6 + onWire <= Free(wr, rd, 0, s.End);
                Assert.Equal(fits, chip.PacketCount == before + 1);
                Assert.Equal(guard, chip.Memory[guardAddr]);
                if (fits) pending.Enqueue(f);
                for (int k = 0; k < consume && pending.Count > 0; k++) next = Consume(spi, pending.Dequeue(), next, s.End);
            }
            while (pending.Count > 0) next = Consume(spi, pending.Dequeue(), next, s.End);
            Assert.Equal(0, chip.PacketCount);
            Assert.Equal(0, chip.Strict.ViolationCount);
        }));
    }

    private static int Consume(Spi spi, byte[] expected, int at, int end)
    {
        spi.Pointer(ChipRegisters.ERDPTL, at);
        spi.Rbm(6);
        int next = spi.Miso[1] | (spi.Miso[2] << 8);
        int count = spi.Miso[3] | (spi.Miso[4] << 8);
        int status = spi.Miso[5] | (spi.Miso[6] << 8);
        Assert.Equal(0, next & 1);
        Assert.InRange(next, 0, end);
        Assert.Equal(System.Math.Max(expected.Length, 60) + 4, count);
        Assert.Equal(0x80, status & 0x80);
        spi.Rbm(count - 4);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], spi.Miso[1 + i]);
        for (int i = expected.Length; i < count - 4; i++) Assert.Equal(0, spi.Miso[1 + i]);
        spi.Pointer(ChipRegisters.ERXRDPTL, next == 0 ? end : next - 1); // errata #14: always odd
        spi.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PKTDEC);
        return next;
    }
}
