using System.Collections.Generic;
using NanoStack.Phy;
using NanoStack.Wire;

namespace NanoStack.HostTests.Dhcp
{
    /// <summary>
    /// The far end of a <see cref="MemoryLink"/>: a DHCP server (192.0.2.1) scripted by the test, answering ARP for
    /// itself, recording every DHCP message and ARP probe the board sends, and optionally claiming the offered
    /// address (an RFC 5227 conflict).
    /// </summary>
    public sealed class ScriptedDhcpServer
    {
        public const uint ServerIp = 0xC0000201;
        public const uint Offered = 0xC0000291;
        public static readonly byte[] ServerMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0xFE };
        private static readonly byte[] Broadcast = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

        public sealed record Seen(DhcpMessageType Type, uint IpDestination, bool EthernetBroadcast, uint ClientAddress,
            uint RequestedAddress, uint ServerId, uint Xid, long AtMs);

        private readonly MemoryLink _link;
        private readonly byte[] _frame = new byte[1514];
        private readonly DhcpPacket _dhcp = new DhcpPacket();
        private readonly byte[] _clientMac = new byte[6];

        public readonly List<Seen> Messages = new();
        public readonly List<long> Probes = new();
        public uint LeaseSeconds = 120;
        /// <summary>When false the server ignores the board (a dead or absent server).</summary>
        public bool Answering = true;
        /// <summary>Answer the next REQUEST with a NAK.</summary>
        public bool NakNextRequest;
        /// <summary>Another host owns the offered address: answer probes for it (RFC 5227 §2.1.1).</summary>
        public bool AddressTaken;

        /// <summary>The address offered now; moves on after a DECLINE (RFC 2131 §4.3.3: the server marks it in use).</summary>
        public uint Offering = Offered;

        public ScriptedDhcpServer(MemoryLink link)
        {
            _link = link;
        }

        public void Pump(long nowMs)
        {
            int n;
            while ((n = _link.Receive()) > 0)
            {
                Handle(_link.ReceiveBuffer, _link.ReceiveOffset, n, nowMs);
            }
        }

        private void Handle(byte[] b, int o, int n, long nowMs)
        {
            ushort etherType = (ushort)((b[o + 12] << 8) | b[o + 13]);
            if (etherType == EthernetFrame.EtherTypeArp)
            {
                HandleArp(b, o + 14);
                return;
            }
            if (etherType != EthernetFrame.EtherTypeIpv4 || b[o + 23] != Ipv4Packet.ProtocolUdp) return;
            int ip = o + 14;
            int ihl = (b[ip] & 0xF) * 4;
            int udp = ip + ihl;
            if (NetworkEndian.ReadUInt16(b, udp + 2) != 67) return;
            int len = NetworkEndian.ReadUInt16(b, udp + 4) - 8;
            if (_dhcp.Parse(b, udp + 8, len) != WireError.None) return;
            System.Array.Copy(b, o + 6, _clientMac, 0, 6);
            bool ethBroadcast = b[o] == 0xFF;
            Messages.Add(new Seen(_dhcp.MessageType, NetworkEndian.ReadUInt32(b, ip + 16), ethBroadcast, _dhcp.ClientAddress,
                _dhcp.HasRequestedAddress ? _dhcp.RequestedAddress : 0, _dhcp.HasServerId ? _dhcp.ServerId : 0,
                _dhcp.TransactionId, nowMs));
            if (!Answering) return;
            uint xid = _dhcp.TransactionId;
            switch (_dhcp.MessageType)
            {
                case DhcpMessageType.Discover:
                    Reply(DhcpMessageType.Offer, xid, Offering, 0);
                    break;
                case DhcpMessageType.Decline:
                    Offering++;
                    break;
                case DhcpMessageType.Request:
                    uint ciaddr = _dhcp.ClientAddress;
                    if (NakNextRequest)
                    {
                        NakNextRequest = false;
                        Reply(DhcpMessageType.Nak, xid, 0, 0);
                    }
                    else
                    {
                        // RFC 2131 §4.1: a renewing client (ciaddr set) is answered by unicast to ciaddr.
                        Reply(DhcpMessageType.Ack, xid, Offering, ciaddr);
                    }
                    break;
            }
        }

        private void HandleArp(byte[] b, int a)
        {
            ushort op = NetworkEndian.ReadUInt16(b, a + 6);
            uint spa = NetworkEndian.ReadUInt32(b, a + 14);
            uint tpa = NetworkEndian.ReadUInt32(b, a + 24);
            if (op != ArpPacket.OperationRequest) return;
            byte[] sha = new byte[6];
            System.Array.Copy(b, a + 8, sha, 0, 6);
            if (spa == 0) Probes.Add(0);
            if (tpa == ServerIp) SendArpReply(ServerMac, ServerIp, sha, spa);
            else if (AddressTaken && tpa == Offered)
            {
                byte[] other = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x77 };
                SendArpReply(other, Offered, sha, spa);
            }
        }

        private void SendArpReply(byte[] mac, uint ip, byte[] targetMac, uint targetIp)
        {
            EthernetFrame.Emit(_frame, 0, targetMac, 0, mac, 0, EthernetFrame.EtherTypeArp);
            ArpPacket.Emit(_frame, 14, ArpPacket.OperationReply, mac, 0, ip, targetMac, 0, targetIp);
            _link.Send(_frame, 0, 42);
        }

        private void Reply(DhcpMessageType type, uint xid, uint yiaddr, uint unicastTo)
        {
            int dhcp = 14 + 20 + 8;
            int p = DhcpPacket.EmitRequestHeader(_frame, dhcp, xid, 0, false, 0, _clientMac);
            _frame[dhcp] = DhcpPacket.OpBootReply;
            NetworkEndian.WriteUInt32(_frame, dhcp + 16, yiaddr);
            p = DhcpPacket.EmitByteOption(_frame, p, DhcpPacket.OptionMessageType, (byte)type);
            p = DhcpPacket.EmitUInt32Option(_frame, p, DhcpPacket.OptionServerId, ServerIp);
            if (type != DhcpMessageType.Nak)
            {
                p = DhcpPacket.EmitUInt32Option(_frame, p, DhcpPacket.OptionLeaseTime, LeaseSeconds);
                p = DhcpPacket.EmitUInt32Option(_frame, p, DhcpPacket.OptionSubnetMask, 0xFFFFFF00);
                p = DhcpPacket.EmitUInt32Option(_frame, p, DhcpPacket.OptionRouter, ServerIp);
                p = DhcpPacket.EmitUInt32Option(_frame, p, DhcpPacket.OptionDnsServer, ServerIp);
            }
            int dhcpLength = DhcpPacket.EmitEnd(_frame, dhcp, p);
            uint dst = unicastTo != 0 ? unicastTo : 0xFFFFFFFF;
            UdpPacket.Emit(_frame, 34, 67, 68, dhcpLength, ServerIp, dst);
            Ipv4Packet.Emit(_frame, 14, ServerIp, dst, Ipv4Packet.ProtocolUdp, 8 + dhcpLength, 1, 64, false, false, 0);
            EthernetFrame.Emit(_frame, 0, unicastTo != 0 ? _clientMac : Broadcast, 0, ServerMac, 0, EthernetFrame.EtherTypeIpv4);
            _link.Send(_frame, 0, 34 + 8 + dhcpLength);
        }
    }
}
