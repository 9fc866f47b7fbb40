namespace NanoStack
{
    /// <summary>
    /// Every table and buffer size of the stack, fixed at start-up (nothing grows later). The defaults suit an
    /// ESP32 without PSRAM (about 50-80 KB of managed heap for everything); <see cref="NetworkStack.StaticBytes"/>
    /// reports what a configuration costs. Addresses are host-order uints, times are milliseconds.
    /// </summary>
    public class StackConfig
    {
        /// <summary>Our Ethernet address (6 bytes). Required.</summary>
        public byte[] MacAddress;

        /// <summary>Static IPv4 configuration; 0 = unconfigured (DHCP will call Interface.Configure).</summary>
        public uint Address;
        public uint Netmask;
        public uint Gateway;

        /// <summary>Seed for ephemeral ports and IP identifications (the platform supplies entropy).</summary>
        public uint RandomSeed = 1;

        /// <summary>IP MTU of the link (RFC 894: 1500 on Ethernet). Datagrams above it are fragmented.</summary>
        public int Mtu = 1500;

        /// <summary>TTL of the datagrams we originate (RFC 1700 recommends 64).</summary>
        public byte DefaultTtl = 64;

        /// <summary>Received frames handled per Poll before timers and tasks get their turn.</summary>
        public int MaxFramesPerPoll = 16;

        /// <summary>ARP cache size (entries).</summary>
        public int ArpCacheEntries = 8;

        /// <summary>How long a resolved entry is used without being confirmed again.</summary>
        public int ArpEntryLifetimeMs = 60000;

        /// <summary>
        /// Within this time before expiry, use of an entry triggers unicast polls (RFC 1122 §2.3.2.1); ArpMaxRequests
        /// unanswered polls send it back to broadcast resolution. Every ARP packet and every IPv4 datagram from the
        /// cached MAC renews the lifetime, so the default (lifetime - 5 s) polls a neighbour used but not heard from
        /// for 5 s: a wrong MAC (ARP has no checksum) is corrected within about 9 s.
        /// </summary>
        public int ArpRefreshBeforeMs = 55000;

        /// <summary>Minimum interval between ARP requests for the same address (RFC 1122 §2.3.2.1: at most 1/s).</summary>
        public int ArpRequestIntervalMs = 1000;

        /// <summary>Requests sent for an unresolved address before its pending packet is dropped (1..31).</summary>
        public int ArpMaxRequests = 3;

        /// <summary>Frames that may wait for ARP resolution at once (one per entry, newest wins), each MTU+14 bytes.</summary>
        public int ArpPendingFrames = 2;

        /// <summary>
        /// Size of each parked-frame slot; 0 = a full frame (Mtu + 14). A smaller slot parks what an ARP miss usually
        /// holds up (an echo reply to a default ping, a TCP SYN, SYN-ACK or ACK, a DNS query: all under 128 bytes)
        /// for a tenth of the heap; a larger frame is dropped like a miss with no slot (<c>TxArpQueueFull</c>, the
        /// request still goes out) and its sender's own retransmission (TCP's) delivers it once resolved. 60..Mtu+14.
        /// </summary>
        public int ArpPendingFrameBytes;

        /// <summary>
        /// Reassembly buffer: the largest reassembled datagram payload accepted. The default, 1480, is the payload of
        /// a full 1500-byte Ethernet datagram, so a datagram that a smaller-MTU path fragmented on its way is put back
        /// together (RFC 1122 §3.3.2 asks for EMTU_R of at least 576; we take one Ethernet MTU). Larger datagrams
        /// (`ping -s 3000`, 3000-byte UDP) need a larger buffer by configuration: every byte here is device heap that
        /// sits idle unless someone sends fragmented datagrams, which this stack never needs for its own protocols.
        /// Bigger ones are dropped and counted (<c>DropReason.FragmentTooBig</c>).
        /// </summary>
        public int ReassemblyBufferBytes = DefaultReassemblyBytes;

        /// <summary>Payload of a 1500-byte datagram: 1500 - 20 (IPv4 header without options).</summary>
        public const int DefaultReassemblyBytes = 1480;

        /// <summary>A partly reassembled datagram is discarded this long after its first fragment (RFC 791 suggests 15 s).</summary>
        public int ReassemblyTimeoutMs = 15000;

        /// <summary>
        /// A partial datagram that received no fragment for this long gives the buffer up to a fragment of another
        /// datagram (a flood of fragments that never complete cannot hold it for the whole timeout).
        /// </summary>
        public int ReassemblyStaleMs = 100;

        /// <summary>Answer echo requests sent to a broadcast or multicast address (RFC 1122 §3.2.2.6 allows silence).</summary>
        public bool ReplyToBroadcastPing;

        /// <summary>Minimum interval between ICMP error messages (RFC 1812 §4.3.2.8 rate limiting).</summary>
        public int IcmpErrorIntervalMs = 100;

        /// <summary>Multicast groups the interface can join besides 224.0.0.1.</summary>
        public int MulticastGroups = 4;

        /// <summary>UDP sockets with a receive queue (<c>NetworkStack.OpenUdp</c>), for applications.</summary>
        public int UdpSockets = 4;

        /// <summary>
        /// UDP sockets without a queue, for receivers that parse datagrams in place (<c>NetworkStack.OpenDirectUdp</c>,
        /// <see cref="NanoStack.Sockets.IUdpReceiver"/>): the stack's DHCP client, DNS client and mDNS responder take
        /// one each (from the queued sockets when none of these is left). A socket object and no buffer: about
        /// 200 bytes of device heap where a queued socket of the firmware costs 1.7 KB. The firmware uses 3.
        /// </summary>
        public int UdpDirectSockets;

        /// <summary>Receive queue of each UDP socket: payload bytes and datagram count.</summary>
        public int UdpReceiveQueueBytes = 2048;
        public int UdpReceiveQueueDatagrams = 4;

        /// <summary>
        /// Transport protocols the application registers (TCP, the ping client; the stack's own UDP layer has a slot
        /// besides these) and cooperative tasks.
        /// </summary>
        public int MaxProtocols = 2;
        public int MaxTasks = 8;

        /// <summary>
        /// A UDP-only configuration for a small device (no TCP, no HTTP): 2 UDP sockets each queueing one full
        /// datagram (1472 bytes, 2 records), 4 ARP entries with 1 waiting frame, 1 multicast group, no reassembly
        /// (fragmented datagrams are dropped and counted), 2 tasks. About 9 KB of device heap (README, bench heap).
        /// </summary>
        public static StackConfig Minimal()
        {
            StackConfig c = new StackConfig();
            c.ArpCacheEntries = 4;
            c.ArpPendingFrames = 1;
            c.ReassemblyBufferBytes = 0;
            c.MulticastGroups = 1;
            c.UdpSockets = 2;
            c.UdpReceiveQueueBytes = 1472;
            c.UdpReceiveQueueDatagrams = 2;
            c.MaxProtocols = 0;
            c.MaxTasks = 2;
            return c;
        }

        /// <summary>Bytes of each parked-frame slot: <see cref="ArpPendingFrameBytes"/>, or a full frame when 0.</summary>
        public int ArpPendingSlotBytes
        {
            get { return ArpPendingFrameBytes != 0 ? ArpPendingFrameBytes : Mtu + 14; }
        }

        /// <summary>Checks the values once at start-up; throws <see cref="System.ArgumentException"/> on nonsense.</summary>
        public void Validate()
        {
            if (MacAddress == null || MacAddress.Length != 6)
            {
                throw new System.ArgumentException("MacAddress must be 6 bytes");
            }
            if ((MacAddress[0] & 1) != 0)
            {
                throw new System.ArgumentException("MacAddress must be a unicast address");
            }
            if (Mtu < 576 || Mtu > 1500)
            {
                // RFC 791: every host must accept 576-byte datagrams; Ethernet carries at most 1500.
                throw new System.ArgumentException("Mtu must be 576..1500");
            }
            if (ArpCacheEntries < 1 || ArpPendingFrames < 0 || ArpMaxRequests < 1 || ArpRequestIntervalMs < 1
                || ArpEntryLifetimeMs < 1 || ArpRefreshBeforeMs < 0)
            {
                throw new System.ArgumentException("ARP sizes and times must be positive");
            }
            if (ArpMaxRequests > Iface.ArpCache.MaxRequestsLimit)
            {
                // An entry's unanswered requests are counted in five bits of its status byte (ArpCache).
                throw new System.ArgumentException("ArpMaxRequests must be 1..31");
            }
            if (ArpPendingFrameBytes != 0 && (ArpPendingFrameBytes < 60 || ArpPendingFrameBytes > Mtu + 14))
            {
                // 60: the smallest Ethernet frame without FCS (IEEE 802.3 §3.2.8 pads to it).
                throw new System.ArgumentException("ArpPendingFrameBytes must be 0 or 60..Mtu+14");
            }
            if (ReassemblyBufferBytes < 0 || ReassemblyBufferBytes > 65515 || ReassemblyTimeoutMs < 1)
            {
                throw new System.ArgumentException("ReassemblyBufferBytes must be 0..65515");
            }
            if (UdpSockets < 0 || UdpDirectSockets < 0 || UdpReceiveQueueBytes < 1 || UdpReceiveQueueDatagrams < 1 || MulticastGroups < 0
                || MaxProtocols < 0 || MaxTasks < 0 || MaxFramesPerPoll < 1 || IcmpErrorIntervalMs < 0 || DefaultTtl == 0)
            {
                throw new System.ArgumentException("table sizes must be positive");
            }
        }
    }
}
