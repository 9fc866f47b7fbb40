using System;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>
/// The portable driver on the chip model (host side): SPI calls go to <see cref="Enc28j60Chip.Transfer"/>, delays
/// advance the model's virtual clock. Test frames carry a sequence number and a position-dependent pattern.
/// </summary>
internal sealed class DriverRig : ISpiTransport, IDriverClock, IWireSink
{
    public static readonly byte[] Mac = { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x01 };
    public static readonly byte[] PeerMac = { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x02 };
    public static readonly byte[] Broadcast = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

    public readonly Enc28j60Chip Chip;
    public readonly Enc28j60Driver Driver;
    public readonly byte[] Scratch = new byte[1600];
    public int WireFrames;
    public int LastWireLength;
    public readonly byte[] LastWire = new byte[1600];

    public DriverRig(Enc28j60Options options = null, ChipRevision revision = ChipRevision.B7, uint seed = 0x1234567u, Action<Enc28j60Chip> prepare = null)
    {
        Chip = new Enc28j60Chip(revision, seed);
        Chip.WireSink = this;
        prepare?.Invoke(Chip);
        Driver = new Enc28j60Driver(this, this, options ?? new Enc28j60Options());
    }

    public static Enc28j60Options Without(Enc28j60Workarounds removed) =>
        new() { Workarounds = Enc28j60Workarounds.All & ~removed };

    public void Write(byte[] buffer, int offset, int length) => Chip.Transfer(buffer, offset, null, 0, length);

    public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length) =>
        Chip.Transfer(write, writeOffset, read, readOffset, length);

    public long NowMicros => Chip.NowMicros;

    public void DelayMicros(int us) => Chip.AdvanceMicros(us);

    public void FrameTransmitted(byte[] frame, int offset, int length)
    {
        WireFrames++;
        LastWireLength = length;
        Array.Copy(frame, offset, LastWire, 0, length);
    }

    public static void Fill(byte[] b, int off, int length, int seq, byte[] dst, byte[] src)
    {
        Array.Copy(dst, 0, b, off, 6);
        Array.Copy(src, 0, b, off + 6, 6);
        b[off + 12] = 0x88;
        b[off + 13] = 0xB5;
        b[off + 14] = (byte)(seq >> 8);
        b[off + 15] = (byte)seq;
        for (int i = 16; i < length; i++) b[off + i] = (byte)(seq * 31 + i * 7 + (i >> 8));
    }

    public static bool Matches(byte[] b, int off, int length, int seq, byte[] dst, byte[] src)
    {
        var expected = new byte[length];
        Fill(expected, 0, length, seq, dst, src);
        return b.AsSpan(off, length).SequenceEqual(expected);
    }

    public void Inject(int length, int seq, byte[] dst = null)
    {
        Fill(Scratch, 0, length, seq, dst ?? Mac, PeerMac);
        Chip.ReceiveFromWire(Scratch, 0, length);
    }

    public bool ReceiveExpect(int length, int seq)
    {
        int n = Driver.Receive();
        return n == length && Matches(Driver.ReceiveBuffer, Driver.ReceiveOffset, length, seq, Mac, PeerMac);
    }

    public bool Send(int length, int seq, byte[] dst = null)
    {
        Fill(Driver.TransmitBuffer, Driver.TransmitOffset, length, seq, dst ?? PeerMac, Mac);
        return Driver.Transmit(length);
    }

    public void Run(int micros)
    {
        Chip.AdvanceMicros(micros);
        Driver.Poll(Chip.NowMicros / 1000);
    }

    public void Flush()
    {
        for (int i = 0; i < 100 && Driver.TransmitPending; i++) Run(1000);
    }
}
