namespace NanoStack.Wire
{

    /// <summary>DNS constants (RFC 1035 §3.2, RFC 2782, RFC 6762).</summary>
    public static class DnsConst
    {
        public const int HeaderLength = 12;
        public const ushort TypeA = 1;
        public const ushort TypeCname = 5;
        public const ushort TypePtr = 12;
        public const ushort TypeTxt = 16;
        public const ushort TypeAaaa = 28;
        public const ushort TypeSrv = 33;
        public const ushort TypeNsec = 47;
        public const ushort TypeAny = 255;
        public const ushort ClassIn = 1;
        /// <summary>RFC 6762 §10.2 / §5.4: top bit of the class is cache-flush in answers, unicast-response in questions.</summary>
        public const ushort ClassTopBit = 0x8000;
        public const ushort FlagResponse = 0x8000;
        public const ushort FlagAuthoritative = 0x0400;
        public const ushort FlagTruncated = 0x0200;
        public const ushort FlagRecursionDesired = 0x0100;
        public const int RcodeNameError = 3;
        public const int RcodeRefused = 5;
    }

    /// <summary>
    /// A view over one DNS message (RFC 1035 §4.1). <see cref="Parse"/> walks every question and resource record
    /// once, checking each name and each RDLENGTH against the message; after it returned Ok the record cursor
    /// (<see cref="ReadRecord"/>) and the accessors cannot fail. One instance is reused: parsing allocates nothing.
    /// </summary>
    public sealed class DnsPacket : PacketView
    {
        public const int MaxRecords = 64; // bounds the work per message; mDNS packets carry a handful

        /// <summary>Where the message ends: names and records are checked against [Offset, End).</summary>
        public int End { get { return Offset + Length; } }

