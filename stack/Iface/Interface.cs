using NanoStack.Phy;
using NanoStack.Util;
using NanoStack.Wire;

namespace NanoStack.Iface
{
    /// <summary>
    /// One Ethernet interface: own MAC and IPv4 configuration, receive dispatch by EtherType and protocol,
    /// ARP, IPv4 validation, reassembly and fragmentation, ICMP echo and errors, and the <see cref="IIpv4Output"/>
    /// through which the transport protocols it dispatches to (<see cref="IIpv4Protocol"/>: TCP, UDP) send. Single-threaded: everything runs
    /// inside <see cref="Poll"/> (or in calls the application makes between polls).
    /// </summary>
    /// <remarks>
    /// The file is split by protocol: Interface.cs (state, poll loop, Ethernet dispatch, configuration),
    /// InterfaceArp.cs (ARP packets; the cache and its ageing are <see cref="ArpCache"/>'s), InterfaceArpTable.cs,
    /// InterfaceIpv4.cs (receive and dispatch to the protocols), InterfaceIpv4Output.cs (the <see cref="IIpv4Output"/>:
    /// routing, transmit, parking behind ARP, fragmentation), InterfaceIcmp.cs. Every receive handler returns a <see cref="DropReason"/> (None = accepted) so that each
    /// frame is counted exactly once.
    /// </remarks>
    public sealed partial class Interface : IIpv4Output
    {
        private readonly ILinkDevice _device;
        // The few StackConfig values used after start-up, copied: the config object itself (some 30 fields, a
        // 12-byte heap block each on the device) is not kept alive by the interface (issue 17).
        private readonly int _mtu;
        private readonly byte _defaultTtl;
        private readonly int _maxFramesPerPoll;
        private readonly bool _replyToBroadcastPing;
        private readonly int _icmpErrorIntervalMs;
        private readonly byte[] _mac = new byte[6];
        private readonly byte[] _groupMac = new byte[6];

        private uint _address;
        private uint _netmask;
        private uint _gateway;
        private bool _linkWasUp;
        private bool _announceDue;

        private readonly uint[] _groups;
        private readonly IIpv4Protocol[] _protocols;
        private int _protocolCount;

        // Views reused for every frame: parsing allocates nothing.
        private readonly EthernetFrame _eth = new EthernetFrame();
        private readonly ArpPacket _arp = new ArpPacket();
        private readonly Ipv4Packet _ip = new Ipv4Packet();
        private readonly Icmpv4Packet _icmp = new Icmpv4Packet();

        private readonly int[] _drops = new int[(int)DropReason.Count];

        /// <summary>Every frame taken from the device.</summary>
        public int FramesReceived;
        /// <summary>Frames handled (answered, delivered, stored for reassembly, or used to update ARP).</summary>
        public int FramesAccepted;
        /// <summary>Frames handed to the device successfully.</summary>
        public int FramesTransmitted;
        /// <summary>Send-side losses: no route, link down, device refused, ARP never answered, no park slot (all taken, or
        /// the frame larger than a slot: <see cref="StackConfig.ArpPendingFrameBytes"/>), too big.</summary>
        public int TxNoRoute;
        public int TxLinkDown;
        public int TxDeviceFailed;
        public int TxArpUnresolved { get { return _arpCache.GivenUp; } }
        public int TxArpQueueFull;
        /// <summary>Resolved entries whose unicast polls went unanswered and were re-resolved by broadcast (RFC 1122 §2.3.2.1).</summary>
        public int ArpStaleEntries { get { return _arpCache.StaleEntries; } }
        public int TxTooBig;
        /// <summary>Datagrams needing fragmentation dropped on an ARP miss (only single-frame datagrams are parked; the request is sent).</summary>
        public int TxFragmentedArpMiss;
        /// <summary>ARP packets seen from another station claiming our configured address (RFC 5227 §2.4).</summary>
        public int AddressConflicts;
        public int EchoRepliesSent;
        public int IcmpErrorsSent;
        public int IcmpErrorsRateLimited;

        public Interface(ILinkDevice device, StackConfig config)
        {
            if (device == null || config == null)
            {
                throw new System.ArgumentException("device and config are required");
            }
            config.Validate();
            _device = device;
            _mtu = config.Mtu;
            _defaultTtl = config.DefaultTtl;
            _maxFramesPerPoll = config.MaxFramesPerPoll;
            _replyToBroadcastPing = config.ReplyToBroadcastPing;
            _icmpErrorIntervalMs = config.IcmpErrorIntervalMs;
            System.Array.Copy(config.MacAddress, 0, _mac, 0, 6);
            // The first draw of the seed's sequence (the UDP layer's first ephemeral port is the second).
            _ipIdentification = (ushort)new XorShift32(config.RandomSeed).Next();
            _groups = new uint[config.MulticastGroups];
            // One slot more than the application's protocols: the UDP layer NetworkStack registers itself.
            _protocols = new IIpv4Protocol[config.MaxProtocols + 1];
            _arpCache = new ArpCache(config.ArpCacheEntries, config.ArpPendingFrames, config.ArpPendingSlotBytes,
                config.ArpEntryLifetimeMs, config.ArpRefreshBeforeMs, config.ArpRequestIntervalMs, config.ArpMaxRequests);
            _reassembler = new Reassembler(config.ReassemblyBufferBytes, config.ReassemblyTimeoutMs, config.ReassemblyStaleMs);
            _lastIcmpErrorMs = long.MinValue;
            SetAddress(config.Address, config.Netmask, config.Gateway);
        }

