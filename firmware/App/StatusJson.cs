using NanoStack.Http;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Firmware.App
{
    /// <summary>/api/status: the status page's facts as JSON (RFC 8259), written without allocating.</summary>
    public sealed class StatusJson : IHttpSectionSource
    {
        private readonly BoardStatus _status;

        public StatusJson(BoardStatus status)
        {
            _status = status;
        }

        /// <summary>Board facts, counters, samples and connections, ARP cache: each well under the TCP send buffer.</summary>
        public int SectionCount { get { return 4; } }

        public void RenderSection(int section, AsciiWriter w, long nowMs)
        {
            BoardStatus s = _status;
            Interface iface = s.Stack.Interface;
            switch (section)
            {
                case 0:
                {
                    w.Write("{\"version\":\"").Write(BoardConfig.Version).Write("\",\"uptimeMs\":").WriteDecimal(nowMs - s.BootMs);
                    w.Write(",\"link\":").Write(iface.IsLinkUp ? "true" : "false");
                    w.Write(",\"mac\":\""); s.WriteOwnMac(w); w.Write("\"");
                    w.Write(",\"ipv4\":{\"address\":\"").WriteIpv4(iface.Address).Write("\",\"netmask\":\"").WriteIpv4(iface.Netmask)
                        .Write("\",\"gateway\":\"").WriteIpv4(iface.Gateway).Write("\"}");
                    w.Write(",\"dhcp\":{\"enabled\":").Write(s.Lan == null ? "false" : "true").Write(",\"state\":\"").Write(s.AddressSource).Write("\"");
                    if (s.Lan != null)
                    {
                        long left = s.LeaseRemainingMs(nowMs);
                        w.Write(",\"server\":\"").WriteIpv4(left >= 0 ? s.Lan.Dhcp.ServerId : 0).Write("\",\"leaseRemainingMs\":").WriteDecimal(left == long.MaxValue ? -1 : left);
                        w.Write("},\"mdns\":\"");
                        s.WriteMdnsName(w);
                        w.Write("\"");
                    }
                    else
                    {
                        w.Write("},\"mdns\":null");
                    }
                    w.Write(",\"chipRevision\":\"").Write(s.ChipRevision).Write("\"");
                    w.Write(",\"led\":").Write(s.Led.IsOn ? "true" : "false");
                    w.Write(",\"staticRamBytes\":").WriteDecimal(s.StaticBytes);
                    w.Write(",\"heap\":{\"bytes\":").WriteDecimal(s.HeapBytes).Write(",\"source\":\"").Write(s.HeapSource == null ? "not measured" : s.HeapSource).Write("\"}");

                    break;
                }
                case 1:
                {
                    w.Write(",\"counters\":{");
                    if (s.Driver != null)
                    {
                        NanoStack.Drivers.Enc28j60.Enc28j60Counters d = s.Driver.Counters;
                        w.Write("\"enc28j60\":{\"rxFrames\":").WriteDecimal(d.RxFrames).Write(",\"txFrames\":").WriteDecimal(d.TxFrames)
                            .Write(",\"rxOverflows\":").WriteDecimal(d.RxOverflows).Write(",\"rxErrors\":").WriteDecimal(d.RxHeaderErrors + d.RxNotOk)
                            .Write(",\"txLateCollisionRetries\":").WriteDecimal(d.TxLateCollisionRetries)
                            .Write(",\"txAborts\":").WriteDecimal(d.TxAborts).Write(",\"logicResets\":").WriteDecimal(d.RxResets + d.TxResets)
                            .Write(",\"interrupts\":").WriteDecimal(d.Interrupts)
                            .Write(",\"reinits\":").WriteDecimal(d.FullReinits)
                            .Write(",\"simulated\":").Write(s.SimulatedChip ? "true" : "false").Write("},");
                    }
                    w.Write("\"interface\":{\"framesIn\":").WriteDecimal(iface.FramesReceived).Write(",\"framesAccepted\":").WriteDecimal(iface.FramesAccepted)
                        .Write(",\"framesOut\":").WriteDecimal(iface.FramesTransmitted).Write(",\"dropped\":").WriteDecimal(iface.DroppedTotal)
                        .Write(",\"echoReplies\":").WriteDecimal(iface.EchoRepliesSent)
                        .Write(",\"reassemblyTimeouts\":").WriteDecimal(iface.ReassemblyTimeouts).Write(",\"reassemblyTakeovers\":").WriteDecimal(iface.ReassemblyTakeovers).Write("},");
                    TcpCounters t = s.Tcp.Counters;
                    w.Write("\"tcp\":{\"segmentsIn\":").WriteDecimal(t.SegmentsIn).Write(",\"segmentsOut\":").WriteDecimal(t.SegmentsOut)
                        .Write(",\"retransmits\":").WriteDecimal(t.Retransmits).Write(",\"accepted\":").WriteDecimal(t.ConnectionsAccepted)
                        .Write(",\"rstIn\":").WriteDecimal(t.RstIn).Write(",\"rstOut\":").WriteDecimal(t.RstOut)
                        .Write(",\"dropped\":").WriteDecimal(t.TotalDrops)
                        .Write(",\"cookiesSent\":").WriteDecimal(t.CookiesSent).Write(",\"cookiesValidated\":").WriteDecimal(t.CookiesValidated)
                        .Write(",\"timeWaitReclaimed\":").WriteDecimal(t.TimeWaitReclaimed).Write(",\"finWait2Reclaimed\":").WriteDecimal(t.FinWait2Reclaimed)
                        .Write(",\"halfOpenRecycled\":").WriteDecimal(t.HalfOpenRecycled).Write(",\"abortsOnData\":").WriteDecimal(t.AbortsOnData).Write("},");
                    HttpServerCounters h = s.Http.Counters;
                    w.Write("\"http\":{\"requests\":").WriteDecimal(h.Requests).Write(",\"responses2xx\":").WriteDecimal(h.Responses2xx)
                        .Write(",\"responses4xx\":").WriteDecimal(h.Responses4xx).Write(",\"responses5xx\":").WriteDecimal(h.Responses5xx)
                        .Write(",\"idleClosedForWaiting\":").WriteDecimal(h.IdleClosedForWaiting).Write(",\"keepAliveEndedForWaiting\":").WriteDecimal(h.KeepAliveEndedForWaiting)
                        .Write(",\"headerTimeouts\":").WriteDecimal(h.HeaderTimeouts).Write(",\"idleTimeouts\":").WriteDecimal(h.IdleTimeouts)
                        .Write(",\"bytesSent\":").WriteDecimal(h.BytesSent).Write("}}");

                    break;
                }
                case 2:
                {
                    w.Write(",\"samples\":");
                    s.Samples.WriteJson(w);
                    w.Write(",\"tcpSlots\":{\"inUse\":").WriteDecimal(s.Tcp.SlotsInUse).Write(",\"total\":").WriteDecimal(s.Tcp.SlotCount).Write("}");
                    w.Write(",\"connections\":[");
                    bool first = true;
                    for (int i = 0; i < s.Tcp.SlotCount; i++)
                    {
                        TcpSocket c = s.Tcp.Slot(i);
                        if (c.State == TcpState.Closed) continue;
                        if (!first) w.WriteByte((byte)',');
                        first = false;
                        w.Write("{\"localPort\":").WriteDecimal(c.LocalPort).Write(",\"remote\":\"").WriteIpv4(c.RemoteAddress).WriteByte((byte)':')
                            .WriteDecimal(c.RemotePort).Write("\",\"state\":\"").Write(BoardStatus.StateName(c.State)).Write("\"}");
                    }
                    break;
                }
                case 3:
                {
                    w.Write("],\"arp\":[");
                    bool first = true;
                    int arp = iface.ArpEntryCount(nowMs);
                    for (int i = 0; i < arp; i++)
                    {
                        uint address;
                        long age;
                        if (!iface.GetArpEntry(i, nowMs, out address, s.MacScratch, 0, out age)) break;
                        if (!first) w.WriteByte((byte)',');
                        first = false;
                        w.Write("{\"address\":\"").WriteIpv4(address).Write("\",\"mac\":\"").WriteMac(s.MacScratch, 0)
                            .Write("\",\"ageMs\":").WriteDecimal(age).Write("}");
                    }
                    w.Write("]}\n");
                    break;
                }
            }
        }
    }
}
