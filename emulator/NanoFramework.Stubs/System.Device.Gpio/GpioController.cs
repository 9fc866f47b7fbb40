using System.Collections.Generic;
using NanoFramework.Host;

namespace System.Device.Gpio
{
    /// <summary>Stand-in for System.Device.Gpio.GpioController 1.1.62 over the ESP32's 40 GPIOs (pin state lives in
    /// <see cref="HostBoard"/>). Opening a pin twice throws InvalidOperationException, as on the device.</summary>
    public sealed class GpioController : IDisposable
    {
        private readonly Dictionary<int, GpioPin> _open = new Dictionary<int, GpioPin>();

        public GpioController()
            : this(PinNumberingScheme.Logical)
        {
        }

        public GpioController(PinNumberingScheme numberingScheme)
        {
            NumberingScheme = numberingScheme;
        }

        public PinNumberingScheme NumberingScheme { get; }

        public int PinCount => HostBoard.PinCount;

        public GpioPin OpenPin(int pinNumber)
        {
            lock (_open)
            {
                CheckPin(pinNumber);
                if (_open.ContainsKey(pinNumber)) throw new InvalidOperationException("Pin " + pinNumber + " is already open");
                var pin = new GpioPin(this, pinNumber, PinMode.Input);
                _open.Add(pinNumber, pin);
                return pin;
            }
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            GpioPin pin = OpenPin(pinNumber);
            pin.SetPinMode(mode);
            return pin;
        }

        public void ClosePin(int pinNumber)
        {
            Get(pinNumber).Dispose();
        }

        public bool IsPinOpen(int pinNumber)
        {
            lock (_open) return _open.ContainsKey(pinNumber);
        }

        public PinMode GetPinMode(int pinNumber) => Get(pinNumber).GetPinMode();

        public bool IsPinModeSupported(int pinNumber, PinMode mode) => HostBoard.IsPinModeSupported(pinNumber, mode);

        public void SetPinMode(int pinNumber, PinMode mode) => Get(pinNumber).SetPinMode(mode);

        public PinValue Read(int pinNumber) => Get(pinNumber).Read();

        public void Write(int pinNumber, PinValue value) => Get(pinNumber).Write(value);

        public void RegisterCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        {
            GpioPin pin = Get(pinNumber);
            if ((eventTypes & PinEventTypes.Rising) != 0) pin.RisingCallbacks += callback;
            if ((eventTypes & PinEventTypes.Falling) != 0) pin.FallingCallbacks += callback;
        }

        public void UnregisterCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
        {
            GpioPin pin = Get(pinNumber);
            pin.RisingCallbacks -= callback;
            pin.FallingCallbacks -= callback;
        }

        public void Dispose()
        {
            GpioPin[] pins;
            lock (_open)
            {
                pins = new GpioPin[_open.Count];
                _open.Values.CopyTo(pins, 0);
            }

            foreach (GpioPin pin in pins) pin.Dispose();
        }

        internal void Forget(int pinNumber, GpioPin pin)
        {
            lock (_open)
            {
                if (_open.TryGetValue(pinNumber, out GpioPin current) && current == pin) _open.Remove(pinNumber);
            }
        }

        private static void CheckPin(int pinNumber)
        {
            if (pinNumber < 0 || pinNumber >= HostBoard.PinCount) throw new ArgumentOutOfRangeException(nameof(pinNumber));
        }

        private GpioPin Get(int pinNumber)
        {
            lock (_open)
            {
                if (!_open.TryGetValue(pinNumber, out GpioPin pin)) throw new InvalidOperationException("Pin " + pinNumber + " is not open");
                return pin;
            }
        }
    }
}
