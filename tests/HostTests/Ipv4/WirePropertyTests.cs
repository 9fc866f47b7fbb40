using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NanoStack.Wire;
using Xunit;

namespace NanoStack.HostTests.Ipv4;

/// <summary>
/// FsCheck properties for every wire view: emit → parse round trips, and parsing arbitrary bytes (at arbitrary
/// offsets and lengths, in range or not) never throws, nor does any accessor after a successful parse.
/// </summary>
public class WirePropertyTests
{
    private static readonly Config Cfg = Config.QuickThrowOnFailure.WithMaxTest(2000);

    private static Arbitrary<(byte[] Bytes, int Offset, int Length)> Slices() =>
        Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
            .SelectMany(b => Gen.Choose(-4, b.Length + 4).SelectMany(o => Gen.Choose(-4, b.Length + 4).Select(l => (b, o, l))))
            .ToArbitrary();

    private static Arbitrary<byte[]> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n)).ToArbitrary();

    private static Gen<uint> AnyUInt => ArbMap.Default.GeneratorFor<uint>();
    private static Gen<ushort> AnyUShort => ArbMap.Default.GeneratorFor<ushort>();

    [Fact]
    public void ParsingArbitraryBytesNeverThrows()
    {
        Check.One(Cfg, Prop.ForAll(Slices(), s =>
        {
            var (b, o, l) = s;
            var eth = new EthernetFrame();
            if (eth.Parse(b, o, l) == WireError.None)
            {
                _ = eth.EtherType + eth.PayloadLength + eth.PayloadOffset + eth.DestinationOffset + eth.SourceOffset;
            }
            var arp = new ArpPacket();
            if (arp.Parse(b, o, l) == WireError.None)
            {
                _ = arp.IsEthernetIpv4;
                _ = arp.Operation + arp.SenderProtocolAddress + arp.TargetProtocolAddress + (uint)arp.SenderHardwareOffset;
            }
            var ip = new Ipv4Packet();
            if (ip.Parse(b, o, l) == WireError.None)
            {
                _ = ip.VerifyChecksum();
                _ = ip.Source + ip.Destination + ip.Ttl + ip.Protocol + ip.Identification + ip.HeaderChecksum;
                _ = ip.FragmentOffset + ip.PayloadOffset + ip.PayloadLength + ip.TotalLength + ip.HeaderLength;
                _ = ip.IsFragment || ip.DontFragment || ip.ReservedFlag;
                Assert.InRange(ip.PayloadOffset + ip.PayloadLength, o, o + l);
            }
            var icmp = new Icmpv4Packet();
            if (icmp.Parse(b, o, l) == WireError.None)
            {
                _ = icmp.VerifyChecksum();
                _ = icmp.Type + icmp.Code + icmp.Identifier + icmp.SequenceNumber + icmp.DataLength + icmp.MessageChecksum;
                _ = icmp.IsErrorOrUnknown;
            }
            var udp = new UdpPacket();
            if (udp.Parse(b, o, l) == WireError.None)
            {
                _ = udp.VerifyChecksum(1, 2);
                _ = udp.SourcePort + udp.DestinationPort + udp.PayloadLength + udp.DatagramChecksum;
                Assert.InRange(udp.PayloadOffset + udp.PayloadLength, o, o + l);
            }
        }));
    }

    [Fact]
    public void EthernetEmitParseRoundTrips()
    {
        var gen = Gen.Zip(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 6), Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 6))
            .SelectMany(m => AnyUShort.Select(t => (m.Item1, m.Item2, t)));
        Check.One(Cfg, Prop.ForAll(gen.ToArbitrary(), x =>
        {
            byte[] f = new byte[3 + 60];
            EthernetFrame.Emit(f, 3, x.Item1, 0, x.Item2, 0, x.t);
            var eth = new EthernetFrame();
            return eth.Parse(f, 3, 60) == WireError.None && eth.EtherType == x.t
                && f.Skip(3).Take(6).SequenceEqual(x.Item1) && f.Skip(9).Take(6).SequenceEqual(x.Item2) && eth.PayloadLength == 46;
        }));
    }

    [Fact]
    public void ArpEmitParseRoundTrips()
    {
        var gen = Gen.Zip(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 12), Gen.Zip(AnyUInt, AnyUInt))
            .SelectMany(x => Gen.Elements((ushort)1, (ushort)2).Select(op => (x.Item1, x.Item2.Item1, x.Item2.Item2, op)));
        Check.One(Cfg, Prop.ForAll(gen.ToArbitrary(), x =>
        {
            byte[] p = new byte[28];
            ArpPacket.Emit(p, 0, x.op, x.Item1, 0, x.Item2, x.Item1, 6, x.Item3);
            var arp = new ArpPacket();
            return arp.Parse(p, 0, 28) == WireError.None && arp.IsEthernetIpv4 && arp.Operation == x.op
                && arp.SenderProtocolAddress == x.Item2 && arp.TargetProtocolAddress == x.Item3
                && p.Skip(8).Take(6).SequenceEqual(x.Item1.Take(6))
                && p.Skip(18).Take(6).SequenceEqual(x.Item1.Skip(6));
        }));
    }

    [Fact]
    public void Ipv4EmitParseRoundTrips()
    {
        var gen = Gen.Zip(Gen.Zip(AnyUInt, AnyUInt), Gen.Zip(Gen.Choose(0, 1480), AnyUShort))
            .SelectMany(a => Gen.Zip(Gen.Choose(1, 255), Gen.Choose(0, 8191)).SelectMany(b =>
                Gen.Zip(ArbMap.Default.GeneratorFor<bool>(), ArbMap.Default.GeneratorFor<bool>()).Select(c => (a, b, c))));
        Check.One(Cfg, Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var ((src, dst), (len, id)) = x.a;
            var (ttl, frag) = x.b;
            var (df, mf) = x.c;
            byte proto = (byte)(id & 0xFF);
            byte[] b = new byte[20 + len];
            Ipv4Packet.Emit(b, 0, src, dst, proto, len, id, (byte)ttl, df, mf, frag * 8);
            var ip = new Ipv4Packet();
            return ip.Parse(b, 0, b.Length) == WireError.None && ip.VerifyChecksum() && ip.Source == src && ip.Destination == dst
                && ip.Protocol == proto && ip.PayloadLength == len && ip.Identification == id && ip.Ttl == ttl
                && ip.DontFragment == df && ip.MoreFragments == mf && ip.FragmentOffset == frag * 8 && ip.HeaderLength == 20;
        }));
    }

    [Fact]
    public void IcmpEmitParseRoundTripsAndVerifies()
    {
        Check.One(Cfg, Prop.ForAll(Bytes(8, 600), Arb.From(AnyUInt), (m, rest) =>
        {
            byte type = m[0], code = m[1];
            Icmpv4Packet.Emit(m, 0, m.Length, type, code, rest);
            var icmp = new Icmpv4Packet();
            return icmp.Parse(m, 0, m.Length) == WireError.None && icmp.VerifyChecksum() && icmp.Type == type && icmp.Code == code
                && icmp.Identifier == (ushort)(rest >> 16) && icmp.SequenceNumber == (ushort)rest;
        }));
    }

    [Fact]
    public void UdpEmitParseRoundTripsAndVerifiesWithThePseudoHeader()
    {
        var gen = Gen.Zip(Gen.Zip(AnyUInt, AnyUInt), Gen.Zip(AnyUShort, AnyUShort));
        Check.One(Cfg, Prop.ForAll(gen.ToArbitrary(), Bytes(0, 600), (h, payload) =>
        {
            var ((src, dst), (sp, dp)) = h;
            byte[] d = new byte[8 + payload.Length];
            payload.CopyTo(d, 8);
            UdpPacket.Emit(d, 0, sp, dp, payload.Length, src, dst);
            var udp = new UdpPacket();
            return udp.Parse(d, 0, d.Length) == WireError.None && udp.VerifyChecksum(src, dst) && udp.DatagramChecksum != 0
                && udp.SourcePort == sp && udp.DestinationPort == dp && udp.PayloadLength == payload.Length;
        }));
    }

    [Fact]
    public void ChecksumOfTheLargestDatagramDoesNotOverflow()
    {
        // 65,535 bytes (RFC 791's largest datagram) of all ones, and random, at an odd offset: the deferred-carry
        // accumulator must hold them (Checksum's remarks give the bound), against a word-at-a-time end-around sum.
        var random = new Random(1071);
        foreach (bool ones in new[] { true, false })
        {
            byte[] b = new byte[65535 + 3];
            if (ones) Array.Fill(b, (byte)0xFF); else random.NextBytes(b);
            int sum = 0;
            for (int i = 0; i < 65535; i += 2)
            {
                sum += (b[3 + i] << 8) | (i + 1 < 65535 ? b[4 + i] : 0);
                if (sum > 0xFFFF) sum -= 0xFFFF;
            }
            Assert.Equal((ushort)~sum, Checksum.Compute(b, 3, 65535));
            Assert.Equal((ushort)~sum, Checksum.Finish(Checksum.Sum(0, b, 3, 65535)));
        }
    }

    [Fact]
    public void ChecksumOfSplitRangesEqualsChecksumOfTheWhole()
    {
        Check.One(Cfg, Prop.ForAll(Bytes(0, 300), Arb.From(Gen.Choose(0, 150)), (b, cut) =>
        {
            int even = Math.Min(cut * 2, b.Length & ~1);
            uint sum = Checksum.Sum(Checksum.Sum(0, b, 0, even), b, even, b.Length - even);
            return Checksum.Finish(sum) == Checksum.Compute(b, 0, b.Length);
        }));
    }

    [Fact]
    public void Ipv4AddressFormatParseRoundTrips()
    {
        Check.One(Cfg, Prop.ForAll(Arb.From(AnyUInt), a =>
            Ipv4Address.TryParse(Ipv4Address.Format(a), out uint back) && back == a
            && Ipv4Address.Format(a) == new System.Net.IPAddress(new[] { (byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a }).ToString()));
    }

    [Fact]
    public void Ipv4AddressParseAgreesWithDotNetOnDottedQuads()
    {
        var gen = Gen.ArrayOf(Gen.Choose(0, 300), 4).Select(p => string.Join(".", p));
        Check.One(Cfg, Prop.ForAll(gen.ToArbitrary(), text =>
        {
            bool ours = Ipv4Address.TryParse(text, out uint a);
            bool valid = text.Split('.').All(p => int.Parse(p) <= 255);
            return ours == valid && (!ours || Ipv4Address.Format(a) == text);
        }));
    }
}
