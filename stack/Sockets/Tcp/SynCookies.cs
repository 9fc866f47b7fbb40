namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// SYN cookies (RFC 4987 §3.6): when no state can be kept for a SYN, its SYN-ACK carries an ISS that encodes
    /// what the connection needs, and the handshake's ACK (SEG.ACK - 1 = that ISS) proves the peer got it.
    /// </summary>
    /// <remarks>
    /// Layout, as in Linux: bits 31..27 a time counter (65.536 s units, mod 32) so a cookie expires,
    /// bits 26..24 the peer's MSS as an index into <see cref="MssTable"/>, bits 23..0 a keyed hash of the
    /// 4-tuple, the peer's ISN, the counter and the MSS index. The key comes from the platform seed, like the
    /// RFC 6528 ISNs (<see cref="IsnGenerator"/>), but is a different one. An off-path attacker must guess
    /// 24 bits per forged ACK; the counter bounds a cookie's life to <see cref="MaxAgeTicks"/> + 1 ticks.
    /// </remarks>
    public sealed class SynCookies
    {
        /// <summary>A cookie made this many counter ticks ago is still accepted (2 ticks: 131 to 196 s).</summary>
        public const int MaxAgeTicks = 2;

        private const int TickShift = 16;

        /// <summary>How long after the last cookie went out a cookie ACK may still arrive.</summary>
        public const long LifetimeMs = (long)(MaxAgeTicks + 1) << TickShift;

        /// <summary>The MSS values a cookie can carry (3 bits); the peer gets the largest not above its own.</summary>
        private static readonly ushort[] MssTable = new ushort[] { 64, 256, 536, 1024, 1220, 1360, 1440, 1460 };

        private readonly KeyedHash _hash;

        public SynCookies(uint seed)
        {
            _hash = new KeyedHash(seed ^ 0x5C00C1E5u);
        }

        /// <summary>The ISS for a SYN from remote:remotePort with sequence <paramref name="irs"/> and MSS option <paramref name="peerMss"/> (0 = none).</summary>
        public uint Make(uint local, ushort localPort, uint remote, ushort remotePort, uint irs, int peerMss, long nowMs)
        {
            uint tick = Tick(nowMs);
            uint mssIndex = MssIndex(peerMss == 0 ? 536 : peerMss);
            return ((tick & 0x1F) << 27) | (mssIndex << 24) | Mac(local, localPort, remote, remotePort, irs, tick, mssIndex);
        }

        /// <summary>
        /// Checks the handshake's ACK: <paramref name="cookie"/> = SEG.ACK - 1 and <paramref name="irs"/> = SEG.SEQ - 1.
        /// Returns the MSS the cookie carries, or 0 when it is not a valid, unexpired cookie of ours.
        /// </summary>
        public int Check(uint local, ushort localPort, uint remote, ushort remotePort, uint irs, uint cookie, long nowMs)
        {
            uint now = Tick(nowMs);
            uint age = (now - (cookie >> 27)) & 0x1F;
            if (age > MaxAgeTicks)
            {
                return 0;
            }

            uint tick = now - age;
            uint mssIndex = (cookie >> 24) & 0x7;
            if ((cookie & 0xFFFFFF) != Mac(local, localPort, remote, remotePort, irs, tick, mssIndex))
            {
                return 0;
            }

            return MssTable[mssIndex];
        }

        private static uint Tick(long nowMs)
        {
            return (uint)(nowMs >> TickShift);
        }

        private static uint MssIndex(int mss)
        {
            uint index = 0;
            for (uint i = 1; i < MssTable.Length; i++)
            {
                if (MssTable[i] <= mss)
                {
                    index = i;
                }
            }

            return index;
        }

        private uint Mac(uint local, ushort localPort, uint remote, ushort remotePort, uint irs, uint tick, uint mssIndex)
        {
            // Two rounds so that no input can be traded against another (the peer chooses its ISN freely).
            uint first = _hash.Hash(remote, ((uint)localPort << 16) | remotePort, irs);
            return _hash.Hash(first, local, (tick << 3) | mssIndex) & 0xFFFFFF;
        }
    }
}
