using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Tools.HeapModel;

/// <summary>
/// The constructions the device heap is quoted for, rebuilt on the host and priced by <see cref="NanoHeap"/>. Each
/// counts what its constructor added to the heap, not the link device or chip built before it (the nanoCLR rows of
/// issue 17 left the two stacks' MemoryLink pair out too).
/// </summary>
public static class HeapScenarios
{
    /// <summary>NetworkStack with the default StackConfig (calibration row 1).</summary>
    public static long NetworkStackDefault(int block)
    {
        var link = new MemoryLink(8);
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        long bytes = heap.Add(NewStack(link, AsMeasuredStackConfig()));
        return bytes + ChangedSinceMeasurement(heap, stackConfigMacShared: false);
    }

    /// <summary>
    /// The StackConfig defaults of the measured commit (2c7c02a), where they have changed since: a knob's default is
    /// configuration, not code, so the calibration sets it back rather than pricing it. Reassembly 4,096 bytes
    /// (1,480 since: one Ethernet datagram).
    /// </summary>
    private static StackConfig AsMeasuredStackConfig()
    {
        var c = new StackConfig();
        c.ReassemblyBufferBytes = 4096;
        return c;
    }

    /// <summary>A TcpStack of 4 connections with 2 KiB rings each way, registered with a stack (calibration row 2).</summary>
    public static long TcpStackFourByTwoKiB(int block)
    {
        var link = new MemoryLink(8);
        NetworkStack stack = NewStack(link, new StackConfig());
        var heap = new NanoHeap(block);
        heap.Exclude(link);
        heap.Exclude(stack);
        var tcp = new TcpStack(new TcpConfig { MaxConnections = 4, ReceiveBufferSize = 2048, SendBufferSize = 2048 }, 7);
        stack.Register(tcp);
        heap.Exclude(Field(tcp, "_cookies")); // the SYN cookie generator came after the measurement (issue 11)
        long bytes = heap.Add(tcp);
        return bytes + ChangedSinceMeasurement(heap, stackConfigMacShared: true);
    }

    /// <summary>The firmware application after its first Step on a host link: default (DHCP, DNS, mDNS, HTTP, 4 TCP)
    /// or static address. <paramref name="asMeasured"/>: with the stack's default UDP, reassembly and ARP tables and the
    /// HTTP library's default buffers, as the board was configured when the nanoCLR rows were measured (calibration
    /// rows 3 and 4; with the changes since priced back, see <see cref="ChangedSinceMeasurement"/>). One code change since is not a knob: the mDNS names are sized by need (1,128 B less at 24-byte
    /// blocks in the DHCP row).</summary>
    public static long BoardApp(int block, bool dhcp, NanoHeap heap = null, bool asMeasured = false)
    {
        var link = new MemoryLink(8);
        heap ??= new NanoHeap(block);
        heap.Exclude(link);
        BoardConfig cfg = BoardConfig.Default();
        cfg.UseDhcp = dhcp;
        if (asMeasured)
        {
            var stackDefaults = AsMeasuredStackConfig();
            cfg.UdpSockets = stackDefaults.UdpSockets;
            cfg.UdpDirectSockets = stackDefaults.UdpDirectSockets;
            cfg.UdpQueueBytes = stackDefaults.UdpReceiveQueueBytes;
            cfg.UdpQueueDatagrams = stackDefaults.UdpReceiveQueueDatagrams;
            cfg.ReassemblyBytes = stackDefaults.ReassemblyBufferBytes;
            cfg.ArpPendingFrames = stackDefaults.ArpPendingFrames;
            cfg.ArpPendingFrameBytes = stackDefaults.ArpPendingFrameBytes;
            // The measured server's response buffer was 512 B of head room + ResponseBufferSize; its one work buffer
            // now has HeadReserve in front instead: sized here to the measured buffer.
            var httpDefaults = new NanoStack.Http.HttpServerConfig();
            cfg.HttpResponseBytes = httpDefaults.ResponseBufferSize + 512 - NanoStack.Http.HttpServer.HeadReserve;
            // The measured board had the stack's default tables: two TCP listeners and eight task entries.
            cfg.TcpListeners = new TcpConfig().MaxListeners;
            cfg.AppTasks = new StackConfig().MaxTasks - (1 + (dhcp ? 3 : 0));
        }

        var app = new BoardApp(cfg, link, new NullLed(), 1000);
        app.Step(1001);
        if (asMeasured) AddedSinceMeasurement(app, heap);
        long bytes = heap.Add(app);
        if (asMeasured && dhcp) bytes += RemovedSinceMeasurement(heap); // the static board runs none of these services
        if (asMeasured) bytes += RemovedHttpBuffers(heap, app.Http.Config.MaxClients);
        if (asMeasured)
        {
            bytes += ChangedSinceMeasurement(heap, stackConfigMacShared: true); // BoardConfig.Mac holds it
            // The BoardConfig BoardApp and BoardStatus kept (with its MAC array); one of its fields, ArpPendingFrameBytes,
            // came later. Since issue 17 the two copy the few values they print.
            bytes += heap.Add(cfg) - heap.BlockBytes;
        }
        return bytes;
    }

