// Stand-ins for the enums of System.Device.Spi 1.3.89 (same members and values).
namespace System.Device.Spi
{
    public enum DataFlow
    {
        MsbFirst = 0,
        LsbFirst = 1,
    }

    public enum SpiBusConfiguration
    {
        FullDuplex = 0,
        HalfDuplex = 1,
        Simplex = 2,
    }

    public enum SpiMode
    {
        Mode0 = 0,
        Mode1 = 1,
        Mode2 = 2,
        Mode3 = 3,
    }

    public enum SpiSharingMode
    {
        Exclusive = 0,
        Shared = 1,
    }
}
