namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// The SPI bus as the driver sees it. Each call is exactly one chip-select assertion (CS low, clock the
    /// bytes, CS high): the ENC28J60 decodes one instruction per assertion (DS39662E §4.2), so the driver
    /// counts its bus cost in calls to this interface. Mode 0, 8–20 MHz (see hardware/README.md).
    /// </summary>
    public interface ISpiTransport
    {
        /// <summary>Clocks out <paramref name="length"/> bytes; whatever the chip returns is ignored.</summary>
        void Write(byte[] buffer, int offset, int length);

        /// <summary>
        /// Clocks out <paramref name="length"/> bytes from <paramref name="write"/> while storing the same
        /// number of received bytes in <paramref name="read"/>.
        /// </summary>
        void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length);
    }
}
