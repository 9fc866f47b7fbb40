using System;
using System.Collections.Generic;
using System.Device.Gpio;
using nanoFramework.Hardware.Esp32;

namespace NanoFramework.Host
{
    /// <summary>
    /// Host-only hooks behind the nanoFramework stand-ins: the "wires" of a virtual ESP32. Tests and the virtual
    /// board attach SPI peripherals to (bus, chip-select line), drive input pins and watch output pins. The
    /// portable code never sees this type (the nanoFramework guard rejects any reference to it), it only sees
    /// SpiDevice / GpioController exactly as on the device.
    /// State is process-wide like the hardware it models: call <see cref="Reset"/> between independent tests.
    /// </summary>
    public static class HostBoard
    {
        /// <summary>ESP32: GPIO0..GPIO39.</summary>
        public const int PinCount = 40;

        /// <summary>ESP32 managed SPI buses: 1 (SPI2_HOST) and 2 (SPI3_HOST).</summary>
        public const int SpiBusCount = 2;

        /// <summary>80 MHz APB / 8192, the slowest clock the ESP32 SPI master divides down to.</summary>
        public const int SpiMinClockFrequency = 9766;

        /// <summary>80 MHz on IOMUX pins (26 MHz full duplex through the GPIO matrix; not enforced here).</summary>
        public const int SpiMaxClockFrequency = 80_000_000;

        private static readonly object Gate = new object();
        private static readonly Dictionary<long, ISpiPeripheral> Peripherals = new Dictionary<long, ISpiPeripheral>();
        private static readonly HashSet<long> OpenDevices = new HashSet<long>();
        private static readonly Dictionary<int, int> FunctionPins = new Dictionary<int, int>();
        private static readonly List<GpioPin>[] Pins = NewPinLists();
        private static readonly bool[] Driven = new bool[PinCount];
        private static readonly bool[] InputLevel = new bool[PinCount];
        private static readonly int[] Pull = new int[PinCount];
        private static readonly bool[] OutputLevel = new bool[PinCount];
        private static long _spiTransfers;

        static HostBoard()
        {
            Reset();
        }

        /// <summary>Every write to a pin in an output mode, with its level (high = true).</summary>
        public static event PinWrittenHandler PinWritten;

        /// <summary>Number of SPI chip-select assertions (SpiDevice calls that clocked at least one byte) since Reset.</summary>
        public static long SpiTransferCount
        {
            get { lock (Gate) return _spiTransfers; }
        }

        /// <summary>Attaches <paramref name="peripheral"/> to SPI bus <paramref name="busId"/> at chip-select line
        /// <paramref name="chipSelectLine"/> (the value given to SpiConnectionSettings; -1 = CS driven by the app).
        /// Null detaches.</summary>
        public static void AttachSpi(int busId, int chipSelectLine, ISpiPeripheral peripheral)
        {
            lock (Gate)
            {
                long key = SpiKey(busId, chipSelectLine);
                if (peripheral == null) Peripherals.Remove(key);
                else Peripherals[key] = peripheral;
            }
        }

        /// <summary>Drives the external level of an input pin. An edge (level change) raises GpioPin.ValueChanged
        /// and matching GpioController callbacks on every open pin of that number in an input mode, synchronously.</summary>
        public static void SetPinInput(int pin, bool high)
        {
            CheckPin(pin);
            GpioPin[] listeners;
            bool before;
            lock (Gate)
            {
                before = LevelLocked(pin);
                Driven[pin] = true;
                InputLevel[pin] = high;
                if (before == high) return;
                listeners = Pins[pin].ToArray();
            }

            foreach (GpioPin p in listeners) p.RaiseEdge(high);
        }

        /// <summary>The level the firmware last wrote to <paramref name="pin"/> (false if never written).</summary>
        public static bool GetPinOutput(int pin)
        {
            CheckPin(pin);
            lock (Gate) return OutputLevel[pin];
        }

