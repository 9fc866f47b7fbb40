namespace System.Device.Gpio
{
    /// <summary>Stand-in for System.Device.Gpio.PinValue 1.1.62 (Low = 0, High = 1; any non-zero int is High).</summary>
    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        public static PinValue Low => new PinValue(0);

        public static PinValue High => new PinValue(1);

        public static implicit operator PinValue(int value) => value == 0 ? Low : High;

        public static implicit operator PinValue(bool value) => value ? High : Low;

        public static explicit operator byte(PinValue value) => value._value;

        public static explicit operator int(PinValue value) => value._value;

        public static explicit operator bool(PinValue value) => value._value != 0;

        public static bool operator ==(PinValue a, PinValue b) => a.Equals(b);

        public static bool operator !=(PinValue a, PinValue b) => !a.Equals(b);

        public bool Equals(PinValue other) => _value == other._value;

        public override bool Equals(object obj) => obj is PinValue other && Equals(other);

        public override int GetHashCode() => _value.GetHashCode();

        public override string ToString() => _value == 0 ? "Low" : "High";
    }

    /// <summary>Stand-in for System.Device.Gpio.PinValuePair 1.1.62.</summary>
    public readonly struct PinValuePair
    {
        public PinValuePair(int pinNumber, PinValue pinValue)
        {
            PinNumber = pinNumber;
            PinValue = pinValue;
        }

        public int PinNumber { get; }

        public PinValue PinValue { get; }

        public void Deconstruct(out int pinNumber, out PinValue pinValue)
        {
            pinNumber = PinNumber;
            pinValue = PinValue;
        }
    }
}
