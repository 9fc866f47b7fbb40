namespace NanoStack.Wire
{
    /// <summary>
    /// Ethernet II frame view (IEEE 802.3 §3.2, without preamble and FCS). One instance is reused for every
    /// frame: <see cref="Parse"/> checks once, after which no accessor can fail.
    /// </summary>
    public sealed class EthernetFrame : PacketView
    {
        public const int HeaderLength = 14;
        public const ushort EtherTypeIpv4 = 0x0800;
        public const ushort EtherTypeArp = 0x0806;

        public WireError Parse(byte[] buffer, int offset, int length)
        {
            return Bind(buffer, offset, length, HeaderLength);
        }

        public int DestinationOffset { get { return Offset; } }
        public int SourceOffset { get { return Offset + 6; } }
        public ushort EtherType { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 12); } }
        public int PayloadOffset { get { return Offset + HeaderLength; } }
        public int PayloadLength { get { return Length - HeaderLength; } }

        /// <summary>Writes the 14-byte header at <paramref name="offset"/>.</summary>
        public static void Emit(byte[] buffer, int offset, byte[] destination, int destinationOffset,
            byte[] source, int sourceOffset, ushort etherType)
        {
            System.Array.Copy(destination, destinationOffset, buffer, offset, 6);
            System.Array.Copy(source, sourceOffset, buffer, offset + 6, 6);
            NetworkEndian.WriteUInt16(buffer, offset + 12, etherType);
        }
    }
}
