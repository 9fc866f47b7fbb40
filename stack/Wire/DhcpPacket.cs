using System;

namespace NanoStack.Wire
{
    /// <summary>DHCP message types, option 53 (RFC 2132 §9.6).</summary>
    public enum DhcpMessageType : byte
    {
        None = 0,
        Discover = 1,
        Offer = 2,
        Request = 3,
        Decline = 4,
        Ack = 5,
        Nak = 6,
        Release = 7,
        Inform = 8,
    }

    /// <summary>
    /// A view over one BOOTP/DHCP message (RFC 2131 §2, fig. 1) and its options (RFC 2132). <see cref="Parse"/>
    /// checks every length once and records where each option we use lives; afterwards the accessors only read
    /// bytes. One instance is reused for every message: parsing allocates nothing.
    /// </summary>
    public sealed class DhcpPacket : PacketView
    {
        public const int FixedLength = 236;          // op .. file
        public const int OptionsOffset = 240;        // after the magic cookie
        public const int MinimumLength = 244;        // fixed + cookie + message type option (3) + end
        public const uint MagicCookie = 0x63825363;  // RFC 2131 §3
        public const int MaxDnsServers = 3;

        public const byte OpBootRequest = 1;
        public const byte OpBootReply = 2;

        // RFC 2132 option codes used by the client.
        public const byte OptionPad = 0;
        public const byte OptionSubnetMask = 1;
        public const byte OptionRouter = 3;
        public const byte OptionDnsServer = 6;
        public const byte OptionHostName = 12;
        public const byte OptionRequestedAddress = 50;
        public const byte OptionLeaseTime = 51;
        public const byte OptionOverload = 52;
        public const byte OptionMessageType = 53;
        public const byte OptionServerId = 54;
        public const byte OptionParameterList = 55;
        public const byte OptionMessage = 56;
        public const byte OptionMaxMessageSize = 57;
        public const byte OptionRenewalTime = 58;
        public const byte OptionRebindingTime = 59;
        public const byte OptionClientId = 61;
        public const byte OptionEnd = 255;

        private readonly uint[] _dnsServers = new uint[MaxDnsServers];

