namespace NanoStack.Firmware.App
{
    /// <summary>What /api/led drives: the board's status LED (a GPIO), or a stand-in in tests.</summary>
    public interface ILed
    {
        bool IsOn { get; }

        void Set(bool on);

        void Toggle();
    }
}
