using NanoStack.Http;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The body of /bytes/N: byte i is (i mod 251). 251 is prime, so the pattern does not line up with any
    /// power-of-two buffer or segment size and a lost, repeated or shifted segment is visible to a checker.
    /// Generated on the fly: constant memory however large N is.
    /// </summary>
    public sealed class PatternSource : IHttpBodySource
    {
        public const int Period = 251;

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            int v = (int)(position % Period);
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = (byte)v;
                v++;
                if (v == Period) v = 0;
            }
            return count;
        }
    }
}
