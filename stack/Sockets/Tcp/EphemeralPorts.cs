namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// RFC 6056 §3.3.3 Algorithm 3 ("simple hash-based"): the search for a free port starts at
    /// offset = F(local address, remote address, remote port, secret) plus a global counter, so ports are
    /// unpredictable off-path yet successive connections to one peer do not collide.
    /// </summary>
    public sealed class EphemeralPorts
    {
        private readonly KeyedHash _hash;
        private readonly int _first;
        private readonly int _count;
        private uint _next;

        public EphemeralPorts(uint seed, int first, int last)
        {
            _hash = new KeyedHash(seed ^ 0x6056u);
            _first = first;
            _count = last - first + 1;
        }

        public int RangeSize { get { return _count; } }

        /// <summary>The i-th candidate (i = 0, 1, ...) of one search; call <see cref="Commit"/> after choosing.</summary>
        public ushort Candidate(uint localAddress, uint remoteAddress, ushort remotePort, int i)
        {
            uint offset = _hash.Hash(localAddress, remoteAddress, remotePort);
            return (ushort)(_first + (int)((offset + _next + (uint)i) % (uint)_count));
        }

        /// <summary>Advances the counter past the chosen candidate (the RFC's next_ephemeral += count).</summary>
        public void Commit(int i)
        {
            _next += (uint)i + 1;
        }
    }
}
