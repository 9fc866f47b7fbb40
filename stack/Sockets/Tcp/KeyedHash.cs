namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// A small keyed 32-bit hash (HalfSipHash-2-4 structure over three 32-bit words) used where RFC 6528 and
    /// RFC 6056 want "a pseudorandom function of the connection-id and a secret key". The key is derived from
    /// the platform seed; without it an off-path attacker cannot predict ISNs or ephemeral ports.
    /// </summary>
    public sealed class KeyedHash
    {
        private readonly uint _k0;
        private readonly uint _k1;

        public KeyedHash(uint seed)
        {
            // Two well-mixed key words from the seed (splitmix-style finaliser).
            _k0 = Mix(seed ^ 0x9E3779B9u);
            _k1 = Mix(_k0 + 0x7F4A7C15u + seed);
        }

        /// <summary>
        /// A hash with the two key words given as they are (HalfSipHash's k0, k1: the key's bytes 0-3 and 4-7, little
        /// endian), so that the published HalfSipHash-2-4 test vectors apply.
        /// </summary>
        public KeyedHash(uint k0, uint k1)
        {
            _k0 = k0;
            _k1 = k1;
        }

        /// <summary>HalfSipHash-2-4 (32-bit tag) of the 12 bytes a, b, c, each little endian.</summary>
        public uint Hash(uint a, uint b, uint c)
        {
            uint v0 = _k0;
            uint v1 = _k1;
            uint v2 = 0x6C796765u ^ _k0;
            uint v3 = 0x74656462u ^ _k1;
            Absorb(ref v0, ref v1, ref v2, ref v3, a);
            Absorb(ref v0, ref v1, ref v2, ref v3, b);
            Absorb(ref v0, ref v1, ref v2, ref v3, c);
            Absorb(ref v0, ref v1, ref v2, ref v3, 12u << 24);
            v2 ^= 0xFF;
            for (int i = 0; i < 4; i++)
            {
                Round(ref v0, ref v1, ref v2, ref v3);
            }

            return v1 ^ v3;
        }

        public static uint Mix(uint x)
        {
            x ^= x >> 16;
            x *= 0x7FEB352Du;
            x ^= x >> 15;
            x *= 0x846CA68Bu;
            x ^= x >> 16;
            return x;
        }

        private static void Absorb(ref uint v0, ref uint v1, ref uint v2, ref uint v3, uint m)
        {
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        private static void Round(ref uint v0, ref uint v1, ref uint v2, ref uint v3)
        {
            v0 += v1; v1 = Rotl(v1, 5); v1 ^= v0; v0 = Rotl(v0, 16);
            v2 += v3; v3 = Rotl(v3, 8); v3 ^= v2;
            v0 += v3; v3 = Rotl(v3, 7); v3 ^= v0;
            v2 += v1; v1 = Rotl(v1, 13); v1 ^= v2; v2 = Rotl(v2, 16);
        }

        private static uint Rotl(uint x, int b)
        {
            return (x << b) | (x >> (32 - b));
        }
    }
}
