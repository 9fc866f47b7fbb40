using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// Frames from other stations on the board's link: host 192.0.2.<c>host</c> has MAC 02:00:00:00:01:<c>host</c>.
    /// Shared by the ARP cache and IPv4 edge tests (issue 18, from the surviving mutants of stack/Iface).
    /// </summary>
    public static class Neighbours
    {
        public static uint Address(int host)
        {
            return 0xC0000200u + (uint)host;
        }

        public static byte[] Mac(int host)
        {
            return new byte[] { 0x02, 0, 0, 0, 1, (byte)host };
        }

        /// <summary>An ARP packet (RFC 826) in a 60-byte frame from <paramref name="senderMac"/>; a null target MAC
        /// means a broadcast request.</summary>
        public static byte[] Arp(ushort operation, byte[] senderMac, uint senderAddress, byte[] targetMac, uint targetAddress)
        {
            byte[] f = new byte[60];
            if (targetMac == null)
            {
                MacAddress.WriteBroadcast(f, 0);
            }
            else
            {
                System.Array.Copy(targetMac, 0, f, 0, 6);
            }
            System.Array.Copy(senderMac, 0, f, 6, 6);
            NetworkEndian.WriteUInt16(f, 12, EthernetFrame.EtherTypeArp);
            ArpPacket.Emit(f, 14, operation, senderMac, 0, senderAddress, targetMac, 0, targetAddress);
            return f;
        }

        /// <summary>Host <paramref name="host"/> asks who has the board's address.</summary>
        public static byte[] RequestFrom(int host)
        {
            return Arp(ArpPacket.OperationRequest, Mac(host), Address(host), null, CapturedFrames.BoardAddress);
        }

        /// <summary>Host <paramref name="host"/> answers the board.</summary>
        public static byte[] ReplyFrom(int host)
        {
            return Arp(ArpPacket.OperationReply, Mac(host), Address(host), CapturedFrames.BoardMac, CapturedFrames.BoardAddress);
        }

        /// <summary>A UDP datagram (checksum filled) in a frame from <paramref name="sourceMac"/> to the board's MAC.</summary>
        public static byte[] Udp(byte[] sourceMac, uint source, uint destination, ushort destinationPort, byte[] data)
        {
            byte[] f = new byte[14 + 20 + 8 + data.Length];
            EthernetFrame.Emit(f, 0, CapturedFrames.BoardMac, 0, sourceMac, 0, EthernetFrame.EtherTypeIpv4);
            Ipv4Packet.Emit(f, 14, source, destination, Ipv4Packet.ProtocolUdp, 8 + data.Length, 0x4321, 64, false, false, 0);
            System.Array.Copy(data, 0, f, 42, data.Length);
            UdpPacket.Emit(f, 34, 5000, destinationPort, data.Length, source, destination);
            return f;
        }

        /// <summary>Feeds one frame straight to the interface (no Poll, so no ARP timer runs in between).</summary>
        public static void Receive(NetworkStack stack, byte[] frame, long nowMs)
        {
            stack.Interface.ReceiveFrame(frame, 0, frame.Length, nowMs);
        }
    }
}
