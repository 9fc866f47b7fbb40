using System;

namespace NanoStack.Util
{
    /// <summary>
    /// Copies between a linear buffer and a circular one, splitting at the ring's end. Every static ring in the
    /// stack (TCP send/receive rings, UDP receive queues) moves bytes this way; no allocation, two Array.Copy at most.
    /// </summary>
    public static class RingCopy
    {
        /// <summary>Writes <paramref name="length"/> bytes into <paramref name="ring"/> starting at index <paramref name="ringIndex"/> (already inside the ring).</summary>
        public static void ToRing(byte[] source, int offset, byte[] ring, int ringIndex, int length)
        {
            int first = ring.Length - ringIndex;
            if (first > length)
            {
                first = length;
            }

            Array.Copy(source, offset, ring, ringIndex, first);
            if (length > first)
            {
                Array.Copy(source, offset + first, ring, 0, length - first);
            }
        }

        /// <summary>Reads <paramref name="length"/> bytes out of <paramref name="ring"/> starting at index <paramref name="ringIndex"/> (already inside the ring).</summary>
        public static void FromRing(byte[] ring, int ringIndex, byte[] destination, int offset, int length)
        {
            int first = ring.Length - ringIndex;
            if (first > length)
            {
                first = length;
            }

            Array.Copy(ring, ringIndex, destination, offset, first);
            if (length > first)
            {
                Array.Copy(ring, 0, destination, offset + first, length - first);
            }
        }
    }
}
