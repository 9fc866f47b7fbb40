using System;
using System.Text;
using NanoStack.Sockets.Tcp;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>
/// Issue 6: zero allocation per request on the server's hot path. Measured across the whole board application
/// (ARP/IPv4/TCP/HTTP/routes) and the in-process client, after warm-up, with <see cref="AllocationMeter"/>.
/// </summary>
public class BoardAllocationTests
{
    private static int ResponseLength(InMemoryBoard b, TcpSocket s, byte[] request)
    {
        var keep = new byte[65536];
        int n = b.Exchange(s, request, 1, keep);
        // Let the rest of the response arrive, then measure it.
        for (int i = 0; i < 2000; i++) { b.Step(); n += s.Receive(keep, n, keep.Length - n); }
        string text = Encoding.ASCII.GetString(keep, 0, n);
        Assert.StartsWith("HTTP/1.1 ", text);
        return n;
    }

    [Theory]
    [InlineData("GET /api/led HTTP/1.1\r\nHost: b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: b\r\n\r\n")]
    [InlineData("GET /api/status HTTP/1.1\r\nHost: b\r\n\r\n")]
    [InlineData("POST /api/led HTTP/1.1\r\nHost: b\r\nContent-Length: 6\r\n\r\ntoggle")]
    [InlineData("GET /bytes/100000 HTTP/1.1\r\nHost: b\r\n\r\n")]
    [InlineData("GET /missing HTTP/1.1\r\nHost: b\r\n\r\n")]
    [InlineData("DELETE / HTTP/1.1\r\nHost: b\r\n\r\n")]
    public void KeepAliveRequestsAllocateNothing(string raw)
    {
        InMemoryBoard b = null;
        TcpSocket s = null;
        byte[] request = InMemoryBoard.Ascii(raw);
        // Status pages carry counters whose digits change; allow the length to vary a little.
        bool variable = raw.Contains("GET / ") || raw.Contains("/api/status");
        int wanted = 0;
        int shortest = int.MaxValue;
        // The board is built and warmed up on the thread that is then measured (AllocationMeter says why).
        long allocated = AllocationMeter.Measure(
            () =>
            {
                b = new InMemoryBoard();
                s = b.Connect();
                int expected = ResponseLength(b, s, request);
                wanted = variable ? expected - 20 : expected;
                for (int i = 0; i < 3; i++) b.Exchange(s, request, wanted);
                for (int i = 0; i < 500; i++) b.Step();
                while (s.Receive(new byte[4096], 0, 4096) > 0) { }
            },
            () =>
            {
                for (int i = 0; i < 20; i++)
                {
                    int got = b.Exchange(s, request, wanted);
                    if (got < shortest) shortest = got;
                }
            });
        Assert.True(shortest >= wanted, "a response was incomplete: " + shortest + " of " + wanted + " bytes");
        Assert.Equal(0, allocated);
        Assert.Equal(TcpState.Established, s.State);
    }

    [Fact]
    public void ServedRequestsAreCountedAndTheBodyHasThePattern()
    {
        var b = new InMemoryBoard();
        var s = b.Connect();
        var keep = new byte[70000];
        int n = b.Exchange(s, InMemoryBoard.Ascii("GET /bytes/65536 HTTP/1.1\r\nHost: b\r\n\r\n"), 65536 + 100, keep);
        string head = Encoding.ASCII.GetString(keep, 0, 200);
        int body = head.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Contains("Content-Length: 65536\r\n", head);
        for (int i = 0; i < 65536 && body + i < n; i++) Assert.Equal((byte)(i % 251), keep[body + i]);
        Assert.True(n >= body + 65536);
        Assert.Equal(1, b.Server.Http.Counters.Requests);
    }
}
