using NanoStack.Iface;
using NanoStack.Util;
using NanoStack.Wire;

namespace NanoStack.Sockets
{
    /// <summary>
    /// UDP (RFC 768, RFC 1122 §4.1) as a protocol on the IPv4 layer, on the same seam as TCP (smoltcp's and lwIP's
    /// shape): it owns the fixed socket table, takes datagrams through <see cref="IIpv4Protocol.Receive"/> and sends
    /// through <see cref="IIpv4Output"/>. <see cref="NetworkStack"/> builds and registers it; applications reach it
    /// through <c>NetworkStack.OpenUdp</c> / <c>OpenDirectUdp</c>.
    /// </summary>
    /// <remarks>
    /// It is an <see cref="IIpv4GroupProtocol"/>: it also takes datagrams sent to a broadcast or a joined group
    /// (DHCP, mDNS) and, while the interface has no address, the DHCP server's unicast offer (RFC 2131 §4.1).
    /// A datagram for a port nobody listens on is answered with ICMP port unreachable through
    /// <see cref="IIpv4Output.SendUnreachable"/> (RFC 1122 §4.1.3.1; the §3.2.2 rules apply inside).
    /// </remarks>
    public sealed class UdpLayer : IIpv4GroupProtocol
    {
        // RFC 6335 §6: the dynamic/private port range.
        public const int EphemeralFirst = 49152;
        public const int EphemeralLast = 65535;
        private const ushort DhcpClientPort = 68;

        /// <summary>Largest UDP payload SendTo accepts: 65535 - 20 (IPv4) - 8 (UDP) (RFC 768, RFC 791).</summary>
        public const int MaxUdpPayload = 65535 - Ipv4Packet.MinHeaderLength - UdpPacket.HeaderLength;

        private readonly IIpv4Output _output;
        private readonly UdpSocket[] _sockets;
        // The view reused for every datagram: parsing allocates nothing.
        private readonly UdpPacket _udp = new UdpPacket();
        private ushort _nextEphemeral;

        /// <summary>The socket table of <paramref name="config"/> (UdpSockets with a queue, UdpDirectSockets without), sending through <paramref name="output"/>.</summary>
        public UdpLayer(IIpv4Output output, StackConfig config)
        {
            _output = output;
            _sockets = new UdpSocket[config.UdpSockets + config.UdpDirectSockets];
            for (int i = 0; i < _sockets.Length; i++)
            {
                _sockets[i] = i < config.UdpSockets
                    ? new UdpSocket(this, config.UdpReceiveQueueBytes, config.UdpReceiveQueueDatagrams)
                    : new UdpSocket(this, 0, 0);
            }
            // The first ephemeral port is the second draw of the seed's sequence (the interface takes the first for its
            // IP identification), as it was when the interface owned the table: a seed replays the same ports.
            XorShift32 random = new XorShift32(config.RandomSeed);
            random.Next();
            _nextEphemeral = (ushort)(EphemeralFirst + random.NextInt(EphemeralLast - EphemeralFirst + 1));
        }

        /// <summary>Bytes of the socket table and queues this layer allocates for <paramref name="c"/> (array payloads).</summary>
        public static int StaticBytesFor(StackConfig c)
        {
            return c.UdpSockets * (4 + UdpSocket.StaticBytesFor(c.UdpReceiveQueueBytes, c.UdpReceiveQueueDatagrams))
                + c.UdpDirectSockets * 4;
        }

        public byte ProtocolNumber { get { return Ipv4Packet.ProtocolUdp; } }

        /// <summary>A free UDP socket with a receive queue (unbound), or null when there is none.</summary>
        public UdpSocket Open()
        {
            return Open(true);
        }

        /// <summary>
        /// A free socket for direct delivery (<see cref="UdpSocket.SetReceiver"/>): one of the queue-less sockets
        /// (StackConfig.UdpDirectSockets) if any is free, else one with a queue; null when the table is full.
        /// </summary>
        public UdpSocket OpenDirect()
        {
            UdpSocket socket = Open(false);
            return socket != null ? socket : Open(true);
        }

        private UdpSocket Open(bool queued)
        {
            for (int i = 0; i < _sockets.Length; i++)
            {
                if (!_sockets[i].IsOpen && _sockets[i].HasQueue == queued)
                {
                    _sockets[i].Open();
                    return _sockets[i];
                }
            }
            return null;
        }

