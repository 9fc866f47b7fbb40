using NanoStack.Phy;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// A board (192.0.2.2, 02:00:00:00:00:02, gateway 192.0.2.254) on a MemoryLink whose far end ("peer") the
    /// test drives as Linux (192.0.2.1, 02:00:00:00:00:01). The board's link uses buffer offset 1 like the
    /// ENC28J60 driver, to catch offset mistakes.
    /// </summary>
    public static class TestNet
    {
        public const uint Gateway = 0xC00002FE;

        public static StackConfig BoardConfig()
        {
            StackConfig c = new StackConfig();
            c.MacAddress = new byte[] { 0x02, 0, 0, 0, 0, 0x02 };
            c.Address = CapturedFrames.BoardAddress;
            c.Netmask = 0xFFFFFF00;
            c.Gateway = Gateway;
            c.RandomSeed = 12345;
            return c;
        }

        public static NetworkStack Create(StackConfig config, out MemoryLink peer)
        {
            MemoryLink link = new MemoryLink(8, 1);
            peer = new MemoryLink(8);
            MemoryLink.Connect(link, peer);
            return new NetworkStack(link, config);
        }

        /// <summary>A board that has already polled once and whose start-up gratuitous ARP was discarded.</summary>
        public static NetworkStack CreateStarted(StackConfig config, out MemoryLink peer)
        {
            NetworkStack stack = Create(config, out peer);
            stack.Poll(0);
            peer.Clear();
            return stack;
        }

        /// <summary>Teaches the board Linux's MAC the way Linux would: by asking for the board's address.</summary>
        public static void LearnLinux(NetworkStack stack, MemoryLink peer, long nowMs)
        {
            Inject(peer, CapturedFrames.ArpRequest);
            stack.Poll(nowMs);
            peer.Clear();
        }

        public static void Inject(MemoryLink peer, byte[] frame)
        {
            peer.Send(frame, 0, frame.Length);
        }

        /// <summary>Next frame the board sent, or null.</summary>
        public static byte[] Take(MemoryLink peer)
        {
            int n = peer.Receive();
            if (n == 0)
            {
                return null;
            }
            byte[] frame = new byte[n];
            System.Array.Copy(peer.ReceiveBuffer, peer.ReceiveOffset, frame, 0, n);
            return frame;
        }

        /// <summary>An Ethernet + IPv4 frame from Linux to <paramref name="destination"/> carrying <paramref name="payload"/>.</summary>
        public static byte[] Ipv4Frame(uint source, uint destination, byte protocol, byte[] payload, byte[] destinationMac)
        {
            byte[] frame = new byte[14 + 20 + payload.Length];
            EthernetFrame.Emit(frame, 0, destinationMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeIpv4);
            Ipv4Packet.Emit(frame, 14, source, destination, protocol, payload.Length, 0x1234, 64, false, false, 0);
            System.Array.Copy(payload, 0, frame, 34, payload.Length);
            return frame;
        }

        public static byte[] UdpFrame(uint source, uint destination, ushort sourcePort, ushort destinationPort, byte[] data,
            byte[] destinationMac)
        {
            byte[] udp = new byte[8 + data.Length];
            System.Array.Copy(data, 0, udp, 8, data.Length);
            UdpPacket.Emit(udp, 0, sourcePort, destinationPort, data.Length, source, destination);
            return Ipv4Frame(source, destination, Ipv4Packet.ProtocolUdp, udp, destinationMac);
        }

        public static byte[] EchoFrame(uint source, uint destination, ushort id, ushort seq, int dataLength, byte[] destinationMac)
        {
            byte[] icmp = new byte[8 + dataLength];
            for (int i = 0; i < dataLength; i++)
            {
                icmp[8 + i] = (byte)(i * 7);
            }
            Icmpv4Packet.Emit(icmp, 0, icmp.Length, Icmpv4Packet.TypeEchoRequest, 0, ((uint)id << 16) | seq);
            return Ipv4Frame(source, destination, Ipv4Packet.ProtocolIcmp, icmp, destinationMac);
        }

        /// <summary>Copies <paramref name="frame"/>[offset..offset+length) (for comparing ranges with CollectionAssert).</summary>
        public static byte[] Slice(byte[] frame, int offset, int length)
        {
            byte[] r = new byte[length];
            System.Array.Copy(frame, offset, r, 0, length);
            return r;
        }

        public static void AssertCountersConsistent(NanoStack.Iface.Interface iface)
        {
            nanoFramework.TestFramework.Assert.AreEqual(iface.FramesReceived, iface.FramesAccepted + iface.DroppedTotal);
        }
    }
}