        /// <summary>Back to power-on: no peripherals, no open devices or pins' levels, ESP32 default pin functions
        /// (SPI1 MOSI 23 / MISO 25 / CLK 19, I2C1 18 / 19, COM1 1 / 3, per nf-interpreter ESP32_DeviceMapping.cpp).</summary>
        public static void Reset()
        {
            lock (Gate)
            {
                Peripherals.Clear();
                OpenDevices.Clear();
                FunctionPins.Clear();
                for (int i = 0; i < PinCount; i++)
                {
                    Pins[i].Clear();
                    Driven[i] = false;
                    InputLevel[i] = false;
                    Pull[i] = 0;
                    OutputLevel[i] = false;
                }

                _spiTransfers = 0;
                SetFunctionLocked(23, (int)DeviceFunction.SPI1_MOSI);
                SetFunctionLocked(25, (int)DeviceFunction.SPI1_MISO);
                SetFunctionLocked(19, (int)DeviceFunction.SPI1_CLOCK);
                SetFunctionLocked(18, (int)DeviceFunction.I2C1_DATA);
                SetFunctionLocked(19, (int)DeviceFunction.I2C1_CLOCK);
                SetFunctionLocked(1, (int)DeviceFunction.COM1_TX);
                SetFunctionLocked(3, (int)DeviceFunction.COM1_RX);
            }

            PinWritten = null;
        }

        internal static void SpiTransfer(int busId, int chipSelectLine, byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int length)
        {
            ISpiPeripheral peripheral;
            lock (Gate)
            {
                _spiTransfers++;
                Peripherals.TryGetValue(SpiKey(busId, chipSelectLine), out peripheral);
            }

            if (peripheral != null)
            {
                peripheral.Transfer(mosi, mosiOffset, miso, misoOffset, length);
            }
            else if (miso != null)
            {
                for (int i = 0; i < length; i++) miso[misoOffset + i] = 0xFF;
            }
        }

        internal static bool OpenSpiDevice(int busId, int chipSelectLine)
        {
            lock (Gate) return OpenDevices.Add(SpiKey(busId, chipSelectLine));
        }

        internal static void CloseSpiDevice(int busId, int chipSelectLine)
        {
            lock (Gate) OpenDevices.Remove(SpiKey(busId, chipSelectLine));
        }

        internal static void RegisterPin(GpioPin pin)
        {
            lock (Gate) Pins[pin.PinNumber].Add(pin);
        }

        internal static void UnregisterPin(GpioPin pin)
        {
            lock (Gate) Pins[pin.PinNumber].Remove(pin);
        }

        internal static void DriveOutput(int pin, bool high)
        {
            lock (Gate) OutputLevel[pin] = high;
            PinWritten?.Invoke(pin, high);
        }

        internal static void SetPull(int pin, int pull)
        {
            lock (Gate) Pull[pin] = pull;
        }

        internal static bool GetPinLevel(int pin)
        {
            lock (Gate) return LevelLocked(pin);
        }

        /// <summary>ESP32: GPIO34..39 are input-only and have no internal pull resistors.</summary>
        internal static bool IsPinModeSupported(int pin, PinMode mode)
        {
            if (pin < 0 || pin >= PinCount) return false;
            if (pin >= 34) return mode == PinMode.Input;
            return true;
        }

        internal static void SetPinFunction(int pin, int function)
        {
            CheckPin(pin);
            lock (Gate) SetFunctionLocked(pin, function);
        }

        internal static int GetFunctionPin(int function)
        {
            lock (Gate) return FunctionPins.TryGetValue(function, out int pin) ? pin : -1;
        }

        // The ESP32 mapping table is per function (nf-interpreter ESP32_DeviceMapping.cpp): routing a function to
        // a pin replaces that function's previous pin; one pin may appear for several functions (the defaults put
        // SPI1 CLK and I2C1 SCL both on GPIO19), whichever peripheral is opened last takes the pad.
        private static void SetFunctionLocked(int pin, int function) => FunctionPins[function] = pin;

        // An undriven input floats to its pull (pull-up reads high), otherwise low.
        private static bool LevelLocked(int pin) => Driven[pin] ? InputLevel[pin] : Pull[pin] > 0;

        private static long SpiKey(int busId, int chipSelectLine) => ((long)busId << 32) | (uint)chipSelectLine;

        private static void CheckPin(int pin)
        {
            if (pin < 0 || pin >= PinCount) throw new ArgumentOutOfRangeException(nameof(pin));
        }

        private static List<GpioPin>[] NewPinLists()
        {
            var lists = new List<GpioPin>[PinCount];
            for (int i = 0; i < PinCount; i++) lists[i] = new List<GpioPin>();
            return lists;
        }
    }
}
