using System;
using System.Collections.Generic;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using NanoStack.Iface;
using NanoStack.Phy;
using Xunit;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>
/// The real IPv4 stack on the driver on the chip model, talking UDP (with ARP first) to a second stack whose
/// link is the model's cable: proves the zero-copy buffer contract (frame at ReceiveOffset 1, TransmitOffset 3).
/// </summary>
public class StackOverDriverTests
{
    /// <summary>The far end of the ENC28J60's cable as an ILinkDevice.</summary>
    private sealed class CableEnd : ILinkDevice, IWireSink
    {
        private readonly Enc28j60Chip _chip;
        private readonly Queue<byte[]> _fromChip = new();
        private readonly byte[] _rx = new byte[1514];
        private readonly byte[] _tx = new byte[1514];

        public CableEnd(Enc28j60Chip chip) => _chip = chip;

        public void FrameTransmitted(byte[] frame, int offset, int length) => _fromChip.Enqueue(frame.AsSpan(offset, length).ToArray());

        public bool IsLinkUp => true;
        public byte[] ReceiveBuffer => _rx;
        public int ReceiveOffset => 0;
        public byte[] TransmitBuffer => _tx;
        public int TransmitOffset => 0;
        public int TransmitCapacity => 1514;

        public int Receive()
        {
            if (_fromChip.Count == 0) return 0;
            byte[] f = _fromChip.Dequeue();
            Array.Copy(f, _rx, f.Length);
            return f.Length;
        }

        public bool Transmit(int length)
        {
            _chip.ReceiveFromWire(_tx, 0, length);
            return true;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UdpDatagramsOfEverySizeClassCrossTheDriverBothWays(bool interrupts)
    {
        var chip = new Enc28j60Chip(ChipRevision.B7);
        var cable = new CableEnd(chip);
        chip.WireSink = cable;
        var rig = new BusOnly(chip);
        var driver = new Enc28j60Driver(rig, rig, new Enc28j60Options { InterruptMode = interrupts });
        byte[] macA = { 0x02, 0x4E, 0x53, 0, 0, 0x0A }, macB = { 0x02, 0x4E, 0x53, 0, 0, 0x0B };
        driver.Initialize(macA);
        var a = new NetworkStack(driver, new StackConfig { MacAddress = macA, Address = 0xC000020A, Netmask = 0xFFFFFF00, RandomSeed = 3 });
        var b = new NetworkStack(cable, new StackConfig { MacAddress = macB, Address = 0xC000020B, Netmask = 0xFFFFFF00, RandomSeed = 4 });
        var sa = a.OpenUdp();
        var sb = b.OpenUdp();
        Assert.True(sa.Bind(7));
        Assert.True(sb.Bind(4000));

        long now = 0;
        void Step()
        {
            chip.AdvanceMicros(500);
            now = chip.NowMicros / 1000;
            if (interrupts && chip.IntPinAsserted) driver.HandleInterrupt();
            driver.Poll(now);
            a.Poll(now);
            b.Poll(now);
        }

        var buffer = new byte[2000];
        int echoed = 0;
        foreach (int size in new[] { 1, 18, 200, 555, 1000, 1472 })
        {
            var payload = new byte[size];
            for (int i = 0; i < size; i++) payload[i] = (byte)(i * 13 + size);
            bool sent = false;
            for (int step = 0; step < 400 && !sent; step++)
            {
                sent = sb.SendTo(0xC000020A, 7, payload, 0, size, now) <= SendResult.Queued; // sent, or parked behind ARP
                Step();
            }

            Assert.True(sent);
            int got = -1;
            for (int step = 0; step < 400 && got < 0; step++)
            {
                Step();
                got = sa.ReceiveFrom(buffer, 0, buffer.Length, out uint from, out ushort port);
                if (got >= 0)
                {
                    Assert.Equal(0xC000020Bu, from);
                    Assert.Equal(SendResult.Ok, sa.SendTo(from, port, buffer, 0, got, now)); // echo back through the driver
                }
            }

            Assert.Equal(size, got);
            Assert.Equal(payload, buffer.AsSpan(0, size).ToArray());
            int back = -1;
            for (int step = 0; step < 400 && back < 0; step++)
            {
                Step();
                back = sb.ReceiveFrom(buffer, 0, buffer.Length, out _, out _);
            }

            Assert.Equal(size, back);
            Assert.Equal(payload, buffer.AsSpan(0, size).ToArray());
            echoed++;
        }

        Assert.Equal(6, echoed);
        Assert.Equal(0, chip.Strict.ViolationCount);
        Assert.Equal(0, driver.Counters.RxHeaderErrors);
    }

    private sealed class BusOnly : ISpiTransport, IDriverClock
    {
        private readonly Enc28j60Chip _chip;
        public BusOnly(Enc28j60Chip chip) => _chip = chip;
        public void Write(byte[] buffer, int offset, int length) => _chip.Transfer(buffer, offset, null, 0, length);
        public void TransferFullDuplex(byte[] w, int wo, byte[] r, int ro, int length) => _chip.Transfer(w, wo, r, ro, length);
        public long NowMicros => _chip.NowMicros;
        public void DelayMicros(int us) => _chip.AdvanceMicros(us);
    }
}
