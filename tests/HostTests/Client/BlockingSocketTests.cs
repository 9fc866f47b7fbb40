using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;
using Xunit;

namespace NanoStack.HostTests.Client;

/// <summary>
/// The blocking API from an application thread against the stack's loop on its own thread (BlockingNet): every
/// success path and every failure with its SocketError, each bounded in time (no wait can hang: the tests assert the
/// elapsed time too).
/// </summary>
public class BlockingSocketTests
{
    private static SocketError Fails(Action a)
    {
        try { a(); }
        catch (SocketException e) { return e.SocketErrorCode; }
        return SocketError.Success;
    }

    private static long Timed(Action a)
    {
        var sw = Stopwatch.StartNew();
        a();
        return sw.ElapsedMilliseconds;
    }

    [Fact]
    public void TcpClientConnectsByNameWritesAndReadsToTheEndOfTheStream()
    {
        using var net = new BlockingNet();
        var c = new TcpClient(net.Loop) { ReceiveTimeout = 2000 };
        c.Connect("peer.test", 80);
        Assert.True(c.Connected);
        NetworkStream s = c.GetStream();
        byte[] req = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        s.Write(req, 0, req.Length);
        var got = new StringBuilder();
        byte[] buf = new byte[7];
        int n;
        while ((n = s.Read(buf, 0, buf.Length)) > 0) got.Append(Encoding.ASCII.GetString(buf, 0, n));
        Assert.Equal(net.HttpResponse, got.ToString());
        Assert.StartsWith("GET / HTTP/1.1", net.LastRequest);
        c.Close();
        Assert.Equal(SocketError.Shutdown, Fails(() => s.Read(buf, 0, 1)));
    }

    [Fact]
    public void ConnectToAClosedPortIsConnectionRefused()
    {
        using var net = new BlockingNet();
        var c = new TcpClient(net.Loop) { ConnectTimeout = 3000 };
        long ms = Timed(() => Assert.Equal(SocketError.ConnectionRefused, Fails(() => c.Connect(BlockingNet.PeerIp, 81))));
        Assert.True(ms < 1000, ms + " ms");
        Assert.Equal(0, net.Locked(() => net.BoardTcp.SlotsInUse));
    }

    [Fact]
    public void ConnectToAnAddressNobodyHasIsHostUnreachableAfterArpGivesUp()
    {
        using var net = new BlockingNet();
        var c = new TcpClient(net.Loop) { ConnectTimeout = 8000 };
        long ms = Timed(() => Assert.Equal(SocketError.HostUnreachable, Fails(() => c.Connect(BlockingNet.NobodyIp, 80))));
        Assert.InRange(ms, TcpClient.ArpGiveUpMs - 100, TcpClient.ArpGiveUpMs + 1500);
        Assert.Equal(0, net.Locked(() => net.BoardTcp.SlotsInUse));
    }

    [Fact]
    public void ConnectToAHostThatDropsTheSynTimesOut()
    {
        using var net = new BlockingNet();
        // The peer answers ARP but never sees our SYNs (a filtering firewall): the board's TCP frames are lost.
        net.Locked(() => net.BoardLink.Fault = new DropTcp());
        var c = new TcpClient(net.Loop) { ConnectTimeout = 800 };
        long ms = Timed(() => Assert.Equal(SocketError.TimedOut, Fails(() => c.Connect(BlockingNet.PeerIp, 80))));
        Assert.InRange(ms, 700, 2000);
        Assert.Equal(0, net.Locked(() => net.BoardTcp.SlotsInUse));
    }

    [Fact]
    public void ReadTimesOutWhenTheServerSaysNothing()
    {
        using var net = new BlockingNet { HttpSilent = true };
        var c = new TcpClient(net.Loop) { ReceiveTimeout = 300 };
        c.Connect(BlockingNet.PeerIp, 80);
        long ms = Timed(() => Assert.Equal(SocketError.TimedOut, Fails(() => c.GetStream().Read(new byte[10], 0, 10))));
        Assert.InRange(ms, 250, 1500);
        c.Abort();
    }

    [Fact]
    public void ResetMidBodyIsConnectionResetAfterTheBytesThatArrived()
    {
        using var net = new BlockingNet { HttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", HttpResetAfter = true };
        var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 2000 };
        HttpClientResponse r = http.Get("http://peer.test/");
        Assert.Equal(200, r.StatusCode);
        byte[] buf = new byte[100];
        int total = 0;
        SocketError e = Fails(() => { int n; while ((n = r.Read(buf, 0, 100)) > 0) total += n; });
        Assert.Equal(SocketError.ConnectionReset, e);
        Assert.Equal(3, total);
        r.Close();
    }

    [Fact]
    public void HttpGetOfAChunkedBodyAndPostWithContentLength()
    {
        using var net = new BlockingNet { HttpResponse = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nnano\r\n5\r\nStack\r\n0\r\n\r\n" };
        var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 2000 };
        HttpClientResponse r = http.Get("http://192.0.2.1/x?y=1");
        byte[] buf = new byte[64];
        int n, total = 0;
        while ((n = r.Read(buf, total, 64 - total)) > 0) total += n;
        Assert.Equal("nanoStack", Encoding.ASCII.GetString(buf, 0, total));
        r.Close();
        Assert.StartsWith("GET /x?y=1 HTTP/1.1\r\nHost: 192.0.2.1\r\n", net.LastRequest);

        net.HttpResponse = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
        byte[] body = Encoding.ASCII.GetBytes("{\"t\":21}");
        try { r = http.Post("http://peer.test:80/telemetry", "application/json", body, 0, body.Length); }
        catch (Exception e) { throw new Exception(net.ServerState + " " + net.LastRequest, e); }
        Assert.Equal(201, r.StatusCode);
        r.Close();
        Assert.Contains("POST /telemetry HTTP/1.1\r\n", net.LastRequest);
        Assert.Contains("Content-Length: 8\r\n", net.LastRequest);
    }

