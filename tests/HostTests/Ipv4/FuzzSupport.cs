using System;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Wire;

namespace NanoStack.HostTests.Ipv4;

/// <summary>Allocation-free helpers shared by the fuzz and steady-state tests (the measured loops must allocate nothing themselves).</summary>
internal static class FuzzSupport
{
    public static readonly byte[] BoardMac = { 0x02, 0, 0, 0, 0, 0x02 };
    public static readonly byte[] LinuxMac = { 0x02, 0, 0, 0, 0, 0x01 };
    public static readonly byte[] BroadcastMac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    public const uint Board = 0xC0000202;
    public const uint Linux = 0xC0000201;

    public static StackConfig BoardConfig() => new()
    {
        MacAddress = (byte[])BoardMac.Clone(),
        Address = Board,
        Netmask = 0xFFFFFF00,
        Gateway = 0xC00002FE,
        RandomSeed = 7,
    };

    public static (NetworkStack Stack, MemoryLink Link, MemoryLink Peer) Create(StackConfig config, int peerQueue = 16)
    {
        var link = new MemoryLink(8, 1);
        var peer = new MemoryLink(peerQueue);
        MemoryLink.Connect(link, peer);
        return (new NetworkStack(link, config), link, peer);
    }

    public static byte[] Ipv4Frame(byte[] dstMac, uint src, uint dst, byte proto, byte[] payload, ushort id = 0x1234,
        bool more = false, int fragOffset = 0)
    {
        byte[] f = new byte[34 + payload.Length];
        EthernetFrame.Emit(f, 0, dstMac, 0, LinuxMac, 0, EthernetFrame.EtherTypeIpv4);
        Ipv4Packet.Emit(f, 14, src, dst, proto, payload.Length, id, 64, false, more, fragOffset);
        payload.CopyTo(f, 34);
        return f;
    }

    public static byte[] Udp(byte[] dstMac, uint src, uint dst, ushort sp, ushort dp, int length)
    {
        byte[] u = new byte[8 + length];
        for (int i = 0; i < length; i++) u[8 + i] = (byte)(i + 1);
        UdpPacket.Emit(u, 0, sp, dp, length, src, dst);
        return Ipv4Frame(dstMac, src, dst, Ipv4Packet.ProtocolUdp, u);
    }

    public static byte[] Echo(byte[] dstMac, uint dst, int length, ushort seq = 1)
    {
        byte[] m = new byte[8 + length];
        for (int i = 0; i < length; i++) m[8 + i] = (byte)(i * 3);
        Icmpv4Packet.Emit(m, 0, m.Length, Icmpv4Packet.TypeEchoRequest, 0, 0x42000000u | seq);
        return Ipv4Frame(dstMac, Linux, dst, Ipv4Packet.ProtocolIcmp, m);
    }

    public static byte[] ArpReply()
    {
        byte[] f = new byte[60];
        EthernetFrame.Emit(f, 0, BoardMac, 0, LinuxMac, 0, EthernetFrame.EtherTypeArp);
        ArpPacket.Emit(f, 14, ArpPacket.OperationReply, LinuxMac, 0, Linux, BoardMac, 0, Board);
        return f;
    }

    /// <summary>Recomputes the IPv4 header checksum and, if asked, the ICMP/UDP checksum of a (mutated) frame, when
    /// the lengths still allow it, so mutations reach the layers behind the checksums.</summary>
    public static void FixChecksums(byte[] f, int length, bool transportToo)
    {
        if (length < 34 || f[12] != 0x08 || f[13] != 0x00) return;
        int ihl = (f[14] & 0xF) * 4;
        if (ihl < 20 || 14 + ihl > length) return;
        f[24] = 0; f[25] = 0;
        NetworkEndian.WriteUInt16(f, 24, Checksum.Compute(f, 14, ihl));
        if (!transportToo) return;
        int total = NetworkEndian.ReadUInt16(f, 16);
        if (total < ihl || 14 + total > length || (NetworkEndian.ReadUInt16(f, 20) & 0x3FFF) != 0) return;
        int p = 14 + ihl, n = total - ihl;
        if (f[23] == 1 && n >= 8)
        {
            f[p + 2] = 0; f[p + 3] = 0;
            NetworkEndian.WriteUInt16(f, p + 2, Checksum.Compute(f, p, n));
        }
        else if (f[23] == 17 && n >= 8)
        {
            int ul = NetworkEndian.ReadUInt16(f, p + 4);
            if (ul < 8 || ul > n) return;
            f[p + 6] = 0; f[p + 7] = 0;
            uint sum = Checksum.PseudoHeaderSum(NetworkEndian.ReadUInt32(f, 26), NetworkEndian.ReadUInt32(f, 30), 17, ul);
            ushort c = Checksum.Finish(Checksum.Sum(sum, f, p, ul));
            NetworkEndian.WriteUInt16(f, p + 6, c == 0 ? 0xFFFF : c);
        }
    }
}

/// <summary>An allocation-free stand-in for TCP, so the registered-protocol path is fuzzed too.</summary>
internal sealed class NullTransport : IIpv4Protocol
{
    public int Received;
    public byte ProtocolNumber => 6;
    public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
    {
        Received++;
        if (length > 0 && (buffer[offset] & 1) != 0 && length <= output.PayloadCapacity)
        {
            // Answer now and then, the way TCP answers with an ACK/RST from inside Receive.
            Array.Copy(buffer, offset, output.PayloadBuffer, output.PayloadOffset, length);
            output.Send(source, 6, length, nowMs);
        }
    }
    public long Poll(IIpv4Output output, long nowMs) => long.MaxValue;
}
