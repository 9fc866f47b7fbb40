using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Device.Spi;
using nanoFramework.Hardware.Esp32;
using NanoFramework.Host;
using Xunit;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>HostBoard is process-wide, like the hardware it models: every test class that touches it (attaches a
    /// chip, drives pins, calls Reset) belongs to this collection, which xUnit runs alone, never beside other tests.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class HostBoardCollection
    {
        public const string Name = "HostBoard";
    }

    /// <summary>Behaviour of the stand-ins behind the exact signatures: one SPI call = one chip-select assertion
    /// carrying the caller's array + offset; GPIO edges reach ValueChanged and controller callbacks.</summary>
    [Collection(HostBoardCollection.Name)]
    public class HostBoardTests : IDisposable
    {
        public HostBoardTests() => HostBoard.Reset();

        public void Dispose() => HostBoard.Reset();

        [Fact]
        public void EachSpiCallIsOneChipSelectAssertionOnTheUnderlyingArray()
        {
            var chip = new RecordingChip();
            HostBoard.AttachSpi(1, 5, chip);
            using var spi = SpiDevice.Create(new SpiConnectionSettings(1, 5) { ClockFrequency = 8_000_000 });

            byte[] tx = { 0xAA, 0x1F, 0x00, 0x00, 0xBB };
            byte[] rx = new byte[7];
            spi.TransferFullDuplex(new SpanByte(tx, 1, 3), new SpanByte(rx, 2, 3));
            spi.Write(new SpanByte(tx, 0, 2));
            spi.Read(new SpanByte(rx, 4, 3));

            Assert.Equal(3, chip.Calls.Count);
            Assert.Same(tx, chip.Calls[0].Mosi);
            Assert.Equal(1, chip.Calls[0].MosiOffset);
            Assert.Same(rx, chip.Calls[0].Miso);
            Assert.Equal(2, chip.Calls[0].MisoOffset);
            Assert.Equal(3, chip.Calls[0].Length);
            Assert.Equal(new byte[] { 0, 0, 0x1F ^ 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, rx); // MISO landed at rx[2..4], then Read filled rx[4..6]
            Assert.Null(chip.Calls[1].Miso);
            Assert.Equal(2, chip.Calls[1].Length);
            Assert.Equal(3, chip.Calls[2].Length);
            Assert.Equal(3L, HostBoard.SpiTransferCount);
        }

        [Fact]
        public void UnequalFullDuplexLengthsClockTheLongerAndPadMosiWithZeros()
        {
            var chip = new RecordingChip();
            HostBoard.AttachSpi(1, 5, chip);
            using var spi = SpiDevice.Create(new SpiConnectionSettings(1, 5));
            byte[] rx = new byte[3];
            spi.TransferFullDuplex(new byte[] { 0x1A }, rx); // ENC28J60 RCR: opcode byte, then data clocked in

            Assert.Single(chip.Calls);
            Assert.Equal(3, chip.Calls[0].Length);
            Assert.Equal(new byte[] { 0x1A, 0, 0 }, chip.Calls[0].MosiCopy);
            Assert.Equal(new byte[] { 0x1A ^ 0xFF, 0xFF, 0xFF }, rx);
        }

        [Fact]
        public void WithoutAChipMisoReadsAllOnes()
        {
            using var spi = SpiDevice.Create(new SpiConnectionSettings(1, 5));
            byte[] rx = new byte[2];
            spi.TransferFullDuplex(new byte[2], rx);
            Assert.Equal(new byte[] { 0xFF, 0xFF }, rx);
        }

        [Fact]
        public void SecondDeviceOnTheSameChipSelectIsRefusedLikeOnTheEsp32()
        {
            using var first = SpiDevice.Create(new SpiConnectionSettings(1, 5));
            Assert.Throws<SpiDeviceAlreadyInUseException>(() => SpiDevice.Create(new SpiConnectionSettings(1, 5)));
            first.Dispose();
            using var again = SpiDevice.Create(new SpiConnectionSettings(1, 5));
        }

        [Fact]
        public void ConnectionSettingsDefaultsAreTheDevicesAndTheGetterReturnsAClone()
        {
            var s = new SpiConnectionSettings(1);
            Assert.Equal(-1, s.ChipSelectLine);
            Assert.Equal(SpiMode.Mode0, s.Mode);
            Assert.Equal(8, s.DataBitLength);
            Assert.Equal(500_000, s.ClockFrequency);
            Assert.Equal(DataFlow.MsbFirst, s.DataFlow);
            Assert.True(s.ChipSelectLineActiveState == PinValue.Low);
            Assert.Equal(SpiBusConfiguration.FullDuplex, s.Configuration);
            using var spi = new SpiDevice(s);
            spi.ConnectionSettings.ClockFrequency = 1;
            Assert.Equal(500_000, spi.ConnectionSettings.ClockFrequency);
        }

        [Fact]
        public void InputEdgesRaiseValueChangedAndFilteredControllerCallbacks()
        {
            using var gpio = new GpioController();
            GpioPin intPin = gpio.OpenPin(4, PinMode.InputPullUp);
            var events = new List<PinEventTypes>();
            var falling = new List<int>();
            intPin.ValueChanged += (s, e) => events.Add(e.ChangeType);
            gpio.RegisterCallbackForPinValueChangedEvent(4, PinEventTypes.Falling, (s, e) => falling.Add(e.PinNumber));

            Assert.True(intPin.Read() == PinValue.High); // pulled up, undriven
            HostBoard.SetPinInput(4, true);  // no edge
            HostBoard.SetPinInput(4, false); // falling: INT asserted
            HostBoard.SetPinInput(4, false); // no edge
            HostBoard.SetPinInput(4, true);  // rising

            Assert.Equal(new[] { PinEventTypes.Falling, PinEventTypes.Rising }, events);
            Assert.Equal(new[] { 4 }, falling);
            Assert.True(intPin.Read() == PinValue.High);
        }

        [Fact]
        public void OutputWritesAreVisibleToTheBoard()
        {
            var written = new List<(int, bool)>();
            HostBoard.PinWritten += (pin, high) => written.Add((pin, high));
            using var gpio = new GpioController();
            GpioPin reset = gpio.OpenPin(17, PinMode.Output);
            reset.Write(PinValue.Low);
            reset.Write(PinValue.High);
            reset.Toggle();

            Assert.False(HostBoard.GetPinOutput(17));
            Assert.Equal(new[] { (17, false), (17, false), (17, true), (17, false) }, written); // mode set drives the latch first
            Assert.Throws<InvalidOperationException>(() => gpio.OpenPin(17));
            Assert.Throws<InvalidOperationException>(() => gpio.SetPinMode(36, PinMode.Output)); // not open
            Assert.False(gpio.IsPinModeSupported(36, PinMode.Output)); // GPIO34..39 are input-only
        }

        [Fact]
        public void PinFunctionsStartAtTheEsp32DefaultsAndCanBeRerouted()
        {
            Assert.Equal(23, Configuration.GetFunctionPin(DeviceFunction.SPI1_MOSI));
            Assert.Equal(25, Configuration.GetFunctionPin(DeviceFunction.SPI1_MISO));
            Assert.Equal(19, Configuration.GetFunctionPin(DeviceFunction.SPI1_CLOCK));
            Configuration.SetPinFunction(19, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(18, DeviceFunction.SPI1_CLOCK);
            Assert.Equal(19, Configuration.GetFunctionPin(DeviceFunction.SPI1_MISO));
            Assert.Equal(18, Configuration.GetFunctionPin(DeviceFunction.SPI1_CLOCK));
            Assert.Equal(-1, Configuration.GetFunctionPin(DeviceFunction.SPI2_MOSI));
        }

        [Fact]
        public void SpanByteBoundsAndCopiesMatchTheDevice()
        {
            byte[] a = { 1, 2, 3, 4, 5 };
            var s = new SpanByte(a, 1, 3);
            Assert.Equal(3, s.Length);
            Assert.Equal(2, s[0]);
            Assert.Equal(new byte[] { 3, 4 }, s.Slice(1).ToArray());
            Assert.Throws<ArgumentOutOfRangeException>(() => new SpanByte(a, 3, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => { var x = new SpanByte(a, 1, 3); return x[3]; });
            Assert.Throws<ArgumentException>(() => new SpanByte(a).CopyTo(new SpanByte(new byte[4])));
            Assert.True(SpanByte.Empty.IsEmpty);
        }

        private sealed class RecordingChip : ISpiPeripheral
        {
            public readonly List<Call> Calls = new List<Call>();

            // Answers each MOSI byte with its complement, so tests see where MISO bytes landed.
            public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int length)
            {
                byte[] copy = new byte[length];
                Array.Copy(mosi, mosiOffset, copy, 0, length);
                Calls.Add(new Call { Mosi = mosi, MosiOffset = mosiOffset, Miso = miso, MisoOffset = misoOffset, Length = length, MosiCopy = copy });
                if (miso == null) return;
                for (int i = 0; i < length; i++) miso[misoOffset + i] = (byte)(mosi[mosiOffset + i] ^ 0xFF);
            }
        }

        private sealed class Call
        {
            public byte[] Mosi;
            public int MosiOffset;
            public byte[] Miso;
            public int MisoOffset;
            public int Length;
            public byte[] MosiCopy;
        }
    }
}
