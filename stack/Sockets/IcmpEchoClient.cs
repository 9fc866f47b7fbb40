using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets
{
    /// <summary>What the last echo request of an <see cref="IcmpEchoClient"/> got.</summary>
    public enum EchoStatus
    {
        /// <summary>Nothing sent yet.</summary>
        Idle = 0,
        /// <summary>A request is out and no answer has come.</summary>
        Waiting,
        /// <summary>The matching echo reply arrived: <see cref="IcmpEchoClient.RoundTripMs"/> holds the RTT.</summary>
        Replied,
        /// <summary>An ICMP destination unreachable quoting our request arrived (a router or the host said no).</summary>
        Unreachable
    }

    /// <summary>
    /// The ping client (RFC 792 echo, RFC 1122 §3.2.2.6): one request in flight at a time, matched on its reply by
    /// source, identifier, sequence number and data. Registered on the interface as the consumer of ICMP messages it
    /// does not answer itself (protocol number 1); non-blocking: <see cref="Send"/>, then poll the stack and read
    /// <see cref="Status"/>. The caller owns the timeout. Nothing is allocated after construction.
    /// </summary>
    /// <example>
    /// <code>
    /// IcmpEchoClient ping = new IcmpEchoClient(stack.Interface, 0x4E53, 56);
    /// stack.Register(ping);
    /// ping.Send(gateway, 56, now);                 // then Poll until Status != Waiting or your timeout
    /// </code>
    /// </example>
    public sealed class IcmpEchoClient : IIpv4Protocol
    {
        private readonly Interface _iface;
        private readonly ushort _identifier;
        private readonly int _maxData;
        private ushort _sequence;
        private uint _target;
        private int _dataLength;
        private long _sentMs;
        private int _rttMs;
        private EchoStatus _status;

        /// <summary>Echo requests handed to the interface.</summary>
        public int RequestsSent;
        /// <summary>Replies that matched the request in flight.</summary>
        public int RepliesReceived;
        /// <summary>Echo replies that did not match (late, another identifier, wrong data).</summary>
        public int RepliesIgnored;

        /// <param name="iface">The interface that sends the requests (and delivers the replies once registered).</param>
        /// <param name="identifier">Echo identifier (RFC 792) telling our replies from other pingers'.</param>
        /// <param name="maxDataBytes">Largest data length <see cref="Send"/> accepts (56 is what ping sends).</param>
        public IcmpEchoClient(Interface iface, ushort identifier, int maxDataBytes)
        {
            if (iface == null || maxDataBytes < 0)
            {
                throw new System.ArgumentException("IcmpEchoClient: interface required, maxDataBytes >= 0");
            }
            _iface = iface;
            _identifier = identifier;
            _maxData = maxDataBytes;
        }

        public byte ProtocolNumber { get { return Ipv4Packet.ProtocolIcmp; } }

        public EchoStatus Status { get { return _status; } }

        /// <summary>Milliseconds from <see cref="Send"/> to the matching reply (valid when <see cref="Status"/> is Replied).</summary>
        public int RoundTripMs { get { return _rttMs; } }

        /// <summary>Sequence number of the last request sent.</summary>
        public ushort Sequence { get { return _sequence; } }

        public ushort Identifier { get { return _identifier; } }

        /// <summary>
        /// Sends echo request number <see cref="Sequence"/> + 1 to <paramref name="address"/> carrying
        /// <paramref name="dataLength"/> bytes (byte i = i mod 256). An earlier request still waiting is forgotten.
        /// The result says whether it left (Ok) or waits behind ARP resolution (Queued: its RTT then includes the
        /// resolution), else why not: InvalidArgument (negative length), TooBig (above the data limit or one frame),
        /// NoRoute (the interface is unconfigured, or address 0), or what the interface said (LinkDown, ...).
        /// </summary>
        public SendResult Send(uint address, int dataLength, long nowMs)
        {
            int length = Icmpv4Packet.HeaderLength + dataLength;
            if (dataLength < 0)
            {
                return SendResult.InvalidArgument;
            }
            if (dataLength > _maxData || length > _iface.PayloadCapacity)
            {
                return SendResult.TooBig;
            }
            if (_iface.Address == 0 || address == 0)
            {
                return SendResult.NoRoute;
            }
            _sequence++;
            byte[] tx = _iface.PayloadBuffer;
            int p = _iface.PayloadOffset;
            for (int i = 0; i < dataLength; i++)
            {
                tx[p + Icmpv4Packet.HeaderLength + i] = (byte)i;
            }
            Icmpv4Packet.Emit(tx, p, length, Icmpv4Packet.TypeEchoRequest, 0, ((uint)_identifier << 16) | _sequence);
            _target = address;
            _dataLength = dataLength;
            _sentMs = nowMs;
            _status = EchoStatus.Waiting;
            SendResult result = _iface.Send(address, Ipv4Packet.ProtocolIcmp, length, nowMs);
            if (result > SendResult.Queued)
            {
                _status = EchoStatus.Idle;
                return result;
            }
            RequestsSent++;
            return result;
        }

        /// <summary>Forgets the request in flight (the caller's timeout expired): a late reply is then ignored.</summary>
        public void Cancel()
        {
            if (_status == EchoStatus.Waiting)
            {
                _status = EchoStatus.Idle;
            }
        }

        /// <summary>Checksum-verified ICMP messages the interface does not answer (echo replies, errors).</summary>
        public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            byte type = buffer[offset];
            if (type == Icmpv4Packet.TypeEchoReply)
            {
                if (_status == EchoStatus.Waiting && source == _target && length == Icmpv4Packet.HeaderLength + _dataLength
                    && NetworkEndian.ReadUInt16(buffer, offset + 4) == _identifier
                    && NetworkEndian.ReadUInt16(buffer, offset + 6) == _sequence && DataMatches(buffer, offset + Icmpv4Packet.HeaderLength))
                {
                    _rttMs = (int)(nowMs - _sentMs);
                    _status = EchoStatus.Replied;
                    RepliesReceived++;
                }
                else
                {
                    RepliesIgnored++;
                }
                return;
            }
            // RFC 792: an error quotes the IPv4 header of the datagram it is about and its first 8 bytes, which for
            // our request are type, code, checksum, identifier and sequence.
            if (type == Icmpv4Packet.TypeDestinationUnreachable && _status == EchoStatus.Waiting && length >= Icmpv4Packet.HeaderLength + 20 + 8)
            {
                int q = offset + Icmpv4Packet.HeaderLength;
                int ihl = (buffer[q] & 0x0F) * 4;
                int e = q + ihl;
                if (ihl >= 20 && length >= Icmpv4Packet.HeaderLength + ihl + 8 && buffer[q + 9] == Ipv4Packet.ProtocolIcmp
                    && NetworkEndian.ReadUInt32(buffer, q + 16) == _target && buffer[e] == Icmpv4Packet.TypeEchoRequest
                    && NetworkEndian.ReadUInt16(buffer, e + 4) == _identifier && NetworkEndian.ReadUInt16(buffer, e + 6) == _sequence)
                {
                    _status = EchoStatus.Unreachable;
                }
            }
        }

        private bool DataMatches(byte[] buffer, int offset)
        {
            for (int i = 0; i < _dataLength; i++)
            {
                if (buffer[offset + i] != (byte)i)
                {
                    return false;
                }
            }
            return true;
        }

        public long Poll(IIpv4Output output, long nowMs)
        {
            return long.MaxValue;
        }
    }
}
