using System.Device.Gpio;

namespace NanoStack.Firmware.Board
{
    /// <summary>The status LED on a GPIO, driven by /api/led; every change is printed to the console.</summary>
    public sealed class StatusLed : NanoStack.Firmware.App.ILed
    {
        private readonly GpioPin _pin;
        private bool _on;

        public StatusLed(GpioController gpio, int pinNumber)
        {
            _pin = gpio.OpenPin(pinNumber, PinMode.Output);
            Set(false, false);
        }

        public bool IsOn { get { return _on; } }

        public int PinNumber { get { return _pin.PinNumber; } }

        public void Set(bool on)
        {
            Set(on, true);
        }

        public void Toggle()
        {
            Set(!_on, true);
        }

        private void Set(bool on, bool log)
        {
            _on = on;
            _pin.Write(on ? PinValue.High : PinValue.Low);
            if (log)
            {
                System.Console.WriteLine(on ? "[led] on" : "[led] off");
            }
        }
    }
}
