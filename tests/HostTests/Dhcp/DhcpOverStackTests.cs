using System;
using System.Linq;
using NanoStack.Phy;
using NanoStack.Sockets.Dhcp;
using NanoStack.Wire;
using Xunit;

namespace NanoStack.HostTests.Dhcp
{
    /// <summary>
    /// The whole DHCP lifecycle in virtual time, through a real <see cref="NetworkStack"/> (interface, ARP, UDP,
    /// port-68 reception while unconfigured) on a <see cref="MemoryLink"/> whose other end is a scripted server.
    /// </summary>
    public class DhcpOverStackTests
    {
        private static readonly byte[] BoardMac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

        private sealed class Rig
        {
            public readonly MemoryLink Board = new(16);
            public readonly MemoryLink Wire = new(16, 1);
            public readonly NetworkStack Stack;
            public readonly DhcpClient Client;
            public readonly ScriptedDhcpServer Server;
            public long Now;
            public long AllocatedInPoll;

            public Rig(uint fallback = 0, uint seed = 1)
            {
                MemoryLink.Connect(Board, Wire);
                StackConfig config = new() { MacAddress = BoardMac, RandomSeed = seed };
                Stack = new NetworkStack(Board, config);
                DhcpConfig dhcp = new() { FallbackAddress = fallback, FallbackGateway = fallback == 0 ? 0 : 0xC0000201 };
                Client = new DhcpClient(new DhcpStackHost(Stack), BoardMac, dhcp, seed);
                Stack.AddTask(Client);
                Server = new ScriptedDhcpServer(Wire);
            }

            /// <summary>Polls the stack at its deadlines (at least every 100 ms) and lets the server answer.</summary>
            public void RunUntil(long untilMs)
            {
                while (Now <= untilMs)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    long next = Stack.Poll(Now);
                    AllocatedInPoll += GC.GetAllocatedBytesForCurrentThread() - before;
                    Server.Pump(Now);
                    Now = Math.Max(Now + 1, Math.Min(next, Now + 100));
                }
            }
        }

        [Fact]
        public void AcquiresTheOfferedAddressAfterProbingIt()
        {
            Rig r = new();
            r.RunUntil(8000);
            Assert.Equal(DhcpState.Bound, r.Client.State);
            Assert.Equal(ScriptedDhcpServer.Offered, r.Stack.Interface.Address);
            Assert.Equal(0xFFFFFF00u, r.Stack.Interface.Netmask);
            Assert.Equal(ScriptedDhcpServer.ServerIp, r.Stack.Interface.Gateway);
            Assert.Equal(new[] { DhcpMessageType.Discover, DhcpMessageType.Request }, r.Server.Messages.Select(m => m.Type));
            Assert.All(r.Server.Messages, m => Assert.Equal(0xFFFFFFFFu, m.IpDestination));
            Assert.Equal(3, r.Server.Probes.Count);
        }

        [Fact]
        public void RenewsAtT1WithAUnicastRequestAndKeepsTheAddress()
        {
            Rig r = new();
            r.RunUntil(8000);
            long t1 = r.Client.RenewAtMs;
            r.RunUntil(t1 + 500);
            ScriptedDhcpServer.Seen renew = r.Server.Messages.Last();
            Assert.Equal(DhcpMessageType.Request, renew.Type);
            Assert.Equal(ScriptedDhcpServer.ServerIp, renew.IpDestination);   // RFC 2131 §4.4.5
            Assert.False(renew.EthernetBroadcast);                             // resolved the server by ARP
            Assert.Equal(ScriptedDhcpServer.Offered, renew.ClientAddress);
            Assert.Equal(DhcpState.Bound, r.Client.State);
            Assert.True(r.Client.RenewAtMs > t1 + 50000);
            Assert.Equal(ScriptedDhcpServer.Offered, r.Stack.Interface.Address);
        }

        [Fact]
        public void RebindsAtT2WithABroadcastWhenTheServerIgnoresTheRenewal()
        {
            Rig r = new();
            r.RunUntil(8000);
            long t2 = r.Client.RebindAtMs;
            r.Server.Answering = false;
            r.RunUntil(t2 - 10);
            Assert.Equal(DhcpState.Renewing, r.Client.State);
            r.Server.Answering = true;
            r.RunUntil(t2 + 500);
            ScriptedDhcpServer.Seen rebind = r.Server.Messages.Last();
            Assert.Equal(DhcpMessageType.Request, rebind.Type);
            Assert.Equal(0xFFFFFFFFu, rebind.IpDestination);
            Assert.Equal(ScriptedDhcpServer.Offered, rebind.ClientAddress);
            Assert.Equal(DhcpState.Bound, r.Client.State);
        }

        [Fact]
        public void LosesTheAddressAtExpiryAndDiscoversAgain()
        {
            Rig r = new();
            r.RunUntil(8000);
            long expiry = r.Client.LeaseExpiresMs;
            r.Server.Answering = false;
            r.RunUntil(expiry - 10);
            Assert.Equal(ScriptedDhcpServer.Offered, r.Stack.Interface.Address);
            r.RunUntil(expiry + 10);
            Assert.Equal(0u, r.Stack.Interface.Address);
            Assert.Equal(DhcpState.Selecting, r.Client.State);
            Assert.Equal(DhcpMessageType.Discover, r.Server.Messages.Last().Type);
            r.Server.Answering = true;
            r.RunUntil(expiry + 20000);
            Assert.Equal(DhcpState.Bound, r.Client.State);
            Assert.Equal(ScriptedDhcpServer.Offered, r.Stack.Interface.Address);
        }

