using NanoStack.Iface;
using NanoStack.Scheduling;
using NanoStack.Sockets.Dns;
using NanoStack.Util;
using NanoStack.Wire;

namespace NanoStack.Sockets.Mdns
{
    /// <summary>
    /// Multicast DNS responder (RFC 6762) with DNS-SD (RFC 6763): once the interface has an address it probes
    /// for "&lt;host&gt;.local" and the service instance (§8.1), renames on conflict (§9: "nanostack-2", ...),
    /// announces (§8.3), then answers A, PTR, SRV, TXT and ANY queries: multicast, unicast when the question
    /// asks so (QU, §5.4), legacy unicast with the id and question echoed to one-shot resolvers such as dig
    /// (§6.7). Known answers in a query suppress ours (§7.1). Runs as a scheduler task; allocates nothing
    /// after construction.
    /// </summary>
    public sealed class MdnsResponder : IStackTask, IUdpReceiver
    {
        public const uint Group = 0xE00000FB;   // 224.0.0.251
        public const ushort Port = 5353;
        private const uint LegacyTtlCap = 10;   // RFC 6762 §6.7

        private readonly IDatagramSocket _socket;
        private readonly IIpv4Output _ipv4;
        // The MdnsConfig values used after start-up, copied: the config object (its names and TXT strings were
        // turned into wire bytes by MdnsRecords) is not kept alive (issue 17).
        private readonly uint _otherTtl;
        private readonly int _probeCount;
        private readonly int _probeIntervalMs;
        private readonly int _announceCount;
        private readonly int _announceIntervalMs;
        private readonly int _maxRenames;
        private readonly int _maxMessageBytes;
        private readonly MdnsRecords _records;
        private readonly XorShift32 _random;
        private readonly DnsPacket _packet = new DnsPacket();

        private MdnsState _state;
        private uint _address;
        private int _count;       // probes or announcements sent in this phase
        private long _nextMs = long.MaxValue;

        public MdnsResponder(IDatagramSocket socket, IIpv4Output ipv4, MdnsConfig config, uint randomSeed)
        {
            if (socket == null || ipv4 == null || config == null) throw new System.ArgumentException("MdnsResponder: socket, ipv4 and config are required");
            config.Validate();
            _socket = socket;
            _ipv4 = ipv4;
            _otherTtl = config.OtherTtl;
            _probeCount = config.ProbeCount;
            _probeIntervalMs = config.ProbeIntervalMs;
            _announceCount = config.AnnounceCount;
            _announceIntervalMs = config.AnnounceIntervalMs;
            _maxRenames = config.MaxRenames;
            _maxMessageBytes = config.MaxMessageBytes;
            _records = new MdnsRecords(config);
            _random = new XorShift32(randomSeed ^ 0x6D444E53); // "mDNS"
            socket.Attach(this);
        }

        public MdnsState State { get { return _state; } }
        public MdnsRecords Records { get { return _records; } }
        public int Conflicts { get; private set; }
        public int ProbesSent { get; private set; }
        public int AnnouncementsSent { get; private set; }
        public int ResponsesSent { get; private set; }
        public int QueriesAnswered { get; private set; }
        public int KnownAnswerSuppressions { get; private set; }
        public int Malformed { get; private set; }
        public int StaticBytes { get { return _records.StaticBytes; } }

        // Messages are built where they leave: in the interface's transmit buffer, at the UDP payload (IPv4 payload
        // + the 8-byte UDP header), so the responder needs no buffer of its own (issue 17: 1.5 KB of device heap).
        // Safe because each message is built and sent in one go, and received datagrams are in the other buffer.
        // DNS compression pointers count from the message start, so the offset in the buffer does not matter.
        private byte[] TxBuffer { get { return _ipv4.PayloadBuffer; } }
        private int TxStart { get { return _ipv4.PayloadOffset + UdpPacket.HeaderLength; } }
        private int TxCapacity
        {
            get
            {
                int room = _ipv4.PayloadCapacity - UdpPacket.HeaderLength;
                return room < _maxMessageBytes ? room : _maxMessageBytes;
            }
        }

