using NanoStack.Scheduling;
using NanoStack.Util;
using NanoStack.Wire;

namespace NanoStack.Sockets.Dhcp
{
    /// <summary>
    /// DHCP client (RFC 2131 §4.4, options RFC 2132) as a scheduler task: acquires a lease, probes the address
    /// (RFC 5227), renews at T1 (unicast), rebinds at T2 (broadcast), drops the address at expiry and starts over;
    /// falls back to a static address when no server answers. Every state change goes to the observer.
    /// Buffers are allocated in the constructor; <see cref="Step"/> allocates nothing.
    /// </summary>
    public sealed class DhcpClient : IStackTask, IUdpReceiver
    {
        private const uint Broadcast = 0xFFFFFFFF;
        private const uint InfiniteLease = 0xFFFFFFFF; // RFC 2131 §3.3

        private readonly IDhcpHost _host;
        private readonly DhcpConfig _config;
        private readonly byte[] _mac = new byte[6];
        private readonly byte[] _hostName;
        private readonly DhcpPacket _packet = new DhcpPacket();
        private readonly XorShift32 _random;
        private readonly int[] _drops = new int[(int)DhcpDrop.Count];
        private readonly uint[] _dnsServers = new uint[DhcpPacket.MaxDnsServers];

        // RFC 2132 §9.8: what we ask for: subnet, router, DNS, lease, server id, T1, T2.
        private static readonly byte[] ParameterRequestList = new byte[] { 1, 3, 6, 51, 54, 58, 59 };

        private DhcpState _state;
        private uint _xid;
        private long _exchangeStartMs;   // for 'secs' (RFC 2131 §2)
        private long _requestSentMs;     // lease times count from here (RFC 2131 §4.4.1)
        private long _nextMs;            // next timer: retransmission, probe, T1, T2 or expiry
        private int _attempts;
        private int _retransmitMs;
        private uint _offeredAddress;
        private uint _offerServer;
        private uint _previousAddress;   // asked for again in DISCOVER (RFC 2131 §4.4.1, option 50)

        // The lease.
        private uint _address, _netmask, _gateway, _serverId;
        private int _dnsCount;
        private long _t1Ms, _t2Ms, _expiryMs;
        private bool _configured;

        public DhcpClient(IDhcpHost host, byte[] macAddress, DhcpConfig config, uint randomSeed)
        {
            if (host == null || macAddress == null || macAddress.Length != 6 || config == null)
            {
                throw new System.ArgumentException("DhcpClient: host, 6-byte MAC and config are required");
            }
            config.Validate();
            _host = host;
            _config = config;
            System.Array.Copy(macAddress, _mac, 6);
            if (config.HostName != null)
            {
                _hostName = new byte[config.HostName.Length];
                for (int i = 0; i < _hostName.Length; i++) _hostName[i] = (byte)config.HostName[i];
            }
            _random = new XorShift32(randomSeed ^ 0x44484350); // "DHCP": independent of other users of the seed
            _state = DhcpState.LinkDown;
            host.Attach(this);
        }

        /// <summary>Optional: told about every state change.</summary>
        public IDhcpObserver Observer { get; set; }

        /// <summary>Optional: gets the servers of option 6 whenever a lease is bound.</summary>
        public NanoStack.Sockets.Dns.DnsClient Resolver { get; set; }

        public DhcpState State { get { return _state; } }
        public uint Address { get { return _address; } }
        public uint Netmask { get { return _netmask; } }
        public uint Gateway { get { return _gateway; } }
        public uint ServerId { get { return _serverId; } }
        public int DnsServerCount { get { return _dnsCount; } }
        public uint DnsServer(int index) { return _dnsServers[index]; }
        public long RenewAtMs { get { return _t1Ms; } }
        public long RebindAtMs { get { return _t2Ms; } }
        public long LeaseExpiresMs { get { return _expiryMs; } }
        public int StateChanges { get; private set; }

        /// <summary>Bytes allocated at construction (message buffers and tables).</summary>
        public int StaticBytes
        {
            get { return (_hostName == null ? 0 : _hostName.Length) + 6 + 4 * (_drops.Length + _dnsServers.Length) + 160; }
        }

        // Counters.
        public int DiscoversSent { get; private set; }
        public int RequestsSent { get; private set; }
        public int DeclinesSent { get; private set; }
        public int OffersReceived { get; private set; }
        public int AcksReceived { get; private set; }
        public int NaksReceived { get; private set; }
        public int Expirations { get; private set; }
        public int Conflicts { get; private set; }
        public int Drops(DhcpDrop reason) { return _drops[(int)reason]; }

