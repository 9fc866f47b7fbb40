using System;
using System.Collections.Generic;
using System.IO;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;
using NanoStack.HostTests.Foundation;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Sockets.Tcp;
using Xunit;

namespace NanoStack.HostTests.Client;

// The example's Dns is the client's (NanoStack.HostTests.Dns, a test namespace, would be found first otherwise).
using Dns = NanoStack.Client.Sockets.Dns;

/// <summary>
/// README's ten-line client example (section "client") works as written: its lines are compiled and run here, verbatim,
/// against the in-memory peer (DNS answering example.lan, HTTP on 80, UDP echo on 7), and a second test keeps the README
/// block and these lines the same, so neither can drift without a failing test.
/// </summary>
public class ReadmeClientExampleTests
{
    private const string Begin = "// ---- README client example begin ----";
    private const string End = "// ---- README client example end ----";

    [Fact]
    public void TheExampleRunsAsWritten()
    {
        using var net = new BlockingNet(peerThread: true) { HttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"t\":21.5}\n" };
        net.DnsAnswers = new[] { ("example.lan", BlockingNet.PeerIp) };
        // What the example takes from the firmware: BoardApp's stack, TCP and LAN services (DHCP, DNS), the clock.
        NetworkStack stack = net.Board;
        TcpStack tcp = net.BoardTcp;
        var lan = new { Dns = net.BoardDns };
        IClock clock = net;
        // ---- README client example begin ----
        NetworkLoop loop = new NetworkLoop(stack, tcp, lan.Dns, clock, null, 4);
        loop.Start(null, 100);                                   // the stack now polls on its own thread
        HttpClient http = new HttpClient(loop, new byte[512]);   // request head and longest response header line
        HttpClientResponse r = http.Get("http://example.lan/config.json");
        byte[] buf = new byte[256]; int n; uint from; int port;
        while ((n = r.Read(buf, 0, buf.Length)) > 0) { /* use buf[0..n) */ }
        r.Close();
        UdpClient udp = new UdpClient(loop); udp.ReceiveTimeout = 2000;
        udp.Send(buf, 0, 4, Dns.Resolve(loop, "example.lan", 5000), 7);   // SocketException.SocketErrorCode says why not
        n = udp.Receive(buf, 0, buf.Length, out from, out port);          // the echo, or SocketError.TimedOut
        // ---- README client example end ----
        try
        {
            Assert.Equal(200, r.StatusCode);
            Assert.Equal(11, r.BodyBytesRead);
            Assert.StartsWith("GET /config.json HTTP/1.1\r\nHost: example.lan\r\n", net.LastRequest);
            Assert.Equal(4, n);
            Assert.Equal("{\"t\"", System.Text.Encoding.ASCII.GetString(buf, 0, 4));
            Assert.Equal(BlockingNet.PeerIp, from);
            Assert.Equal(7, port);
        }
        finally
        {
            udp.Close();
            loop.Stop();
        }
    }

    [Fact]
    public void TheReadmeShowsTheseTenLines()
    {
        string source = File.ReadAllText(Repo.PathOf("tests/HostTests/Client/ReadmeClientExampleTests.cs"));
        int b = source.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        // Begin/End appear first in the constants above; the block is after their second appearance.
        b = source.IndexOf(Begin, b, StringComparison.Ordinal) + Begin.Length;
        int e = source.IndexOf(End, b, StringComparison.Ordinal);
        List<string> here = Lines(source.Substring(b, e - b));

        string readme = File.ReadAllText(Repo.PathOf("README.md"));
        int s = readme.IndexOf("<!-- section:client -->", StringComparison.Ordinal);
        Assert.True(s >= 0, "README has no client section");
        int cb = readme.IndexOf("```csharp", s, StringComparison.Ordinal) + "```csharp".Length;
        int ce = readme.IndexOf("```", cb, StringComparison.Ordinal);
        List<string> shown = Lines(readme.Substring(cb, ce - cb));

        Assert.Equal(10, here.Count);
        Assert.Equal(here, shown);
    }

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        foreach (string l in text.Split('\n'))
        {
            string t = l.Trim();
            if (t.Length > 0) lines.Add(t);
        }
        return lines;
    }
}
