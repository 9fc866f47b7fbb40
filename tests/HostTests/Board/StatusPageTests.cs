using System.Text;
using NanoStack.Firmware.App;
using NanoStack.Http;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Board;

/// <summary>
/// The status page people look at (issue 16): a chart of the last minute from the board's sample ring, an LED
/// button, counters grouped per layer with what they mean, styles and script as cached static resources, the page
/// and the JSON rendered in sections that each fit half the TCP send buffer. Plus the access log's line.
/// </summary>
public class StatusPageTests
{
    private readonly ITestOutputHelper _out;

    public StatusPageTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void FrameRateAndRttSamplesSaturateAtTheirSixteenBitCeilingWhileBytesDoNot()
    {
        // Frames and RTT are kept in 16 bits (issue 17: 120 B of device heap less per series). 10 Mbit/s Ethernet
        // carries at most 14,880 frames/s each way and an SRTT above 65 s means the connection is dead anyway, so
        // the ceiling is never reached in practice; beyond it a sample reads 65535 rather than wrapping.
        var s = new TrafficSamples();
        s.Tick(0, 0, 0, 0);
        s.Tick(1000, 70_000, 1_250_000, 70_000);
        s.Tick(2000, 70_000 + 29_760, 2_500_000, 65_535);
        Assert.Equal(65_535, s.FramesPerSecond(0));
        Assert.Equal(65_535, s.RttMs(0));
        Assert.Equal(1_250_000, s.BytesPerSecond(0));
        Assert.Equal(29_760, s.FramesPerSecond(1));
        Assert.Equal(65_535, s.RttMs(1));
    }

    [Fact]
    public void SamplesAreOnePerSecondRatesOldestFirst()
    {
        var s = new TrafficSamples();
        Assert.True(s.IsDue(0)); // the baseline is due at once
        s.Tick(0, 0, 0, 0); // baseline only
        Assert.False(s.IsDue(999));
        Assert.True(s.IsDue(1000));
        Assert.Equal(0, s.Filled);
        s.Tick(999, 50, 5000, 3);
        Assert.Equal(0, s.Filled); // not due yet
        s.Tick(1000, 100, 10_000, 4);
        s.Tick(2000, 130, 10_000, 7);
        Assert.Equal(2, s.Filled);
        Assert.Equal(100, s.FramesPerSecond(0));
        Assert.Equal(10_000, s.BytesPerSecond(0));
        Assert.Equal(4, s.RttMs(0));
        Assert.Equal(30, s.FramesPerSecond(1));
        Assert.Equal(0, s.BytesPerSecond(1));
        for (int i = 0; i < 100; i++) s.Tick(3000 + i * 1000, 130 + i, 10_000, 1);
        Assert.Equal(TrafficSamples.Count, s.Filled);
        var w = new AsciiWriter();
        var buf = new byte[4096];
        w.Attach(buf, 0, buf.Length);
        s.WriteJson(w);
        string json = Encoding.ASCII.GetString(buf, 0, w.Length);
        Assert.StartsWith("{\"intervalMs\":1000,\"framesPerSecond\":[1,1,", json);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(TrafficSamples.Count, doc.RootElement.GetProperty("rttMs").GetArrayLength());
    }