        /// <summary>Bytes of buffers and tables this interface allocated at start-up (arrays' payloads, not object headers).</summary>
        public static int StaticBytesFor(StackConfig c)
        {
            return 12 + c.MulticastGroups * 4 + (c.MaxProtocols + 1) * 4 + (int)DropReason.Count * 4
                + ArpCache.StaticBytesFor(c.ArpCacheEntries, c.ArpPendingFrames, c.ArpPendingSlotBytes)
                + Reassembler.StaticBytesFor(c.ReassemblyBufferBytes);
        }

        public ILinkDevice Device { get { return _device; } }
        public bool IsLinkUp { get { return _device.IsLinkUp; } }
        public uint Address { get { return _address; } }
        public uint Netmask { get { return _netmask; } }
        public uint Gateway { get { return _gateway; } }
        public bool IsConfigured { get { return _address != 0; } }

        /// <summary>Copies our MAC address into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        public void GetMacAddress(byte[] buffer, int offset)
        {
            System.Array.Copy(_mac, 0, buffer, offset, 6);
        }

        public int Dropped(DropReason reason)
        {
            return _drops[(int)reason];
        }

        public int DroppedTotal
        {
            get
            {
                int sum = 0;
                for (int i = 0; i < _drops.Length; i++)
                {
                    sum += _drops[i];
                }
                return sum;
            }
        }

        public int ReassemblyTimeouts { get { return _reassembler.Timeouts; } }

        /// <summary>Stale partial datagrams whose reassembly buffer a newer datagram took over.</summary>
        public int ReassemblyTakeovers { get { return _reassembler.Takeovers; } }

        /// <summary>Sets address, netmask and gateway (DHCP lease, static setup) and announces the address (gratuitous ARP).</summary>
        public void Configure(uint address, uint netmask, uint gateway)
        {
            SetAddress(address, netmask, gateway);
        }

        /// <summary>Back to 0.0.0.0 (DHCP lease lost): only DHCP traffic is accepted until configured again.</summary>
        public void Unconfigure()
        {
            SetAddress(0, 0, 0);
        }

        private void SetAddress(uint address, uint netmask, uint gateway)
        {
            bool changed = address != _address || netmask != _netmask;
            // Configuring ends a probe (DHCP binds after probing) and unconfiguring starts afresh: either way an old
            // probe's conflict must not count against a later probe of the same address.
            _probeAddress = 0;
            _probeConflict = false;
            _address = address;
            _netmask = address == 0 ? 0 : netmask;
            _gateway = address == 0 ? 0 : gateway;
            if (changed)
            {
                _ownConflict = false;
                // Neighbours learnt under another configuration may be off-link now.
                _arpCache.Clear();
            }
            // RFC 5227 §2.3: announce a new address (a renewal of the same one needs no announcement); sent from
            // the next Poll so the caller's context does not matter.
            if (changed)
            {
                _announceDue = address != 0;
            }
        }