    /// <summary>
    /// The HTTP server's buffers the measured application had and this one does not, priced as the arrays they were
    /// (defaults of the measured commit): per client a 256-byte receive staging buffer and a 257-byte line buffer (the
    /// server parses requests straight out of the TCP receive buffer since) and a request body of 256 bytes instead of
    /// the firmware's 64; server-wide a 512-byte head buffer and a 1,460-byte streaming buffer (heads, streamed bodies
    /// and sections share the one work buffer since) and the two writers' 20-byte digit buffers.
    /// </summary>
    private static long RemovedHttpBuffers(NanoHeap heap, int clients)
    {
        long bytes = heap.Add(new byte[512]) + heap.Add(new byte[1460]) + heap.Add(new byte[20]) + heap.Add(new byte[20]);
        for (int i = 0; i < clients; i++)
        {
            bytes += heap.Add(new byte[256]) + heap.Add(new byte[257]) + heap.Add(new byte[256]) - NanoHeap.Measure(new byte[64], heap.BlockBytes);
        }
        return bytes;
    }

    /// <summary>
    /// Parts the measured application had and this one does not: the receive copies of the DHCP client (576 bytes),
    /// the DNS client (512) and the mDNS responder (1,472), gone since those services parse datagrams in place
    /// (IUdpReceiver), and the transmit buffers of the mDNS responder (1,472) and the DHCP client (576), gone since
    /// they build their messages in the interface's transmit buffer. Priced as the arrays they were, so the
    /// calibration still compares like with like.
    /// </summary>
    private static long RemovedSinceMeasurement(NanoHeap heap) =>
        heap.Add(new byte[576]) + heap.Add(new byte[512]) + heap.Add(new byte[1472])
        + heap.Add(new byte[1472]) + heap.Add(new byte[576])
        + heap.Add(new byte[12 + 128 + 4]) // the DNS client's query buffer, shared with its CNAME scratch since issue 17
        + NamesAsArrays(heap, 4, 128) + NamesAsArrays(heap, 2, 128) // DNS cache and query names: an array each then
        + heap.Add(new NanoStack.Sockets.Dns.DnsConfig()) // kept by the DNS client then (it copies three values now)
        + heap.Add(new NanoStack.Sockets.Mdns.MdnsConfig { HostName = "nanostack", ServicePort = 80 }); // and by the mDNS responder

    /// <summary>What <paramref name="count"/> names of <paramref name="bytes"/> cost as an array of arrays (as measured)
    /// beyond the one flat array that holds them now.</summary>
    private static long NamesAsArrays(NanoHeap heap, int count, int bytes)
    {
        var names = new byte[count][];
        for (int i = 0; i < count; i++) names[i] = new byte[bytes];
        return heap.Add(names) - heap.Add(new byte[count * bytes]);
    }