        [Fact]
        public void NakToTheRenewalUnconfiguresAndStartsOver()
        {
            Rig r = new();
            r.RunUntil(8000);
            long t1 = r.Client.RenewAtMs;
            r.Server.NakNextRequest = true;
            r.RunUntil(t1 + 400);         // renewal (after ARP for the server) NAKed; the new lease is not bound yet
            Assert.Equal(1, r.Client.NaksReceived);
            Assert.Equal(0u, r.Stack.Interface.Address);
            int renewal = r.Server.Messages.FindIndex(m => m.Type == DhcpMessageType.Request && m.ClientAddress != 0);
            Assert.True(renewal > 0);
            Assert.Equal(DhcpMessageType.Discover, r.Server.Messages[renewal + 1].Type);
            r.RunUntil(t1 + 8000);
            Assert.Equal(DhcpState.Bound, r.Client.State);
        }

        [Fact]
        public void AddressTakenByAnotherHostIsDeclinedAndNeverUsed()
        {
            Rig r = new();
            r.Server.AddressTaken = true;
            r.RunUntil(8000);
            Assert.Contains(r.Server.Messages, m => m.Type == DhcpMessageType.Decline && m.RequestedAddress == ScriptedDhcpServer.Offered);
            Assert.Equal(0u, r.Stack.Interface.Address);
            Assert.Equal(1, r.Client.Conflicts);
            // RFC 2131 §3.1.5: nothing for 10 s after the DECLINE, then DISCOVER again.
            long declinedAt = r.Server.Messages.Last(m => m.Type == DhcpMessageType.Decline).AtMs;
            r.RunUntil(declinedAt + 9990);
            Assert.Equal(DhcpMessageType.Decline, r.Server.Messages.Last().Type);
            r.RunUntil(declinedAt + 20000);
            // Like dnsmasq, the server marks a declined address unusable and offers the next one.
            Assert.Equal(DhcpState.Bound, r.Client.State);
            Assert.Equal(ScriptedDhcpServer.Offered + 1, r.Stack.Interface.Address);
        }

        [Fact]
        public void NoServerMeansTheFallbackAddressAfterAboutAMinute()
        {
            Rig r = new(fallback: 0xC0000232);
            r.Server.Answering = false;
            r.RunUntil(57000);
            Assert.Equal(0u, r.Stack.Interface.Address);
            r.RunUntil(70000);
            Assert.Equal(DhcpState.Fallback, r.Client.State);
            Assert.Equal(0xC0000232u, r.Stack.Interface.Address);
            Assert.Equal(4, r.Server.Messages.Count(m => m.Type == DhcpMessageType.Discover));
        }

        [Fact]
        public void LeaseLifecycleAllocatesNothingAfterStartUp()
        {
            Rig r = new();
            r.RunUntil(100);       // first DISCOVER: JIT and first-use costs happen here
            r.AllocatedInPoll = 0;
            r.RunUntil(8000);      // OFFER, REQUEST, ACK, probes, bound
            long t2 = r.Client.RebindAtMs;
            r.RunUntil(r.Client.RenewAtMs + 1000);   // renewal
            r.Server.Answering = false;
            r.RunUntil(r.Client.LeaseExpiresMs + 100); // renew retries, rebind, expiry, rediscover
            Assert.True(t2 > 0);
            Assert.Equal(0, r.AllocatedInPoll);
        }
    }
}

namespace NanoStack.HostTests.Dhcp
{
    public class LanServicesTests
    {
        [Fact]
        public void StartLeasesAnAddressThenAnnouncesTheNameOnIt()
        {
            var board = new MemoryLink(16);
            var wire = new MemoryLink(16);
            MemoryLink.Connect(board, wire);
            byte[] mac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
            var stack = new NetworkStack(board, new StackConfig { MacAddress = mac, RandomSeed = 3 });
            LanServices lan = LanServices.Start(stack, mac, "board7", 0, 0, 0, 80, 3, null);
            var server = new ScriptedDhcpServer(wire);
            for (long now = 0; now < 12000; now += 10)
            {
                stack.Poll(now);
                server.Pump(now);
            }
            Assert.Equal(DhcpState.Bound, lan.Dhcp.State);
            Assert.Equal(ScriptedDhcpServer.ServerIp, lan.Dns.Server(0));
            Assert.Equal(NanoStack.Sockets.Mdns.MdnsState.Running, lan.Mdns.State);
            Assert.Equal("board7", lan.Mdns.HostLabel);
            Assert.True(lan.Mdns.AnnouncementsSent >= 2);
            Assert.InRange(lan.StaticBytes, 1500, 12000); // DHCP tx, DNS cache and names, mDNS names: no receive copies, no mDNS tx (issue 17)
        }
    }
}
