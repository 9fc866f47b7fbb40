using System.Device.Gpio;

namespace System.Device.Spi
{
    /// <summary>Stand-in for System.Device.Spi.SpiConnectionSettings 1.3.89 (same defaults: Mode0, 8 bits,
    /// 500 kHz, MSB first, chip select active low, full duplex).</summary>
    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine = -1)
        {
            BusId = busId;
            ChipSelectLine = chipSelectLine;
            Mode = SpiMode.Mode0;
            DataBitLength = 8;
            ClockFrequency = 500_000;
            DataFlow = DataFlow.MsbFirst;
            ChipSelectLineActiveState = PinValue.Low;
            Configuration = SpiBusConfiguration.FullDuplex;
        }

        internal SpiConnectionSettings(SpiConnectionSettings other)
        {
            BusId = other.BusId;
            ChipSelectLine = other.ChipSelectLine;
            Mode = other.Mode;
            DataBitLength = other.DataBitLength;
            ClockFrequency = other.ClockFrequency;
            DataFlow = other.DataFlow;
            ChipSelectLineActiveState = other.ChipSelectLineActiveState;
            Configuration = other.Configuration;
        }

        public int BusId { get; set; }

        public int ChipSelectLine { get; set; }

        public SpiMode Mode { get; set; }

        public int DataBitLength { get; set; }

        public int ClockFrequency { get; set; }

        public DataFlow DataFlow { get; set; }

        public PinValue ChipSelectLineActiveState { get; set; }

        public SpiBusConfiguration Configuration { get; set; }
    }
}