    /// <summary>
    /// Parts added to the application after the nanoCLR rows were measured (commit 2c7c02a), left out so the calibration
    /// prices the graph that was measured: the chart's sample ring, the section renderer's sink (its stage and writer are the work buffer and the
    /// head's writer since), and
    /// the status page/JSON section sources and static assets of the routes (each priced alone: they point back into
    /// the board's status). The fields added to existing classes since (about 35 blocks) stay in.
    /// </summary>
    private static void AddedSinceMeasurement(BoardApp app, NanoHeap heap)
    {
        heap.Exclude(Field(app.Tcp, "_cookies"));
        heap.Exclude(app.Status.Samples);
        heap.Exclude(Field(app.Http, "_sink"));
        object routes = Field(app.Http, "_handler");
        foreach (string name in new[] { "_page", "_json", "_css", "_js" }) heap.ExcludeOnly(Field(routes, name));
    }

    /// <summary>
    /// Instance fields per object that changed since the measured commit: the count then minus the count now. On the
    /// device every field is a heap block, so each is priced back (positive: removed since) or taken out (negative:
    /// added since) per object of the class in the walked graph, and the calibration keeps comparing the object
    /// layout that was measured (issue 17).
    /// </summary>
    private static readonly (string Type, int Fields)[] FieldsSinceMeasurement =
    {
        ("TcpSocket", 9 - 4),   // nine bools then; now one flags int for them (and ReadClosed) and three RACK fields (issue 14)
        ("RtoEstimator", 3 - 1), // floor, ceiling, initial RTO: three ints then, one long now
        ("ReceiveRing", 2 - 1),  // two out-of-order block arrays then, one of pairs now (the second array is priced below)
        ("Interface", 1 - 9 + 4 - 1 + 6), // the StackConfig reference then, the nine values it uses now (the config is priced below);
                                 // its random generator (priced below), UDP table, ephemeral cursor and UDP view went to the
                                 // UDP layer or away, its receive verdict (IIpv4Output.Drop) came; its four ARP timer values
                                 // and two ARP counters went to the ArpCache (issue 12)
        ("ArpCache", 2 - 6 - 1), // State/RefreshDue/Requests in one status array (the two others priced below); the four
                                 // timer values and two counters of the ageing it owns now (issue 12); its next due time
                                 // that lets the poll skip the scan (issue 13)
        ("UdpLayer", -(1 + 4)),  // UDP on the IIpv4Protocol seam: header, output, socket table, UDP view, ephemeral cursor (issue 12)
        ("BoardApp", 1 - 4),     // the BoardConfig reference then, the four values the banner prints now (config priced above)
        ("DnsClient", 1 - 3),    // the DnsConfig reference then, three copied values now (the config is priced with the removed parts)
        ("MdnsResponder", 1 - 7), // the MdnsConfig reference then, seven copied values now (likewise)
        ("UdpSocket", 9 - 1),    // its queue's nine fields then; a reference to a UdpQueue (null when direct) now
        ("UdpQueue", -(1 + 9)),  // that queue object: header and the nine fields, priced above as the socket's
        ("TcpCounters", -8),     // retransmit timeouts, loss probes, RACK, cookie and reclaim counters (issues 11, 14)
        ("TcpListener", -2),     // last cookie / turned-away times (issue 11)
        ("TcpStack", -1),        // the SYN cookie generator (its objects are excluded where it is built)
        ("TcpConfig", -4),       // WorstCaseDelayedAckMs, RackTlp, SynCookies, AckWhenWindowMoves (issue 13)
        ("NetworkStack", -2),    // the device's upkeep (ILinkUpkeep, issue 12's one scheduler) and the UDP layer
        ("DhcpPacket", 6 - 1),   // six Has* option bools then, one bit field now
        ("HttpServer", 3 - 1),   // three per-poll bools then, one state int now
        ("Reassembler", 1),       // its 'active' bool (long.MaxValue in the deadline says it now)
        ("BoardStatus", 2 - 1),  // two MAC scratch arrays then, one now (the second array is priced below)
    };

