using System.Collections.Generic;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using Xunit;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>
/// Transmit double-buffering (issue 13): back-to-back frames are written over SPI into one TX slot while the previous
/// frame leaves from the other (DS §7.1 allows writing any buffer byte but those being sent), so a full-size frame
/// costs about its 10 Mb/s wire time (1.23 ms) instead of SPI upload (1.21 ms at 10 MHz) plus wire time.
/// The chip model runs in strict mode: touching the frame in flight or ETXST/ETXND during TXRTS would throw.
/// </summary>
public class TransmitOverlapTests
{
    private sealed class Recorder : IWireSink
    {
        public readonly List<int> Sequences = new();
        public readonly List<bool> Intact = new();
        public void FrameTransmitted(byte[] frame, int offset, int length)
        {
            int seq = frame[offset + 14] << 8 | frame[offset + 15];
            Sequences.Add(seq);
            Intact.Add(DriverRig.Matches(frame, offset, length, seq, DriverRig.PeerMac, DriverRig.Mac));
        }
    }

    private static (DriverRig Rig, Recorder Wire) Rig()
    {
        var rig = new DriverRig(new Enc28j60Options { InterruptMode = true });
        rig.Driver.Initialize(DriverRig.Mac);
        rig.Chip.Errata.LateCollisionPercent = 0;
        var wire = new Recorder();
        rig.Chip.WireSink = wire;
        return (rig, wire);
    }

    [Fact]
    public void BackToBackFullSizeFramesTakeTheirWireTimeNotSpiPlusWire()
    {
        var (rig, wire) = Rig();
        const int frames = 50;
        long start = rig.Chip.NowMicros;
        for (int i = 0; i < frames; i++) Assert.True(rig.Send(1514, i));
        rig.Flush();
        double perFrame = (rig.Chip.NowMicros - start) / (double)frames;
        // Wire: (8 + 1518 + 12) x 0.8 µs = 1,230 µs; one slot took SPI 1,214 µs + wire = 2,450 µs.
        Assert.InRange(perFrame, 1230, 1350);
        Assert.Equal(frames, wire.Sequences.Count);
        for (int i = 0; i < frames; i++)
        {
            Assert.Equal(i, wire.Sequences[i]);
            Assert.True(wire.Intact[i], "frame " + i + " corrupted");
        }
    }

    [Fact]
    public void LateCollisionRetryResendsTheRightFrameWhileTheNextWaitsInTheOtherSlot()
    {
        // Errata #13: the aborted frame is retransmitted from its own slot; the next one, already written into the
        // other slot, must neither be lost nor overwrite it.
        var (rig, wire) = Rig();
        for (int i = 0; i < 12; i++)
        {
            if (i % 3 == 1) rig.Chip.InjectLateCollisions(2);
            Assert.True(rig.Send(600 + 50 * i, i));
        }
        rig.Flush();
        Assert.Equal(12, wire.Sequences.Count);
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(i, wire.Sequences[i]);
            Assert.True(wire.Intact[i], "frame " + i + " corrupted");
        }
        Assert.Equal(8, rig.Driver.Counters.TxLateCollisionRetries);
    }

    [Fact]
    public void AnIdleTransmitterKeepsUsingOneSlot()
    {
        // Request/response traffic (ping, HTTP headers) pays no extra register writes for the second slot.
        var (rig, wire) = Rig();
        Assert.True(rig.Send(100, 0));
        rig.Flush();
        int etxst = rig.Chip.PeekRegister(0, ChipRegisters.ETXSTL) | rig.Chip.PeekRegister(0, ChipRegisters.ETXSTH) << 8;
        for (int i = 1; i < 5; i++)
        {
            Assert.True(rig.Send(100, i));
            rig.Flush();
            Assert.Equal(etxst, rig.Chip.PeekRegister(0, ChipRegisters.ETXSTL) | rig.Chip.PeekRegister(0, ChipRegisters.ETXSTH) << 8);
        }
        Assert.Equal(5, wire.Sequences.Count);
    }
}
