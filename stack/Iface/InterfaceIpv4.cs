using NanoStack.Wire;

namespace NanoStack.Iface
{
    // IPv4 (RFC 791, RFC 1122 §3.2.1) receive: validation, reassembly, dispatch to ICMP and the protocols (TCP, UDP).
    // The sending side (IIpv4Output) is InterfaceIpv4Output.cs.
    public sealed partial class Interface
    {
        private readonly Reassembler _reassembler;

        // The datagram being dispatched: where its IPv4 header lies in the receive buffer (for ICMP errors
        // quoting it), or -1 when it came out of the reassembly buffer; and whether it was sent to a group.
        private int _rxIpOffset;
        private bool _rxToGroup;
        // What the protocol it was handed to made of it (IIpv4Output.Drop): None = accepted.
        private DropReason _rxVerdict;

        private DropReason ReceiveIpv4(byte[] buffer, int offset, int length, bool linkBroadcast, long nowMs)
        {
            WireError error = _ip.Parse(buffer, offset, length);
            if (error != WireError.None)
            {
                if (error == WireError.BadVersion)
                {
                    return DropReason.Ipv4BadVersion;
                }
                if (error == WireError.BadHeaderLength)
                {
                    return DropReason.Ipv4BadHeaderLength;
                }
                return error == WireError.BadLength ? DropReason.Ipv4BadLength : DropReason.Ipv4Truncated;
            }
            if (!_ip.VerifyChecksum())
            {
                return DropReason.Ipv4BadChecksum;
            }
            // TTL is not checked on receive: RFC 1122 §3.2.1.7 "a host MUST NOT discard a datagram just because
            // it was received with TTL less than 2". We never send TTL 0 (StackConfig.Validate).
            // _ip.Source and Destination read in place (NetworkEndian.ReadUInt32 written out: a call less each).
            uint source = ((uint)buffer[offset + 12] << 24) | ((uint)buffer[offset + 13] << 16)
                | ((uint)buffer[offset + 14] << 8) | buffer[offset + 15];
            // Multicast and class E together are 224.0.0.0 and up (Ipv4Address.IsMulticast, IsReserved); a directed
            // broadcast has its host bits all ones, tested first: one compare each instead of a call each per datagram.
            if (source >= 0xE0000000 || (source >> 24) == 127
                || ((source | _netmask) == 0xFFFFFFFF && _address != 0 && Ipv4Address.IsDirectedBroadcast(source, _address, _netmask)))
            {
                // RFC 1122 §3.2.1.3: such sources are invalid; above all, never answer them.
                return DropReason.Ipv4BadSource;
            }
            uint destination = ((uint)buffer[offset + 16] << 24) | ((uint)buffer[offset + 17] << 16)
                | ((uint)buffer[offset + 18] << 8) | buffer[offset + 19];
            bool toGroup;
            if (_address != 0 && destination == _address)
            {
                toGroup = false;
            }
            else if (destination == Ipv4Address.Broadcast
                || (_address != 0 && Ipv4Address.IsDirectedBroadcast(destination, _address, _netmask))
                || (Ipv4Address.IsMulticast(destination) && IsMember(destination)))
            {
                toGroup = true;
            }
            else if (_address == 0 && !Ipv4Address.IsMulticast(destination) && FindProtocol(_ip.Protocol) is IIpv4GroupProtocol)
            {
                // Unconfigured: a DHCP server may unicast its offer to the address it offers (RFC 2131 §4.1); a
                // protocol that takes such datagrams (UDP) decides (it lets them reach port 68 only). A group we have
                // not joined is for nobody.
                toGroup = false;
            }
            else
            {
                return DropReason.Ipv4NotForUs;
            }
            if (!toGroup && _address != 0 && destination == _address)
            {
                ConfirmNeighbor(source, _eth.Buffer, _eth.SourceOffset, nowMs);
            }
            if (linkBroadcast && !toGroup && _address != 0)
            {
                // RFC 1122 §3.3.6: a unicast IP datagram in a link-layer broadcast is treated as broadcast.
                toGroup = true;
            }

            if ((buffer[offset + 6] & 0x3F) != 0 || buffer[offset + 7] != 0) // _ip.IsFragment: MF or an offset
            {
                int result = _reassembler.Add(_ip, nowMs);
                if (result == Reassembler.Stored)
                {
                    return DropReason.None;
                }
                if (result != Reassembler.Complete)
                {
                    return (DropReason)result;
                }
                _rxIpOffset = -1;
                _rxToGroup = toGroup;
                DropReason reason = Dispatch(_reassembler.Protocol, source, destination, _reassembler.Buffer, 0,
                    _reassembler.Length, nowMs);
                _reassembler.Release();
                return reason;
            }
            _rxIpOffset = offset;
            _rxToGroup = toGroup;
            int headerLength = (buffer[offset] & 0xF) << 2; // _ip.HeaderLength, computed once for both
            return Dispatch(buffer[offset + 9], source, destination, buffer, offset + headerLength,
                ((buffer[offset + 2] << 8) | buffer[offset + 3]) - headerLength, nowMs);
        }

        private DropReason Dispatch(byte protocol, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            if (protocol == Ipv4Packet.ProtocolIcmp)
            {
                return _address == 0 ? DropReason.Ipv4NotForUs : ReceiveIcmp(source, destination, buffer, offset, length, nowMs);
            }
            IIpv4Protocol handler = FindProtocol(protocol);
            // Unconfigured, or sent to a group: only for a protocol that takes such datagrams (UDP); the type test is
            // made on those paths only, never for unicast to us.
            if (_address == 0 && !(handler is IIpv4GroupProtocol))
            {
                return DropReason.Ipv4NotForUs;
            }
            if (handler == null)
            {
                // RFC 1122 §3.2.2.1: SHOULD send protocol unreachable (the §3.2.2 restrictions apply inside).
                SendDestinationUnreachable(Icmpv4Packet.CodeProtocolUnreachable, source, nowMs);
                return DropReason.UnknownProtocol;
            }
            if (_rxToGroup && !(handler is IIpv4GroupProtocol))
            {
                return DropReason.TransportNotUnicast;
            }
            _rxVerdict = DropReason.None;
            handler.Receive(this, source, destination, buffer, offset, length, nowMs);
            return _rxVerdict;
        }

        /// <summary>IIpv4Output: the protocol refuses the datagram <see cref="Dispatch"/> handed it.</summary>
        public void Drop(DropReason reason)
        {
            _rxVerdict = reason;
        }

        /// <summary>IIpv4Output: destination unreachable about the datagram being dispatched (rules in SendDestinationUnreachable).</summary>
        public void SendUnreachable(byte code, long nowMs)
        {
            SendDestinationUnreachable(code, _ip.Source, nowMs);
        }
    }
}