    /// <summary>
    /// <see cref="FieldsSinceMeasurement"/> priced over the walked graph, plus the objects removed since: each
    /// ReceiveRing's second block array, the random generator each Interface kept, its ArpCache's two arrays folded into
    /// the status array, and the StackConfig each Interface kept (with the three fields it has gained
    /// since taken out; with its MAC array when nothing else holds that array, as in the bare NetworkStack row).
    /// </summary>
    private static long ChangedSinceMeasurement(NanoHeap heap, bool stackConfigMacShared)
    {
        long bytes = 0;
        foreach (var (type, fields) in FieldsSinceMeasurement) bytes += (long)fields * heap.CountOf(type) * heap.BlockBytes;
        int rings = heap.CountOf("ReceiveRing");
        int interfaces = heap.CountOf("Interface");
        int gaps = new TcpConfig().MaxReceiveGaps;
        for (int i = 0; i < rings; i++) bytes += heap.Add(new int[gaps]);
        for (int i = 0; i < heap.CountOf("BoardStatus"); i++) bytes += heap.Add(new byte[6]);
        for (int i = 0; i < interfaces; i++)
        {
            var measured = new StackConfig();
            if (!stackConfigMacShared) measured.MacAddress = new byte[6];
            bytes += heap.Add(measured) - 3L * heap.BlockBytes; // ArpPendingFrameBytes, ReassemblyStaleMs, UdpDirectSockets came later
            bytes += heap.Add(new NanoStack.Util.XorShift32(1)); // the interface's random generator, kept then (issue 12: a local now)
            int arpEntries = new StackConfig().ArpCacheEntries; // every calibrated row runs the default cache
            bytes += heap.Add(new bool[arpEntries]) + heap.Add(new int[arpEntries]); // ArpCache's RefreshDue and Requests arrays
        }

        return bytes;
    }

    private static object Field(object o, string name) =>
        o.GetType().GetField(name, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.GetValue(o)
        ?? throw new System.InvalidOperationException(o.GetType().Name + "." + name + " not found: update HeapScenarios.AddedSinceMeasurement");

    /// <summary>
    /// The default firmware as it boots on the board: the ENC28J60 driver initialised on the chip (model) and the
    /// BoardApp on it, after the first Step. The chip and its SPI bus are hardware, not heap. <paramref name="captureBytes"/>:
    /// BoardConfig.CaptureBytes (0 = off, the default).
    /// </summary>
    public static long DefaultFirmware(int block, NanoHeap heap = null, int captureBytes = 0)
    {
        var chip = new Enc28j60Chip();
        var bus = new ChipBus(chip);
        heap ??= new NanoHeap(block);
        heap.Exclude(chip);
        heap.Exclude(bus);
        BoardConfig cfg = BoardConfig.Default();
        cfg.CaptureBytes = captureBytes;
        var driver = new Enc28j60Driver(bus, bus, new Enc28j60Options { InterruptMode = true, SpiClockHz = cfg.SpiClockHz });
        driver.Initialize(cfg.Mac);
        var app = new BoardApp(cfg, driver, new NullLed(), 1000);
        app.Step(1001);
        return heap.Add(app);
    }

    /// <summary>A UDP-only stack (no TCP, no HTTP) with <see cref="StackConfig.Minimal"/>: what an app that only
    /// sends and receives datagrams pays.</summary>
    public static long MinimalUdp(int block, NanoHeap heap = null)
    {
        var link = new MemoryLink(8);
        heap ??= new NanoHeap(block);
        heap.Exclude(link);
        return heap.Add(NewStack(link, StackConfig.Minimal()));
    }

    private static NetworkStack NewStack(MemoryLink link, StackConfig c)
    {
        c.MacAddress = new byte[] { 0x02, 0, 0x5e, 0, 0, 2 };
        c.Address = 0xC0000202;
        c.Netmask = 0xFFFFFF00;
        return new NetworkStack(link, c);
    }

    private sealed class NullLed : ILed
    {
        public bool IsOn => false;
        public void Set(bool on) { }
        public void Toggle() { }
    }

    /// <summary>The chip model on the driver's SPI seam, in the chip's virtual time.</summary>
    private sealed class ChipBus : ISpiTransport, IDriverClock
    {
        private readonly Enc28j60Chip _chip;
        public ChipBus(Enc28j60Chip chip) => _chip = chip;
        public void Write(byte[] buffer, int offset, int length) => _chip.Transfer(buffer, offset, null, 0, length);
        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length) => _chip.Transfer(write, writeOffset, read, readOffset, length);
        public long NowMicros => _chip.NowMicros;
        public void DelayMicros(int us) => _chip.AdvanceMicros(us);
    }
}
