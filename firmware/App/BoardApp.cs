using NanoStack.Drivers.Enc28j60;
using NanoStack.Http;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets.Dhcp;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The application without the hardware: stack + TCP + HTTP server + routes on a given link device. One
    /// <see cref="Step"/> does one round of the cooperative loop and says when the next one is due. Program wires
    /// it to the ESP32 (or its stand-ins); a bench can put it straight on a host link.
    /// </summary>
    public sealed class BoardApp : IDhcpObserver
    {
        // The BoardConfig values the banner and the "ready" line print that nothing else holds, copied: the config
        // object (some 30 fields, a 12-byte heap block each on the device, and its MAC array) is not kept alive after
        // start-up (issue 17). The HTTP port and the TCP slot count are read from the server and the TCP stack.
        private readonly string _hostName;
        private readonly uint _address;
        private readonly uint _netmask;
        private readonly uint _gateway;
        private readonly ILinkDevice _link;
        private readonly Enc28j60Driver _driver;
        private readonly NetworkStack _stack;
        private readonly TcpStack _tcp;
        private readonly HttpServer _http;
        private readonly LanServices _lan;
        private readonly BoardStatus _status = new BoardStatus();
        private bool _linkWasUp;
        private int _lastReinits;
        private int _lastChipResets;
        private long _lastEvicted;
        private long _lastEvictionReportMs = long.MinValue / 2;

        /// <summary>
        /// Builds the whole application on <paramref name="link"/>. When the link is the ENC28J60 driver, its counters
        /// go on the status page; its upkeep runs from the stack's scheduler (<see cref="ILinkUpkeep"/>), so the device
        /// is handed over once.
        /// </summary>
        public BoardApp(BoardConfig config, ILinkDevice link, ILed led, long nowMs)
        {
            Enc28j60Driver driver = link as Enc28j60Driver;
            _hostName = config.HostName;
            _address = config.Address;
            _netmask = config.Netmask;
            _gateway = config.Gateway;
            _driver = driver;
            if (config.CaptureBytes > 0)
            {
                // On-board capture (/capture.pcap): every frame passes through the ring on its way to or from the link.
                link = new BoardCapture(link, new CaptureRing(config.CaptureBytes, BoardConfig.CaptureRecords, BoardConfig.CaptureSnapLength));
            }
            _link = link;

            StackConfig sc = new StackConfig();
            sc.MacAddress = config.Mac;
            // With DHCP the interface starts unconfigured (address 0): the client configures it from the lease, or
            // from the fallback below. The tables hold what LanServices needs (3 queue-less UDP sockets from BoardConfig:
            // DHCP, DNS, mDNS; 1 multicast group: 224.0.0.251; 3 tasks), checked by LanServices.Start.
            sc.Address = config.UseDhcp ? 0 : config.Address;
            sc.Netmask = config.UseDhcp ? 0 : config.Netmask;
            sc.Gateway = config.UseDhcp ? 0 : config.Gateway;
            sc.RandomSeed = config.RandomSeed;
            sc.UdpSockets = config.UdpSockets;
            sc.UdpDirectSockets = config.UdpDirectSockets;
            sc.UdpReceiveQueueBytes = config.UdpQueueBytes;
            sc.UdpReceiveQueueDatagrams = config.UdpQueueDatagrams;
            sc.ReassemblyBufferBytes = config.ReassemblyBytes;
            sc.ArpPendingFrames = config.ArpPendingFrames;
            sc.ArpPendingFrameBytes = config.ArpPendingFrameBytes;
            // The scheduler's table: the HTTP server, DHCP/DNS/mDNS when the lease is ours to get, the app's own.
            sc.MaxTasks = 1 + (config.UseDhcp ? 3 : 0) + config.AppTasks;
            sc.Validate();
            _stack = new NetworkStack(link, sc);

            TcpConfig tc = new TcpConfig();
            tc.MaxConnections = config.TcpConnections;
            tc.MaxListeners = config.TcpListeners;
            tc.ReceiveBufferSize = config.TcpBufferSize;
            tc.SendBufferSize = config.TcpBufferSize;
            _tcp = new TcpStack(tc, config.RandomSeed ^ 0x9E3779B9);
            _stack.Register(_tcp);

            HttpServerConfig hc = new HttpServerConfig();
            hc.Port = config.HttpPort;
            // One TCP slot stays out of the server's reach: a newcomer completes its handshake there and waits in the
            // listener, which tells the server that someone waits (slots then turn over; nobody is reset).
            hc.MaxClients = config.TcpConnections > 1 ? config.TcpConnections - 1 : 1;
            // The status page and /api/status go section by section straight into the TCP send buffer; the response
            // buffer only holds small bodies (LED state, error text).
            hc.ResponseBufferSize = config.HttpResponseBytes;
            // The routes' only request body is the LED command ("on", "off", "toggle"): a longer body gets 413.
            hc.MaxBody = 64;
            hc.MaxSectionBytes = config.TcpBufferSize;
            TcpListener listener = _tcp.Listen(config.HttpPort);
            if (listener == null) throw new System.InvalidOperationException("no free TCP listener");
            _http = new HttpServer(hc, new TcpHttpAcceptor(listener, hc.MaxClients), new DemoRoutes(_status));
            if (config.AccessLog) _http.AccessLog = new ConsoleAccessLog();

            if (config.UseDhcp)
            {
                // DHCP with the static fallback, DNS from the lease, and mDNS: HostName.local plus the web server
                // as DNS-SD _http._tcp on HttpPort.
                _lan = LanServices.Start(_stack, config.Mac, config.HostName, config.Address, config.Netmask, config.Gateway,
                    config.HttpPort, config.RandomSeed ^ 0x5BD1E995, this);
                // mDNS joins 224.0.0.251; the interface passes its MAC 01:00:5e:00:00:fb to the ENC28J60's hash
                // filter itself (IMulticastFilter), so nothing driver-specific is needed here.
            }

            // The server is one of the stack's tasks: NetworkStack.Poll steps it after the protocols and the LAN
            // services and sends what it queued in the same round.
            _stack.AddTask(_http);

            _status.SimulatedChip = config.SimulatedChip;
            _status.Stack = _stack;
            _status.Tcp = _tcp;
            _status.Driver = driver;
            _status.Http = _http;
            _status.Lan = _lan;
            _status.Led = led;
            _status.BootMs = nowMs;
            _status.StaticBytes = StaticBytes;
            _linkWasUp = false;
        }

        public NetworkStack Stack { get { return _stack; } }
        public TcpStack Tcp { get { return _tcp; } }
        public HttpServer Http { get { return _http; } }
        public BoardStatus Status { get { return _status; } }
        /// <summary>DHCP, DNS and mDNS; null when the board runs with the static configuration.</summary>
        public LanServices Lan { get { return _lan; } }

        /// <summary>Bytes of buffers allocated at start-up: stack, TCP, HTTP server, DHCP/DNS/mDNS and driver.</summary>
        public int StaticBytes
        {
            get { return _stack.StaticBytes + _tcp.StaticBytes + _http.StaticBytes + LanBytes + (_driver == null ? 0 : _driver.StaticBytes) + CaptureBytes; }
        }

        /// <summary>The capture ring (BoardConfig.CaptureBytes), or null when capture is off.</summary>
        public CaptureRing Capture
        {
            get { BoardCapture c = _link as BoardCapture; return c == null ? null : c.Ring; }
        }

        private int CaptureBytes { get { CaptureRing c = Capture; return c == null ? 0 : c.StaticBytes; } }

        private int LanBytes { get { return _lan == null ? 0 : _lan.StaticBytes; } }

        /// <summary>Records the start-up heap (IHeapMeter) for the banner, the status page and /api/status.</summary>
        public void SetHeap(int bytes, string source)
        {
            _status.HeapBytes = bytes;
            _status.HeapSource = source;
        }

        /// <summary>IDhcpObserver: one console line per DHCP state change, with the address once there is one.</summary>
        public void OnDhcpStateChanged(DhcpClient client, DhcpState previous, long nowMs)
        {
            AsciiWriter w = new AsciiWriter();
            byte[] line = new byte[160];
            w.Attach(line, 0, line.Length);
            w.Write("[dhcp] ").Write(BoardStatus.DhcpStateName(previous)).Write(" -> ").Write(BoardStatus.DhcpStateName(client.State));
            if (client.State == DhcpState.Bound || client.State == DhcpState.Fallback)
            {
                w.Write(": ").WriteIpv4(client.Address).WriteByte((byte)'/').WriteDecimal(StatusPage.PrefixLength(client.Netmask))
                    .Write(" gateway ").WriteIpv4(client.Gateway);
                if (client.State == DhcpState.Bound)
                {
                    long left = _status.LeaseRemainingMs(nowMs);
                    w.Write(", lease ");
                    if (left == long.MaxValue) w.Write("infinite"); else w.WriteDecimal(left / 1000).Write(" s");
                    w.Write(" from ").WriteIpv4(client.ServerId);
                }
                else
                {
                    w.Write(" (static fallback: no DHCP server answered)");
                }
            }
            Print(w);
            if (client.State == DhcpState.Bound || client.State == DhcpState.Fallback)
            {
                w.Attach(line, 0, line.Length);
                w.Write("ready: http://").WriteIpv4(client.Address).Write("/ and http://").Write(_hostName).Write(".local/");
                Print(w);
            }
        }

        /// <summary>One round: the stack's scheduler (driver upkeep, frames, timers, DHCP/DNS/mDNS, HTTP), then the
        /// board's own reporting. Returns the next deadline (ms).</summary>
        public long Step(long nowMs)
        {
            CaptureRing capture = Capture;
            if (capture != null) capture.Tick(nowMs);
            long next = _stack.Poll(nowMs);
            ReportEvents(nowMs);
            if (_status.Samples.IsDue(nowMs))
            {
                // Once a second: the RTT scan over the TCP slots is not worth doing on every round of the loop.
                Interface iface = _stack.Interface;
                _status.Samples.Tick(nowMs, (long)iface.FramesReceived + iface.FramesTransmitted, _http.Counters.BytesSent, LargestRttMs());
            }
            return next;
        }

        /// <summary>The largest smoothed RTT among established connections (0 when there is none).</summary>
        private int LargestRttMs()
        {
            int rtt = 0;
            for (int i = 0; i < _tcp.SlotCount; i++)
            {
                TcpSocket c = _tcp.Slot(i);
                if (c.State == TcpState.Established && c.SmoothedRttMs > rtt) rtt = c.SmoothedRttMs;
            }
            return rtt;
        }

        private void ReportEvents(long nowMs)
        {
            bool up = _link.IsLinkUp;
            if (up != _linkWasUp)
            {
                _linkWasUp = up;
                System.Console.WriteLine(up ? "[link] up" : "[link] down");
            }
            if (_driver != null)
            {
                Enc28j60Counters c = _driver.Counters;
                if (c.ChipResetsDetected != _lastChipResets)
                {
                    _lastChipResets = c.ChipResetsDetected;
                    System.Console.WriteLine("[enc28j60] chip reset detected");
                }
                if (c.FullReinits != _lastReinits)
                {
                    _lastReinits = c.FullReinits;
                    System.Console.WriteLine("[enc28j60] reinitialised by the watchdog");
                }
            }
            // Under load these come by the hundred: one line per second at most.
            long evicted = _http.Counters.IdleClosedForWaiting;
            if (evicted != _lastEvicted && nowMs - _lastEvictionReportMs >= 1000)
            {
                System.Console.WriteLine("[http] closed " + (evicted - _lastEvicted).ToString() + " idle connection(s) for waiting clients");
                _lastEvicted = evicted;
                _lastEvictionReportMs = nowMs;
            }
        }

        /// <summary>The boot banner: version, MAC, chip revision, static RAM, IP configuration.</summary>
        public void PrintBanner()
        {
            AsciiWriter w = new AsciiWriter();
            byte[] line = new byte[160];
            System.Console.WriteLine("nanoStack firmware " + BoardConfig.Version);
            w.Attach(line, 0, line.Length);
            w.Write("  MAC        ");
            _status.WriteOwnMac(w);
            Print(w);
            w.Attach(line, 0, line.Length);
            w.Write("  ENC28J60   rev ").Write(_status.ChipRevision);
            Print(w);
            w.Attach(line, 0, line.Length);
            if (_status.HeapBytes > 0)
            {
                w.Write("  heap       ").WriteDecimal(_status.HeapBytes).Write(" bytes (").Write(_status.HeapSource).Write(")");
                Print(w);
                w.Attach(line, 0, line.Length);
            }
            w.Write("  static RAM ").WriteDecimal(StaticBytes).Write(" bytes (stack ").WriteDecimal(_stack.StaticBytes).Write(", tcp ")
                .WriteDecimal(_tcp.StaticBytes).Write(", http ").WriteDecimal(_http.StaticBytes).Write(", dhcp/dns/mdns ")
                .WriteDecimal(LanBytes).Write(", driver ").WriteDecimal(_driver == null ? 0 : _driver.StaticBytes);
            if (CaptureBytes > 0) w.Write(", capture ").WriteDecimal(CaptureBytes);
            w.Write(")");
            Print(w);
            w.Attach(line, 0, line.Length);
            if (_lan != null)
            {
                w.Write("  IPv4       DHCP, fallback ").WriteIpv4(_address).WriteByte((byte)'/').WriteDecimal(StatusPage.PrefixLength(_netmask))
                    .Write(" gateway ").WriteIpv4(_gateway).Write(" when no server answers");
                Print(w);
                w.Attach(line, 0, line.Length);
                w.Write("  mDNS       ").Write(_hostName).Write(".local, _http._tcp port ").WriteDecimal(_http.Config.Port);
            }
            else
            {
                w.Write("  IPv4       ").WriteIpv4(_address).WriteByte((byte)'/').WriteDecimal(StatusPage.PrefixLength(_netmask))
                    .Write(" gateway ").WriteIpv4(_gateway).Write(" (static)");
            }
            Print(w);
            w.Attach(line, 0, line.Length);
            w.Write("  HTTP       port ").WriteDecimal(_http.Config.Port).Write(", ").WriteDecimal(_http.Config.MaxClients).Write(" clients, ")
                .WriteDecimal(_tcp.SlotCount).Write(" TCP slots");
            Print(w);
            if (Capture != null)
            {
                w.Attach(line, 0, line.Length);
                w.Write("  capture    last ").WriteDecimal(Capture.MaxRecords).Write(" frames in ").WriteDecimal(Capture.CapacityBytes)
                    .Write(" bytes, ").WriteDecimal(Capture.SnapLength).Write(" bytes each at most: /capture.pcap");
                Print(w);
            }
        }

        private static void Print(AsciiWriter w)
        {
            char[] c = new char[w.Length];
            for (int i = 0; i < c.Length; i++) c[i] = (char)w.Buffer[w.Start + i];
            System.Console.WriteLine(new string(c));
        }
    }
}
