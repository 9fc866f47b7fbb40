namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M a 4 µs clock.
    /// Our clock is milliseconds, so M = nowMs * 250 (the same rate as the RFC's 4 µs tick).
    /// </summary>
    public sealed class IsnGenerator
    {
        private readonly KeyedHash _hash;

        public IsnGenerator(uint seed)
        {
            _hash = new KeyedHash(seed ^ 0x15A4E35u);
        }

        public uint Next(uint localAddress, ushort localPort, uint remoteAddress, ushort remotePort, long nowMs)
        {
            uint m = (uint)(nowMs * 250);
            return m + _hash.Hash(localAddress, remoteAddress, ((uint)localPort << 16) | remotePort);
        }
    }
}
