namespace System.Device.Spi
{
    /// <summary>Stand-in for System.Device.Spi.SpiDeviceAlreadyInUseException 1.3.89.</summary>
    [Serializable]
    public class SpiDeviceAlreadyInUseException : Exception
    {
        public SpiDeviceAlreadyInUseException()
            : base("SPI device already in use")
        {
        }

        public override string ToString() => Message;
    }
}
