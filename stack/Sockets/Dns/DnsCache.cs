using NanoStack.Wire;

namespace NanoStack.Sockets.Dns
{
    /// <summary>
    /// A tiny fixed-size cache of A answers keyed by wire-form name, honouring TTL (RFC 1035 §3.2.1, §7.4):
    /// an entry is used until its TTL runs out; TTL 0 answers are not cached. When full, the entry closest to
    /// expiry is replaced.
    /// </summary>
    public sealed class DnsCache
    {
        // All names in one array, entry i at i * MaxName: one array header instead of one per entry plus the array of
        // arrays (issue 17: 120 B of device heap less for the firmware's 4 entries of 128 bytes).
        private readonly byte[] _names;
        private readonly int[] _nameLengths;
        private readonly uint[] _addresses;
        private readonly long[] _expiresMs;
        private readonly int _maxTtlSeconds;

        public DnsCache(int entries, int maxNameBytes, int maxTtlSeconds)
        {
            _names = new byte[entries * maxNameBytes];
            _nameLengths = new int[entries];
            _addresses = new uint[entries];
            _expiresMs = new long[entries];
            _maxTtlSeconds = maxTtlSeconds;
        }

        public int StaticBytes { get { return _names.Length + _nameLengths.Length * 24; } }

        private int Entries { get { return _nameLengths.Length; } }

        private int MaxName { get { return _nameLengths.Length == 0 ? 0 : _names.Length / _nameLengths.Length; } }

        public int Hits { get; private set; }

        /// <summary>Looks up name[offset..+length] (wire form); returns true and the address if fresh.</summary>
        public bool TryGet(byte[] name, int offset, int length, long nowMs, out uint address)
        {
            int max = MaxName;
            for (int i = 0; i < Entries; i++)
            {
                if (_nameLengths[i] == length && _expiresMs[i] > nowMs && SameName(_names, i * max, name, offset, length))
                {
                    address = _addresses[i];
                    Hits++;
                    return true;
                }
            }
            address = 0;
            return false;
        }

        public void Put(byte[] name, int offset, int length, uint address, uint ttlSeconds, long nowMs)
        {
            int max = MaxName;
            if (ttlSeconds == 0 || Entries == 0 || length > max) return;
            if (ttlSeconds > (uint)_maxTtlSeconds) ttlSeconds = (uint)_maxTtlSeconds;
            int slot = 0;
            for (int i = 0; i < Entries; i++)
            {
                if (_nameLengths[i] == length && SameName(_names, i * max, name, offset, length)) { slot = i; break; }
                if (_expiresMs[i] < _expiresMs[slot]) slot = i;
            }
            System.Array.Copy(name, offset, _names, slot * max, length);
            _nameLengths[slot] = length;
            _addresses[slot] = address;
            _expiresMs[slot] = nowMs + (long)ttlSeconds * 1000;
        }

        public void Clear()
        {
            for (int i = 0; i < Entries; i++) { _nameLengths[i] = 0; _expiresMs[i] = 0; }
        }

        private static bool SameName(byte[] a, int aOffset, byte[] b, int offset, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (DnsName.Lower(a[aOffset + i]) != DnsName.Lower(b[offset + i])) return false;
            }
            return true;
        }
    }
}
