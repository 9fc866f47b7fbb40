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
            uint source = NetworkEndian.ReadUInt32(buffer, offset + 12); // _ip.Source, a call less
            // Multicast and class E together are 224.0.0.0 and up (Ipv4Address.IsMulticast, IsReserved); a directed
            // broadcast has its host bits all ones, tested first: one compare each instead of a call each per datagram.
            if (source >= 0xE0000000 || (source >> 24) == 127
                || ((source | _netmask) == 0xFFFFFFFF && _address != 0 && Ipv4Address.IsDirectedBroadcast(source, _address, _netmask)))
            {
                // RFC 1122 §3.2.1.3: such sources are invalid; above all, never answer them.
                return DropReason.Ipv4BadSource;
            }
            uint destination = NetworkEndian.ReadUInt32(buffer, offset + 16);
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
            else if (_address == 0 && _ip.Protocol == Ipv4Packet.ProtocolUdp)
            {
                // Unconfigured: a DHCP server may unicast its offer to the address it offers (RFC 2131 §4.1);
                // the UDP layer lets such datagrams reach port 68 only.
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
            int headerLength = (buffer[offset] & 0xF) << 2; // _ip.HeaderLength, computed once for both
            return Dispatch(buffer[offset + 9], source, destination, buffer, offset + headerLength,
                ((buffer[offset + 2] << 8) | buffer[offset + 3]) - headerLength, nowMs);
        }

        private DropReason Dispatch(byte protocol, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            if (protocol == Ipv4Packet.ProtocolUdp)
            {
                return ReceiveUdp(source, destination, buffer, offset, length, nowMs);
            }
            if (_address == 0)
            {
                return DropReason.Ipv4NotForUs;
            }
            if (protocol == Ipv4Packet.ProtocolIcmp)
            {
                return ReceiveIcmp(source, destination, buffer, offset, length, nowMs);
            }
            IIpv4Protocol handler = FindProtocol(protocol);
            if (handler == null)
            {
                // RFC 1122 §3.2.2.1: SHOULD send protocol unreachable (the §3.2.2 restrictions apply inside).
                SendDestinationUnreachable(Icmpv4Packet.CodeProtocolUnreachable, source, nowMs);
                return DropReason.UnknownProtocol;
            }
            if (_rxToGroup)
            {
                return DropReason.TransportNotUnicast;
            }
            handler.Receive(this, source, destination, buffer, offset, length, nowMs);
            return DropReason.None;
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

        public bool Send(uint destination, byte protocol, int payloadLength, long nowMs)
        {
            return SendIp(destination, protocol, payloadLength, _defaultTtl, nowMs);
        }

        /// <summary>Same as <see cref="Send"/> with an explicit TTL (mDNS uses 255, RFC 6762 §11).</summary>
        public bool SendIp(uint destination, byte protocol, int payloadLength, byte ttl, long nowMs)
        {
            if (payloadLength < 0 || payloadLength > PayloadCapacity)
            {
                TxTooBig++;
                return false;
            }
            uint nextHop;
            int route;
            if (!TryRouteForSend(destination, out route, out nextHop)) return false;
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
            return Transmit(frameLength);
        }

        /// <summary>The checks every send makes before it writes a header: link up and a route; each failure is counted.</summary>
        private bool TryRouteForSend(uint destination, out int route, out uint nextHop)
        {
            nextHop = 0;
            route = RouteNone;
            if (!_device.IsLinkUp)
            {
                TxLinkDown++;
                return false;
            }
            route = Route(destination, out nextHop);
            if (route == RouteNone)
            {
                TxNoRoute++;
                return false;
            }
            return true;
        }

        /// <summary>
        /// Sends a transport datagram held in <paramref name="data"/> (not the transmit buffer), fragmenting it
        /// when it exceeds the MTU (RFC 791 §2.3). Fragments are not parked behind ARP (a parked frame is one MTU):
        /// on a miss the request is sent, the datagram dropped and counted in <see cref="TxFragmentedArpMiss"/>.
        /// </summary>
        public bool SendDatagram(uint destination, byte protocol, byte[] data, int offset, int length, byte ttl, long nowMs)
        {
            if (length <= PayloadCapacity)
            {
                System.Array.Copy(data, offset, _device.TransmitBuffer, PayloadOffset, length);
                return SendIp(destination, protocol, length, ttl, nowMs);
            }
            return SendFragmented(destination, protocol, data, offset, length, ttl, nowMs, -1, 0, 0);
        }

        /// <summary>
        /// Fragments straight from <paramref name="data"/> (RFC 791 §2.3, no copy of the datagram is made). When
        /// <paramref name="udpSourcePort"/> is not -1 the first fragment starts with a UDP header (ports, length
        /// 8 + <paramref name="length"/>, the precomputed <paramref name="udpChecksum"/>) followed by the data.
        /// </summary>
        private bool SendFragmented(uint destination, byte protocol, byte[] data, int offset, int length, byte ttl, long nowMs,
            int udpSourcePort, ushort udpPort, ushort udpChecksum)
        {
            int head = udpSourcePort < 0 ? 0 : UdpPacket.HeaderLength;
            int total = head + length;
            if (total > MaxDatagramPayload)
            {
                TxTooBig++;
                return false;
            }
            uint nextHop;
            int route;
            if (!TryRouteForSend(destination, out route, out nextHop)) return false;
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
                return false;
            }
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            int p = PayloadOffset;
            int chunk = PayloadCapacity & ~7;
            ushort id = _ipIdentification++;
            byte hops = ttl == 0 ? _defaultTtl : ttl;
            bool ok = true;
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
                if (done == 0 && head != 0)
                {
                    NetworkEndian.WriteUInt16(tx, p, (ushort)udpSourcePort);
                    NetworkEndian.WriteUInt16(tx, p + 2, udpPort);
                    NetworkEndian.WriteUInt16(tx, p + 4, (ushort)total);
                    NetworkEndian.WriteUInt16(tx, p + 6, udpChecksum);
                    System.Array.Copy(data, offset, tx, p + head, part - head);
                }
                else
                {
                    System.Array.Copy(data, offset + done - head, tx, p, part);
                }
                ok &= Transmit(EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength + part);
            }
            return ok;
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