        /// <summary>Starts (or restarts) acquisition now; called by the first Step when the link is up.</summary>
        public void Restart(long nowMs)
        {
            if (_configured)
            {
                _previousAddress = _address;
                _host.Unconfigure();
                _configured = false;
            }
            _address = 0;
            EnterInit(nowMs, nowMs);
        }

        public long Step(long nowMs)
        {
            bool linkUp = _host.IsLinkUp;
            if (!linkUp)
            {
                if (_state != DhcpState.LinkDown) SetState(DhcpState.LinkDown, nowMs);
                if (_configured && _expiryMs != long.MaxValue && nowMs >= _expiryMs) Expire(nowMs, false);
                return _configured && _expiryMs != long.MaxValue ? _expiryMs : long.MaxValue;
            }
            if (_state == DhcpState.LinkDown)
            {
                // Restart on link-up (we may have moved to another network); ask for the old address again.
                Restart(nowMs);
            }

            if (_configured && (_state == DhcpState.Bound || _state == DhcpState.Renewing || _state == DhcpState.Rebinding)
                && _host.ArpConflictSeen(_address))
            {
                // RFC 5227 §2.4 (a): another host uses our leased address: stop using it, tell the server
                // (DHCPDECLINE, so it is not handed out again) and start over after the back-off.
                _offeredAddress = _address;
                _offerServer = _serverId;
                _host.Unconfigure();
                _configured = false;
                _address = 0;
                Decline(nowMs);
            }
            while (nowMs >= _nextMs)
            {
                long before = _nextMs;
                DhcpState state = _state;
                OnTimer(nowMs);
                if (_nextMs == before && _state == state) break; // defensive: a timer must move forward
            }
            return _nextMs;
        }

        // ---- timers -----------------------------------------------------------------------------------------

        private void OnTimer(long nowMs)
        {
            switch (_state)
            {
                case DhcpState.Init:
                    _xid = _random.Next();
                    _exchangeStartMs = nowMs;
                    BeginExchange(DhcpState.Selecting, nowMs);
                    SendDiscover(nowMs);
                    break;
                case DhcpState.Selecting:
                    if (_attempts >= _config.DiscoverAttempts && _config.FallbackAddress != 0)
                    {
                        EnterFallback(nowMs);
                        break;
                    }
                    SendDiscover(nowMs);
                    break;
                case DhcpState.Requesting:
                    if (_attempts >= _config.RequestAttempts)
                    {
                        EnterInit(nowMs, nowMs);
                        break;
                    }
                    SendRequest(nowMs);
                    break;
                case DhcpState.Probing:
                    OnProbeTimer(nowMs);
                    break;
                case DhcpState.Bound:
                    // T1 (RFC 2131 §4.4.5): renew with the leasing server.
                    _xid = _random.Next();
                    _exchangeStartMs = nowMs;
                    SetState(DhcpState.Renewing, nowMs);
                    SendLeaseRequest(nowMs, _serverId, _t2Ms);
                    break;
                case DhcpState.Renewing:
                    if (nowMs >= _t2Ms)
                    {
                        _xid = _random.Next();
                        SetState(DhcpState.Rebinding, nowMs);
                        SendLeaseRequest(nowMs, Broadcast, _expiryMs);
                        break;
                    }
                    SendLeaseRequest(nowMs, _serverId, _t2Ms);
                    break;
                case DhcpState.Rebinding:
                    if (nowMs >= _expiryMs)
                    {
                        Expire(nowMs, true);
                        break;
                    }
                    SendLeaseRequest(nowMs, Broadcast, _expiryMs);
                    break;
                case DhcpState.Fallback:
                    if (_config.FallbackRetryMs == 0)
                    {
                        _nextMs = long.MaxValue;
                        break;
                    }
                    // Look for a server again now and then, keeping the fallback address until one answers
                    // (an OFFER to this DISCOVER moves us to REQUESTING).
                    _xid = _random.Next();
                    _exchangeStartMs = nowMs;
                    _retransmitMs = _config.InitialRetransmitMs;
                    SendDiscover(nowMs);
                    _nextMs = nowMs + _config.FallbackRetryMs;
                    break;
                default:
                    _nextMs = long.MaxValue;
                    break;
            }
        }