        /// <summary>Host name in use, e.g. "nanostack" or "nanostack-2" (for logs; allocates).</summary>
        public string HostLabel
        {
            get
            {
                byte[] n = _records.HostName;
                char[] c = new char[n[0]];
                for (int i = 0; i < c.Length; i++) c[i] = (char)n[1 + i];
                return new string(c);
            }
        }

        public long Step(long nowMs)
        {
            uint address = _ipv4.LocalAddress;
            if (address != _address)
            {
                // New or changed address (DHCP bound, renumbered): probe again (RFC 6762 §8.3, §13).
                _address = address;
                if (address == 0) { _state = MdnsState.Idle; _nextMs = long.MaxValue; }
                else StartProbing(nowMs);
            }
            while (nowMs >= _nextMs) OnTimer(nowMs);
            return _nextMs;
        }

        private void StartProbing(long nowMs)
        {
            _state = MdnsState.Probing;
            _count = 0;
            // §8.1: random 0-250 ms before the first probe so that hosts powered on together do not collide.
            _nextMs = nowMs + (long)(_random.Next() % (uint)(_probeIntervalMs + 1));
        }

        private void OnTimer(long nowMs)
        {
            switch (_state)
            {
                case MdnsState.Probing:
                    if (_count < _probeCount)
                    {
                        SendProbe(nowMs);
                        _count++;
                        _nextMs = nowMs + _probeIntervalMs;
                        return;
                    }
                    _state = MdnsState.Announcing;
                    _count = 0;
                    _nextMs = nowMs;
                    return;
                case MdnsState.Announcing:
                    if (_count < _announceCount)
                    {
                        SendAnnouncement(nowMs);
                        _count++;
                        _nextMs = nowMs + ((long)_announceIntervalMs << (_count - 1)); // §8.3: 1 s, then doubling
                        if (_count < _announceCount) return;
                    }
                    _state = MdnsState.Running;
                    _nextMs = long.MaxValue;
                    return;
                default:
                    _nextMs = long.MaxValue;
                    return;
            }
        }

        private int AllRecords
        {
            get
            {
                return MdnsRecords.RecordA | MdnsRecords.RecordServicesPtr | MdnsRecords.RecordPtr
                    | MdnsRecords.RecordSrv | MdnsRecords.RecordTxt;
            }
        }

        private void SendProbe(long nowMs)
        {
            // §8.1: questions of type ANY for each unique name, proposed records in the authority section (§8.2).
            bool service = _records.HasService;
            byte[] tx = TxBuffer;
            int start = TxStart;
            int questionBytes = _records.HostNameLength + 4 + (service ? _records.InstanceNameLength + 4 : 0);
            if (DnsConst.HeaderLength + questionBytes + _records.MaxSetBytes > TxCapacity) return;
            int p = DnsPacket.EmitHeader(tx, start, 0, 0, service ? 2 : 1, 0, service ? 3 : 1, 0);
            // The first probe asks for unicast responses (QU, §8.1) so a defender answers us directly.
            ushort qclass = (ushort)(DnsConst.ClassIn | (_count == 0 ? DnsConst.ClassTopBit : 0));
            p = DnsPacket.EmitName(tx, p, _records.HostName, 0, _records.HostNameLength);
            p = DnsPacket.EmitQuestionTail(tx, p, DnsConst.TypeAny, qclass);
            if (service)
            {
                p = DnsPacket.EmitName(tx, p, _records.InstanceName, 0, _records.InstanceNameLength);
                p = DnsPacket.EmitQuestionTail(tx, p, DnsConst.TypeAny, qclass);
            }
            int n = 0;
            p = _records.WriteSet(tx, p, MdnsRecords.RecordA | MdnsRecords.RecordSrv | MdnsRecords.RecordTxt, _address, false, 0, ref n);
            _socket.SendTo(Group, Port, tx, start, p - start, nowMs);
            ProbesSent++;
        }

