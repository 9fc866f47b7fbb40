using NanoStack.Http;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The "/" page: the board's facts as HTML rendered without allocating (chart of the last minute, board, counters per
    /// layer with what they mean, connections, ARP), styled and made live by /app.css and /app.js (StaticAssets).
    /// </summary>
    public sealed class StatusPage : IHttpSectionSource
    {
        // The stylesheet and script are separate cached resources (StaticAssets): the page holds only the facts.
        private const string Head =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            + "<title>nanoStack board</title><link rel=\"stylesheet\" href=\"/app.css\"><script src=\"/app.js\"></script></head><body>";

        private readonly BoardStatus _status;

        public StatusPage(BoardStatus status)
        {
            _status = status;
        }

        /// <summary>Head + chart, board facts, chip, interface, TCP, HTTP, connections, ARP, footer: each under 1 KB
        /// (the ARP table with 8 neighbours about 0.9 KB), so each fits a half-empty 2 KiB TCP send buffer.</summary>
        public int SectionCount { get { return 9; } }

        public void RenderSection(int section, AsciiWriter w, long nowMs)
        {
            BoardStatus s = _status;
            Interface iface = s.Stack.Interface;
            switch (section)
            {
                case 0:
                {
                    w.Write(Head);
                    w.Write("<header><h1>nanoStack board</h1><small>firmware ").Write(BoardConfig.Version).Write(" &middot; ENC28J60 ")
                        .WriteHtml(s.ChipRevision).Write(s.SimulatedChip ? " (chip model)" : "").Write(" &middot; ")
                        .WriteIpv4(iface.Address).Write("</small></header><main>");

                    w.Write("<section class=\"wide\"><h2>Last minute</h2><div class=\"key\"><span><i class=\"fps\" style=\"background:#2b6cb0\"></i>frames/s <b id=\"max-fps\">-</b></span>"
                        + "<span><i style=\"background:#c05621\"></i>HTTP bytes/s <b id=\"max-bps\">-</b></span><span><i style=\"background:#2f855a\"></i>TCP RTT ms <b id=\"max-rtt\">-</b></span></div>"
                        + "<svg id=\"chart\" viewBox=\"0 0 600 100\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"traffic of the last minute\"></svg>"
                        + "<p class=\"note\">One sample a second from the board's own ring (60 samples in /api/status), drawn and refreshed every 2 s by /app.js; each line is scaled to its own maximum.</p></section>");

                    break;
                }
                case 1:
                {
                    w.Write("<section><h2>Board</h2><table>");
                    Row(w, "Uptime"); w.Write("<span id=\"uptime\">"); BoardStatus.WriteUptime(w, nowMs - s.BootMs); w.Write("</span>"); End(w);
                    Row(w, "Link"); w.Write(iface.IsLinkUp ? "<span class=\"up\">up</span>" : "<span class=\"down\">down</span>"); End(w);
                    Row(w, "MAC"); s.WriteOwnMac(w); End(w);
                    Row(w, "IPv4"); w.WriteIpv4(iface.Address).WriteByte((byte)'/').WriteDecimal(PrefixLength(iface.Netmask)); End(w);
                    Row(w, "Gateway"); w.WriteIpv4(iface.Gateway); End(w);
                    Row(w, "Address from"); w.Write(s.Lan == null ? "static" : "DHCP ").Write(s.Lan == null ? "" : s.AddressSource);
                    long left = s.LeaseRemainingMs(nowMs);
                    if (left == long.MaxValue) w.Write(" <small>infinite lease</small>");
                    else if (left >= 0) w.Write(" <small>lease ").WriteDecimal(left / 1000).Write(" s left</small>");
                    End(w);
                    if (s.Lan != null) { Row(w, "mDNS name"); s.WriteMdnsName(w); End(w); }
                    Row(w, "Chip revision"); w.WriteHtml(s.ChipRevision); End(w);
                    Row(w, "LED"); w.Write("<span id=\"led-state\">").Write(s.Led.IsOn ? "on" : "off").Write("</span> <button id=\"led-button\" type=\"button\">toggle</button>"); End(w);
                    Row(w, "Heap at start-up"); if (s.HeapBytes > 0) w.WriteDecimal(s.HeapBytes).Write(" bytes (").Write(s.HeapSource).Write(")"); else w.Write("not measured"); End(w);
                    Row(w, "Static RAM"); w.WriteDecimal(s.StaticBytes).Write(" bytes (buffers only)"); End(w);
                    w.Write("</table></section>");

                    break;
                }
                case 2:
                {
                    if (s.Driver != null)
                    {
                        NanoStack.Drivers.Enc28j60.Enc28j60Counters d = s.Driver.Counters;
                        Group(w, "ENC28J60 chip", "Frames the Ethernet controller moved over SPI, and what went wrong on the wire or in its 8 KiB buffer.");
                        Counter(w, "rx frames", d.RxFrames);
                        Counter(w, "tx frames", d.TxFrames);
                        Counter(w, "rx overflows (buffer full: the board read too slowly)", d.RxOverflows);
                        Counter(w, "rx errors (bad length or CRC)", d.RxHeaderErrors + d.RxNotOk);
                        Counter(w, s.SimulatedChip
                            ? "tx late-collision retries (injected by the chip model, erratum #13)"
                            : "tx late-collision retries (erratum #13)", d.TxLateCollisionRetries);
                        Counter(w, "tx aborts", d.TxAborts);
                        Counter(w, "rx / tx logic resets", d.RxResets + d.TxResets);
                        Counter(w, "full re-initialisations (watchdog)", d.FullReinits);
                        Counter(w, "interrupts", d.Interrupts);
                        w.Write("</table></section>");
                    }

                    break;
                }
                case 3:
                {
                    Group(w, "Interface", "Ethernet, ARP and IPv4 as the stack sees them; drops are malformed frames or traffic for someone else.");
                    Counter(w, "frames in", iface.FramesReceived);
                    Counter(w, "frames accepted", iface.FramesAccepted);
                    Counter(w, "frames out", iface.FramesTransmitted);
                    Counter(w, "dropped", iface.DroppedTotal);
                    Counter(w, "ICMP echo replies", iface.EchoRepliesSent);
                    Counter(w, "reassembly: timeouts / stale taken over", iface.ReassemblyTimeouts, iface.ReassemblyTakeovers);
                    w.Write("</table></section>");

                    break;
                }
                case 4:
                {
                    TcpCounters t = s.Tcp.Counters;
                    Group(w, "TCP", "Segments of all connections; retransmissions mean loss on the way, resets refused or aborted connections.");
                    Counter(w, "segments in", t.SegmentsIn);
                    Counter(w, "segments out", t.SegmentsOut);
                    Counter(w, "retransmits", t.Retransmits);
                    Counter(w, "connections accepted", t.ConnectionsAccepted);
                    Counter(w, "resets in", t.RstIn);
                    Counter(w, "resets out", t.RstOut);
                    Counter(w, "dropped", t.TotalDrops);
                    Counter(w, "SYN cookies sent / validated", t.CookiesSent, t.CookiesValidated);
                    Counter(w, "reclaimed: TIME-WAIT / FIN-WAIT-2 / half-open", t.TimeWaitReclaimed, t.FinWait2Reclaimed, t.HalfOpenRecycled);
                    Counter(w, "reset: data after close", t.AbortsOnData);
                    w.Write("</table></section>");

                    break;
                }
                case 5:
                {
                    HttpServerCounters h = s.Http.Counters;
                    Group(w, "HTTP", "The web server: its clients share the TCP slots; while clients wait for one, connections end after their response.");
                    Counter(w, "requests", h.Requests);
                    Counter(w, "2xx responses", h.Responses2xx);
                    Counter(w, "4xx responses", h.Responses4xx);
                    Counter(w, "5xx responses", h.Responses5xx);
                    Counter(w, "closed for waiting clients: idle / after response", h.IdleClosedForWaiting, h.KeepAliveEndedForWaiting);
                    Counter(w, "request timeouts (408)", h.HeaderTimeouts);
                    Counter(w, "idle timeouts", h.IdleTimeouts);
                    Counter(w, "bytes sent", h.BytesSent);
                    w.Write("</table></section>");

                    break;
                }
                case 6:
                {
                    w.Write("<section><h2>Connections</h2><table><tr><th>local</th><th>remote</th><th>state</th><th>srtt</th><th>cwnd</th></tr>");
                    int shown = 0;
                    for (int i = 0; i < s.Tcp.SlotCount; i++)
                    {
                        TcpSocket c = s.Tcp.Slot(i);
                        if (c.State == TcpState.Closed) continue;
                        shown++;
                        w.Write("<tr><td>:").WriteDecimal(c.LocalPort).Write("</td><td>").WriteIpv4(c.RemoteAddress).WriteByte((byte)':')
                            .WriteDecimal(c.RemotePort).Write("</td><td>").Write(BoardStatus.StateName(c.State)).Write("</td><td>")
                            .WriteDecimal(c.SmoothedRttMs).Write(" ms</td><td>").WriteDecimal(c.CongestionWindow).Write("</td></tr>");
                    }
                    if (shown == 0) w.Write("<tr><td colspan=\"5\"><small>none</small></td></tr>");
                    w.Write("</table><small>").WriteDecimal(s.Tcp.SlotsInUse).Write(" of ").WriteDecimal(s.Tcp.SlotCount).Write(" TCP slots in use</small></section>");

                    break;
                }
                case 7:
                {
                    w.Write("<section><h2>ARP</h2><table><tr><th>address</th><th>MAC</th><th>age</th></tr>");
                    int arp = iface.ArpEntryCount(nowMs);
                    for (int i = 0; i < arp; i++)
                    {
                        uint address;
                        long age;
                        if (!iface.GetArpEntry(i, nowMs, out address, s.MacScratch, 0, out age)) break;
                        w.Write("<tr><td>").WriteIpv4(address);
                        if (address == iface.Gateway) w.Write(" <small>gateway</small>");
                        w.Write("</td><td>").WriteMac(s.MacScratch, 0).Write("</td><td>").WriteDecimal(age / 1000).Write(" s</td></tr>");
                    }
                    if (arp == 0) w.Write("<tr><td colspan=\"3\"><small>no resolved neighbours</small></td></tr>");
                    w.Write("</table><small>the whole ARP cache: resolved neighbours, age since last confirmed</small></section>");

                    break;
                }
                case 8:
                {
                    w.Write("</main><p style=\"text-align:center\"><small><a href=\"/api/status\">/api/status</a> &middot; <a href=\"/api/led\">/api/led</a> &middot; <a href=\"/bytes/1048576\">/bytes/1048576</a></small></p></body></html>\n");
                    break;
                }
            }
        }

        public static int PrefixLength(uint mask)
        {
            int n = 0;
            while (n < 32 && (mask & (0x80000000u >> n)) != 0) n++;
            return n;
        }

        private static void Row(AsciiWriter w, string name)
        {
            w.Write("<tr><th>").Write(name).Write("</th><td>");
        }

        private static void End(AsciiWriter w)
        {
            w.Write("</td></tr>");
        }

        private static void Group(AsciiWriter w, string title, string explanation)
        {
            w.Write("<section><h2>").Write(title).Write("</h2><p class=\"note\">").Write(explanation).Write("</p><table>");
        }

        private static void Counter(AsciiWriter w, string name, long value)
        {
            w.Write("<tr><td>").Write(name).Write("</td><td class=\"n\">").WriteDecimal(value).Write("</td></tr>");
        }

        private static void Counter(AsciiWriter w, string name, long a, long b)
        {
            w.Write("<tr><td>").Write(name).Write("</td><td class=\"n\">").WriteDecimal(a).Write(" / ").WriteDecimal(b).Write("</td></tr>");
        }

        private static void Counter(AsciiWriter w, string name, long a, long b, long c)
        {
            w.Write("<tr><td>").Write(name).Write("</td><td class=\"n\">").WriteDecimal(a).Write(" / ").WriteDecimal(b).Write(" / ").WriteDecimal(c).Write("</td></tr>");
        }
    }
}
