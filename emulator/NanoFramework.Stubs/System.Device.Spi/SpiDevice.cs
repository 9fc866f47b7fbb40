using NanoFramework.Host;

namespace System.Device.Spi
{
    /// <summary>
    /// Stand-in for System.Device.Spi.SpiDevice 1.3.89. Every public transfer call is exactly ONE chip-select
    /// assertion on the peripheral attached with <see cref="HostBoard.AttachSpi"/>, as on the ESP32, whose native
    /// driver holds CS for the whole of one Write/Read/TransferFullDuplex (nf-interpreter cpu_spi.cpp).
    /// SpanByte arguments reach the peripheral as their underlying array + offset (no copy), so a driver's
    /// receive path stays allocation-free on host too. With no peripheral attached MISO reads 0xFF (an
    /// unconnected, pulled-up MISO line), which is what a driver sees on a board without the chip.
    /// </summary>
    public class SpiDevice : IDisposable
    {
        private readonly SpiConnectionSettings _settings;
        private bool _disposed;

        // Scratch for the overloads that have no caller array to pass through (ReadByte/WriteByte, ushort[]
        // words, unequal full-duplex lengths). Grown on demand, reused afterwards: no per-call allocation.
        private byte[] _scratchOut = new byte[64];
        private byte[] _scratchIn = new byte[64];