        private void SendAnnouncement(long nowMs)
        {
            byte[] tx = TxBuffer;
            int start = TxStart;
            if (DnsConst.HeaderLength + _records.MaxSetBytes > TxCapacity) return;
            int n = 0;
            int p = _records.WriteSet(tx, start + DnsConst.HeaderLength, AllRecords, _address, true, 0, ref n);
            DnsPacket.EmitHeader(tx, start, 0, DnsConst.FlagResponse | DnsConst.FlagAuthoritative, 0, n, 0, 0);
            _socket.SendTo(Group, Port, tx, start, p - start, nowMs);
            AnnouncementsSent++;
        }

        // ---- receive ----------------------------------------------------------------------------------------

        /// <summary>A query or a response, parsed where it arrived (<see cref="IUdpReceiver"/>).</summary>
        public void OnDatagram(uint from, ushort port, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            if (_address == 0) return; // no address yet: nothing of ours to answer for or defend
            DnsPacket d = _packet;
            if (d.Parse(buffer, offset, length) != WireError.None) { Malformed++; return; }
            if (d.Opcode != 0) return; // §18.3: other opcodes are ignored
            if (d.IsResponse)
            {
                CheckConflict(d, nowMs);
                return;
            }
            if (_state != MdnsState.Running && _state != MdnsState.Announcing) return;
            AnswerQuery(d, from, port, nowMs);
        }

        /// <summary>
        /// §9: a response from someone else carrying one of our unique names (with other data) means the name is
        /// taken: pick the next name and probe again. Our own multicast responses come back with our rdata and
        /// are ignored.
        /// </summary>
        private void CheckConflict(DnsPacket d, long nowMs)
        {
            int p = d.AnswersOffset;
            int records = d.AnswerCount + d.AuthorityCount + d.AdditionalCount;
            for (int i = 0; i < records; i++)
            {
                int next = d.ReadRecord(p);
                p = next;
                if (d.NameMatches(d.NameOffset, _records.HostName, 0))
                {
                    if (d.Type == DnsConst.TypeA && d.DataLength == 4 && d.DataAsAddress == _address) continue;
                    if (d.Type != DnsConst.TypeA && _state == MdnsState.Running) continue; // e.g. AAAA of a dual-stack twin? only A is ours
                }
                else if (!(_records.HasService && d.NameMatches(d.NameOffset, _records.InstanceName, 0) && d.Type == DnsConst.TypeSrv
                    && !SrvIsOurs(d)))
                {
                    continue;
                }
                Conflicts++;
                if (_records.Suffix == 0 ? _maxRenames < 1 : _records.Suffix - 1 >= _maxRenames) return;
                _records.Rename(_records.Suffix == 0 ? 2 : _records.Suffix + 1);
                StartProbing(nowMs);
                return;
            }
        }

        private bool SrvIsOurs(DnsPacket d)
        {
            return d.DataLength > 6 && DnsName.Matches(d.Buffer, d.Offset, d.End, d.DataOffset + 6, _records.HostName, 0);
        }

