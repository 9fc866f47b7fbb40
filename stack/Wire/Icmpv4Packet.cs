namespace NanoStack.Wire
{
    /// <summary>ICMPv4 message view (RFC 792). Identifier/sequence are meaningful for echo messages only.</summary>
    public sealed class Icmpv4Packet : PacketView
    {
        public const int HeaderLength = 8;
        public const byte TypeEchoReply = 0;
        public const byte TypeDestinationUnreachable = 3;
        public const byte TypeEchoRequest = 8;
        public const byte TypeTimeExceeded = 11;
        public const byte CodeProtocolUnreachable = 2;
        public const byte CodePortUnreachable = 3;

        public WireError Parse(byte[] buffer, int offset, int length)
        {
            return Bind(buffer, offset, length, HeaderLength);
        }

        public byte Type { get { return Buffer[Offset]; } }
        public byte Code { get { return Buffer[Offset + 1]; } }
        public ushort MessageChecksum { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 2); } }
        public ushort Identifier { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 4); } }
        public ushort SequenceNumber { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 6); } }
        public int DataOffset { get { return Offset + HeaderLength; } }
        public int DataLength { get { return Length - HeaderLength; } }

        /// <summary>
        /// True for the messages RFC 1122 §3.2.2 forbids answering with an error: every type except echo
        /// request/reply, timestamp, information and address-mask queries/replies (i.e. the error messages
        /// and anything unknown, to be safe).
        /// </summary>
        public bool IsErrorOrUnknown
        {
            get
            {
                byte t = Type;
                return !(t == 0 || t == 8 || t == 13 || t == 14 || t == 15 || t == 16 || t == 17 || t == 18);
            }
        }

        /// <summary>RFC 1071: the sum over the message, checksum included, folds to 0xFFFF. Sum stays below 2^31 for
        /// any datagram (see Checksum), so two folds leave 16 bits: no Compute/Finish calls and loop per echo.</summary>
        public bool VerifyChecksum()
        {
            uint sum = Checksum.Sum(0, Buffer, Offset, Length);
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            return sum == 0xFFFF;
        }

        /// <summary>Writes type, code, the 4 "rest of header" bytes, then the checksum over the whole message.</summary>
        public static void Emit(byte[] buffer, int offset, int length, byte type, byte code, uint restOfHeader)
        {
            buffer[offset] = type;
            buffer[offset + 1] = code;
            NetworkEndian.WriteUInt32(buffer, offset + 4, restOfHeader);
            FillChecksum(buffer, offset, length);
        }

        public static void FillChecksum(byte[] buffer, int offset, int length)
        {
            buffer[offset + 2] = 0;
            buffer[offset + 3] = 0;
            NetworkEndian.WriteUInt16(buffer, offset + 2, Checksum.Compute(buffer, offset, length));
        }
    }
}