        internal bool IsPortBound(ushort port)
        {
            for (int i = 0; i < _sockets.Length; i++)
            {
                if (_sockets[i].IsOpen && _sockets[i].LocalPort == port)
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

        /// <summary>
        /// Sends one datagram from <paramref name="sourcePort"/>: a payload that fits one frame gets its header and
        /// checksum in the transmit buffer (a payload built in place there, as the mDNS responder does, is not copied);
        /// a larger one is fragmented by the IPv4 layer straight from <paramref name="buffer"/>.
        /// </summary>
        internal SendResult Send(ushort sourcePort, uint address, ushort port, byte[] buffer, int offset, int length, byte ttl, long nowMs)
        {
            byte[] tx = _output.PayloadBuffer;
            int p = _output.PayloadOffset;
            if (length <= _output.PayloadCapacity - UdpPacket.HeaderLength)
            {
                if (buffer != tx || offset != p + UdpPacket.HeaderLength)
                {
                    System.Array.Copy(buffer, offset, tx, p + UdpPacket.HeaderLength, length);
                }
                UdpPacket.Emit(tx, p, sourcePort, port, length, _output.LocalAddress, address);
                return _output.SendDatagram(address, Ipv4Packet.ProtocolUdp, UdpPacket.HeaderLength, tx,
                    p + UdpPacket.HeaderLength, length, ttl, nowMs);
            }
            if (length <= MaxUdpPayload)
            {
                // RFC 768: the checksum covers pseudo-header, header and all data, so it is computed over the caller's
                // buffer before the first fragment (which carries the header) leaves; the header's own words are added here.
                int udpLength = UdpPacket.HeaderLength + length;
                uint sum = Checksum.PseudoHeaderSum(_output.LocalAddress, address, Ipv4Packet.ProtocolUdp, udpLength)
                    + sourcePort + port + (uint)udpLength;
                ushort check = Checksum.Finish(Checksum.Sum(sum, buffer, offset, length));
                NetworkEndian.WriteUInt16(tx, p, sourcePort);
                NetworkEndian.WriteUInt16(tx, p + 2, port);
                NetworkEndian.WriteUInt16(tx, p + 4, (ushort)udpLength);
                NetworkEndian.WriteUInt16(tx, p + 6, check == 0 ? (ushort)0xFFFF : check);
            }
            // Too big for IPv4 otherwise: refused (TooBig) and counted there.
            return _output.SendDatagram(address, Ipv4Packet.ProtocolUdp, UdpPacket.HeaderLength, buffer, offset, length, ttl, nowMs);
        }

        /// <summary>
        /// One datagram for us (IIpv4Protocol): checked, then handed to the socket bound to its port; refused through
        /// <see cref="IIpv4Output.Drop"/> otherwise, with port unreachable when no socket is bound (RFC 1122 §4.1.3.1).
        /// </summary>
        public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            WireError error = _udp.Parse(buffer, offset, length);
            if (error != WireError.None)
            {
                output.Drop(error == WireError.BadLength ? DropReason.UdpBadLength : DropReason.UdpTruncated);
                return;
            }
            if (!_udp.VerifyChecksum(source, destination))
            {
                output.Drop(DropReason.UdpBadChecksum);
                return;
            }
            ushort port = _udp.DestinationPort;
            if (output.LocalAddress == 0 && destination != Ipv4Address.Broadcast && !Ipv4Address.IsMulticast(destination)
                && port != DhcpClientPort)
            {
                // Unicast to an address not (yet) ours reaches us only while unconfigured, and is for DHCP alone.
                output.Drop(DropReason.Ipv4NotForUs);
                return;
            }
            for (int i = 0; i < _sockets.Length; i++)
            {
                UdpSocket socket = _sockets[i];
                if (socket.IsOpen && socket.LocalPort == port)
                {
                    if (!socket.Deliver(source, _udp.SourcePort, destination, buffer, _udp.PayloadOffset, _udp.PayloadLength, nowMs))
                    {
                        output.Drop(DropReason.UdpQueueFull);
                    }
                    return;
                }
            }
            // RFC 1122 §4.1.3.1: SHOULD send port unreachable (the rules of §3.2.2 apply).
            output.SendUnreachable(Icmpv4Packet.CodePortUnreachable, nowMs);
            output.Drop(DropReason.UdpNoSocket);
        }

        /// <summary>UDP has no timers: the sockets send when the application calls them.</summary>
        public long Poll(IIpv4Output output, long nowMs)
        {
            return long.MaxValue;
        }
    }
}
