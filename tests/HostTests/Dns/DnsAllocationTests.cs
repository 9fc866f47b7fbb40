using System;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Sockets.Dns;
using NanoStack.Sockets.Mdns;
using Xunit;

namespace NanoStack.HostTests.Dns;

/// <summary>After construction the DNS client and the mDNS responder allocate nothing on their paths.</summary>
public class DnsAllocationTests
{
    [Fact]
    public void QueryAnswerAndCacheHitAllocateNothing()
    {
        var socket = new DnsPropertyTests.QueueSocket { From = 0xC0000201, Port = 53 };
        var dns = new DnsClient(socket, new DnsConfig(), 5);
        dns.SetServers(0xC0000201, 0);
        byte[] answer = (byte[])DnsPropertyTests.CnameAnswer.Clone();
        answer[41] = 90; // low byte of the CNAME TTL (record at 32)
        answer[65] = 60; // low byte of the A record's TTL (record at 56: C02C 0001 0001 TTL): cacheable for 60 s
        byte[] sent = new byte[512];
        var capture = new CapturingSocket(socket, sent);
        dns = new DnsClient(capture, new DnsConfig(), 5);
        dns.SetServers(0xC0000201, 0);
        int wrong = 0;
        void Round(long now)
        {
            int h = dns.Query("www.board.test", now);
            dns.Step(now);
            if (dns.GetStatus(h) == DnsQueryStatus.Pending)
            {
                answer[0] = sent[0];
                answer[1] = sent[1];
                socket.Deliver(answer, now + 1);
                dns.Step(now + 1);
            }
            // No xUnit asserts inside the measured region: they box and allocate.
            if (dns.GetStatus(h) != DnsQueryStatus.Resolved || dns.GetAddress(h) != 0xC0000235u) wrong++;
            dns.Release(h);
        }
        void Scenario(long t0)
        {
            Round(t0);             // cache empty or expired: full query/answer
            Round(t0 + 10);        // cache hit
            int h = dns.Query("nothing.test", t0 + 100);
            for (long t = t0 + 100; t < t0 + 20000; t += 500) dns.Step(t); // retries, then failure
            if (dns.GetStatus(h) != DnsQueryStatus.Failed) wrong++;
            dns.Release(h);
        }
        // Warm-up (JIT and first-use costs), then the measured run, on one dedicated thread.
        Assert.Equal(0, AllocationMeter.Measure(() => Scenario(0), () => Scenario(100000)));
        Assert.Equal(0, wrong);
        Assert.True(dns.CacheHits >= 1);
    }

    [Fact]
    public void MdnsProbingAnnouncingAndAnsweringAllocateNothing()
    {
        var socket = new DnsPropertyTests.QueueSocket { From = 0xC0000202, Port = 40000 };
        var address = new DnsPropertyTests.Address(0);
        var mdns = new MdnsResponder(socket, address, new MdnsConfig(), 5);
        int wrong = 0;
        void Scenario(long t0, uint ip)
        {
            address.LocalAddress = ip;   // new address: probe, announce
            for (long t = t0; t < t0 + 5000; t += 10) mdns.Step(t);
            if (mdns.State != MdnsState.Running) wrong++;
            socket.Port = 40000;
            socket.Deliver(DnsPropertyTests.MdnsQuery, t0 + 5000);      // legacy unicast A
            mdns.Step(t0 + 5000);
            socket.Port = 5353;
            socket.Deliver(DnsPropertyTests.MdnsPtrQuery, t0 + 5010);   // multicast PTR + additionals
            mdns.Step(t0 + 5010);
        }
        Assert.Equal(0, AllocationMeter.Measure(() => Scenario(0, 0xC0000291), () => Scenario(10000, 0xC0000292)));
        Assert.Equal(0, wrong);
        Assert.Equal(4, mdns.QueriesAnswered);
    }

    private sealed class CapturingSocket(DnsPropertyTests.QueueSocket inner, byte[] sent) : IDatagramSocket
    {
        public SendResult SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs)
        {
            Array.Copy(buffer, offset, sent, 0, length);
            return inner.SendTo(address, port, buffer, offset, length, nowMs);
        }
        public void Attach(IUdpReceiver receiver) => inner.Attach(receiver);
    }
}