        public byte Op { get { return Buffer[Offset]; } }
        public uint TransactionId { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 4); } }
        public ushort Secs { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 8); } }
        public ushort Flags { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 10); } }
        public uint ClientAddress { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 12); } }
        public uint YourAddress { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 16); } }
        public uint ServerAddress { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 20); } }
        public uint RelayAddress { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 24); } }
        public int ClientHardwareOffset { get { return Offset + 28; } }

        // Options (0 / false when absent). Which of the six Has* options were present: one bit each in one field
        // (on the device every field is a 12-byte heap block, issue 17).
        private int _present;
        public DhcpMessageType MessageType { get; private set; }
        public bool HasSubnetMask { get { return (_present & 1) != 0; } }
        public uint SubnetMask { get; private set; }
        public uint Router { get; private set; }
        public int DnsServerCount { get; private set; }
        public bool HasServerId { get { return (_present & 2) != 0; } }
        public uint ServerId { get; private set; }
        public bool HasLeaseTime { get { return (_present & 4) != 0; } }
        public uint LeaseTimeSeconds { get; private set; }
        public bool HasRenewalTime { get { return (_present & 8) != 0; } }
        public uint RenewalTimeSeconds { get; private set; }
        public bool HasRebindingTime { get { return (_present & 16) != 0; } }
        public uint RebindingTimeSeconds { get; private set; }
        public bool HasRequestedAddress { get { return (_present & 32) != 0; } }
        public uint RequestedAddress { get; private set; }
        /// <summary>Offset in <see cref="Buffer"/> of option 12's value, -1 when absent.</summary>
        public int HostNameOffset { get; private set; }
        public int HostNameLength { get; private set; }
        public int ClientIdOffset { get; private set; }
        public int ClientIdLength { get; private set; }

        public uint DnsServer(int index) { return _dnsServers[index]; }

        /// <summary>True when chaddr holds exactly <paramref name="mac"/> (htype 1, hlen 6 were checked by Parse).</summary>
        public bool IsForHardwareAddress(byte[] mac)
        {
            int p = Offset + 28;
            for (int i = 0; i < 6; i++)
            {
                if (Buffer[p + i] != mac[i]) return false;
            }
            return true;
        }

        /// <summary>
        /// Checks the message at buffer[offset..+length] and reads its options. Never throws: anything that
        /// does not fit is reported. Options may also live in 'file' and 'sname' when option 52 says so
        /// (RFC 2132 §9.3).
        /// </summary>
        public WireError Parse(byte[] buffer, int offset, int length)
        {
            MessageType = DhcpMessageType.None;
            _present = 0; SubnetMask = 0; Router = 0; DnsServerCount = 0;
            ServerId = 0; LeaseTimeSeconds = 0;
            RenewalTimeSeconds = 0; RebindingTimeSeconds = 0;
            RequestedAddress = 0;
            HostNameOffset = -1; HostNameLength = 0; ClientIdOffset = -1; ClientIdLength = 0;

            WireError error = Bind(buffer, offset, length, MinimumLength);
            if (error != WireError.None) return error;
            byte op = buffer[offset];
            if (op != OpBootRequest && op != OpBootReply) return Refuse(WireError.BadOp);
            if (buffer[offset + 1] != 1 || buffer[offset + 2] != 6) return Refuse(WireError.BadHardware);
            if (NetworkEndian.ReadUInt32(buffer, offset + FixedLength) != MagicCookie) return Refuse(WireError.BadCookie);

            int overload = 0;
            if (!ParseOptions(offset + OptionsOffset, offset + length, ref overload)) return Refuse(WireError.BadOption);
            // RFC 2132 §9.3: 'file' is read before 'sname'. An overload option inside them is ignored.
            int ignored = 0;
            if ((overload & 1) != 0 && !ParseOptions(offset + 108, offset + 236, ref ignored)) return Refuse(WireError.BadOption);
            if ((overload & 2) != 0 && !ParseOptions(offset + 44, offset + 108, ref ignored)) return Refuse(WireError.BadOption);
            if (MessageType == DhcpMessageType.None) return Refuse(WireError.NoMessageType);
            return WireError.None;
        }

        private bool ParseOptions(int p, int end, ref int overload)
        {
            byte[] b = Buffer;
            while (p < end)
            {
                byte code = b[p];
                if (code == OptionPad) { p++; continue; }
                if (code == OptionEnd) return true;
                if (p + 1 >= end) return false;
                int len = b[p + 1];
                int v = p + 2;
                if (v + len > end) return false;
                switch (code)
                {
                    case OptionMessageType:
                        if (len != 1) return false;
                        MessageType = (DhcpMessageType)b[v];
                        break;
                    case OptionSubnetMask:
                        if (len != 4) return false;
                        _present |= 1; SubnetMask = NetworkEndian.ReadUInt32(b, v);
                        break;
                    case OptionRouter:
                        if (len < 4 || (len & 3) != 0) return false;
                        Router = NetworkEndian.ReadUInt32(b, v); // RFC 2132 §3.5: listed in order of preference
                        break;
                    case OptionDnsServer:
                        if (len < 4 || (len & 3) != 0) return false;
                        for (int i = 0; i < len && DnsServerCount < MaxDnsServers; i += 4)
                        {
                            _dnsServers[DnsServerCount++] = NetworkEndian.ReadUInt32(b, v + i);
                        }
                        break;
                    case OptionServerId:
                        if (len != 4) return false;
                        _present |= 2; ServerId = NetworkEndian.ReadUInt32(b, v);
                        break;
                    case OptionLeaseTime:
                        if (len != 4) return false;
                        _present |= 4; LeaseTimeSeconds = NetworkEndian.ReadUInt32(b, v);
                        break;
                    case OptionRenewalTime:
                        if (len != 4) return false;
                        _present |= 8; RenewalTimeSeconds = NetworkEndian.ReadUInt32(b, v);
                        break;
                    case OptionRebindingTime:
                        if (len != 4) return false;
                        _present |= 16; RebindingTimeSeconds = NetworkEndian.ReadUInt32(b, v);
                        break;
                    case OptionRequestedAddress:
                        if (len != 4) return false;
                        _present |= 32; RequestedAddress = NetworkEndian.ReadUInt32(b, v);
                        break;
                    case OptionHostName:
                        HostNameOffset = v; HostNameLength = len;
                        break;
                    case OptionClientId:
                        ClientIdOffset = v; ClientIdLength = len;
                        break;
                    case OptionOverload:
                        if (len != 1) return false;
                        overload = b[v];
                        break;
                }
                p = v + len;
            }
            // RFC 2131 §4.1 wants an end option, but tolerating its absence at the very end of the
            // datagram costs nothing and matches what servers in the field expect.
            return true;
        }

        // ---- emit -------------------------------------------------------------------------------------------

        /// <summary>
        /// Writes the fixed BOOTP part and the magic cookie of a client message (op = BOOTREQUEST) at
        /// buffer[offset..+240] and returns the offset where options start. 'sname' and 'file' are zeroed.
        /// </summary>
        public static int EmitRequestHeader(byte[] buffer, int offset, uint xid, ushort secs, bool broadcast,
            uint clientAddress, byte[] mac)
        {
            for (int i = 0; i < OptionsOffset; i++) buffer[offset + i] = 0;
            buffer[offset] = OpBootRequest;
            buffer[offset + 1] = 1; // htype Ethernet (RFC 1700)
            buffer[offset + 2] = 6; // hlen
            NetworkEndian.WriteUInt32(buffer, offset + 4, xid);
            NetworkEndian.WriteUInt16(buffer, offset + 8, secs);
            NetworkEndian.WriteUInt16(buffer, offset + 10, (ushort)(broadcast ? 0x8000 : 0));
            NetworkEndian.WriteUInt32(buffer, offset + 12, clientAddress);
            Array.Copy(mac, 0, buffer, offset + 28, 6);
            NetworkEndian.WriteUInt32(buffer, offset + FixedLength, MagicCookie);
            return offset + OptionsOffset;
        }

        /// <summary>Writes option <paramref name="code"/> with a 1-byte value; returns the next write position.</summary>
        public static int EmitByteOption(byte[] buffer, int p, byte code, byte value)
        {
            buffer[p] = code; buffer[p + 1] = 1; buffer[p + 2] = value;
            return p + 3;
        }

        /// <summary>Writes a 4-byte option (an address or a time in seconds); returns the next write position.</summary>
        public static int EmitUInt32Option(byte[] buffer, int p, byte code, uint value)
        {
            buffer[p] = code; buffer[p + 1] = 4;
            NetworkEndian.WriteUInt32(buffer, p + 2, value);
            return p + 6;
        }

        /// <summary>Writes an option whose value is source[offset..+length] (1..255 bytes); returns the next position.</summary>
        public static int EmitBytesOption(byte[] buffer, int p, byte code, byte[] source, int offset, int length)
        {
            buffer[p] = code; buffer[p + 1] = (byte)length;
            Array.Copy(source, offset, buffer, p + 2, length);
            return p + 2 + length;
        }

        /// <summary>Client identifier (RFC 2132 §9.14): type 1 (Ethernet) followed by the MAC.</summary>
        public static int EmitClientIdOption(byte[] buffer, int p, byte[] mac)
        {
            buffer[p] = OptionClientId; buffer[p + 1] = 7; buffer[p + 2] = 1;
            Array.Copy(mac, 0, buffer, p + 3, 6);
            return p + 9;
        }

        /// <summary>Writes the end option and pads to the BOOTP minimum of 300 bytes some relays insist on
        /// (RFC 1542 §2.1); returns the message length counted from <paramref name="messageOffset"/>.</summary>
        public static int EmitEnd(byte[] buffer, int messageOffset, int p)
        {
            buffer[p++] = OptionEnd;
            while (p - messageOffset < 300) buffer[p++] = OptionPad;
            return p - messageOffset;
        }
    }
}