    [Fact]
    public void DnsNamesTheFailure()
    {
        using var net = new BlockingNet();
        Assert.Equal(BlockingNet.PeerIp, NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "peer.test", 2000));
        Assert.Equal(0xC0000205u, NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "192.0.2.5", 2000));
        Assert.Equal(SocketError.HostNotFound, Fails(() => NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "nope.test", 2000)));
        long ms = Timed(() => Assert.Equal(SocketError.TimedOut, Fails(() => NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "silent.test", 400))));
        Assert.InRange(ms, 350, 1500);
        var c = new TcpClient(net.Loop);
        Assert.Equal(SocketError.HostNotFound, Fails(() => c.Connect("nope.test", 80)));
        c.Close();
    }

    [Fact]
    public void NoDnsServerIsTryAgain()
    {
        using var net = new BlockingNet();
        // No server from DHCP: "no DNS answer" at once (DnsClient's own retries ending in Failed map to the same code).
        net.Locked(() => { net.BoardDns.SetServers(0, 0); return 0; });
        Assert.Equal(SocketError.TryAgain, Fails(() => NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "peer.test", 2000)));
    }

    [Fact]
    public void UdpClientSendsAndReceivesWithTheSenderAndTimesOut()
    {
        using var net = new BlockingNet();
        var u = new UdpClient(net.Loop) { ReceiveTimeout = 1000 };
        byte[] ping = Encoding.ASCII.GetBytes("ping");
        Assert.Equal(4, u.Send(ping, 0, 4, BlockingNet.PeerIp, 7));
        byte[] buf = new byte[16];
        int n = u.Receive(buf, 0, 16, out uint from, out int port);
        Assert.Equal("ping", Encoding.ASCII.GetString(buf, 0, n));
        Assert.Equal(BlockingNet.PeerIp, from);
        Assert.Equal(7, port);
        u.ReceiveTimeout = 200;
        long ms = Timed(() => Assert.Equal(SocketError.TimedOut, Fails(() => u.Receive(buf, 0, 16, out _, out _))));
        Assert.InRange(ms, 150, 1200);
        u.Close();
        Assert.Equal(SocketError.Shutdown, Fails(() => u.Send(ping, 0, 4, BlockingNet.PeerIp, 7)));
    }

    [Fact]
    public void PingGetsTheRttAndNamesAnUnreachableHost()
    {
        using var net = new BlockingNet();
        var p = new Ping(net.Loop);
        Assert.Equal(IPStatus.Success, p.Send(BlockingNet.PeerIp, 1000));
        Assert.InRange(p.RoundtripTime, 0, 500);
        long ms = Timed(() => Assert.Equal(IPStatus.DestinationHostUnreachable, p.Send(BlockingNet.NobodyIp, 500)));
        Assert.InRange(ms, 450, 1500);
        p.Close();
    }

    [Fact]
    public void TheWaiterTableBoundsHowManyBlockingObjectsExist()
    {
        using var net = new BlockingNet(waiters: 2);
        var a = new UdpClient(net.Loop);
        var b = new Ping(net.Loop);
        Assert.Equal(SocketError.TooManyOpenSockets, Fails(() => new TcpClient(net.Loop)));
        a.Close();
        new TcpClient(net.Loop).Close();
        b.Close();
    }

    [Fact]
    public void LinkDownIsNetworkDown()
    {
        using var net = new BlockingNet();
        net.Locked(() => { net.BoardLink.SetLinkUp(false); return 0; });
        var c = new TcpClient(net.Loop);
        Assert.Equal(SocketError.NetworkDown, Fails(() => c.Connect(BlockingNet.PeerIp, 80)));
        var u = new UdpClient(net.Loop);
        Assert.Equal(SocketError.NetworkDown, Fails(() => u.Send(new byte[1], 0, 1, BlockingNet.PeerIp, 7)));
    }

    [Fact]
    public void TwoThreadsUseTheStackAtOnce()
    {
        using var net = new BlockingNet();
        // Resolve the peer's MAC first: the stack parks one frame per unresolved neighbour (newest wins), so a
        // datagram racing a SYN to a new neighbour may be displaced, as UDP allows; this test is about the threads.
        Assert.Equal(IPStatus.Success, new Ping(net.Loop).Send(BlockingNet.PeerIp, 1000));
        Exception failure = null;
        var t = new Thread(() =>
        {
            try
            {
                var u = new UdpClient(net.Loop) { ReceiveTimeout = 2000 };
                byte[] b = new byte[8];
                for (int i = 0; i < 50; i++)
                {
                    u.Send(new byte[] { (byte)i }, 0, 1, BlockingNet.PeerIp, 7);
                    int n = u.Receive(b, 0, 8, out _, out _);
                    if (n != 1 || b[0] != i) throw new Exception("udp echo " + i);
                }
                u.Close();
            }
            catch (Exception e) { failure = e; }
        });
        t.Start();
        var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 2000 };
        for (int i = 0; i < 10; i++)
        {
            HttpClientResponse r = http.Get("http://peer.test/");
            byte[] buf = new byte[8];
            Assert.Equal(2, r.Read(buf, 0, 8));
            r.Close();
        }
        Assert.True(t.Join(10000));
        Assert.Null(failure);
    }

    private sealed class DropTcp : NanoStack.Phy.ILinkFault
    {
        public int Apply(byte[] frame, int offset, int length) =>
            length > 23 && frame[offset + 12] == 8 && frame[offset + 13] == 0 && frame[offset + 23] == 6 ? 0 : length;
    }
}
