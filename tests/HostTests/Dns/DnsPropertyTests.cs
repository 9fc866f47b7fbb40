using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using NanoStack.Sockets.Dhcp;
using NanoStack.Sockets;
using NanoStack.Sockets.Dns;
using NanoStack.Sockets.Mdns;
using NanoStack.Wire;
using Xunit;

namespace NanoStack.HostTests.Dns;

/// <summary>
/// Property tests for the DNS name parser and the DNS/DHCP views and state machines: arbitrary and mutated
/// bytes never throw and never loop (every test runs under a wall-clock bound), valid names round-trip.
/// </summary>
public class DnsPropertyTests
{
    private static readonly Config Cfg = Config.QuickThrowOnFailure.WithMaxTest(3000);

    // Captured in a test namespace (tests/IntegrationTests/Dhcp/capture-vectors.sh): dnsmasq's answer for
    // www.board.test (CNAME + A with compression pointers + OPT), dig's mDNS queries, dnsmasq's ACK.
    internal static readonly byte[] CnameAnswer = Convert.FromHexString(
        "98BA858000010002000000010377777705626F61726404746573740000010001C00C0005000100000000000C05626F617264047465737400C02C00010001000000000004C000023500002904D0000000000000");
    internal static readonly byte[] MdnsQuery = Convert.FromHexString(
        "341E01200001000000000001096E616E6F737461636B056C6F63616C000001000100002904D000000000000C000A000859C85FF9AA8AD083");
    internal static readonly byte[] MdnsPtrQuery = Convert.FromHexString(
        "8DE601200001000000000001055F68747470045F746370056C6F63616C00000C000100002904D000000000000C000A000853E8287C38BC2978");
    internal static readonly byte[] DhcpAck = Convert.FromHexString(
        "020106004E414E4F0000000000000000C0000291C000020100000000020000000001" + new string('0', 404) +
        "638253633501053604C00002013304000000783A040000003C3B04000000690104FFFFFF001C04C00002FF0604C00002010304C0000201FF0000000000000000");

    /// <summary>Bytes biased towards what breaks name parsers: pointers, label lengths, zeros.</summary>
    private static Gen<byte> NastyByte =>
        Gen.Frequency(
            (3, ArbMap.Default.GeneratorFor<byte>()),
            (2, Gen.Choose(0xC0, 0xC0 + 3).Select(i => (byte)i)),
            (2, Gen.Choose(0, 20).Select(i => (byte)i)),
            (1, Gen.Constant((byte)63)),
            (1, Gen.Constant((byte)0x40)));

