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
        private readonly byte[][] _names;
        private readonly int[] _nameLengths;
        private readonly uint[] _addresses;
        private readonly long[] _expiresMs;
        private readonly int _maxTtlSeconds;

        public DnsCache(int entries, int maxNameBytes, int maxTtlSeconds)
        {
            _names = new byte[entries][];
            for (int i = 0; i < entries; i++) _names[i] = new byte[maxNameBytes];
            _nameLengths = new int[entries];
            _addresses = new uint[entries];
            _expiresMs = new long[entries];
            _maxTtlSeconds = maxTtlSeconds;
        }

        public int StaticBytes { get { return _names.Length * (_names.Length > 0 ? _names[0].Length + 24 : 0); } }

        public int Hits { get; private set; }

        /// <summary>Looks up name[offset..+length] (wire form); returns true and the address if fresh.</summary>
        public bool TryGet(byte[] name, int offset, int length, long nowMs, out uint address)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                if (_nameLengths[i] == length && _expiresMs[i] > nowMs && SameName(_names[i], name, offset, length))
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
            if (ttlSeconds == 0 || _names.Length == 0 || length > _names[0].Length) return;
            if (ttlSeconds > (uint)_maxTtlSeconds) ttlSeconds = (uint)_maxTtlSeconds;
            int slot = 0;
            for (int i = 0; i < _names.Length; i++)
            {
                if (_nameLengths[i] == length && SameName(_names[i], name, offset, length)) { slot = i; break; }
                if (_expiresMs[i] < _expiresMs[slot]) slot = i;
            }
            System.Array.Copy(name, offset, _names[slot], 0, length);
            _nameLengths[slot] = length;
            _addresses[slot] = address;
            _expiresMs[slot] = nowMs + (long)ttlSeconds * 1000;
        }

        public void Clear()
        {
            for (int i = 0; i < _names.Length; i++) { _nameLengths[i] = 0; _expiresMs[i] = 0; }
        }

        private static bool SameName(byte[] a, byte[] b, int offset, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (DnsName.Lower(a[i]) != DnsName.Lower(b[offset + i])) return false;
            }
            return true;
        }
    }
}
