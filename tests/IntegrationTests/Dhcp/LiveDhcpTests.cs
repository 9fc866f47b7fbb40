using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NanoStack.Sockets.Dhcp;
using NanoStack.Sockets.Dns;
using NanoStack.Sockets.Mdns;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Dhcp;

/// <summary>
/// Real peers: dnsmasq (DHCP with 2-minute leases + DNS) on a TAP in a namespace this test creates, our stack on
/// the other side with the DHCP client, the DNS client and the mDNS responder. The board acquires a lease, dnsmasq's
/// lease file names it, it resolves a name dnsmasq serves, dig finds it by mDNS, and it renews at T1 (the lease
/// file's expiry moves on).
/// </summary>
public class LiveDhcpTests
{
    private static readonly byte[] Mac = [0x02, 0x00, 0x5e, 0x00, 0x07, 0x01];

    [Fact]
    public void DnsmasqLeasesRenewsResolvesAndDigFindsTheBoardByMdns()
    {
        string work = Path.Combine(Path.GetTempPath(), "dhcp-live-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        string leases = Path.Combine(work, "leases");
        File.WriteAllText(leases, "");
        using var ns = NetNamespace.Create("dhcp");
        var tap = ns.CreateTap("tap0", "192.0.2.1/24");
        ns.ExecChecked("ip", "route", "add", "224.0.0.0/4", "dev", "tap0");
        using Process dnsmasq = ns.Start("dnsmasq", "--keep-in-foreground", "--interface=tap0", "--bind-interfaces",
            "--except-interface=lo", "--dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m",
            "--dhcp-option=option:router,192.0.2.1", "--dhcp-option=option:dns-server,192.0.2.1",
            "--host-record=board.test,192.0.2.53,300", "--no-resolv", "--no-hosts", "--dhcp-authoritative",
            "--dhcp-leasefile=" + leases, "--pid-file=", "--log-facility=" + Path.Combine(work, "log"));
        string pcap = Path.Combine(work, "dhcp-live.pcap");
        var writer = new PcapWriter(pcap);
        var device = new TapLinkDevice(new PcapWire(tap, writer), 1, 1);
        var stack = new NetworkStack(device, new StackConfig { MacAddress = Mac, RandomSeed = 7 });
        var dhcp = new DhcpClient(new DhcpStackHost(stack), Mac, new DhcpConfig(), 7);
        var dns = new DnsClient(new UdpDatagramSocket(stack.OpenUdp()), new DnsConfig(), 7);
        dhcp.Resolver = dns;
        stack.AddTask(dhcp);
        stack.AddTask(dns);
        MdnsResponder mdns = MdnsSetup.Attach(stack, new MdnsConfig(), 7);

        object gate = new();
        bool stop = false;
        Exception? failure = null;
        var clock = Stopwatch.StartNew();
        var poller = new Thread(() =>
        {
            try
            {
                while (!Volatile.Read(ref stop) && clock.ElapsedMilliseconds < 150_000)
                {
                    long now = clock.ElapsedMilliseconds;
                    long next;
                    lock (gate) next = stack.Poll(now);
                    device.WaitReadable((int)Math.Clamp(next - now, 0, 20));
                }
            }
            catch (Exception e) { failure = e; }
        })
        { IsBackground = true, Name = "dhcp-live-poll" };
        poller.Start();
        try
        {
            Assert.True(WaitFor(() => dhcp.State == DhcpState.Bound, 30_000), "no lease: " + dhcp.State);
            uint address = stack.Interface.Address;
            Assert.InRange(address, 0xC0000264u, 0xC0000296u); // 192.0.2.100..150
            string dotted = Dotted(address);
            long boundAt = clock.ElapsedMilliseconds;

            // dnsmasq's lease list shows the board by MAC, address, host name (option 12) and client id (option 61).
            string[] lease = File.ReadAllText(leases).Trim().Split(' ');
            Assert.Equal("02:00:5e:00:07:01", lease[1]);
            Assert.Equal(dotted, lease[2]);
            Assert.Equal("nanostack", lease[3]);
            Assert.Equal("01:02:00:5e:00:07:01", lease[4]);
            long firstExpiry = long.Parse(lease[0]);

            // DNS through the server the lease named.
            Assert.Equal(0xC0000201u, dns.Server(0));
            int h;
            lock (gate) h = dns.Query("board.test", clock.ElapsedMilliseconds);
            Assert.True(WaitFor(() => dns.GetStatus(h) != DnsQueryStatus.Pending, 10_000));
            Assert.Equal(DnsQueryStatus.Resolved, dns.GetStatus(h));
            Assert.Equal(0xC0000235u, dns.GetAddress(h));

            // mDNS: a querier on the namespace's own socket API (port 5353, QM question to 224.0.0.251, RFC 6762 §5)
            // resolves the name and browses the service.
            Assert.True(WaitFor(() => mdns.State == MdnsState.Running, 10_000));
            var a = ns.Exec(15_000, "python3", "-c", MdnsQuerier, "nanostack.local", "1");
            Assert.True(a.Stdout.Trim() == dotted, "mDNS A: " + a.Stdout + a.Stderr + Summary(pcap, "udp.port == 5353"));
            var ptr = ns.Exec(15_000, "python3", "-c", MdnsQuerier, "_http._tcp.local", "12");
            Assert.Contains("nanostack._http._tcp.local", ptr.Stdout);

            // dig's one-shot query (source port not 5353) gets the RFC 6762 §6.7 legacy unicast answer: id and
            // question echoed, sent to dig's port. dig itself cannot take it (its socket is connected to
            // 224.0.0.251, and no answer can come from a multicast source); the capture below checks the answer.
            ns.Exec(10_000, "dig", "+tries=1", "+time=1", "-p", "5353", "@224.0.0.251", "nanostack.local");

            // T1 = 60 s after the REQUEST: a unicast renewal, dnsmasq extends the lease.
            long t1 = dhcp.RenewAtMs;
            Assert.InRange(t1 - boundAt, 50_000, 61_000);
            Assert.True(WaitFor(() => clock.ElapsedMilliseconds > t1 + 3000 && dhcp.State == DhcpState.Bound, 80_000),
                "no renewal: " + dhcp.State);
            Assert.True(dhcp.RenewAtMs > t1 + 50_000);
            Assert.Equal(address, stack.Interface.Address);
            Assert.True(WaitFor(() => long.Parse(File.ReadAllText(leases).Trim().Split(' ')[0]) > firstExpiry, 5_000),
                "lease file not renewed");
        }
        finally
        {
            Volatile.Write(ref stop, true);
            poller.Join(5_000);
            try { dnsmasq.Kill(entireProcessTree: true); dnsmasq.WaitForExit(5_000); } catch { }
            tap.Dispose();
            writer.Dispose();
        }
        Assert.Null(failure);
        Assert.Equal(0, dhcp.Drops(DhcpDrop.Malformed));
        // Wireshark's dissectors agree with every frame (checksums included) and saw the whole exchange.
        Assert.Equal("", NanoStack.IntegrationTests.Board.Tshark.Problems(pcap));
        Assert.True(NanoStack.IntegrationTests.Board.Tshark.Count(pcap, "dhcp.option.dhcp == 3 && ip.dst == 192.0.2.1") >= 1, "unicast renewal");
        Assert.True(NanoStack.IntegrationTests.Board.Tshark.Count(pcap, "arp.src.proto_ipv4 == 0.0.0.0") >= 3, "RFC 5227 probes");
        Assert.True(NanoStack.IntegrationTests.Board.Tshark.Count(pcap,
            "mdns && dns.flags.response == 1 && ip.dst == 192.0.2.1 && udp.dstport != 5353 && dns.count.queries == 1 && dns.a") >= 1,
            "legacy unicast answer to dig");
        try { Directory.Delete(work, true); } catch { }
    }

    private static string Summary(string pcap, string filter)
    {
        var r = NetNamespace.Run("tshark", ["-r", pcap, "-Y", filter], 20_000);
        return "\n" + r.Stdout;
    }

    /// <summary>
    /// A minimal mDNS querier (Python standard library): joins 224.0.0.251 on port 5353, asks (name, type) up to 3
    /// times, prints the A address or the PTR targets of the first response that answers.
    /// </summary>
    private const string MdnsQuerier = """
import socket, struct, sys, time
name, qtype = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", 5353))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton("224.0.0.251") + socket.inet_aton("0.0.0.0"))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
q = struct.pack(">6H", 0, 0, 1, 0, 0, 0) + b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack(">HH", qtype, 1)
def rname(m, p):
    out, jumps, end = [], 0, None
    while m[p]:
        if m[p] >= 0xC0:
            if end is None: end = p + 2
            p = ((m[p] & 0x3F) << 8) | m[p + 1]; jumps += 1
            if jumps > 20: raise ValueError("loop")
            continue
        out.append(m[p + 1:p + 1 + m[p]].decode()); p += 1 + m[p]
    return ".".join(out), (end if end is not None else p + 1)
for attempt in range(3):
    s.sendto(q, ("224.0.0.251", 5353))
    deadline = time.time() + 1
    while time.time() < deadline:
        s.settimeout(max(0.01, deadline - time.time()))
        try: m, _ = s.recvfrom(9000)
        except socket.timeout: break
        ident, flags, qd, an, ns, ar = struct.unpack(">6H", m[:12])
        if not flags & 0x8000: continue
        p = 12
        for _ in range(qd): p = rname(m, p)[1] + 4
        found = []
        for _ in range(an + ns + ar):
            owner, p = rname(m, p)
            t, c, ttl, l = struct.unpack(">HHIH", m[p:p + 10]); p += 10
            if owner.lower() == name.lower() and t == qtype == 1: found.append(socket.inet_ntoa(m[p:p + 4]))
            if owner.lower() == name.lower() and t == qtype == 12: found.append(rname(m, p)[0])
            p += l
        if found:
            print("\n".join(found)); sys.exit(0)
sys.exit(1)
""";

    private static bool WaitFor(Func<bool> condition, int timeoutMs)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < timeoutMs)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }

    private static string Dotted(uint a) => $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
}