    private static Arbitrary<byte[]> Messages =>
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(NastyByte, n)).ToArbitrary();

    /// <summary>A captured message with 1..8 bytes overwritten and maybe truncated.</summary>
    private static Arbitrary<byte[]> Mutants(byte[] original) =>
        Gen.ListOf(Gen.Choose(0, original.Length - 1).SelectMany(i => NastyByte.Select(v => (i, v))))
            .SelectMany(edits => Gen.Choose(0, original.Length).Select(len =>
            {
                byte[] b = (byte[])original.Clone();
                foreach (var (i, v) in edits.Take(8)) b[i] = v;
                return b.Take(Math.Max(len, original.Length - 8)).ToArray();
            }))
            .ToArbitrary();

    private static void Bounded(Action body)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        body();
        Assert.True(watch.ElapsedMilliseconds < 60000, "property took too long: a loop?");
    }

    [Fact]
    public void NameFunctionsNeverThrowOrLoopOnArbitraryBytes()
    {
        Bounded(() => Check.One(Cfg, Prop.ForAll(Messages, b =>
        {
            byte[] dest = new byte[300];
            byte[] name = new byte[] { 3, (byte)'w', (byte)'w', (byte)'w', 0 };
            for (int pos = -1; pos <= b.Length; pos++)
            {
                int after = DnsName.Skip(b, 0, b.Length, pos);
                Assert.True(after == -1 || (after > pos && after <= b.Length));
                int n = DnsName.Read(b, 0, b.Length, pos, dest, 0, dest.Length);
                Assert.True(n == -1 || (n >= 1 && n <= DnsName.MaxLength));
                Assert.Equal(after == -1, n == -1);
                DnsName.Matches(b, 0, b.Length, pos, name, 0);
            }
        })));
    }

    [Fact]
    public void ParsedMessagesCanBeWalkedWithoutFailure()
    {
        void Walk(byte[] b)
        {
            var d = new DnsPacket();
            if (d.Parse(b, 0, b.Length) != WireError.None) return;
            int p = d.QuestionsOffset;
            for (int i = 0; i < d.QuestionCount; i++) p = d.ReadQuestion(p);
            Assert.Equal(d.AnswersOffset, p);
            int records = d.AnswerCount + d.AuthorityCount + d.AdditionalCount;
            for (int i = 0; i < records; i++)
            {
                p = d.ReadRecord(p);
                Assert.InRange(d.DataOffset + d.DataLength, 0, b.Length);
                if (d.DataLength == 4) _ = d.DataAsAddress;
            }
            Assert.InRange(p, 0, b.Length);
        }
        Bounded(() =>
        {
            Check.One(Cfg, Prop.ForAll(Messages, Walk));
            Check.One(Cfg, Prop.ForAll(Mutants(CnameAnswer), Walk));
            Check.One(Cfg, Prop.ForAll(Mutants(MdnsQuery), Walk));
        });
    }

    [Fact]
    public void EncodedNamesReadBackAndMatchInAnyCase()
    {
        Gen<string> label = Gen.Choose(1, 20).SelectMany(n =>
            Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray()), n)).Select(c => new string(c));
        Gen<string> names = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(label, n)).Select(l => string.Join(".", l));
        Check.One(Cfg, Prop.ForAll(names.ToArbitrary(), s =>
        {
            byte[] wire = new byte[300];
            int n = DnsName.Encode(s, wire, 0);
            Assert.Equal(s.Length + 2, n);
            // Put it in a message behind a header and read it back, then compare upper-cased.
            byte[] msg = new byte[12 + n];
            Array.Copy(wire, 0, msg, 12, n);
            byte[] back = new byte[300];
            Assert.Equal(n, DnsName.Read(msg, 0, msg.Length, 12, back, 0, back.Length));
            Assert.Equal(wire.Take(n), back.Take(n));
            byte[] upper = new byte[300];
            DnsName.Encode(s.ToUpperInvariant(), upper, 0);
            Assert.True(DnsName.Matches(msg, 0, msg.Length, 12, upper, 0));
        }));
    }

    [Fact]
    public void DhcpParseNeverThrowsOnMutatedAcks()
    {
        Bounded(() => Check.One(Cfg, Prop.ForAll(Mutants(DhcpAck), b =>
        {
            var p = new DhcpPacket();
            for (int off = 0; off < 3; off++)
            {
                if (p.Parse(b, off, b.Length - off) == WireError.None)
                {
                    _ = p.LeaseTimeSeconds + p.ServerId + p.YourAddress + p.SubnetMask + p.Router + p.TransactionId;
                    for (int i = 0; i < p.DnsServerCount; i++) _ = p.DnsServer(i);
                    if (p.HostNameOffset >= 0) Assert.InRange(p.HostNameOffset + p.HostNameLength, 0, b.Length);
                }
            }
        })));
    }

    [Fact]
    public void ClientAndResponderSwallowArbitraryDatagrams()
    {
        var socket = new QueueSocket();
        var dns = new DnsClient(socket, new DnsConfig(), 3);
        dns.SetServers(0xC0000201, 0);
        var mdnsSocket = new QueueSocket();
        var mdns = new MdnsResponder(mdnsSocket, new Address(0xC0000291), new MdnsConfig(), 3);
        long now = 0;
        Bounded(() => Check.One(Cfg, Prop.ForAll(Gen.OneOf(Messages.Generator, Mutants(CnameAnswer).Generator,
            Mutants(MdnsPtrQuery).Generator).ToArbitrary(), b =>
        {
            now += 10;
            if (dns.GetStatus(0) != DnsQueryStatus.Pending) { dns.Release(0); dns.Query("www.board.test", now); }
            socket.From = 0xC0000201;
            socket.Port = 53;
            socket.Deliver(b, now);
            dns.Step(now);
            mdnsSocket.From = 0xC0000201;
            mdnsSocket.Port = (ushort)(now % 2 == 0 ? 5353 : 40000);
            mdnsSocket.Deliver(b, now);
            mdns.Step(now);
        })));
    }

    /// <summary>Hands each datagram to the attached service at once (From:Port to 224.0.0.251), as the stack does.</summary>
    internal sealed class QueueSocket : IDatagramSocket
    {
        private IUdpReceiver? _receiver;
        public uint From;
        public ushort Port;
        public int Sent;
        public NanoStack.Iface.SendResult SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs) { Sent++; return NanoStack.Iface.SendResult.Ok; }
        public void Attach(IUdpReceiver receiver) => _receiver = receiver;
        public void Deliver(byte[] datagram, long nowMs) => _receiver!.OnDatagram(From, Port, 0xE00000FB, datagram, 0, datagram.Length, nowMs);
    }

    internal sealed class Address(uint address) : NanoStack.Iface.IIpv4Output
    {
        public uint LocalAddress { get; set; } = address;
        public byte[] PayloadBuffer { get; } = new byte[14 + 20 + 1480];
        public int PayloadOffset => 14 + 20;
        public int PayloadCapacity => 1480;
        public NanoStack.Iface.SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs) => NanoStack.Iface.SendResult.NoRoute;
        public NanoStack.Iface.SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs) => NanoStack.Iface.SendResult.NoRoute;
        public void Drop(NanoStack.Iface.DropReason reason) { }
        public void SendUnreachable(byte code, long nowMs) { }
    }
}
