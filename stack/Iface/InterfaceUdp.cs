using NanoStack.Sockets;
using NanoStack.Wire;

namespace NanoStack.Iface
{
    // UDP (RFC 768, RFC 1122 §4.1): socket table, delivery, sending.
    public sealed partial class Interface
    {
        // RFC 6335 §6: the dynamic/private port range.
        public const int EphemeralFirst = 49152;
        public const int EphemeralLast = 65535;
        private const ushort DhcpClientPort = 68;

        private readonly UdpSocket[] _udpSockets;
        private ushort _nextEphemeral;

        /// <summary>A free UDP socket with a receive queue (unbound), or null when there is none.</summary>
        public UdpSocket OpenUdp()
        {
            return OpenUdp(true);
        }

        /// <summary>
        /// A free socket for direct delivery (<see cref="UdpSocket.SetReceiver"/>): one of the queue-less sockets
        /// (StackConfig.UdpDirectSockets) if any is free, else one with a queue; null when the table is full.
        /// </summary>
        public UdpSocket OpenDirectUdp()
        {
            UdpSocket socket = OpenUdp(false);
            return socket != null ? socket : OpenUdp(true);
        }

        private UdpSocket OpenUdp(bool queued)
        {
            for (int i = 0; i < _udpSockets.Length; i++)
            {
                if (!_udpSockets[i].IsOpen && _udpSockets[i].HasQueue == queued)
                {
                    _udpSockets[i].Open();
                    return _udpSockets[i];
                }
            }
            return null;
        }

        internal bool IsPortBound(ushort port)
        {
            for (int i = 0; i < _udpSockets.Length; i++)
            {
                if (_udpSockets[i].IsOpen && _udpSockets[i].LocalPort == port)
                {
                    return true;
                }
            }
            return false;
        }

        internal ushort AllocateEphemeralPort()
        {
            int range = EphemeralLast - EphemeralFirst + 1;
            for (int n = 0; n < range; n++)
            {
                ushort candidate = _nextEphemeral;
                _nextEphemeral = candidate == EphemeralLast ? (ushort)EphemeralFirst : (ushort)(candidate + 1);
                if (!IsPortBound(candidate))
                {
                    return candidate;
                }
            }
            return 0;
        }

        /// <summary>Largest UDP payload SendTo accepts: 65535 - 20 (IPv4) - 8 (UDP) (RFC 768, RFC 791).</summary>
        public const int MaxUdpPayload = MaxDatagramPayload - UdpPacket.HeaderLength;

        internal bool SendUdp(ushort sourcePort, uint address, ushort port, byte[] buffer, int offset, int length, byte ttl, long nowMs)
        {
            if (length <= PayloadCapacity - UdpPacket.HeaderLength)
            {
                byte[] tx = _device.TransmitBuffer;
                int p = PayloadOffset;
                if (buffer != tx || offset != p + UdpPacket.HeaderLength)
                {
                    // A payload built in place (the mDNS responder writes straight into the transmit buffer) is there already.
                    System.Array.Copy(buffer, offset, tx, p + UdpPacket.HeaderLength, length);
                }
                UdpPacket.Emit(tx, p, sourcePort, port, length, _address, address);
                return SendIp(address, Ipv4Packet.ProtocolUdp, UdpPacket.HeaderLength + length, ttl, nowMs);
            }
            if (length > MaxUdpPayload)
            {
                TxTooBig++;
                return false;
            }
            // RFC 768: the checksum covers pseudo-header, header and all data, so it is computed over the caller's
            // buffer before the first fragment (which carries it) leaves; the header's own words are added here.
            int udpLength = UdpPacket.HeaderLength + length;
            uint sum = Checksum.PseudoHeaderSum(_address, address, Ipv4Packet.ProtocolUdp, udpLength)
                + sourcePort + port + (uint)udpLength;
            ushort check = Checksum.Finish(Checksum.Sum(sum, buffer, offset, length));
            if (check == 0)
            {
                check = 0xFFFF;
            }
            return SendFragmented(address, Ipv4Packet.ProtocolUdp, buffer, offset, length, ttl, nowMs, sourcePort, port, check);
        }

        private DropReason ReceiveUdp(uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            WireError error = _udp.Parse(buffer, offset, length);
            if (error != WireError.None)
            {
                return error == WireError.BadLength ? DropReason.UdpBadLength : DropReason.UdpTruncated;
            }
            if (!_udp.VerifyChecksum(source, destination))
            {
                return DropReason.UdpBadChecksum;
            }
            ushort port = _udp.DestinationPort;
            if (!_rxToGroup && destination != _address && port != DhcpClientPort)
            {
                // Only reachable while unconfigured: unicast to an address not (yet) ours is for DHCP alone.
                return DropReason.Ipv4NotForUs;
            }
            for (int i = 0; i < _udpSockets.Length; i++)
            {
                UdpSocket socket = _udpSockets[i];
                if (socket.IsOpen && socket.LocalPort == port)
                {
                    return socket.Deliver(source, _udp.SourcePort, destination, buffer, _udp.PayloadOffset, _udp.PayloadLength, nowMs)
                        ? DropReason.None : DropReason.UdpQueueFull;
                }
            }
            // RFC 1122 §4.1.3.1: SHOULD send port unreachable (the rules of §3.2.2 apply).
            SendDestinationUnreachable(Icmpv4Packet.CodePortUnreachable, source, nowMs);
            return DropReason.UdpNoSocket;
        }
    }
}
