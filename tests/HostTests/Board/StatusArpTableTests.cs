using System.Text;
using System.Text.Json;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>The status page and /api/status list the whole ARP cache (Interface.GetArpEntry), not just the gateway.</summary>
public class StatusArpTableTests
{
    [Fact]
    public void ApiStatusAndPageListEveryResolvedNeighbourWithMacAndAge()
    {
        var b = new InMemoryBoard();
        var s = b.Connect(); // the client (192.0.2.1, 02:00:5e:00:00:01) resolved the board and vice versa
        var keep = new byte[65536];
        string json = Body(b, s, "GET /api/status HTTP/1.1\r\nHost: b\r\n\r\n", keep);
        using var doc = JsonDocument.Parse(json);
        var arp = doc.RootElement.GetProperty("arp");
        Assert.Equal(b.Server.Stack.Interface.ArpEntryCount(b.Now), arp.GetArrayLength());
        Assert.Equal(1, arp.GetArrayLength());
        Assert.Equal("192.0.2.1", arp[0].GetProperty("address").GetString());
        Assert.Equal("02:00:5e:00:00:01", arp[0].GetProperty("mac").GetString());
        Assert.InRange(arp[0].GetProperty("ageMs").GetInt64(), 0, b.Now);

        string html = Body(b, s, "GET / HTTP/1.1\r\nHost: b\r\n\r\n", keep);
        int at = html.IndexOf("<h2>ARP</h2>", System.StringComparison.Ordinal);
        Assert.True(at > 0, html);
        Assert.Contains("<td>192.0.2.1 <small>gateway</small></td><td>02:00:5e:00:00:01</td>", html.Substring(at));
    }

    private static string Body(InMemoryBoard b, NanoStack.Sockets.Tcp.TcpSocket s, string request, byte[] keep)
    {
        System.Array.Clear(keep);
        int n = b.Exchange(s, Encoding.ASCII.GetBytes(request), 1, keep);
        for (int i = 0; i < 3000; i++) { b.Step(); n += s.Receive(keep, n, keep.Length - n); }
        string text = Encoding.ASCII.GetString(keep, 0, n);
        int body = text.IndexOf("\r\n\r\n", System.StringComparison.Ordinal) + 4;
        string rest = text.Substring(body);
        // Chunked or Content-Length: take the payload between the first '{'/'<' and the end.
        if (text.Contains("Transfer-Encoding: chunked"))
        {
            var sb = new StringBuilder();
            int p = 0;
            while (true)
            {
                int eol = rest.IndexOf("\r\n", p, System.StringComparison.Ordinal);
                int size = System.Convert.ToInt32(rest.Substring(p, eol - p).Split(';')[0], 16);
                if (size == 0) break;
                sb.Append(rest, eol + 2, size);
                p = eol + 2 + size + 2;
            }
            return sb.ToString();
        }
        return rest;
    }
}
