using NanoStack.Wire;

namespace NanoStack.Iface
{
    // IPv4 output (RFC 791, RFC 1122 §3.3): the IIpv4Output the protocols send through; routing, the frame around a
    // datagram, parking behind ARP, fragmentation, and the hand-over to the link device.
    public sealed partial class Interface
    {
        private const int RouteUnicast = 0;
        private const int RouteBroadcast = 1;
        private const int RouteMulticast = 2;
        private const int RouteNone = -1;

        private ushort _ipIdentification;

        /// <summary>Largest IPv4 payload we send (fragmented): total length 65535 minus a 20-byte header (RFC 791).</summary>
        public const int MaxDatagramPayload = 65515;

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
            if (payloadLength < 0 || payloadLength > PayloadCapacity)
            {
                TxTooBig++;
                return SendResult.TooBig;
            }
            return SendFitting(destination, protocol, payloadLength, _defaultTtl, nowMs);
        }

        /// <summary><see cref="Send"/> for ICMP's own messages (explicit TTL, 0 = the default), which only ask whether it is on its way.</summary>
        private bool SendIp(uint destination, byte protocol, int payloadLength, byte ttl, long nowMs)
        {
            if (payloadLength < 0 || payloadLength > PayloadCapacity)
            {
                TxTooBig++;
                return false;
            }
            return SendFitting(destination, protocol, payloadLength, ttl, nowMs) <= SendResult.Queued;
        }

        /// <summary>
        /// One datagram whose payload (0 to PayloadCapacity bytes, the caller checked) is at PayloadOffset: link and
        /// route checks, IPv4 and Ethernet headers, then out or parked behind ARP. TTL 0 = the default (mDNS uses 255,
        /// RFC 6762 §11). The route checks and the unicast MAC are written out here, not called: every datagram
        /// sent runs this (issue 13).
        /// </summary>
        private SendResult SendFitting(uint destination, byte protocol, int payloadLength, byte ttl, long nowMs)
        {
            if (!_device.IsLinkUp)
            {
                TxLinkDown++;
                return SendResult.LinkDown;
            }
            uint nextHop;
            int route = Route(destination, out nextHop);
            if (route == RouteNone)
            {
                TxNoRoute++;
                return SendResult.NoRoute;
            }
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            Ipv4Packet.Emit(tx, o + EthernetFrame.HeaderLength, _address, destination, protocol, payloadLength,
                _ipIdentification++, ttl == 0 ? _defaultTtl : ttl, false, false, 0);
            int frameLength = EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength + payloadLength;
            System.Array.Copy(_mac, 0, tx, o + 6, 6);
            tx[o + 12] = EthernetFrame.EtherTypeIpv4 >> 8;
            tx[o + 13] = EthernetFrame.EtherTypeIpv4 & 0xFF;
            if (route == RouteUnicast)
            {
                // WriteDestinationMac's unicast case: an entry near expiry is still used, and marked for a poll
                // sent from PollArp (the transmit buffer is busy now).
                int i = _arpCache.Lookup(nextHop, nowMs);
                if (i < 0)
                {
                    return Park(nextHop, frameLength, nowMs);
                }
                System.Array.Copy(_arpCache.Mac, i * 6, tx, o, 6);
            }
            else
            {
                WriteDestinationMac(route, destination, nextHop, nowMs); // broadcast or multicast: never a miss
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
            int total = headerLength + length;
            if (total <= PayloadCapacity)
            {
                if (total < 0)
                {
                    TxTooBig++;
                    return SendResult.TooBig;
                }
                byte[] tx = _device.TransmitBuffer;
                int at = PayloadOffset + headerLength;
                if (data != tx || offset != at)
                {
                    System.Array.Copy(data, offset, tx, at, length);
                }
                return SendFitting(destination, protocol, total, ttl, nowMs);
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
                bool requestDue;
                int i = _arpCache.Unresolved(nextHop, nowMs, out requestDue);
                if (requestDue)
                {
                    SendArpRequest(i);
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
            // The address class tests written out as compares (Ipv4Address.IsMulticast, IsReserved, IsLoopback,
            // IsInSubnet), and the directed-broadcast call only when the host bits are all ones: every datagram sent
            // runs this (issue 13).
            if (destination == Ipv4Address.Broadcast
                || ((destination | _netmask) == 0xFFFFFFFF && _address != 0
                    && Ipv4Address.IsDirectedBroadcast(destination, _address, _netmask)))
            {
                return RouteBroadcast;
            }
            if (destination >= 0xE0000000)
            {
                return destination < 0xF0000000 ? RouteMulticast : RouteNone; // 224/4 groups; 240/4 reserved
            }
            uint address = _address;
            if (address == 0 || destination == 0 || destination == address || (destination >> 24) == 127)
            {
                return RouteNone;
            }
            if (((destination ^ address) & _netmask) == 0)
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
            // An entry near expiry is still used, and marked for a poll sent from PollArp (the transmit buffer is busy now).
            int i = _arpCache.Lookup(nextHop, nowMs);
            if (i < 0)
            {
                return false;
            }
            System.Array.Copy(_arpCache.Mac, i * 6, tx, o, 6);
            return true;
        }

        /// <summary>
        /// Parks the frame at TransmitBuffer (destination MAC still unknown) behind an ARP request for
        /// <paramref name="nextHop"/>. The newest frame for an address replaces an older one (RFC 1122 §2.3.2.2).
        /// </summary>
        private SendResult Park(uint nextHop, int frameLength, long nowMs)
        {
            bool requestDue;
            int i = _arpCache.Unresolved(nextHop, nowMs, out requestDue);
            // A frame larger than a slot is not parked (and does not displace a smaller one parked for the same
            // address): the request goes out, the caller hears Unresolved and retransmits once resolved.
            int slot = _arpCache.Fits(frameLength) ? _arpCache.ClaimPending(i) : -1;
            bool parked = slot >= 0;
            if (parked)
            {
                System.Array.Copy(_device.TransmitBuffer, _device.TransmitOffset, _arpCache.PendingFrame[slot], 0, frameLength);
                _arpCache.PendingLength[slot] = frameLength;
            }
            else
            {
                TxArpQueueFull++;
            }
            // After the copy: the request is built in the same transmit buffer.
            if (requestDue)
            {
                SendArpRequest(i);
            }
            return parked ? SendResult.Queued : SendResult.Unresolved;
        }

        private bool Transmit(int length)
        {
            if (_device.Transmit(length))
            {
                FramesTransmitted++;
                return true;
            }
            TxDeviceFailed++;
            return false;
        }
    }
}
