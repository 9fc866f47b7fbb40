using NanoStack.Wire;

namespace NanoStack.Iface
{
    // IPv4 (RFC 791, RFC 1122 §3.2.1): receive validation and dispatch, routing, transmit, fragmentation.
    public sealed partial class Interface
    {
        private const int RouteUnicast = 0;
        private const int RouteBroadcast = 1;
        private const int RouteMulticast = 2;
        private const int RouteNone = -1;

        private readonly Reassembler _reassembler;
        private ushort _ipIdentification;

        /// <summary>Largest IPv4 payload we send (fragmented): total length 65535 minus a 20-byte header (RFC 791).</summary>
        public const int MaxDatagramPayload = 65515;

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
            uint source = _ip.Source;
            if (Ipv4Address.IsMulticast(source) || Ipv4Address.IsReserved(source) || Ipv4Address.IsLoopback(source)
                || (_address != 0 && Ipv4Address.IsDirectedBroadcast(source, _address, _netmask)))
            {
                // RFC 1122 §3.2.1.3: such sources are invalid; above all, never answer them.
                return DropReason.Ipv4BadSource;
            }
            uint destination = _ip.Destination;
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
            else if (_address == 0 && _ip.Protocol == Ipv4Packet.ProtocolUdp && !Ipv4Address.IsMulticast(destination))
            {
                // Unconfigured: a DHCP server may unicast its offer to the address it offers (RFC 2131 §4.1);
                // the UDP layer lets such datagrams reach port 68 only. (A group we have not joined is for nobody.)
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

            if (_ip.IsFragment)
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
            return Dispatch(_ip.Protocol, source, destination, buffer, _ip.PayloadOffset, _ip.PayloadLength, nowMs);
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

        // ---- IIpv4Output ----

        public byte[] PayloadBuffer { get { return _device.TransmitBuffer; } }

        public int PayloadOffset { get { return _device.TransmitOffset + EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength; } }

        public int PayloadCapacity
        {
            get
            {
                int mtu = _device.TransmitCapacity - EthernetFrame.HeaderLength;
                if (mtu > _mtu)
                {
                    mtu = _mtu;
                }
                return mtu - Ipv4Packet.MinHeaderLength;
            }
        }

        public uint LocalAddress { get { return _address; } }

        public SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs)
        {
            return SendPacket(destination, protocol, payloadLength, _defaultTtl, nowMs);
        }

        /// <summary><see cref="SendPacket"/> for ICMP's own messages, which only ask whether it is on its way.</summary>
        private bool SendIp(uint destination, byte protocol, int payloadLength, byte ttl, long nowMs)
        {
            return SendPacket(destination, protocol, payloadLength, ttl, nowMs) <= SendResult.Queued;
        }

        /// <summary>Same as <see cref="Send"/> with an explicit TTL (0 = the default; mDNS uses 255, RFC 6762 §11).</summary>
        private SendResult SendPacket(uint destination, byte protocol, int payloadLength, byte ttl, long nowMs)
        {
            if (payloadLength < 0 || payloadLength > PayloadCapacity)
            {
                TxTooBig++;
                return SendResult.TooBig;
            }
            uint nextHop;
            int route;
            SendResult routed = TryRouteForSend(destination, out route, out nextHop);
            if (routed != SendResult.Ok)
            {
                return routed;
            }
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            Ipv4Packet.Emit(tx, o + EthernetFrame.HeaderLength, _address, destination, protocol, payloadLength,
                _ipIdentification++, ttl == 0 ? _defaultTtl : ttl, false, false, 0);
            int frameLength = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength + payloadLength;
            System.Array.Copy(_mac, 0, tx, o + 6, 6);
            NetworkEndian.WriteUInt16(tx, o + 12, EthernetFrame.EtherTypeIpv4);
            if (!WriteDestinationMac(route, destination, nextHop, nowMs))
            {
                return Park(nextHop, frameLength, nowMs);
            }
            return Transmit(frameLength) ? SendResult.Ok : SendResult.DeviceRefused;
        }

        /// <summary>The checks every send makes before it writes a header: link up and a route; each failure is counted.</summary>
        private SendResult TryRouteForSend(uint destination, out int route, out uint nextHop)
        {
            nextHop = 0;
            route = RouteNone;
            if (!_device.IsLinkUp)
            {
                TxLinkDown++;
                return SendResult.LinkDown;
            }
            route = Route(destination, out nextHop);
            if (route == RouteNone)
            {
                TxNoRoute++;
                return SendResult.NoRoute;
            }
            return SendResult.Ok;
        }

        /// <summary>
        /// IIpv4Output: a transport header already written at PayloadBuffer[PayloadOffset..] followed by
        /// <paramref name="data"/>, fragmented when it exceeds the MTU (RFC 791 §2.3). Fragments are not parked behind
        /// ARP (a parked frame is one MTU): on a miss the request is sent, the datagram dropped and counted in
        /// <see cref="TxFragmentedArpMiss"/>.
        /// </summary>
        public SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs)
        {
            if (headerLength + length <= PayloadCapacity)
            {
                byte[] tx = _device.TransmitBuffer;
                int at = PayloadOffset + headerLength;
                if (data != tx || offset != at)
                {
                    System.Array.Copy(data, offset, tx, at, length);
                }
                return SendPacket(destination, protocol, headerLength + length, ttl, nowMs);
            }
            return SendFragmented(destination, protocol, headerLength, data, offset, length, ttl, nowMs);
        }

