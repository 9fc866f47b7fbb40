namespace NanoStack.Firmware
{
    /// <summary>
    /// The ONE place board-specific values live: pins, SPI bus and clock, addresses, table sizes. The real board
    /// uses <see cref="Default"/>; the virtual board starts from it and overrides the knobs its command line sets.
    /// Wiring: hardware/README.md.
    /// </summary>
    public class BoardConfig
    {
        public const string Version = "0.6.0";

        // ESP32 pins (GPIO numbers) of the common ENC28J60 module wiring.
        public int SpiBus = 1;            // managed "SPI1" = ESP-IDF SPI2_HOST (HSPI)
        public int PinMosi = 23;
        public int PinMiso = 19;
        public int PinSck = 18;
        public int PinCs = 5;
        public int PinInt = 4;            // ENC28J60 INT, active low
        public int PinLed = 2;            // on-board LED of most ESP32 DevKits
        // ENC28J60 RESET is optional and not driven (the driver resets by the SRC instruction); if wired, GPIO 27
        // (free, not a strapping pin), as hardware/README.md says. GPIO 2 is the LED.
        /// <summary>SCK in Hz: at most 20 MHz (DS p.1), at least 8 MHz on B1/B4 silicon (errata #1); 10 MHz is safe on jumper wires and keeps up with the wire (1.2 ms per full frame).</summary>
        public int SpiClockHz = 10000000;

        /// <summary>Locally administered unicast MAC (02:...), a board would derive it from the ESP32 eFuse MAC.</summary>
        public byte[] Mac = new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x00, 0x02 };

        /// <summary>
        /// True (the real board): the address comes from DHCP (RFC 2131) and Address/Netmask/Gateway below are only
        /// the fallback used when no server answers within about a minute. False: they are the static configuration
        /// from the start (the virtual board's default, so it is up at once for the README's first command).
        /// </summary>
        public bool UseDhcp = true;

        /// <summary>DHCP host name (option 12) and mDNS name: "nanostack" answers as nanostack.local (RFC 6762).</summary>
        public string HostName = "nanostack";

        // Static IPv4 configuration, or the DHCP fallback: 192.0.2.2/24 via 192.0.2.1 (RFC 5737 TEST-NET-1).
        public uint Address = 0xC0000202;
        public uint Netmask = 0xFFFFFF00;
        public uint Gateway = 0xC0000201;

        public ushort HttpPort = 80;

        /// <summary>
        /// UDP sockets for DHCP, DNS and mDNS (issue 17): each of these services parses its datagrams in place during
        /// receive (IUdpReceiver), so their sockets need no queue: an object each, no buffer.
        /// </summary>
        public int UdpDirectSockets = 3;

        /// <summary>
        /// UDP sockets with a receive queue, for the application's own use (NetworkStack.OpenUdp): none by default.
        /// Each costs its queue (UdpQueueBytes, UdpQueueDatagrams records) plus the socket, about 1.7 KB of device heap.
        /// </summary>
        public int UdpSockets;
        public int UdpQueueBytes = 1472;
        public int UdpQueueDatagrams = 2;

        /// <summary>Frames parked while ARP resolves their next hop (newest wins): one is enough for a board that answers
        /// one new neighbour at a time; TCP retransmits whatever a second one displaces. The slot holds 128 bytes, not
        /// a full frame (1,514): what waits for ARP on a board is almost always small (an echo reply to a default ping,
        /// a SYN-ACK, an ACK, a DNS query); a larger frame is not parked and TCP retransmits it once the neighbour
        /// answers. 1,380 bytes of device heap less.</summary>
        public int ArpPendingFrames = 1;
        public int ArpPendingFrameBytes = 128;

        /// <summary>Largest reassembled datagram payload: one Ethernet datagram's (1480, StackConfig.DefaultReassemblyBytes),
        /// so a full-size datagram fragmented by a smaller-MTU path reaches the board (RFC 1122 §3.3.2). `ping -s 3000`
        /// needs 4096 here (2.6 KB more device heap).</summary>
        public int ReassemblyBytes = StackConfig.DefaultReassemblyBytes;

        /// <summary>Room for small response bodies (LED state, error text; the status page and /api/status are rendered
        /// section by section into the TCP send buffer). The HTTP server's one work buffer is this plus
        /// HttpServer.HeadReserve (256 B): requests are parsed from it, /bytes/N and the assets stream through it.</summary>
        public int HttpResponseBytes = 384;

        /// <summary>TCP connection table; the HTTP server keeps one slot free for a newcomer (idle eviction).</summary>
        public int TcpConnections = 4;
        public int TcpBufferSize = 2048;

        /// <summary>TCP listeners: the HTTP server's one, plus any the application opens itself (each 0.15 KB of device
        /// heap; the client side needs none). StackConfig's default of 2 would keep one idle.</summary>
        public int TcpListeners = 1;

        /// <summary>Tasks the application adds to the stack's scheduler (NetworkStack.AddTask) beside the board's own:
        /// DHCP, DNS and mDNS (with UseDhcp) and the HTTP server. Each table entry is a 12-byte heap block.</summary>
        public int AppTasks = 0;

        /// <summary>Longest the loop sleeps without an INT edge (driver watchdog / link checks still run).</summary>
        public int MaxSleepMs = 100;

        /// <summary>Full duplex needs the same strap on the PHY (PHCON1.PDPXMD); half duplex is the chip default.</summary>
        public bool FullDuplex = false;

        /// <summary>True when the ENC28J60 is the host chip model (the virtual board): the status page then names the
        /// faults the model injects (late collisions of erratum #13) as such.</summary>
        public bool SimulatedChip = false;

        /// <summary>One console line per HTTP request (client, method, path, status, bytes, ms). Off on the device by
        /// default (each line is a string and a serial write); the virtual board turns it on.</summary>
        public bool AccessLog = false;

        /// <summary>
        /// On-board packet capture (/capture.pcap): bytes of the ring that keeps the last frames, both directions, as
        /// pcap records (16-byte header each). 0 (the device default) allocates nothing and /capture.pcap answers 404;
        /// the virtual board sets 16 KiB. At most <see cref="CaptureRecords"/> frames are kept, each cut to
        /// <see cref="CaptureSnapLength"/> bytes (headers up to TCP + 200 bytes; a ping is whole). Those two are
        /// constants so that a board with capture off pays only this field.
        /// </summary>
        public int CaptureBytes = 0;
        public const int CaptureRecords = 256;
        public const int CaptureSnapLength = 256;

        /// <summary>
        /// The client demo (issue 15): at boot and every <see cref="ClientDemoIntervalMs"/> it resolves the URL's host
        /// through DNS (the DHCP-given server), GETs it and prints status, body length and CRC-32; sends a datagram to
        /// the UDP target and waits for the reply; pings the gateway. Constants, so a board with the demo off pays no
        /// heap for them (it takes one more UDP socket and TCP slot, a 512-byte HTTP buffer and a thread when on).
        /// </summary>
        public const bool ClientDemo = false;
        public const string ClientDemoUrl = "http://example.lan/";
        public const string ClientDemoUdpHost = "example.lan";
        public const int ClientDemoUdpPort = 7;
        public const int ClientDemoIntervalMs = 60000;

        /// <summary>Seed for ISNs, ephemeral ports, IP IDs; a real board mixes in hardware randomness.</summary>
        public uint RandomSeed = 0x6E616E6F;

        public static BoardConfig Default()
        {
            return new BoardConfig();
        }
    }
}
