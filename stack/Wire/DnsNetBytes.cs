namespace NanoStack.Wire
{
    /// <summary>Network-order (big-endian) reads and writes shared by the DHCP and DNS views.</summary>
    internal static class NetBytes
    {
        public static ushort ReadUInt16(byte[] b, int p)
        {
            return (ushort)((b[p] << 8) | b[p + 1]);
        }

        public static uint ReadUInt32(byte[] b, int p)
        {
            return ((uint)b[p] << 24) | ((uint)b[p + 1] << 16) | ((uint)b[p + 2] << 8) | b[p + 3];
        }

        public static void WriteUInt16(byte[] b, int p, ushort v)
        {
            b[p] = (byte)(v >> 8);
            b[p + 1] = (byte)v;
        }

        public static void WriteUInt32(byte[] b, int p, uint v)
        {
            b[p] = (byte)(v >> 24);
            b[p + 1] = (byte)(v >> 16);
            b[p + 2] = (byte)(v >> 8);
            b[p + 3] = (byte)v;
        }
    }
}