    [Fact]
    public void PageHasChartLedButtonGroupedCountersInSectionsThatFitTheSendBuffer()
    {
        var b = new InMemoryBoard();
        var s = b.Connect();
        for (int i = 0; i < 3000; i++) b.Step(); // three seconds of virtual time: the ring has samples
        string html = Get(b, s, "/", out string head);
        Assert.StartsWith("HTTP/1.1 200 OK", head);
        // Rendered section by section into the TCP send buffer (chunked): no response buffer bounds the page.
        Assert.Contains("Transfer-Encoding: chunked", head);
        _out.WriteLine("status page: " + html.Length + " bytes");
        var page = new StatusPage(b.Server.Status);
        var w = new AsciiWriter();
        var buf = new byte[8192];
        for (int i = 0; i < page.SectionCount; i++)
        {
            w.Attach(buf, 0, buf.Length);
            page.RenderSection(i, w, b.Now);
            _out.WriteLine("section " + i + ": " + w.Length + " bytes");
            Assert.True(w.Length + 12 <= b.Server.Http.Config.MaxSectionBytes / 2, "section " + i + " (" + w.Length + " B) leaves too little room in a " + b.Server.Http.Config.MaxSectionBytes + "-byte send buffer");
        }
        Assert.Contains("<svg id=\"chart\"", html);
        Assert.Contains("</svg>", html); // the script draws the polylines from /api/status (Chromium test)
        Assert.Contains("<button id=\"led-button\"", html);
        Assert.Contains("<script src=\"/app.js\"></script>", html);
        foreach (string group in new[] { "<h2>Interface</h2>", "<h2>TCP</h2>", "<h2>HTTP</h2>", "<h2>Connections</h2>", "<h2>ARP</h2>" })
            Assert.Contains(group, html);
        Assert.Contains("<p class=\"note\">", html);
        Assert.EndsWith("</html>\n", html);

        var report = new StatusJson(b.Server.Status);
        for (int i = 0; i < report.SectionCount; i++)
        {
            w.Attach(buf, 0, buf.Length);
            report.RenderSection(i, w, b.Now);
            Assert.True(w.Length + 12 <= b.Server.Http.Config.MaxSectionBytes / 2, "JSON section " + i + " (" + w.Length + " B) is too large");
        }

        string js = Get(b, s, "/app.js", out head);
        Assert.Contains("Content-Type: text/javascript", head);
        Assert.Contains("Cache-Control: max-age=3600", head);
        Assert.Contains("Content-Length: " + StaticAssets.Js.Length, head);
        Assert.Equal(StaticAssets.Js, js);
        string css = Get(b, s, "/app.css", out head);
        Assert.Contains("Content-Type: text/css", head);
        Assert.Equal(StaticAssets.Css, css);

        string json = Get(b, s, "/api/status", out _);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("samples").GetProperty("framesPerSecond").GetArrayLength() >= 2);
    }

    [Fact]
    public void AccessLogGetsOneLinePerRequest()
    {
        var b = new InMemoryBoard();
        var log = new Recorder();
        b.Server.Http.AccessLog = log;
        var s = b.Connect();
        Get(b, s, "/api/led", out string head);
        Assert.Equal(1, log.Count);
        Assert.Equal("[http] 192.0.2.1:" + s.LocalPort + " GET /api/led 200 " + log.Bytes + " B " + log.Ms + " ms", log.Line);
        Assert.True(log.Bytes > 100, "bytes sent: " + log.Bytes);
        Get(b, s, "/nothing", out _);
        Assert.Equal(2, log.Count);
        Assert.Contains(" GET /nothing 404 ", log.Line);
    }

    private sealed class Recorder : IHttpAccessLog
    {
        public int Count;
        public long Bytes;
        public long Ms;
        public string Line;
        private readonly AsciiWriter _w = new();
        private readonly byte[] _buf = new byte[200];

        public void Completed(uint clientAddress, ushort clientPort, HttpRequest request, int status, long bytesSent, long elapsedMs)
        {
            Count++;
            Bytes = bytesSent;
            Ms = elapsedMs;
            ConsoleAccessLog.Format(_w, _buf, clientAddress, clientPort, request, status, bytesSent, elapsedMs);
            Line = Encoding.ASCII.GetString(_buf, 0, _w.Length);
        }
    }

    /// <summary>GET over the in-memory link; returns the body (Content-Length framing) and the head.</summary>
    private static string Get(InMemoryBoard b, NanoStack.Sockets.Tcp.TcpSocket s, string path, out string head)
    {
        var keep = new byte[65536];
        int n = b.Exchange(s, Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: b\r\n\r\n"), 1, keep);
        for (int i = 0; i < 3000; i++) { b.Step(); n += s.Receive(keep, n, keep.Length - n); }
        string text = Encoding.ASCII.GetString(keep, 0, n);
        int split = text.IndexOf("\r\n\r\n", System.StringComparison.Ordinal);
        head = text.Substring(0, split);
        string rest = text.Substring(split + 4);
        if (!head.Contains("Transfer-Encoding: chunked")) return rest;
        var body = new StringBuilder();
        int p = 0;
        while (true)
        {
            int eol = rest.IndexOf("\r\n", p, System.StringComparison.Ordinal);
            int size = System.Convert.ToInt32(rest.Substring(p, eol - p), 16);
            if (size == 0) return body.ToString();
            body.Append(rest, eol + 2, size);
            p = eol + 2 + size + 2;
        }
    }
}
