namespace NanoStack.Client.Http
{
    /// <summary>
    /// CRC-32/IEEE (reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF), the value zlib's crc32() and
    /// Python's zlib.crc32 give: lets a device check a streamed body without keeping it. A 1 KiB table, built once.
    /// </summary>
    public sealed class Crc32
    {
        private readonly uint[] _table = new uint[256];
        private uint _crc = 0xFFFFFFFF;

        public Crc32()
        {
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }
                _table[i] = c;
            }
        }

        public void Reset()
        {
            _crc = 0xFFFFFFFF;
        }

        public void Update(byte[] buffer, int offset, int count)
        {
            uint crc = _crc;
            uint[] table = _table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = table[(crc ^ buffer[i]) & 0xFF] ^ (crc >> 8);
            }
            _crc = crc;
        }

        /// <summary>The CRC of everything passed to <see cref="Update"/> since construction or <see cref="Reset"/>.</summary>
        public uint Value { get { return ~_crc; } }
    }
}
