namespace System.Device.Spi
{
    /// <summary>Stand-in for System.Device.Spi.SpiBusInfo 1.3.89 (created only by SpiDevice.GetBusInfo).</summary>
    public sealed class SpiBusInfo
    {
        internal SpiBusInfo(int minClockFrequency, int maxClockFrequency)
        {
            MinClockFrequency = minClockFrequency;
            MaxClockFrequency = maxClockFrequency;
        }

        public int MaxClockFrequency { get; }

        public int MinClockFrequency { get; }
    }
}
