using nanoFramework.TestFramework;
using NanoStack.Sockets.Dhcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Dhcp
{
    [TestClass]
    public class DhcpClientTests
    {
        private const uint Server = DhcpServerScript.Server;
        private const uint Offered = DhcpServerScript.Offered;

        private static DhcpClient NewClient(ScriptedDhcpHost host, DhcpConfig config)
        {
            return new DhcpClient(host, DhcpServerScript.Mac, config, 12345);
        }

        [TestMethod]
        public void FirstStepBroadcastsADiscoverWithHostNameClientIdAndParameterList()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            c.Step(0);
            DhcpPacket d = host.Last();
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)d.MessageType);
            Assert.AreEqual(0xFFFFFFFFu, host.LastDestination);
            Assert.AreEqual(0u, d.ClientAddress);
            Assert.AreEqual(9, d.HostNameLength);
            Assert.AreEqual((byte)'n', host.LastSent[d.HostNameOffset]);
            Assert.AreEqual(7, d.ClientIdLength);
            Assert.AreEqual((byte)1, host.LastSent[d.ClientIdOffset]);
            Assert.IsTrue(d.IsForHardwareAddress(DhcpServerScript.Mac));
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
        }

        [TestMethod]
        public void CapturedDnsmasqOfferAndAckBindTheAddressAfterThreeProbes()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            c.Step(0);
            uint xid = host.Last().TransactionId;
            host.Deliver(DhcpServerScript.WithXid(CapturedDhcp.Offer, xid), CapturedDhcp.Offer.Length, 50);
            c.Step(50);
            DhcpPacket r = host.Last();
            Assert.AreEqual((int)DhcpMessageType.Request, (int)r.MessageType);
            Assert.AreEqual(xid, r.TransactionId);                  // RFC 2131 §4.4.1: same xid as the DISCOVER
            Assert.AreEqual(Offered, r.RequestedAddress);
            Assert.AreEqual(Server, r.ServerId);
            Assert.AreEqual(0u, r.ClientAddress);
            Assert.AreEqual(0xFFFFFFFFu, host.LastDestination);
            host.Deliver(DhcpServerScript.WithXid(CapturedDhcp.Ack, xid), CapturedDhcp.Ack.Length, 60);
            c.Step(60);
            Assert.AreEqual((int)DhcpState.Probing, (int)c.State);
            Assert.AreEqual(0, host.Configures, "not used before the probe");
            DhcpServerScript.RunUntil(c, 60, 6000);
            Assert.AreEqual(3, host.Probes);
            Assert.AreEqual(Offered, host.ProbedAddress);
            Assert.AreEqual((int)DhcpState.Bound, (int)c.State);
            Assert.AreEqual(Offered, host.Address);
            Assert.AreEqual(0xFFFFFF00u, host.Netmask);
            Assert.AreEqual(Server, host.Gateway);
            Assert.AreEqual(1, c.DnsServerCount);
            Assert.AreEqual(Server, c.DnsServer(0));
            // dnsmasq's T1 = 60 s, T2 = 105 s, lease 120 s, counted from the REQUEST at 50 ms.
            Assert.AreEqual(60050L, c.RenewAtMs);
            Assert.AreEqual(105050L, c.RebindAtMs);
            Assert.AreEqual(120050L, c.LeaseExpiresMs);
        }

        [TestMethod]
        public void OfferForAnotherTransactionIsDropped()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            c.Step(0);
            uint xid = host.Last().TransactionId;
            DhcpServerScript.Answer(c, host, DhcpMessageType.Offer, xid + 1, Offered, 120, 10);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
            Assert.AreEqual(1, c.Drops(DhcpDrop.WrongTransaction));
        }

        [TestMethod]
        public void AckWhileSelectingIsIgnored()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            c.Step(0);
            DhcpServerScript.Answer(c, host, DhcpMessageType.Ack, host.Last().TransactionId, Offered, 120, 10);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
            Assert.AreEqual(1, c.Drops(DhcpDrop.Unexpected));
        }

        [TestMethod]
        public void DiscoverIsRetransmittedWithDoublingRandomisedBackoffUpTo64Seconds()
        {
            // RFC 2131 §4.1: 4, 8, 16, 32, 64, 64 s, each ±1 s.
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpConfig config = new DhcpConfig();
            config.DiscoverAttempts = 10;
            DhcpClient c = NewClient(host, config);
            long now = 0;
            long previous = 0;
            long[] expected = new long[] { 4000, 8000, 16000, 32000, 64000, 64000 };
            c.Step(0);
            bool sawNonZeroJitter = false;
            for (int i = 0; i < expected.Length; i++)
            {
                int sent = host.Sent;
                now = c.Step(now);
                c.Step(now);
                Assert.AreEqual(sent + 1, host.Sent);
                long interval = host.LastSentAt - previous;
                Assert.IsTrue(interval >= expected[i] - 1000 && interval <= expected[i] + 1000, "interval " + interval.ToString());
                if (interval != expected[i]) sawNonZeroJitter = true;
                previous = host.LastSentAt;
                Assert.AreEqual((int)DhcpMessageType.Discover, (int)host.Last().MessageType);
            }
            Assert.IsTrue(sawNonZeroJitter);
        }

        [TestMethod]
        public void RenewAtT1IsUnicastToTheServerWithClientAddressAndNoServerId()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            DhcpServerScript.Acquire(c, host, 120);
            long t1 = c.RenewAtMs;
            DhcpServerScript.RunUntil(c, 6000, t1 - 1);
            Assert.AreEqual((int)DhcpState.Bound, (int)c.State);
            c.Step(t1);
            Assert.AreEqual((int)DhcpState.Renewing, (int)c.State);
            DhcpPacket r = host.Last();
            Assert.AreEqual((int)DhcpMessageType.Request, (int)r.MessageType);
            Assert.AreEqual(Server, host.LastDestination);         // RFC 2131 §4.4.5: unicast
            Assert.AreEqual(Offered, r.ClientAddress);
            Assert.IsFalse(r.HasRequestedAddress);                 // §4.3.2 table 4: MUST NOT in RENEWING
            Assert.IsFalse(r.HasServerId);
            DhcpServerScript.Answer(c, host, DhcpMessageType.Ack, r.TransactionId, Offered, 120, t1 + 20);
            Assert.AreEqual((int)DhcpState.Bound, (int)c.State);
            Assert.AreEqual(t1 + 60000, c.RenewAtMs);              // new lease counted from the renewal REQUEST
            Assert.AreEqual(1, host.Configures, "renewing the same address does not reconfigure");
        }

        [TestMethod]
        public void SilentServerAtT1LeadsToBroadcastRebindAtT2()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            DhcpServerScript.Acquire(c, host, 120);
            long t2 = c.RebindAtMs;
            DhcpServerScript.RunUntil(c, 6000, t2 - 1);
            Assert.AreEqual((int)DhcpState.Renewing, (int)c.State);
            c.Step(t2);
            Assert.AreEqual((int)DhcpState.Rebinding, (int)c.State);
            Assert.AreEqual(0xFFFFFFFFu, host.LastDestination);
            Assert.AreEqual(Offered, host.Last().ClientAddress);
            Assert.AreEqual(Offered, host.Address, "still usable until expiry");
            DhcpServerScript.Answer(c, host, DhcpMessageType.Ack, host.Last().TransactionId, Offered, 120, t2 + 5);
            Assert.AreEqual((int)DhcpState.Bound, (int)c.State);
        }

        [TestMethod]
        public void ExpiryRemovesTheAddressAndRestartsDiscovery()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            DhcpServerScript.Acquire(c, host, 120);
            long expiry = c.LeaseExpiresMs;
            DhcpServerScript.RunUntil(c, 6000, expiry - 1);
            Assert.AreEqual((int)DhcpState.Rebinding, (int)c.State);
            Assert.AreEqual(Offered, host.Address);
            c.Step(expiry);
            Assert.AreEqual(0u, host.Address);
            Assert.AreEqual(1, host.Unconfigures);
            Assert.AreEqual(1, c.Expirations);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)host.Last().MessageType);
        }

        [TestMethod]
        public void NakWhileRequestingRestartsDiscovery()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            c.Step(0);
            uint xid = host.Last().TransactionId;
            DhcpServerScript.Answer(c, host, DhcpMessageType.Offer, xid, Offered, 120, 10);
            host.Deliver(DhcpServerScript.WithXid(CapturedDhcp.Nak, xid), CapturedDhcp.Nak.Length, 20);
            c.Step(20);
            Assert.AreEqual(1, c.NaksReceived);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)host.Last().MessageType);
            Assert.AreNotEqual(xid, host.Last().TransactionId);
            Assert.AreEqual(0, host.Configures);
        }

        [TestMethod]
        public void NakWhileRenewingDropsTheAddressAtOnce()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            DhcpServerScript.Acquire(c, host, 120);
            long t1 = c.RenewAtMs;
            c.Step(t1);
            DhcpServerScript.Answer(c, host, DhcpMessageType.Nak, host.Last().TransactionId, 0, 0, t1 + 10);
            Assert.AreEqual(0u, host.Address);
            Assert.AreEqual(1, host.Unconfigures);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
        }

        [TestMethod]
        public void ConflictSeenWhileProbingSendsDeclineAndWaitsTenSecondsBeforeDiscovering()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            c.Step(0);
            uint xid = host.Last().TransactionId;
            DhcpServerScript.Answer(c, host, DhcpMessageType.Offer, xid, Offered, 120, 10);
            DhcpServerScript.Answer(c, host, DhcpMessageType.Ack, xid, Offered, 120, 20);
            long t = c.Step(20);
            c.Step(t);                 // first probe
            Assert.AreEqual(1, host.Probes);
            host.Conflict = true;      // someone answers for 192.0.2.145 (RFC 5227 §2.1.1)
            long declinedAt = c.Step(t + 1000) - 10000;
            DhcpPacket d = host.Last();
            Assert.AreEqual((int)DhcpMessageType.Decline, (int)d.MessageType);
            Assert.AreEqual(Offered, d.RequestedAddress);
            Assert.AreEqual(Server, d.ServerId);
            Assert.AreEqual(0xFFFFFFFFu, host.LastDestination);
            Assert.AreEqual(0, host.Configures);
            Assert.AreEqual(1, c.DeclinesSent);
            Assert.AreEqual((int)DhcpState.Init, (int)c.State);
            int sent = host.Sent;
            c.Step(declinedAt + 9999);
            Assert.AreEqual(sent, host.Sent, "RFC 2131 §3.1.5: wait at least 10 s");
            c.Step(declinedAt + 10000);
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)host.Last().MessageType);
        }

        [TestMethod]
        public void ConflictOnTheBoundAddressGivesItUpDeclinesAndStartsOver()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            long now = DhcpServerScript.Acquire(c, host, 3600);
            Assert.AreEqual(Offered, host.Address);
            host.Conflict = true;  // RFC 5227 §2.4: an ARP packet from another host claims 192.0.2.145
            c.Step(now + 1000);
            Assert.AreEqual(0u, host.Address);
            Assert.AreEqual((int)DhcpMessageType.Decline, (int)host.Last().MessageType);
            Assert.AreEqual(Offered, host.Last().RequestedAddress);
            Assert.AreEqual((int)DhcpState.Init, (int)c.State);
            Assert.AreEqual(1, c.Conflicts);
        }

        [TestMethod]
        public void SilentServerLeadsToTheFallbackAddressAndALaterOfferReplacesIt()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpConfig config = new DhcpConfig();
            config.FallbackAddress = 0xC0000232;   // 192.0.2.50
            config.FallbackGateway = 0xC0000201;
            config.FallbackRetryMs = 300000;
            DhcpClient c = NewClient(host, config);
            long now = DhcpServerScript.RunUntil(c, 0, 58000);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State, "4+8+16+32 s ±1 s of DISCOVERs first");
            Assert.AreEqual(4, c.DiscoversSent);
            now = DhcpServerScript.RunUntil(c, now, 70000);
            Assert.AreEqual((int)DhcpState.Fallback, (int)c.State);
            Assert.AreEqual(0xC0000232u, host.Address);
            Assert.AreEqual(0xFFFFFF00u, host.Netmask);
            // Five minutes later it looks for a server again and takes its lease.
            now = DhcpServerScript.RunUntil(c, now, 62000 + 300000 + 2000);
            Assert.AreEqual(5, c.DiscoversSent);
            uint xid = host.Last().TransactionId;
            DhcpServerScript.Answer(c, host, DhcpMessageType.Offer, xid, Offered, 120, now);
            host.Deliver(DhcpServerScript.Reply(DhcpMessageType.Ack, xid, Offered, 120), 300, now);
            DhcpServerScript.RunUntil(c, now, now + 6000);
            Assert.AreEqual((int)DhcpState.Bound, (int)c.State);
            Assert.AreEqual(Offered, host.Address);
        }

        [TestMethod]
        public void WithoutFallbackDiscoveryGoesOnForever()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            DhcpServerScript.RunUntil(c, 0, 600000);
            Assert.AreEqual((int)DhcpState.Selecting, (int)c.State);
            Assert.IsTrue(c.DiscoversSent >= 10);
            Assert.AreEqual(0, host.Configures);
        }

        [TestMethod]
        public void LinkUpAfterDownRestartsDiscoveryAskingForTheOldAddress()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            long now = DhcpServerScript.Acquire(c, host, 120);
            host.LinkUp = false;
            c.Step(now + 1000);
            Assert.AreEqual((int)DhcpState.LinkDown, (int)c.State);
            int sent = host.Sent;
            c.Step(now + 5000);
            Assert.AreEqual(sent, host.Sent, "silent while the link is down");
            host.LinkUp = true;
            c.Step(now + 6000);
            DhcpPacket d = host.Last();
            Assert.AreEqual((int)DhcpMessageType.Discover, (int)d.MessageType);
            Assert.AreEqual(Offered, d.RequestedAddress);       // RFC 2131 §4.4.1: may suggest the last address
            Assert.AreEqual(1, host.Unconfigures);
        }

        [TestMethod]
        public void LeaseRunsOutWhileTheLinkIsDown()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            long now = DhcpServerScript.Acquire(c, host, 120);
            host.LinkUp = false;
            long next = c.Step(now);
            Assert.AreEqual(c.LeaseExpiresMs, next);
            c.Step(next);
            Assert.AreEqual(0u, host.Address);
            Assert.AreEqual(1, c.Expirations);
        }

        [TestMethod]
        public void ObserverHearsEveryStateChange()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            RecordingObserver o = new RecordingObserver();
            c.Observer = o;
            DhcpServerScript.Acquire(c, host, 120);
            // LinkDown → Init → Selecting → Requesting → Probing → Bound
            Assert.AreEqual(5, o.Count);
            Assert.AreEqual(5, c.StateChanges);
            Assert.AreEqual((int)DhcpState.Probing, (int)o.LastPrevious);
            Assert.AreEqual((int)DhcpState.Bound, (int)o.LastState);
        }

        [TestMethod]
        public void BoundLeaseGivesItsDnsServerToTheResolver()
        {
            ScriptedDhcpHost host = new ScriptedDhcpHost();
            DhcpClient c = NewClient(host, new DhcpConfig());
            NanoStack.Sockets.Dns.DnsClient dns = new NanoStack.Sockets.Dns.DnsClient(new NanoStack.Tests.Dns.ScriptedSocket(), new NanoStack.Sockets.Dns.DnsConfig(), 1);
            c.Resolver = dns;
            DhcpServerScript.Acquire(c, host, 120);
            Assert.AreEqual(Server, dns.Server(0));
        }

        private sealed class RecordingObserver : IDhcpObserver
        {
            public int Count;
            public DhcpState LastPrevious, LastState;

            public void OnDhcpStateChanged(DhcpClient client, DhcpState previous, long nowMs)
            {
                Count++;
                LastPrevious = previous;
                LastState = client.State;
            }
        }
    }
}
