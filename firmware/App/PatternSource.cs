using NanoStack.Http;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The body of /bytes/N: byte i is (i mod 251). 251 is prime, so the pattern does not line up with any
    /// power-of-two buffer or segment size and a lost, repeated or shifted segment is visible to a checker.
    /// Generated on the fly: constant memory however large N is.
    /// </summary>
    /// <remarks>
    /// On the device this runs for every body byte, so only the first period of each read (at most 251 bytes) is
    /// stored one byte at a time; the rest repeats it and is copied from the bytes just written, a doubling
    /// <c>Array.Copy</c> (native) at a time: about 4.9 interpreted instructions a byte over the server's 640-byte
    /// reads instead of 21 (issue 13). A table of the period would make it cheaper still, but its 264 bytes of heap
    /// do not fit the default firmware's 40 KB (issue 17).
    /// </remarks>
    public sealed class PatternSource : IHttpBodySource
    {
        public const int Period = 251;

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            int seed = count < Period ? count : Period;
            // The seed in two runs without a wrap test in either: position mod 251 up to 250, then 0 upwards.
            int v = (int)(position % Period);
            int wrap = offset + (Period - v < seed ? Period - v : seed);
            Ramp(buffer, offset, wrap, v);
            Ramp(buffer, wrap, offset + seed, 0);
            // Whole periods written so far: the bytes after them repeat the bytes from the start.
            int filled = seed;
            while (filled < count)
            {
                int n = count - filled < filled ? count - filled : filled;
                System.Array.Copy(buffer, offset, buffer, offset + filled, n);
                filled += n;
            }
            return count;
        }

        /// <summary>buffer[from..to) = first, first + 1, ... (the caller keeps it below 256), four stores a round.</summary>
        private static void Ramp(byte[] buffer, int from, int to, int first)
        {
            int j = from;
            int x = first;
            int end4 = to - 3;
            while (j < end4)
            {
                buffer[j] = (byte)x;
                buffer[j + 1] = (byte)(x + 1);
                buffer[j + 2] = (byte)(x + 2);
                buffer[j + 3] = (byte)(x + 3);
                j += 4;
                x += 4;
            }
            while (j < to)
            {
                buffer[j] = (byte)x;
                j++;
                x++;
            }
        }
    }
}