        private void OnProbeTimer(long nowMs)
        {
            if (_host.ArpConflictSeen(_offeredAddress))
            {
                Decline(nowMs);
                return;
            }
            if (_attempts < _config.ProbeCount)
            {
                _host.ArpProbe(_offeredAddress, nowMs);
                _attempts++;
                _nextMs = nowMs + (_attempts < _config.ProbeCount ? _config.ProbeIntervalMs : _config.ProbeWaitMs);
                return;
            }
            Bind(nowMs);
        }

        // ---- receive ----------------------------------------------------------------------------------------

        /// <summary>
        /// A datagram for port 68, parsed where it arrived (<see cref="IUdpReceiver"/>). Only server messages
        /// (source port 67) are DHCP replies; anything else, and anything while the link is down, is ignored.
        /// </summary>
        public void OnDatagram(uint source, ushort sourcePort, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            if (sourcePort != DhcpStackHost.ServerPort || _state == DhcpState.LinkDown) return;
            DhcpPacket p = _packet;
            if (p.Parse(buffer, offset, length) != WireError.None) { Drop(DhcpDrop.Malformed); return; }
            if (p.Op != DhcpPacket.OpBootReply) { Drop(DhcpDrop.NotAReply); return; }
            if (!p.IsForHardwareAddress(_mac)) { Drop(DhcpDrop.WrongHardwareAddress); return; }
            if (p.TransactionId != _xid) { Drop(DhcpDrop.WrongTransaction); return; }

            DhcpMessageType type = p.MessageType;
            switch (_state)
            {
                case DhcpState.Selecting:
                case DhcpState.Fallback:
                    if (type != DhcpMessageType.Offer || p.YourAddress == 0 || !p.HasServerId) { Drop(DhcpDrop.Unexpected); return; }
                    OffersReceived++;
                    _offeredAddress = p.YourAddress;
                    _offerServer = p.ServerId;
                    BeginExchange(DhcpState.Requesting, nowMs);
                    SendRequest(nowMs);
                    return;
                case DhcpState.Requesting:
                    if (p.HasServerId && p.ServerId != _offerServer) { Drop(DhcpDrop.WrongServer); return; }
                    if (type == DhcpMessageType.Nak) { OnNak(nowMs); return; }
                    if (type != DhcpMessageType.Ack || p.YourAddress != _offeredAddress) { Drop(DhcpDrop.Unexpected); return; }
                    AcksReceived++;
                    TakeLease(p);
                    if (_config.ProbeCount == 0) { Bind(nowMs); return; }
                    _attempts = 0;
                    SetState(DhcpState.Probing, nowMs);
                    // RFC 5227 §2.1.1: wait PROBE_WAIT (0..1 s, random) before the first probe.
                    _nextMs = nowMs + (long)(_random.Next() % (uint)(_config.ProbeIntervalMs + 1));
                    return;
                case DhcpState.Renewing:
                case DhcpState.Rebinding:
                    if (type == DhcpMessageType.Nak) { OnNak(nowMs); return; }
                    if (type != DhcpMessageType.Ack || p.YourAddress == 0) { Drop(DhcpDrop.Unexpected); return; }
                    AcksReceived++;
                    TakeLease(p);
                    Bind(nowMs); // reconfigures only if the server gave another address
                    return;
                default:
                    Drop(DhcpDrop.Unexpected);
                    return;
            }
        }

        private void TakeLease(DhcpPacket p)
        {
            _offeredAddress = p.YourAddress;
            _netmask = p.HasSubnetMask ? p.SubnetMask : NaturalMask(p.YourAddress);
            _gateway = p.Router;
            if (p.HasServerId) _serverId = p.ServerId;
            _dnsCount = p.DnsServerCount;
            for (int i = 0; i < _dnsCount; i++) _dnsServers[i] = p.DnsServer(i);
            // RFC 2131 §4.4.1: times count from when the REQUEST was sent. No lease option: treat as 1 hour.
            uint lease = p.HasLeaseTime ? p.LeaseTimeSeconds : 3600;
            if (lease == InfiniteLease)
            {
                _t1Ms = _t2Ms = _expiryMs = long.MaxValue;
                return;
            }
            long leaseMs = (long)lease * 1000;
            // RFC 2131 §4.4.5: T1 defaults to 0.5 lease, T2 to 0.875 lease.
            long t1 = p.HasRenewalTime ? (long)p.RenewalTimeSeconds * 1000 : leaseMs / 2;
            long t2 = p.HasRebindingTime ? (long)p.RebindingTimeSeconds * 1000 : leaseMs * 7 / 8;
            if (t2 > leaseMs) t2 = leaseMs;
            if (t1 > t2) t1 = t2;
            _t1Ms = _requestSentMs + t1;
            _t2Ms = _requestSentMs + t2;
            _expiryMs = _requestSentMs + leaseMs;
        }

