namespace NanoStack.Wire
{
    /// <summary>
    /// IPv4 header view (RFC 791 §3.1). <see cref="Parse"/> checks version, IHL and total length against the
    /// bytes present (Ethernet padding after the datagram is allowed); the header checksum and TTL are policy,
    /// checked by the interface through <see cref="VerifyChecksum"/>.
    /// </summary>
    public sealed class Ipv4Packet : PacketView
    {
        public const int MinHeaderLength = 20;
        public const byte ProtocolIcmp = 1;
        public const byte ProtocolTcp = 6;
        public const byte ProtocolUdp = 17;

        public WireError Parse(byte[] buffer, int offset, int length)
        {
            WireError error = Bind(buffer, offset, length, MinHeaderLength);
            if (error != WireError.None)
            {
                return error;
            }
            if ((buffer[offset] >> 4) != 4)
            {
                return Refuse(WireError.BadVersion);
            }
            int headerLength = (buffer[offset] & 0xF) * 4;
            if (headerLength < MinHeaderLength || headerLength > length)
            {
                return Refuse(WireError.BadHeaderLength);
            }
            int totalLength = NetworkEndian.ReadUInt16(buffer, offset + 2);
            if (totalLength < headerLength || totalLength > length)
            {
                return Refuse(WireError.BadLength);
            }
            return WireError.None;
        }

        public int Version { get { return Buffer[Offset] >> 4; } }
        public int HeaderLength { get { return (Buffer[Offset] & 0xF) * 4; } }
        public byte TypeOfService { get { return Buffer[Offset + 1]; } }
        public int TotalLength { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 2); } }
        public ushort Identification { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 4); } }
        public bool DontFragment { get { return (Buffer[Offset + 6] & 0x40) != 0; } }
        public bool MoreFragments { get { return (Buffer[Offset + 6] & 0x20) != 0; } }
        /// <summary>Reserved flag bit (RFC 791: must be zero).</summary>
        public bool ReservedFlag { get { return (Buffer[Offset + 6] & 0x80) != 0; } }
        /// <summary>Fragment offset in bytes (the field counts 8-byte units).</summary>
        public int FragmentOffset { get { return (NetworkEndian.ReadUInt16(Buffer, Offset + 6) & 0x1FFF) * 8; } }
        /// <summary>MF set or a fragment offset: flags byte masked to MF and the offset's high 5 bits, then the low byte.</summary>
        public bool IsFragment { get { return (Buffer[Offset + 6] & 0x3F) != 0 || Buffer[Offset + 7] != 0; } }
        public byte Ttl { get { return Buffer[Offset + 8]; } }
        public byte Protocol { get { return Buffer[Offset + 9]; } }
        public ushort HeaderChecksum { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 10); } }
        public uint Source { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 12); } }
        public uint Destination { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 16); } }
        public int PayloadOffset { get { return Offset + HeaderLength; } }
        public int PayloadLength { get { return TotalLength - HeaderLength; } }

        /// <summary>RFC 1071: the sum over the header, checksum field included, folds to 0xFFFF.</summary>
        public bool VerifyChecksum()
        {
            byte[] b = Buffer;
            int o = Offset;
            int words = b[o] & 0xF;
            uint sum = words == 5 ? Checksum.SumHeader20(b, o) : Checksum.Sum(0, b, o, words * 4);
            // At most 60 bytes: two folds leave 16 bits (RFC 1071 §2(C)); a valid header sums to 0xFFFF.
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            return sum == 0xFFFF;
        }

        /// <summary>
        /// Writes a 20-byte header without options at <paramref name="offset"/>, checksum included.
        /// <paramref name="fragmentOffset"/> is in bytes and must be a multiple of 8.
        /// </summary>
        public static void Emit(byte[] buffer, int offset, uint source, uint destination, byte protocol,
            int payloadLength, ushort identification, byte ttl, bool dontFragment, bool moreFragments, int fragmentOffset)
        {
            int total = MinHeaderLength + payloadLength;
            int flags = (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | ((fragmentOffset >> 3) & 0x1FFF);
            buffer[offset] = 0x45;
            buffer[offset + 1] = 0;
            buffer[offset + 2] = (byte)(total >> 8);
            buffer[offset + 3] = (byte)total;
            buffer[offset + 4] = (byte)(identification >> 8);
            buffer[offset + 5] = (byte)identification;
            buffer[offset + 6] = (byte)(flags >> 8);
            buffer[offset + 7] = (byte)flags;
            buffer[offset + 8] = ttl;
            buffer[offset + 9] = protocol;
            // The addresses written out (NetworkEndian.WriteUInt32): every datagram sent runs this (issue 13).
            buffer[offset + 12] = (byte)(source >> 24);
            buffer[offset + 13] = (byte)(source >> 16);
            buffer[offset + 14] = (byte)(source >> 8);
            buffer[offset + 15] = (byte)source;
            buffer[offset + 16] = (byte)(destination >> 24);
            buffer[offset + 17] = (byte)(destination >> 16);
            buffer[offset + 18] = (byte)(destination >> 8);
            buffer[offset + 19] = (byte)destination;
            // RFC 1071: the header's ten words are all known here, so they are added as values rather than read back
            // from the buffer (the checksum word itself counts as zero); nine words below 2^16 fold in two steps.
            uint sum = 0x4500 + (uint)total + identification + (uint)flags + (uint)((ttl << 8) | protocol)
                + (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF);
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            buffer[offset + 10] = (byte)(~sum >> 8);
            buffer[offset + 11] = (byte)~sum;
        }
    }
}
