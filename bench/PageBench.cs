using System.Diagnostics;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Http;
using NanoStack.Phy;

namespace NanoStack.Bench;

/// <summary>
/// bench page (issue 16): the status page's size and how long the board takes to render it. On the host the render is
/// timed over many runs; the device figure is that time scaled by the interpreter ratios measured in issue 13 (nanoCLR
/// runs this code 100-165x slower than .NET on the same machine; an ESP32 is estimated 30-70x slower again): an
/// estimate, printed as a range, not a measurement.
/// </summary>
public static class PageBench
{
    public static int Run()
    {
        var link = new MemoryLink(8);
        BoardConfig cfg = BoardConfig.Default();
        cfg.UseDhcp = false;
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        BoardApp app;
        try { app = new BoardApp(cfg, link, new Led(), 1000); app.Step(1001); }
        finally { Console.SetOut(stdout); }

        var w = new AsciiWriter();
        var buffer = new byte[16384];
        for (long t = 1002; t < 62_000; t += 1000) app.Step(t); // a full sample ring (the chart itself is drawn by /app.js)
        const int runs = 2000;
        int length = 0;
        var page = new StatusPage(app.Status);
        for (int i = 0; i < 200; i++) { w.Attach(buffer, 0, buffer.Length); HttpSections.RenderAll(page, w, 62_000); } // warm-up
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < runs; i++)
        {
            w.Attach(buffer, 0, buffer.Length);
            HttpSections.RenderAll(page, w, 62_000);
            length = w.Length;
        }

        double us = sw.Elapsed.TotalMilliseconds * 1000 / runs;
        Console.WriteLine("figure status.page.bytes " + length);
        Console.WriteLine("figure status.render.host.us " + us.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("figure status.render.esp32.ms.low " + (us * 100 * 30 / 1000).ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("figure status.render.esp32.ms.high " + (us * 165 * 70 / 1000).ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("status page: " + length + " bytes (static address, 60 samples, no connection, empty ARP cache) of the " + app.Http.Config.ResponseBufferSize + "-byte response buffer");
        return 0;
    }

    private sealed class Led : ILed
    {
        public bool IsOn => false;
        public void Set(bool on) { }
        public void Toggle() { }
    }
}
