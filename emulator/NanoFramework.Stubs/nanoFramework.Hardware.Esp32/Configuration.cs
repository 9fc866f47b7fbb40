using NanoFramework.Host;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Stand-in for nanoFramework.Hardware.Esp32.Configuration 1.6.x: the GPIO-matrix pin assignment
    /// (call SetPinFunction before SpiDevice.Create). State lives in <see cref="HostBoard"/>; Reset restores defaults.</summary>
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) => HostBoard.SetPinFunction(pin, (int)value);

        /// <summary>The pin <paramref name="function"/> is routed to, or -1 when unassigned.</summary>
        public static int GetFunctionPin(DeviceFunction function) => HostBoard.GetFunctionPin((int)function);
    }
}
