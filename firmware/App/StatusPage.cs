using NanoStack.Http;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Firmware.App
{
    /// <summary>The "/" page: plain HTML and a little inline CSS, no external assets, rendered without allocating.</summary>
    public static class StatusPage
    {
        private const string Head =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + "<meta http-equiv=\"refresh\" content=\"10\"><title>nanoStack board</title><style>"
            + "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;background:#f6f7f9;color:#222}"
            + "h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.05em;margin:1.2em 0 .4em;color:#345}"
            + "table{border-collapse:collapse;background:#fff;box-shadow:0 1px 2px #0002;margin-bottom:.5em}"
            + "td,th{padding:.25em .8em;border-bottom:1px solid #e4e6ea;text-align:left;font-variant-numeric:tabular-nums}"
            + "th{background:#eef1f5}.up{color:#080;font-weight:600}.down{color:#b00;font-weight:600}"
            + "small{color:#666}.grid{display:flex;flex-wrap:wrap;gap:1.5em}"
            + "</style></head><body>";

        public static void Render(BoardStatus s, AsciiWriter w, long nowMs)
        {
            NetworkStack stack = s.Stack;
            Interface iface = stack.Interface;
            iface.GetMacAddress(s.Mac, 0);
            w.Write(Head);
            w.Write("<h1>nanoStack board</h1><small>firmware ").Write(BoardConfig.Version).Write(" &middot; ENC28J60 ")
                .WriteHtml(s.ChipRevision).Write(" &middot; HTTP/1.1</small>");

            w.Write("<div class=\"grid\"><div><h2>Board</h2><table>");
            Row(w, "Uptime"); BoardStatus.WriteUptime(w, nowMs - s.BootMs); End(w);
            Row(w, "Link"); w.Write(iface.IsLinkUp ? "<span class=\"up\">up</span>" : "<span class=\"down\">down</span>"); End(w);
            Row(w, "MAC"); w.WriteMac(s.Mac, 0); End(w);
            Row(w, "IPv4"); w.WriteIpv4(iface.Address).WriteByte((byte)'/').WriteDecimal(PrefixLength(iface.Netmask)); End(w);
            Row(w, "Gateway"); w.WriteIpv4(iface.Gateway); End(w);
            Row(w, "Address from"); w.Write(s.Lan == null ? "static" : "DHCP ").Write(s.Lan == null ? "" : s.AddressSource);
            long left = s.LeaseRemainingMs(nowMs);
            if (left == long.MaxValue) w.Write(" <small>infinite lease</small>");
            else if (left >= 0) w.Write(" <small>lease ").WriteDecimal(left / 1000).Write(" s left</small>");
            End(w);
            if (s.Lan != null) { Row(w, "mDNS name"); s.WriteMdnsName(w); End(w); }
            Row(w, "Chip revision"); w.WriteHtml(s.ChipRevision); End(w);
            Row(w, "LED"); w.Write(s.Led.IsOn ? "on" : "off"); End(w);
            Row(w, "Heap at start-up"); if (s.HeapBytes > 0) w.WriteDecimal(s.HeapBytes).Write(" bytes (").Write(s.HeapSource).Write(")"); else w.Write("not measured"); End(w);
            Row(w, "Static RAM"); w.WriteDecimal(s.StaticBytes).Write(" bytes (buffers only)"); End(w);
            w.Write("</table></div>");

            w.Write("<div><h2>Counters</h2><table><tr><th>layer</th><th>counter</th><th>value</th></tr>");
            if (s.Driver != null)
            {
                NanoStack.Drivers.Enc28j60.Enc28j60Counters d = s.Driver.Counters;
                Counter(w, "ENC28J60", "rx frames", d.RxFrames);
                Counter(w, "ENC28J60", "tx frames", d.TxFrames);
                Counter(w, "ENC28J60", "rx overflows", d.RxOverflows);
                Counter(w, "ENC28J60", "rx errors", d.RxHeaderErrors + d.RxNotOk);
                Counter(w, "ENC28J60", "tx aborts / retries", d.TxAborts + d.TxLateCollisionRetries);
                Counter(w, "ENC28J60", "resets / reinits", d.RxResets + d.TxResets + d.FullReinits);
                Counter(w, "ENC28J60", "interrupts", d.Interrupts);
            }
            Counter(w, "Interface", "frames in", iface.FramesReceived);
            Counter(w, "Interface", "frames accepted", iface.FramesAccepted);
            Counter(w, "Interface", "frames out", iface.FramesTransmitted);
            Counter(w, "Interface", "dropped", iface.DroppedTotal);
            Counter(w, "ICMP", "echo replies", iface.EchoRepliesSent);
            TcpCounters t = s.Tcp.Counters;
            Counter(w, "TCP", "segments in", t.SegmentsIn);
            Counter(w, "TCP", "segments out", t.SegmentsOut);
            Counter(w, "TCP", "retransmits", t.Retransmits);
            Counter(w, "TCP", "connections accepted", t.ConnectionsAccepted);
            Counter(w, "TCP", "resets in / out", t.RstIn + t.RstOut);
            Counter(w, "TCP", "dropped", t.TotalDrops);
            HttpServerCounters h = s.Http.Counters;
            Counter(w, "HTTP", "requests", h.Requests);
            w.Write("<tr><td>HTTP</td><td>2xx / 4xx / 5xx</td><td>").WriteDecimal(h.Responses2xx).Write(" / ")
                .WriteDecimal(h.Responses4xx).Write(" / ").WriteDecimal(h.Responses5xx).Write("</td></tr>");
            Counter(w, "HTTP", "evicted / rejected", h.Evicted + h.Rejected);
            Counter(w, "HTTP", "timeouts", h.HeaderTimeouts + h.IdleTimeouts);
            Counter(w, "HTTP", "bytes sent", h.BytesSent);
            w.Write("</table></div></div>");

            w.Write("<h2>Connections</h2><table><tr><th>local</th><th>remote</th><th>state</th><th>srtt</th><th>cwnd</th></tr>");
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
            w.Write("</table><small>").WriteDecimal(s.Tcp.SlotsInUse).Write(" of ").WriteDecimal(s.Tcp.SlotCount).Write(" TCP slots in use</small>");

            w.Write("<h2>ARP</h2><table><tr><th>address</th><th>MAC</th><th>age</th></tr>");
            int arp = iface.ArpEntryCount(nowMs);
            for (int i = 0; i < arp; i++)
            {
                uint address;
                long age;
                if (!iface.GetArpEntry(i, nowMs, out address, s.NeighborMac, 0, out age)) break;
                w.Write("<tr><td>").WriteIpv4(address);
                if (address == iface.Gateway) w.Write(" <small>gateway</small>");
                w.Write("</td><td>").WriteMac(s.NeighborMac, 0).Write("</td><td>").WriteDecimal(age / 1000).Write(" s</td></tr>");
            }
            if (arp == 0) w.Write("<tr><td colspan=\"3\"><small>no resolved neighbours</small></td></tr>");
            w.Write("</table><small>the whole ARP cache: resolved neighbours, age since last confirmed</small>");

            w.Write("<p><small><a href=\"/api/status\">/api/status</a> &middot; <a href=\"/api/led\">/api/led</a> &middot; <a href=\"/bytes/1048576\">/bytes/1048576</a></small></p></body></html>\n");
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

        private static void Counter(AsciiWriter w, string layer, string name, long value)
        {
            w.Write("<tr><td>").Write(layer).Write("</td><td>").Write(name).Write("</td><td>").WriteDecimal(value).Write("</td></tr>");
        }
    }
}
