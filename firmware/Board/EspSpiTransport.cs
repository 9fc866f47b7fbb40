using System;
using System.Device.Spi;
using NanoStack.Drivers.Enc28j60;

namespace NanoStack.Firmware.Board
{
    /// <summary>
    /// The driver's SPI seam over nanoFramework's <see cref="SpiDevice"/>: each call is one chip-select assertion,
    /// as the ESP32 native driver holds CS for a whole Write/TransferFullDuplex. SpanByte is a struct view, so
    /// nothing is allocated per transfer.
    /// </summary>
    public sealed class EspSpiTransport : ISpiTransport
    {
        private readonly SpiDevice _device;

        public EspSpiTransport(SpiDevice device)
        {
            _device = device;
        }

        public void Write(byte[] buffer, int offset, int length)
        {
            _device.Write(new SpanByte(buffer, offset, length));
        }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length)
        {
            _device.TransferFullDuplex(new SpanByte(write, writeOffset, length), new SpanByte(read, readOffset, length));
        }
    }
}
