using System;
using NanoStack.Emulator;
using Xunit;

namespace NanoStack.HostTests.Enc28j60Model;

/// <summary>Determinism from the seed, and no allocation on the model's SPI/wire paths (so it can run in nanoCLR).</summary>
public class ModelRuntimeTests
{
    private sealed class NullSink : IWireSink
    {
        public int Count;
        public void FrameTransmitted(byte[] frame, int offset, int length) => Count++;
    }

    private static (byte[] Memory, int Aborted, int Stored, int Violations) Run(uint seed)
    {
        var chip = new Enc28j60Chip(ChipRevision.B7, seed);
        chip.Errata.LateCollisionPercent = 30;
        chip.Strict.Throw = false;
        var spi = new Spi(chip);
        spi.Init(0x19FF, 0xA1);
        var rng = new Random(42);
        for (int i = 0; i < 200; i++)
        {
            byte[] f = Spi.Frame(rng.Next(60, 600), i);
            chip.ReceiveFromWire(f, 0, f.Length);
            spi.Rcr(ChipRegisters.EIR); // errata #6 draws from the PRNG
            spi.Pointer(ChipRegisters.EWRPTL, 0x1A00);
            spi.Wbm(f, 0, f.Length);
            spi.Pointer(ChipRegisters.ETXSTL, 0x1A00);
            spi.Pointer(ChipRegisters.ETXNDL, 0x1A00 + f.Length - 1);
            spi.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            spi.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            spi.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS);
            chip.AdvanceMicros(1000);
            spi.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PKTDEC);
        }
        return ((byte[])chip.Memory.Clone(), chip.FramesAborted, chip.FramesReceived, chip.Strict.ViolationCount);
    }

    [Fact]
    public void TheSameSeedReplaysTheSameRun()
    {
        var a = Run(77);
        var b = Run(77);
        var c = Run(78);
        Assert.Equal(a.Memory, b.Memory);
        Assert.Equal(a.Aborted, b.Aborted);
        Assert.True(a.Aborted > 0);
        Assert.NotEqual(a.Memory, c.Memory);
    }

    [Fact]
    public void ReceiveTransmitAndSpiPathsAllocateNothing()
    {
        var chip = new Enc28j60Chip();
        chip.Errata.LinkPulseLateCollision = false;
        chip.WireSink = new NullSink();
        var spi = new Spi(chip);
        spi.Init(0x19FF, 0xA1);
        byte[] f = Spi.Frame(1000, 1);
        int at = 0;
        void Cycle()
        {
            chip.ReceiveFromWire(f, 0, f.Length);
            spi.Pointer(ChipRegisters.ERDPTL, at);
            spi.Rbm(6 + 1004);
            int next = spi.Miso[1] | (spi.Miso[2] << 8);
            at = next;
            spi.Pointer(ChipRegisters.ERXRDPTL, next == 0 ? 0x19FF : next - 1);
            spi.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PKTDEC);
            spi.Pointer(ChipRegisters.EWRPTL, 0x1A00);
            spi.Wbm(f, 0, f.Length);
            spi.Pointer(ChipRegisters.ETXSTL, 0x1A00);
            spi.Pointer(ChipRegisters.ETXNDL, 0x1A00 + f.Length - 1);
            spi.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS);
            chip.AdvanceMicros(1000);
            spi.Bank(2);
            spi.Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHSTAT2);
            spi.Wcr(ChipRegisters.MICMD, ChipRegisters.MICMD_MIIRD);
            chip.AdvanceMicros(11);
            spi.Wcr(ChipRegisters.MICMD, 0);
            spi.Bank(0);
        }
        long allocated = AllocationMeter.Measure(
            () => { for (int i = 0; i < 5; i++) Cycle(); },
            () => { for (int i = 0; i < 50; i++) Cycle(); });
        Assert.Equal(0, allocated);
        Assert.Equal(0, chip.Strict.ViolationCount);
        Assert.Equal(55, chip.FramesTransmitted);
    }
}