        private void AnswerQuery(DnsPacket d, uint from, ushort port, long nowMs)
        {
            // §6.7: a query from a port other than 5353 comes from a one-shot resolver: answer it by unicast,
            // with its id and question, no cache-flush bits, TTL at most 10 s.
            bool legacy = port != Port;
            bool unicast = legacy;
            int answers = 0;
            int questionEnd = d.QuestionsOffset;
            int q = d.QuestionsOffset;
            for (int i = 0; i < d.QuestionCount; i++)
            {
                q = d.ReadQuestion(q);
                if ((d.Class & 0x7FFF) != DnsConst.ClassIn && (d.Class & 0x7FFF) != DnsConst.TypeAny) continue;
                if ((d.Class & DnsConst.ClassTopBit) != 0) unicast = true; // QU (§5.4)
                answers |= Match(d, d.NameOffset, d.Type);
            }
            questionEnd = q;
            if (answers == 0) return;
            answers &= ~KnownAnswers(d);
            if (answers == 0) { KnownAnswerSuppressions++; return; }
            QueriesAnswered++;

            // Additional records (RFC 6763 §12): the SRV, TXT and address that go with a PTR, the address with an SRV.
            int additional = 0;
            if ((answers & MdnsRecords.RecordPtr) != 0) additional |= MdnsRecords.RecordSrv | MdnsRecords.RecordTxt | MdnsRecords.RecordA;
            if ((answers & MdnsRecords.RecordSrv) != 0) additional |= MdnsRecords.RecordA;
            additional &= ~answers;

            uint ttlCap = legacy ? LegacyTtlCap : 0;
            bool flush = !legacy;
            // A legacy answer echoes the question section as received (it is well-formed: Parse checked it).
            int qlen = legacy ? questionEnd - d.QuestionsOffset : 0;
            if (DnsConst.HeaderLength + qlen + _records.MaxSetBytes > TxCapacity) return;
            byte[] tx = TxBuffer;
            int start = TxStart;
            int p = start + DnsConst.HeaderLength;
            int questions = 0;
            if (legacy)
            {
                System.Array.Copy(d.Buffer, d.QuestionsOffset, tx, p, qlen);
                // Names may be compressed with pointers into the query's header region; offsets are unchanged
                // because the header has the same length, so the copied pointers stay valid.
                p += qlen;
                questions = d.QuestionCount;
            }
            int an = 0;
            p = _records.WriteSet(tx, p, answers, _address, flush, ttlCap, ref an);
            int ar = 0;
            p = _records.WriteSet(tx, p, additional, _address, flush, ttlCap, ref ar);
            DnsPacket.EmitHeader(tx, start, legacy ? d.Id : (ushort)0, DnsConst.FlagResponse | DnsConst.FlagAuthoritative, questions, an, 0, ar);
            if (unicast) _socket.SendTo(from, port, tx, start, p - start, nowMs);
            else _socket.SendTo(Group, Port, tx, start, p - start, nowMs);
            ResponsesSent++;
        }

        /// <summary>Which of our records answer a question for the name at <paramref name="name"/> of type <paramref name="type"/>.</summary>
        private int Match(DnsPacket d, int name, ushort type)
        {
            bool any = type == DnsConst.TypeAny;
            if (d.NameMatches(name, _records.HostName, 0))
            {
                return any || type == DnsConst.TypeA ? MdnsRecords.RecordA : 0;
            }
            if (!_records.HasService) return 0;
            if (d.NameMatches(name, _records.ServiceType, 0))
            {
                return any || type == DnsConst.TypePtr ? MdnsRecords.RecordPtr : 0;
            }
            if (d.NameMatches(name, _records.ServicesName, 0))
            {
                return any || type == DnsConst.TypePtr ? MdnsRecords.RecordServicesPtr : 0;
            }
            if (d.NameMatches(name, _records.InstanceName, 0))
            {
                int r = 0;
                if (any || type == DnsConst.TypeSrv) r |= MdnsRecords.RecordSrv;
                if (any || type == DnsConst.TypeTxt) r |= MdnsRecords.RecordTxt;
                return r;
            }
            return 0;
        }

        /// <summary>
        /// §7.1: records the querier already holds (answer section of the query) with at least half our TTL left
        /// need not be sent. Checked for the PTR records, the ones browsers list.
        /// </summary>
        private int KnownAnswers(DnsPacket d)
        {
            int known = 0;
            int p = d.AnswersOffset;
            for (int i = 0; i < d.AnswerCount; i++)
            {
                p = d.ReadRecord(p);
                if (d.Type != DnsConst.TypePtr || d.Ttl < _otherTtl / 2) continue;
                if (d.NameMatches(d.NameOffset, _records.ServiceType, 0)
                    && DnsName.Matches(d.Buffer, d.Offset, d.End, d.DataOffset, _records.InstanceName, 0))
                {
                    known |= MdnsRecords.RecordPtr;
                }
                else if (d.NameMatches(d.NameOffset, _records.ServicesName, 0)
                    && DnsName.Matches(d.Buffer, d.Offset, d.End, d.DataOffset, _records.ServiceType, 0))
                {
                    known |= MdnsRecords.RecordServicesPtr;
                }
            }
            return known;
        }
    }
}
