namespace NanoStack.Emulator
{
    /// <summary>The SPI instruction decoded from byte 0 of a chip-select assertion (DS Table 4-1).</summary>
    public enum SpiOpcode
    {
        ReadControlRegister = 0,
        ReadBufferMemory = 1,
        WriteControlRegister = 2,
        WriteBufferMemory = 3,
        BitFieldSet = 4,
        BitFieldClear = 5,
        SystemReset = 6,
        Invalid = 7
    }

    /// <summary>Chip-select assertions and bus bytes per opcode: the cost figures the driver is judged by.</summary>
    public sealed class SpiCounters
    {
        public const int OpcodeCount = 8;
        private readonly int[] _assertions = new int[OpcodeCount];
        private readonly long[] _bytes = new long[OpcodeCount];
        private int _total;
        private long _totalBytes;

        public int ChipSelectAssertions
        {
            get { return _total; }
        }

        public long Bytes
        {
            get { return _totalBytes; }
        }

        public int AssertionsOf(SpiOpcode opcode)
        {
            return _assertions[(int)opcode];
        }

        public long BytesOf(SpiOpcode opcode)
        {
            return _bytes[(int)opcode];
        }

        public void Reset()
        {
            for (int i = 0; i < OpcodeCount; i++)
            {
                _assertions[i] = 0;
                _bytes[i] = 0;
            }
            _total = 0;
            _totalBytes = 0;
        }

        internal void Count(SpiOpcode opcode, int length)
        {
            _assertions[(int)opcode]++;
            _bytes[(int)opcode] += length;
            _total++;
            _totalBytes += length;
        }
    }
}