        private static uint NaturalMask(uint address)
        {
            if ((address >> 31) == 0) return 0xFF000000;
            if ((address >> 30) == 2) return 0xFFFF0000;
            return 0xFFFFFF00;
        }

        private void OnNak(long nowMs)
        {
            // RFC 2131 §4.4.4/§3.1: a NAK means the address is not ours: stop using it and start over.
            NaksReceived++;
            if (_configured)
            {
                _host.Unconfigure();
                _configured = false;
            }
            _address = 0;
            _previousAddress = 0;
            EnterInit(nowMs, nowMs);
        }

        // ---- transitions ------------------------------------------------------------------------------------

        private void Bind(long nowMs)
        {
            bool changed = !_configured || _address != _offeredAddress;
            _address = _offeredAddress;
            if (changed)
            {
                _host.Configure(_address, _netmask, _gateway);
                _configured = true;
            }
            _previousAddress = _address;
            if (Resolver != null)
            {
                Resolver.SetServers(_dnsCount > 0 ? _dnsServers[0] : 0, _dnsCount > 1 ? _dnsServers[1] : 0);
            }
            _nextMs = _t1Ms;
            SetState(DhcpState.Bound, nowMs);
        }

        private void Decline(long nowMs)
        {
            // RFC 2131 §3.1.5 / §4.4.1: DHCPDECLINE with the address in option 50 and the server id, then wait.
            Conflicts++;
            byte[] tx = _host.TransmitBuffer;
            int p = DhcpPacket.EmitRequestHeader(tx, _host.TransmitOffset, _xid, 0, false, 0, _mac);
            p = DhcpPacket.EmitByteOption(tx, p, DhcpPacket.OptionMessageType, (byte)DhcpMessageType.Decline);
            p = DhcpPacket.EmitClientIdOption(tx, p, _mac);
            p = DhcpPacket.EmitUInt32Option(tx, p, DhcpPacket.OptionRequestedAddress, _offeredAddress);
            p = DhcpPacket.EmitUInt32Option(tx, p, DhcpPacket.OptionServerId, _offerServer);
            SendMessage(Broadcast, p, nowMs);
            DeclinesSent++;
            // Unconfiguring (a no-op on the address while unconfigured) also ends the interface's probe, so a later
            // probe of the same address starts with a clean conflict flag.
            if (!_configured) _host.Unconfigure();
            _previousAddress = 0;
            EnterInit(nowMs, nowMs + _config.DeclineBackoffMs);
        }

        private void Expire(long nowMs, bool rediscover)
        {
            // RFC 2131 §4.4.5: at expiry the client MUST stop using the address and return to INIT.
            Expirations++;
            if (_configured)
            {
                _host.Unconfigure();
                _configured = false;
            }
            _address = 0;
            _expiryMs = long.MaxValue;
            if (rediscover) EnterInit(nowMs, nowMs);
        }

        private void EnterInit(long nowMs, long startAtMs)
        {
            _offeredAddress = 0;
            _xid = 0;
            _nextMs = startAtMs;
            SetState(DhcpState.Init, nowMs);
        }

        private void EnterFallback(long nowMs)
        {
            _offeredAddress = _config.FallbackAddress;
            _netmask = _config.FallbackNetmask;
            _gateway = _config.FallbackGateway;
            _serverId = 0;
            _dnsCount = 0;
            _t1Ms = _t2Ms = _expiryMs = long.MaxValue;
            _address = _offeredAddress;
            _host.Configure(_address, _netmask, _gateway);
            _configured = true;
            _nextMs = _config.FallbackRetryMs == 0 ? long.MaxValue : nowMs + _config.FallbackRetryMs;
            SetState(DhcpState.Fallback, nowMs);
        }

        /// <summary>
        /// Enters <paramref name="state"/> at the start of an exchange (DISCOVER or REQUEST): the attempt count and the
        /// retransmission interval start over (RFC 2131 §4.1: the delay doubles from its first value per attempt).
        /// </summary>
        private void BeginExchange(DhcpState state, long nowMs)
        {
            _attempts = 0;
            _retransmitMs = _config.InitialRetransmitMs;
            SetState(state, nowMs);
        }

