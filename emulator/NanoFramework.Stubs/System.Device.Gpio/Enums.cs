// Stand-ins for the enums and small structs of System.Device.Gpio 1.1.62 (same members and values).
namespace System.Device.Gpio
{
    [Flags]
    public enum PinEventTypes
    {
        None = 0,
        Rising = 1,
        Falling = 2,
    }

    public enum PinMode
    {
        Input = 0,
        InputPullDown = 1,
        InputPullUp = 2,
        Output = 3,
        OutputOpenDrain = 4,
        OutputOpenDrainPullUp = 5,
        OutputOpenSource = 6,
        OutputOpenSourcePullDown = 7,
    }

    public enum PinNumberingScheme
    {
        Logical = 0,
        Board = 1,
    }

    public struct WaitForEventResult
    {
        public PinEventTypes EventTypes;
        public bool TimedOut;
    }
}
