using System;
using System.Diagnostics;
using System.Threading;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;
using NanoStack.Sockets.Dns;
using Xunit;

namespace NanoStack.HostTests.Client;

/// <summary>
/// Issue 15's error paths not covered by BlockingSocketTests, on the in-memory link (BlockingNet): no DNS answer (a
/// server that stays silent, one that is not there, every attempt spent), a body closed (FIN) midway, a redirect
/// returned as it is (no redirects by default); and the
/// blocking calls made from a second application thread (not the test's) while the loop runs on its own: connect
/// timeout, receive timeout, and Close from one thread while another waits in Read/Receive. Every wait is bounded:
/// a thread that does not come back within its Join limit fails the test instead of hanging it.
/// </summary>
public class SecondThreadTests
{
    private const int JoinLimitMs = 10_000;

    private static SocketError Fails(Action a)
    {
        try { a(); }
        catch (SocketException e) { return e.SocketErrorCode; }
        return SocketError.Success;
    }

    /// <summary>Runs <paramref name="body"/> on a new thread; returns its elapsed ms, rethrowing what it threw.</summary>
    private static long OnSecondThread(Action body)
    {
        Exception failure = null;
        long ms = -1;
        var t = new Thread(() =>
        {
            var sw = Stopwatch.StartNew();
            try { body(); }
            catch (Exception e) { failure = e; }
            ms = sw.ElapsedMilliseconds;
        })
        { IsBackground = true, Name = "app thread" };
        t.Start();
        Assert.True(t.Join(JoinLimitMs), "the app thread's call did not return within " + JoinLimitMs + " ms");
        if (failure != null) throw new Exception("app thread failed", failure);
        return ms;
    }