        private void SetState(DhcpState state, long nowMs)
        {
            DhcpState previous = _state;
            _state = state;
            if (previous == state) return;
            StateChanges++;
            IDhcpObserver o = Observer;
            if (o != null) o.OnDhcpStateChanged(this, previous, nowMs);
        }

        private void Drop(DhcpDrop reason)
        {
            _drops[(int)reason]++;
        }

        // ---- transmit ---------------------------------------------------------------------------------------

        private ushort Secs(long nowMs)
        {
            long s = (nowMs - _exchangeStartMs) / 1000;
            return (ushort)(s > 0xFFFF ? 0xFFFF : (s < 0 ? 0 : s));
        }

        private int EmitCommon(DhcpMessageType type, uint clientAddress, long nowMs)
        {
            byte[] tx = _host.TransmitBuffer;
            int p = DhcpPacket.EmitRequestHeader(tx, _host.TransmitOffset, _xid, Secs(nowMs), false, clientAddress, _mac);
            p = DhcpPacket.EmitByteOption(tx, p, DhcpPacket.OptionMessageType, (byte)type);
            p = DhcpPacket.EmitClientIdOption(tx, p, _mac);
            if (_hostName != null) p = DhcpPacket.EmitBytesOption(tx, p, DhcpPacket.OptionHostName, _hostName, 0, _hostName.Length);
            return DhcpPacket.EmitBytesOption(tx, p, DhcpPacket.OptionParameterList, ParameterRequestList, 0, ParameterRequestList.Length);
        }

        /// <summary>Ends the message built in the host's transmit buffer up to <paramref name="p"/> and sends it to port 67.</summary>
        private void SendMessage(uint destination, int p, long nowMs)
        {
            byte[] tx = _host.TransmitBuffer;
            int start = _host.TransmitOffset;
            _host.Send(destination, tx, start, DhcpPacket.EmitEnd(tx, start, p), nowMs);
        }

        private void SendDiscover(long nowMs)
        {
            int p = EmitCommon(DhcpMessageType.Discover, 0, nowMs);
            if (_previousAddress != 0) p = DhcpPacket.EmitUInt32Option(_host.TransmitBuffer, p, DhcpPacket.OptionRequestedAddress, _previousAddress);
            SendMessage(Broadcast, p, nowMs);
            DiscoversSent++;
            ScheduleRetransmit(nowMs);
        }

        private void SendRequest(long nowMs)
        {
            // SELECTING → REQUESTING (RFC 2131 §4.3.2): ciaddr 0, options 50 and 54, broadcast.
            int p = EmitCommon(DhcpMessageType.Request, 0, nowMs);
            p = DhcpPacket.EmitUInt32Option(_host.TransmitBuffer, p, DhcpPacket.OptionRequestedAddress, _offeredAddress);
            p = DhcpPacket.EmitUInt32Option(_host.TransmitBuffer, p, DhcpPacket.OptionServerId, _offerServer);
            _requestSentMs = nowMs;
            SendMessage(Broadcast, p, nowMs);
            RequestsSent++;
            ScheduleRetransmit(nowMs);
        }

        /// <summary>RENEWING (unicast to the server) or REBINDING (broadcast): ciaddr set, no options 50/54.</summary>
        private void SendLeaseRequest(long nowMs, uint destination, long deadlineMs)
        {
            int p = EmitCommon(DhcpMessageType.Request, _address, nowMs);
            _requestSentMs = nowMs;
            SendMessage(destination, p, nowMs);
            RequestsSent++;
            // RFC 2131 §4.4.5: next try after half the time left until T2 (renewing) or expiry (rebinding),
            // at least 60 s, never past the deadline itself.
            long wait = (deadlineMs - nowMs) / 2;
            if (wait < _config.MinLeaseRetransmitMs) wait = _config.MinLeaseRetransmitMs;
            _nextMs = nowMs + wait;
            if (_nextMs > deadlineMs) _nextMs = deadlineMs;
        }

        private void ScheduleRetransmit(long nowMs)
        {
            // RFC 2131 §4.1: 4 s, 8 s, 16 s ... 64 s, each randomised by a uniform ±1 s.
            _attempts++;
            int jitter = _config.RetransmitJitterMs;
            long delay = _retransmitMs + (jitter == 0 ? 0 : (long)(_random.Next() % (uint)(2 * jitter + 1)) - jitter);
            _nextMs = nowMs + delay;
            _retransmitMs = _retransmitMs * 2 > _config.MaxRetransmitMs ? _config.MaxRetransmitMs : _retransmitMs * 2;
        }
    }
}