        public SpiDevice(SpiConnectionSettings settings)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            if (settings.BusId < 1 || settings.BusId > HostBoard.SpiBusCount) throw new ArgumentException("Invalid SPI bus " + settings.BusId);
            if (settings.DataBitLength != 8 && settings.DataBitLength != 16) throw new ArgumentException("DataBitLength must be 8 or 16");
            if (settings.ClockFrequency < HostBoard.SpiMinClockFrequency || settings.ClockFrequency > HostBoard.SpiMaxClockFrequency)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), "ClockFrequency out of range");
            }

            // The native layer refuses a second device on the same bus + chip-select line (NotSupportedException,
            // which the managed constructor turns into SpiDeviceAlreadyInUseException).
            if (!HostBoard.OpenSpiDevice(settings.BusId, settings.ChipSelectLine)) throw new SpiDeviceAlreadyInUseException();
            _settings = new SpiConnectionSettings(settings);
        }

        ~SpiDevice()
        {
            Dispose(false);
        }

        /// <summary>A clone, like the real property.</summary>
        public SpiConnectionSettings ConnectionSettings => new SpiConnectionSettings(_settings);

        public static SpiDevice Create(SpiConnectionSettings settings) => new SpiDevice(settings);

        public static SpiBusInfo GetBusInfo(int busId)
        {
            if (busId < 1 || busId > HostBoard.SpiBusCount) throw new ArgumentException("Invalid SPI bus " + busId);
            return new SpiBusInfo(HostBoard.SpiMinClockFrequency, HostBoard.SpiMaxClockFrequency);
        }

        public byte ReadByte()
        {
            _scratchOut[0] = 0;
            Transfer(_scratchOut, 0, _scratchIn, 0, 1);
            return _scratchIn[0];
        }

        public void Read(SpanByte buffer)
        {
            // Half of a transfer: MOSI idles at 0x00 while the caller's buffer receives MISO.
            EnsureScratch(buffer.Length);
            System.Array.Clear(_scratchOut, 0, buffer.Length);
            Transfer(_scratchOut, 0, buffer.Array, buffer.Start, buffer.Length);
        }

        public void Read(ushort[] buffer)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            int n = buffer.Length * 2;
            EnsureScratch(n);
            System.Array.Clear(_scratchOut, 0, n);
            Transfer(_scratchOut, 0, _scratchIn, 0, n);
            WordsFromBytes(_scratchIn, buffer);
        }

        public void WriteByte(byte value)
        {
            _scratchOut[0] = value;
            Transfer(_scratchOut, 0, null, 0, 1);
        }

        public void Write(SpanByte buffer)
        {
            Transfer(buffer.Array, buffer.Start, null, 0, buffer.Length);
        }

        public void Write(ushort[] buffer)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            EnsureScratch(buffer.Length * 2);
            BytesFromWords(buffer, _scratchOut);
            Transfer(_scratchOut, 0, null, 0, buffer.Length * 2);
        }

        public void TransferFullDuplex(SpanByte writeBuffer, SpanByte readBuffer)
        {
            RequireFullDuplex();
            if (writeBuffer.Length == readBuffer.Length)
            {
                Transfer(writeBuffer.Array, writeBuffer.Start, readBuffer.Array, readBuffer.Start, writeBuffer.Length);
                return;
            }

            // Unequal lengths: the ESP32 clocks max(write, read) bytes, padding MOSI with zeros.
            int n = writeBuffer.Length > readBuffer.Length ? writeBuffer.Length : readBuffer.Length;
            EnsureScratch(n);
            System.Array.Clear(_scratchOut, 0, n);
            if (writeBuffer.Length > 0) System.Array.Copy(writeBuffer.Array, writeBuffer.Start, _scratchOut, 0, writeBuffer.Length);
            Transfer(_scratchOut, 0, _scratchIn, 0, n);
            if (readBuffer.Length > 0) System.Array.Copy(_scratchIn, 0, readBuffer.Array, readBuffer.Start, readBuffer.Length);
        }

        public void TransferFullDuplex(ushort[] writeBuffer, ushort[] readBuffer)
        {
            RequireFullDuplex();
            if (writeBuffer == null) throw new ArgumentNullException(nameof(writeBuffer));
            if (readBuffer == null) throw new ArgumentNullException(nameof(readBuffer));
            int words = writeBuffer.Length > readBuffer.Length ? writeBuffer.Length : readBuffer.Length;
            EnsureScratch(words * 2);
            System.Array.Clear(_scratchOut, 0, words * 2);
            BytesFromWords(writeBuffer, _scratchOut);
            Transfer(_scratchOut, 0, _scratchIn, 0, words * 2);
            WordsFromBytes(_scratchIn, readBuffer);
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected void Dispose(bool disposing)
        {
            // A constructor that threw (bus in use, bad settings) still leaves an object for the finalizer:
            // it never opened the bus, so there is nothing to close, and a finalizer must never throw.
            if (_disposed || _settings == null) return;
            _disposed = true;
            HostBoard.CloseSpiDevice(_settings.BusId, _settings.ChipSelectLine);
        }

        private void RequireFullDuplex()
        {
            if (_settings.Configuration != SpiBusConfiguration.FullDuplex) throw new InvalidOperationException();
        }

        private void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int length)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(SpiDevice));
            if (length == 0) return;
            HostBoard.SpiTransfer(_settings.BusId, _settings.ChipSelectLine, mosi, mosiOffset, miso, misoOffset, length);
        }

        private void EnsureScratch(int length)
        {
            if (_scratchOut.Length >= length) return;
            _scratchOut = new byte[length];
            _scratchIn = new byte[length];
        }

        private void BytesFromWords(ushort[] words, byte[] bytes)
        {
            bool msbFirst = _settings.DataFlow == DataFlow.MsbFirst;
            for (int i = 0; i < words.Length; i++)
            {
                bytes[2 * i] = (byte)(msbFirst ? words[i] >> 8 : words[i]);
                bytes[2 * i + 1] = (byte)(msbFirst ? words[i] : words[i] >> 8);
            }
        }

        private void WordsFromBytes(byte[] bytes, ushort[] words)
        {
            bool msbFirst = _settings.DataFlow == DataFlow.MsbFirst;
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = msbFirst ? (ushort)((bytes[2 * i] << 8) | bytes[2 * i + 1]) : (ushort)((bytes[2 * i + 1] << 8) | bytes[2 * i]);
            }
        }
    }
}
