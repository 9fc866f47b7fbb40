namespace NanoStack.Wire
{
    /// <summary>
    /// UDP datagram view (RFC 768). <see cref="Parse"/> checks the length field (8 ≤ Length ≤ bytes present);
    /// bytes after Length (IP padding) are ignored.
    /// </summary>
    public sealed class UdpPacket : PacketView
    {
        public const int HeaderLength = 8;

        public WireError Parse(byte[] buffer, int offset, int length)
        {
            WireError error = Bind(buffer, offset, length, HeaderLength);
            if (error != WireError.None)
            {
                return error;
            }
            int udpLength = NetworkEndian.ReadUInt16(buffer, offset + 4);
            if (udpLength < HeaderLength || udpLength > length)
            {
                return Refuse(WireError.BadLength);
            }
            return WireError.None;
        }

        public ushort SourcePort { get { return NetworkEndian.ReadUInt16(Buffer, Offset); } }
        public ushort DestinationPort { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 2); } }
        public int DatagramLength { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 4); } }
        public ushort DatagramChecksum { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 6); } }
        public int PayloadOffset { get { return Offset + HeaderLength; } }
        public int PayloadLength { get { return DatagramLength - HeaderLength; } }

        /// <summary>RFC 768: a zero checksum means "not computed" and is accepted; otherwise the pseudo-header sum must verify.</summary>
        public bool VerifyChecksum(uint source, uint destination)
        {
            if (DatagramChecksum == 0)
            {
                return true;
            }
            uint sum = Checksum.PseudoHeaderSum(source, destination, Ipv4Packet.ProtocolUdp, DatagramLength);
            return Checksum.Finish(Checksum.Sum(sum, Buffer, Offset, DatagramLength)) == 0;
        }

        /// <summary>
        /// Writes the header in front of <paramref name="payloadLength"/> payload bytes already at offset+8 and
        /// computes the checksum; a computed 0 is sent as 0xFFFF (RFC 768).
        /// </summary>
        public static void Emit(byte[] buffer, int offset, ushort sourcePort, ushort destinationPort, int payloadLength,
            uint source, uint destination)
        {
            int length = HeaderLength + payloadLength;
            NetworkEndian.WriteUInt16(buffer, offset, sourcePort);
            NetworkEndian.WriteUInt16(buffer, offset + 2, destinationPort);
            NetworkEndian.WriteUInt16(buffer, offset + 4, length);
            buffer[offset + 6] = 0;
            buffer[offset + 7] = 0;
            uint sum = Checksum.PseudoHeaderSum(source, destination, Ipv4Packet.ProtocolUdp, length);
            ushort check = Checksum.Finish(Checksum.Sum(sum, buffer, offset, length));
            if (check == 0)
            {
                check = 0xFFFF;
            }
            NetworkEndian.WriteUInt16(buffer, offset + 6, check);
        }
    }
}