        /// <summary>Joins an IPv4 multicast group (e.g. 224.0.0.251 for mDNS). False when not multicast or the table is full.</summary>
        public bool JoinMulticast(uint group)
        {
            if (!Ipv4Address.IsMulticast(group))
            {
                return false;
            }
            int free = -1;
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_groups[i] == group)
                {
                    return true;
                }
                if (_groups[i] == 0 && free < 0)
                {
                    free = i;
                }
            }
            if (free < 0)
            {
                return false;
            }
            _groups[free] = group;
            UpdateDeviceFilter(group, true);
            return true;
        }

        /// <summary>Leaves a group joined with <see cref="JoinMulticast"/>; a group not joined is ignored.</summary>
        public void LeaveMulticast(uint group)
        {
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_groups[i] == group && group != 0)
                {
                    _groups[i] = 0;
                    UpdateDeviceFilter(group, false);
                }
            }
        }

        /// <summary>
        /// Tells a filtering device (ENC28J60 hash table) about the group's MAC, RFC 1112 §6.4: 01:00:5e + low 23
        /// bits. One call per group joined or left, so the device can count groups that share a MAC.
        /// </summary>
        private void UpdateDeviceFilter(uint group, bool add)
        {
            IMulticastFilter filter = _device as IMulticastFilter;
            if (filter == null)
            {
                return;
            }
            MacAddress.WriteIpv4Multicast(_groupMac, 0, group);
            if (add)
            {
                filter.AddMulticastAddress(_groupMac, 0);
            }
            else
            {
                filter.RemoveMulticastAddress(_groupMac, 0);
            }
        }

        public bool IsMember(uint group)
        {
            if (group == Ipv4Address.AllHosts)
            {
                return true;
            }
            for (int i = 0; i < _groups.Length; i++)
            {
                if (_groups[i] == group)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Adds a transport protocol (TCP, UDP), or with protocol number 1 the consumer of the ICMP messages the
        /// interface does not answer itself (echo replies and errors: the ping client). False when the table is full or
        /// the number is taken.
        /// </summary>
        public bool Register(IIpv4Protocol protocol)
        {
            byte number = protocol.ProtocolNumber;
            if (_protocolCount == _protocols.Length || FindProtocol(number) != null)
            {
                return false;
            }
            _protocols[_protocolCount++] = protocol;
            return true;
        }

        private IIpv4Protocol FindProtocol(byte number)
        {
            for (int i = 0; i < _protocolCount; i++)
            {
                if (_protocols[i].ProtocolNumber == number)
                {
                    return _protocols[i];
                }
            }
            return null;
        }

        /// <summary>
        /// Processes received frames (at most MaxFramesPerPoll), link changes, ARP and reassembly timers and
        /// the registered protocols; returns the next time (ms) it needs to run, <paramref name="nowMs"/> if
        /// frames are still waiting.
        /// </summary>
        public long Poll(long nowMs)
        {
            bool up = _device.IsLinkUp;
            if (up && !_linkWasUp)
            {
                _announceDue = _address != 0;
            }
            _linkWasUp = up;

            int frames = 0;
            bool more = false;
            while (frames < _maxFramesPerPoll)
            {
                int length = _device.Receive();
                if (length <= 0)
                {
                    break;
                }
                frames++;
                ReceiveFrame(_device.ReceiveBuffer, _device.ReceiveOffset, length, nowMs);
                more = frames == _maxFramesPerPoll;
            }

            if (_announceDue && up)
            {
                _announceDue = false;
                SendGratuitousArp();
            }
            _reassembler.Expire(nowMs);
            long next = _reassembler.Deadline;
            // The cache's earliest due time first: most polls have no ARP work and skip the call (issue 13).
            long arp = _arpCache.NextDueMs;
            if (nowMs >= arp)
            {
                arp = PollArp(nowMs);
            }
            if (arp < next)
            {
                next = arp;
            }
            for (int i = 0; i < _protocolCount; i++)
            {
                long d = _protocols[i].Poll(this, nowMs);
                if (d < next)
                {
                    next = d;
                }
            }
            return more ? nowMs : next;
        }

        /// <summary>
        /// Handles one frame in place (public so tests and the fuzzer can feed frames directly); never throws on
        /// any content, counts it as accepted or under exactly one drop reason.
        /// </summary>
        public void ReceiveFrame(byte[] buffer, int offset, int length, long nowMs)
        {
            FramesReceived++;
            DropReason reason = ProcessEthernet(buffer, offset, length, nowMs);
            if (reason == DropReason.None)
            {
                FramesAccepted++;
            }
            else
            {
                _drops[(int)reason]++;
            }
        }

        private DropReason ProcessEthernet(byte[] buffer, int offset, int length, long nowMs)
        {
            if (_eth.Parse(buffer, offset, length) != WireError.None)
            {
                return DropReason.EthernetTruncated;
            }
            // The header's fields straight from the buffer (the view's accessors, inline: a call each saved per frame).
            bool linkBroadcast = (buffer[offset] & 1) != 0; // group bit, IEEE 802-2014 §8.2 (MacAddress.IsMulticast)
            if (!linkBroadcast && !MacAddress.AreEqual(buffer, offset, _mac, 0))
            {
                return DropReason.NotOurMac;
            }
            int src = offset + 6;
            if ((buffer[src] & 1) != 0 || MacAddress.AreEqual(buffer, src, _mac, 0))
            {
                return DropReason.BadSourceMac;
            }
            int type = (buffer[offset + 12] << 8) | buffer[offset + 13];
            if (type == EthernetFrame.EtherTypeIpv4)
            {
                return ReceiveIpv4(buffer, offset + EthernetFrame.HeaderLength, length - EthernetFrame.HeaderLength, linkBroadcast, nowMs);
            }
            if (type == EthernetFrame.EtherTypeArp)
            {
                return ReceiveArp(buffer, offset + EthernetFrame.HeaderLength, length - EthernetFrame.HeaderLength, nowMs);
            }
            return DropReason.UnknownEtherType;
        }
    }
}