        public ushort Id { get { return NetworkEndian.ReadUInt16(Buffer, Offset); } }
        public ushort Flags { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 2); } }
        public bool IsResponse { get { return (Flags & DnsConst.FlagResponse) != 0; } }
        public int Opcode { get { return (Flags >> 11) & 0xF; } }
        public int Rcode { get { return Flags & 0xF; } }
        public bool IsTruncated { get { return (Flags & DnsConst.FlagTruncated) != 0; } }
        public int QuestionCount { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 4); } }
        public int AnswerCount { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 6); } }
        public int AuthorityCount { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 8); } }
        public int AdditionalCount { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 10); } }

        /// <summary>Position of the first question's name.</summary>
        public int QuestionsOffset { get { return Offset + DnsConst.HeaderLength; } }
        /// <summary>Position of the first answer record (after all questions).</summary>
        public int AnswersOffset { get; private set; }

        // Cursor output of ReadRecord / ReadQuestion.
        public int NameOffset { get; private set; }
        public ushort Type { get; private set; }
        public ushort Class { get; private set; }
        public uint Ttl { get; private set; }
        public int DataOffset { get; private set; }
        public int DataLength { get; private set; }

        public WireError Parse(byte[] buffer, int offset, int length)
        {
            AnswersOffset = 0;
            WireError error = Bind(buffer, offset, length, DnsConst.HeaderLength);
            if (error != WireError.None) return error;
            int end = offset + length;
            int questions = QuestionCount;
            int records = AnswerCount + AuthorityCount + AdditionalCount;
            if (questions + records > MaxRecords) return Refuse(WireError.TooManyRecords);
            int p = QuestionsOffset;
            for (int i = 0; i < questions; i++)
            {
                p = DnsName.Skip(buffer, offset, end, p);
                if (p < 0 || p + 4 > end) return Refuse(WireError.BadQuestion);
                p += 4;
            }
            AnswersOffset = p;
            for (int i = 0; i < records; i++)
            {
                p = DnsName.Skip(buffer, offset, end, p);
                if (p < 0 || p + 10 > end) return Refuse(WireError.BadRecord);
                int rdLength = NetworkEndian.ReadUInt16(buffer, p + 8);
                p += 10 + rdLength;
                if (p > end) return Refuse(WireError.BadRecord);
            }
            return WireError.None;
        }

        /// <summary>Reads the question at <paramref name="position"/> into the cursor; returns the next position.</summary>
        public int ReadQuestion(int position)
        {
            NameOffset = position;
            int p = DnsName.Skip(Buffer, Offset, End, position);
            Type = NetworkEndian.ReadUInt16(Buffer, p);
            Class = NetworkEndian.ReadUInt16(Buffer, p + 2);
            Ttl = 0; DataOffset = p + 4; DataLength = 0;
            return p + 4;
        }

        /// <summary>Reads the resource record at <paramref name="position"/> into the cursor; returns the next position.</summary>
        public int ReadRecord(int position)
        {
            NameOffset = position;
            int p = DnsName.Skip(Buffer, Offset, End, position);
            Type = NetworkEndian.ReadUInt16(Buffer, p);
            Class = NetworkEndian.ReadUInt16(Buffer, p + 2);
            Ttl = NetworkEndian.ReadUInt32(Buffer, p + 4);
            DataLength = NetworkEndian.ReadUInt16(Buffer, p + 8);
            DataOffset = p + 10;
            return DataOffset + DataLength;
        }

        /// <summary>True when the name at <paramref name="position"/> equals the wire-form <paramref name="name"/>.</summary>
        public bool NameMatches(int position, byte[] name, int nameOffset)
        {
            return DnsName.Matches(Buffer, Offset, End, position, name, nameOffset);
        }

        /// <summary>The 4-byte RDATA of an A record at the cursor, in host order.</summary>
        public uint DataAsAddress { get { return NetworkEndian.ReadUInt32(Buffer, DataOffset); } }

        // ---- emit -------------------------------------------------------------------------------------------

        /// <summary>Writes a 12-byte header at buffer[offset..]; returns offset + 12.</summary>
        public static int EmitHeader(byte[] buffer, int offset, ushort id, ushort flags, int questions, int answers, int authority, int additional)
        {
            NetworkEndian.WriteUInt16(buffer, offset, id);
            NetworkEndian.WriteUInt16(buffer, offset + 2, flags);
            NetworkEndian.WriteUInt16(buffer, offset + 4, (ushort)questions);
            NetworkEndian.WriteUInt16(buffer, offset + 6, (ushort)answers);
            NetworkEndian.WriteUInt16(buffer, offset + 8, (ushort)authority);
            NetworkEndian.WriteUInt16(buffer, offset + 10, (ushort)additional);
            return offset + DnsConst.HeaderLength;
        }

        /// <summary>Copies a wire-form name of <paramref name="length"/> bytes; returns the next position.</summary>
        public static int EmitName(byte[] buffer, int p, byte[] name, int nameOffset, int length)
        {
            System.Array.Copy(name, nameOffset, buffer, p, length);
            return p + length;
        }

        /// <summary>Writes a compression pointer to message offset <paramref name="target"/> (RFC 1035 §4.1.4).</summary>
        public static int EmitPointer(byte[] buffer, int p, int target)
        {
            buffer[p] = (byte)(0xC0 | (target >> 8));
            buffer[p + 1] = (byte)target;
            return p + 2;
        }

        /// <summary>Writes QTYPE and QCLASS after a question name; returns the next position.</summary>
        public static int EmitQuestionTail(byte[] buffer, int p, ushort type, ushort cls)
        {
            NetworkEndian.WriteUInt16(buffer, p, type);
            NetworkEndian.WriteUInt16(buffer, p + 2, cls);
            return p + 4;
        }

        /// <summary>Writes TYPE, CLASS, TTL and RDLENGTH after a record name; returns the RDATA position.</summary>
        public static int EmitRecordTail(byte[] buffer, int p, ushort type, ushort cls, uint ttl, int dataLength)
        {
            NetworkEndian.WriteUInt16(buffer, p, type);
            NetworkEndian.WriteUInt16(buffer, p + 2, cls);
            NetworkEndian.WriteUInt32(buffer, p + 4, ttl);
            NetworkEndian.WriteUInt16(buffer, p + 8, (ushort)dataLength);
            return p + 10;
        }

        /// <summary>Writes a 16-bit value (SRV priority/weight/port); returns the next position.</summary>
        public static int EmitUInt16(byte[] buffer, int p, ushort value)
        {
            NetworkEndian.WriteUInt16(buffer, p, value);
            return p + 2;
        }

        /// <summary>Writes a 32-bit value (an A record's address); returns the next position.</summary>
        public static int EmitUInt32(byte[] buffer, int p, uint value)
        {
            NetworkEndian.WriteUInt32(buffer, p, value);
            return p + 4;
        }
    }
}