    [Fact]
    public void ConnectByNameWhoseDnsServerStaysSilentIsNoDnsAnswer()
    {
        using var net = new BlockingNet();
        // The peer's DNS ignores "silent.test": the connect deadline passes while the query is still unanswered.
        var c = new TcpClient(net.Loop) { ConnectTimeout = 600 };
        long ms = OnSecondThread(() => Assert.Equal(SocketError.TryAgain, Fails(() => c.Connect("silent.test", 80))));
        Assert.InRange(ms, 550, 3000);
        c.Close();
        var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 600 };
        var e = Assert.Throws<SocketException>(() => http.Get("http://silent.test/"));
        Assert.Equal(SocketError.TryAgain, e.SocketErrorCode);
        Assert.Equal("no DNS answer", e.Message);
        // The query slot went back: a name that is answered still resolves.
        Assert.Equal(BlockingNet.PeerIp, NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "peer.test", 2000));
    }

    [Fact]
    public void DnsServerThatIsNotThereIsNoDnsAnswerOnceEveryAttemptIsSpent()
    {
        // 3 attempts 100, 200, 400 ms apart: the DnsClient gives up after ~700 ms, well before the 5 s timeout.
        using var net = new BlockingNet(dnsConfig: new DnsConfig { RetryMs = 100, Attempts = 3 });
        net.Locked(() => { net.BoardDns.SetServers(BlockingNet.NobodyIp, 0); return 0; });
        var sw = Stopwatch.StartNew();
        Assert.Equal(SocketError.TryAgain, Fails(() => NanoStack.Client.Sockets.Dns.Resolve(net.Loop, "peer.test", 5000)));
        Assert.InRange(sw.ElapsedMilliseconds, 600, 3000);
        var c = new TcpClient(net.Loop) { ConnectTimeout = 5000 };
        Assert.Equal(SocketError.TryAgain, Fails(() => c.Connect("peer.test", 80)));
        c.Close();
    }

    [Fact]
    public void BodyClosedMidwayIsBodyTruncatedAfterTheBytesThatArrived()
    {
        using var net = new BlockingNet { HttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabcdefghij" };
        var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 2000 };
        HttpClientResponse r = http.Get("http://peer.test/");
        byte[] buf = new byte[100];
        int total = 0;
        var e = Assert.Throws<HttpClientException>(() => { int n; while ((n = r.Read(buf, 0, 100)) > 0) total += n; });
        Assert.Equal(HttpClientError.BodyTruncated, e.Error);
        Assert.Equal(10, total);
        Assert.False(r.IsComplete);
        r.Close();
    }

    [Fact]
    public void ARedirectIsReturnedAsItIsNotFollowed()
    {
        using var net = new BlockingNet { HttpResponse = "HTTP/1.1 301 Moved Permanently\r\nLocation: http://peer.test/elsewhere\r\nContent-Length: 0\r\n\r\n" };
        var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 2000 };
        HttpClientResponse r = http.Get("http://peer.test/old");
        Assert.Equal(301, r.StatusCode);
        Assert.Equal(0, r.Read(new byte[16], 0, 16));
        Assert.True(r.IsComplete);
        r.Close();
        Thread.Sleep(300); // a client that followed the Location would have sent its second request by now
        Assert.Equal(1, net.Requests);
        Assert.StartsWith("GET /old HTTP/1.1\r\n", net.LastRequest);
    }

    [Fact]
    public void ConnectTimeoutFromASecondThread()
    {
        using var net = new BlockingNet();
        net.Locked(() => net.BoardLink.Fault = new DropTcp());
        var c = new TcpClient(net.Loop) { ConnectTimeout = 700 };
        long ms = OnSecondThread(() => Assert.Equal(SocketError.TimedOut, Fails(() => c.Connect(BlockingNet.PeerIp, 80))));
        Assert.InRange(ms, 650, 3000);
        Assert.Equal(0, net.Locked(() => net.BoardTcp.SlotsInUse));
        c.Close();
    }

    [Fact]
    public void ReceiveTimeoutFromASecondThread()
    {
        using var net = new BlockingNet { HttpSilent = true };
        var c = new TcpClient(net.Loop) { ReceiveTimeout = 400 };
        var u = new UdpClient(net.Loop) { ReceiveTimeout = 400 };
        long tcp = OnSecondThread(() =>
        {
            c.Connect(BlockingNet.PeerIp, 80);
            var sw = Stopwatch.StartNew();
            Assert.Equal(SocketError.TimedOut, Fails(() => c.GetStream().Read(new byte[10], 0, 10)));
            Assert.InRange(sw.ElapsedMilliseconds, 350, 3000);
        });
        long udp = OnSecondThread(() => Assert.Equal(SocketError.TimedOut, Fails(() => u.Receive(new byte[10], 0, 10, out _, out _))));
        Assert.InRange(udp, 350, 3000);
        c.Abort();
        u.Close();
    }

    [Fact]
    public void CloseFromOneThreadEndsAReadWithoutTimeoutWaitingInAnother()
    {
        using var net = new BlockingNet { HttpSilent = true };
        var c = new TcpClient(net.Loop); // ReceiveTimeout 0: the Read would wait forever but for the Close
        c.Connect(BlockingNet.PeerIp, 80);
        AssertCloseEndsTheWait(() => c.GetStream().Read(new byte[10], 0, 10), c.Close);
        Assert.Equal(SocketError.Shutdown, Fails(() => c.GetStream().Read(new byte[10], 0, 10)));
    }

    [Fact]
    public void CloseFromOneThreadEndsAReceiveWithoutTimeoutWaitingInAnother()
    {
        using var net = new BlockingNet();
        var u = new UdpClient(net.Loop);
        AssertCloseEndsTheWait(() => u.Receive(new byte[10], 0, 10, out _, out _), u.Close);
    }

    /// <summary>
    /// <paramref name="wait"/> blocks on a second thread; once it is surely waiting, <paramref name="close"/> runs on
    /// this one: the wait must end with Shutdown within a second (one wait slice and the scheduling around it).
    /// </summary>
    private static void AssertCloseEndsTheWait(Action wait, Action close)
    {
        SocketError error = SocketError.Success;
        Exception other = null;
        long endedAt = -1;
        var clock = Stopwatch.StartNew();
        var t = new Thread(() =>
        {
            try { wait(); }
            catch (SocketException e) { error = e.SocketErrorCode; }
            catch (Exception e) { other = e; }
            endedAt = clock.ElapsedMilliseconds;
        })
        { IsBackground = true, Name = "waiting app thread" };
        t.Start();
        Thread.Sleep(500);
        Assert.True(t.IsAlive, "the call returned before Close: " + error + " " + other);
        long closedAt = clock.ElapsedMilliseconds;
        close();
        Assert.True(t.Join(JoinLimitMs), "Close did not end the other thread's wait");
        Assert.Null(other);
        Assert.Equal(SocketError.Shutdown, error);
        Assert.InRange(endedAt - closedAt, 0, 1000);
    }

    private sealed class DropTcp : NanoStack.Phy.ILinkFault
    {
        public int Apply(byte[] frame, int offset, int length) =>
            length > 23 && frame[offset + 12] == 8 && frame[offset + 13] == 0 && frame[offset + 23] == 6 ? 0 : length;
    }
}