        /// <summary><see cref="SendDatagram(uint, byte, int, byte[], int, int, byte, long)"/> without a header, for ICMP's echo replies out of the reassembly buffer.</summary>
        private bool SendDatagram(uint destination, byte protocol, byte[] data, int offset, int length, byte ttl, long nowMs)
        {
            return SendDatagram(destination, protocol, 0, data, offset, length, ttl, nowMs) <= SendResult.Queued;
        }

        /// <summary>
        /// Fragments straight from <paramref name="data"/> (RFC 791 §2.3, no copy of the datagram is made). The first
        /// fragment starts with the <paramref name="head"/> bytes of transport header the caller wrote at PayloadOffset
        /// (fragment 0 is built first, so they are still there), followed by the data.
        /// </summary>
        private SendResult SendFragmented(uint destination, byte protocol, int head, byte[] data, int offset, int length, byte ttl, long nowMs)
        {
            int total = head + length;
            if (total > MaxDatagramPayload)
            {
                TxTooBig++;
                return SendResult.TooBig;
            }
            uint nextHop;
            int route;
            SendResult routed = TryRouteForSend(destination, out route, out nextHop);
            if (routed != SendResult.Ok)
            {
                return routed;
            }
            if (!WriteDestinationMac(route, destination, nextHop, nowMs))
            {
                int i = _arpCache.Find(nextHop);
                if (i < 0)
                {
                    i = _arpCache.Allocate(nextHop, nowMs);
                    _arpCache.State[i] = ArpCache.StateIncomplete;
                }
                if (_arpCache.State[i] == ArpCache.StateIncomplete
                    && (_arpCache.LastRequestMs[i] == long.MinValue || nowMs - _arpRequestIntervalMs >= _arpCache.LastRequestMs[i]))
                {
                    RequestResolution(i, nowMs);
                }
                TxFragmentedArpMiss++;
                return SendResult.Unresolved;
            }
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            int p = PayloadOffset;
            int chunk = PayloadCapacity & ~7;
            ushort id = _ipIdentification++;
            byte hops = ttl == 0 ? _defaultTtl : ttl;
            SendResult result = SendResult.Ok;
            for (int done = 0; done < total; done += chunk)
            {
                int part = total - done;
                bool more = part > chunk;
                if (more)
                {
                    part = chunk;
                }
                // The destination MAC written above stays in place; rewrite source, type, header and data.
                System.Array.Copy(_mac, 0, tx, o + 6, 6);
                NetworkEndian.WriteUInt16(tx, o + 12, EthernetFrame.EtherTypeIpv4);
                Ipv4Packet.Emit(tx, o + EthernetFrame.HeaderLength, _address, destination, protocol, part, id, hops,
                    false, more, done);
                if (done == 0)
                {
                    System.Array.Copy(data, offset, tx, p + head, part - head);
                }
                else
                {
                    System.Array.Copy(data, offset + done - head, tx, p, part);
                }
                if (!Transmit(EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength + part))
                {
                    result = SendResult.DeviceRefused;
                }
            }
            return result;
        }

        /// <summary>RFC 1122 §3.3.1: on-link destinations directly, everything else through the gateway.</summary>
        private int Route(uint destination, out uint nextHop)
        {
            nextHop = destination;
            if (destination == Ipv4Address.Broadcast
                || (_address != 0 && Ipv4Address.IsDirectedBroadcast(destination, _address, _netmask)))
            {
                return RouteBroadcast;
            }
            if (Ipv4Address.IsMulticast(destination))
            {
                return RouteMulticast;
            }
            if (_address == 0 || destination == 0 || destination == _address || Ipv4Address.IsLoopback(destination)
                || Ipv4Address.IsReserved(destination))
            {
                return RouteNone;
            }
            if (Ipv4Address.IsInSubnet(destination, _address, _netmask))
            {
                return RouteUnicast;
            }
            if (_gateway == 0)
            {
                return RouteNone;
            }
            nextHop = _gateway;
            return RouteUnicast;
        }

        /// <summary>Writes the frame's destination MAC; false on an ARP miss (nothing written).</summary>
        private bool WriteDestinationMac(int route, uint destination, uint nextHop, long nowMs)
        {
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            if (route == RouteBroadcast)
            {
                MacAddress.WriteBroadcast(tx, o);
                return true;
            }
            if (route == RouteMulticast)
            {
                MacAddress.WriteIpv4Multicast(tx, o, destination);
                return true;
            }
            int i = _arpCache.FindReachable(nextHop, nowMs);
            if (i < 0)
            {
                return false;
            }
            if (_arpCache.ExpiresMs[i] - nowMs <= _arpRefreshBeforeMs)
            {
                // Still usable, but confirm it before it expires (sent from PollArp: the transmit buffer is busy now).
                _arpCache.RefreshDue[i] = true;
            }
            System.Array.Copy(_arpCache.Mac, i * 6, tx, o, 6);
            return true;
        }
    }
}
