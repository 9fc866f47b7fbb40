using NanoStack.Sockets.Dhcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Dhcp
{
    /// <summary>Builds the server's side of an exchange and drives a client through virtual time.</summary>
    public static class DhcpServerScript
    {
        public const uint Server = 0xC0000201;   // 192.0.2.1
        public const uint Offered = 0xC0000291;  // 192.0.2.145
        public static readonly byte[] Mac = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

        /// <summary>A reply of <paramref name="type"/> for transaction <paramref name="xid"/>, options like dnsmasq's.</summary>
        public static byte[] Reply(DhcpMessageType type, uint xid, uint yiaddr, uint leaseSeconds)
        {
            byte[] b = new byte[300];
            int p = DhcpPacket.EmitRequestHeader(b, 0, xid, 0, false, 0, Mac);
            b[0] = DhcpPacket.OpBootReply;
            NetworkEndian.WriteUInt32(b, 16, yiaddr);
            p = DhcpPacket.EmitByteOption(b, p, DhcpPacket.OptionMessageType, (byte)type);
            p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionServerId, Server);
            if (type != DhcpMessageType.Nak)
            {
                p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionLeaseTime, leaseSeconds);
                p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionSubnetMask, 0xFFFFFF00);
                p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionRouter, Server);
                p = DhcpPacket.EmitUInt32Option(b, p, DhcpPacket.OptionDnsServer, Server);
            }
            DhcpPacket.EmitEnd(b, 0, p);
            return b;
        }

        /// <summary>A copy of a captured server message with its xid replaced by the client's.</summary>
        public static byte[] WithXid(byte[] captured, uint xid)
        {
            byte[] b = new byte[captured.Length];
            System.Array.Copy(captured, b, b.Length);
            NetworkEndian.WriteUInt32(b, 4, xid);
            return b;
        }

        /// <summary>Steps the client from <paramref name="nowMs"/> through its deadlines up to <paramref name="untilMs"/>.</summary>
        public static long RunUntil(DhcpClient client, long nowMs, long untilMs)
        {
            int guard = 0;
            while (guard++ < 10000)
            {
                long next = client.Step(nowMs);
                if (next > untilMs) break;
                nowMs = next > nowMs ? next : nowMs + 1;
            }
            client.Step(untilMs);
            return untilMs;
        }

        /// <summary>The server's <paramref name="type"/> reply (<see cref="Reply"/>) arrives at <paramref name="nowMs"/> and the client steps then.</summary>
        public static void Answer(DhcpClient client, ScriptedDhcpHost host, DhcpMessageType type, uint xid, uint yiaddr,
            uint leaseSeconds, long nowMs)
        {
            host.Deliver(Reply(type, xid, yiaddr, leaseSeconds), 300, nowMs);
            client.Step(nowMs);
        }

        /// <summary>Runs DISCOVER → OFFER → REQUEST → ACK → probing → BOUND from time 0; returns the time bound.</summary>
        public static long Acquire(DhcpClient client, ScriptedDhcpHost host, uint leaseSeconds)
        {
            client.Step(0);
            uint xid = host.Last().TransactionId;
            Answer(client, host, DhcpMessageType.Offer, xid, Offered, leaseSeconds, 100);
            Answer(client, host, DhcpMessageType.Ack, xid, Offered, leaseSeconds, 200);
            return RunUntil(client, 200, 6000);
        }
    }
}
