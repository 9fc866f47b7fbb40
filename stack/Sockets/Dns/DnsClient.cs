using NanoStack.Scheduling;
using NanoStack.Util;
using NanoStack.Wire;

namespace NanoStack.Sockets.Dns
{
    /// <summary>
    /// Non-blocking stub resolver for A records (RFC 1035 §7, RFC 1123 §6.1.3): <see cref="Query"/> returns a
    /// handle at once, <see cref="Step"/> (a scheduler task) sends, retries with a doubling timeout over the
    /// configured servers and matches answers by id, source and question; the caller polls
    /// <see cref="GetStatus"/>. Answers are cached for their TTL. Nothing is allocated after construction.
    /// </summary>
    public sealed class DnsClient : IStackTask, IUdpReceiver
    {
        public const ushort ServerPort = 53;
        private const int MaxCnameHops = 8;

        private readonly IDatagramSocket _socket;
        // The three DnsConfig values used after start-up, copied: the config object is not kept alive (issue 17).
        private readonly int _maxNameBytes;
        private readonly int _retryMs;
        private readonly int _attempts;
        private readonly XorShift32 _random;
        private readonly DnsCache _cache;
        private readonly DnsPacket _packet = new DnsPacket();
        // One buffer for the two jobs whose lifetimes never overlap (issue 17: 168 B of device heap less than two):
        // a query is built and handed to the socket within Transmit, and a CNAME target is decoded into it while
        // FindAddress follows the chain during receive, which sends nothing. Single-threaded, like the whole stack.
        private readonly byte[] _scratch;
        private readonly int[] _drops = new int[(int)DnsDrop.Count];
        private readonly uint[] _servers = new uint[2];

        // Query slots.
        // The pending queries' names in one array, query i at i * MaxNameBytes (one array header, not one per query
        // plus an array of arrays: 72 B of device heap less for the firmware's two).
        private readonly byte[] _names;
        private readonly int[] _nameLengths;
        private readonly DnsQueryStatus[] _status;
        private readonly ushort[] _ids;
        private readonly uint[] _results;
        private readonly int[] _sent;
        private readonly long[] _nextMs;
        private readonly uint[] _askedServer;

        public DnsClient(IDatagramSocket socket, DnsConfig config, uint randomSeed)
        {
            if (socket == null || config == null) throw new System.ArgumentException("DnsClient: socket and config are required");
            config.Validate();
            _socket = socket;
            _maxNameBytes = config.MaxNameBytes;
            _retryMs = config.RetryMs;
            _attempts = config.Attempts;
            _random = new XorShift32(randomSeed ^ 0x444E5321); // "DNS!"
            _cache = new DnsCache(config.CacheEntries, config.MaxNameBytes, config.MaxCacheTtlSeconds);
            int query = DnsConst.HeaderLength + config.MaxNameBytes + 4;
            _scratch = new byte[query > DnsName.MaxLength + 1 ? query : DnsName.MaxLength + 1];
            int n = config.MaxQueries;
            _names = new byte[n * config.MaxNameBytes];
            _nameLengths = new int[n];
            _status = new DnsQueryStatus[n];
            _ids = new ushort[n];
            _results = new uint[n];
            _sent = new int[n];
            _nextMs = new long[n];
            _askedServer = new uint[n];
            socket.Attach(this);
        }

        public int QueriesSent { get; private set; }
        public int AnswersAccepted { get; private set; }
        public int Drops(DnsDrop reason) { return _drops[(int)reason]; }
        public int CacheHits { get { return _cache.Hits; } }
        public int StaticBytes
        {
            get { return _scratch.Length + _cache.StaticBytes + _names.Length + _status.Length * 40; }
        }

        /// <summary>Sets the servers asked (0 = none); DHCP calls this when it binds a lease.</summary>
        public void SetServers(uint primary, uint secondary)
        {
            _servers[0] = primary;
            _servers[1] = secondary;
        }

        public uint Server(int index) { return _servers[index]; }

        /// <summary>
        /// Starts resolving <paramref name="hostName"/> ("board.example"); returns a handle, or -1 when the name
        /// is invalid or too long or every slot is busy. A cached answer resolves the handle immediately.
        /// </summary>
        public int Query(string hostName, long nowMs)
        {
            int slot = -1;
            for (int i = 0; i < _status.Length; i++)
            {
                if (_status[i] == DnsQueryStatus.Free) { slot = i; break; }
            }
            if (slot < 0 || hostName == null || hostName.Length + 2 > _maxNameBytes) return -1;
            int length = DnsName.Encode(hostName, _names, slot * _maxNameBytes);
            if (length < 0) return -1;
            _nameLengths[slot] = length;
            _sent[slot] = 0;
            uint cached;
            if (_cache.TryGet(_names, slot * _maxNameBytes, length, nowMs, out cached))
            {
                _results[slot] = cached;
                _status[slot] = DnsQueryStatus.Resolved;
                return slot;
            }
            _results[slot] = 0;
            _status[slot] = DnsQueryStatus.Pending;
            _nextMs[slot] = nowMs; // sent by the next Step
            return slot;
        }

        public DnsQueryStatus GetStatus(int handle)
        {
            return handle < 0 || handle >= _status.Length ? DnsQueryStatus.Free : _status[handle];
        }

        /// <summary>The resolved address (host order) of a <see cref="DnsQueryStatus.Resolved"/> handle, else 0.</summary>
        public uint GetAddress(int handle)
        {
            return GetStatus(handle) == DnsQueryStatus.Resolved ? _results[handle] : 0;
        }

        /// <summary>Gives the handle back (a pending query is abandoned; a late answer is then dropped).</summary>
        public void Release(int handle)
        {
            if (handle >= 0 && handle < _status.Length) _status[handle] = DnsQueryStatus.Free;
        }

        public void ClearCache() { _cache.Clear(); }

        public long Step(long nowMs)
        {
            long next = long.MaxValue;
            for (int i = 0; i < _status.Length; i++)
            {
                if (_status[i] != DnsQueryStatus.Pending) continue;
                if (nowMs >= _nextMs[i]) Transmit(i, nowMs);
                if (_status[i] == DnsQueryStatus.Pending && _nextMs[i] < next) next = _nextMs[i];
            }
            return next;
        }

        private void Transmit(int slot, long nowMs)
        {
            if (_sent[slot] >= _attempts)
            {
                _status[slot] = DnsQueryStatus.Failed;
                return;
            }
            // Round-robin over the configured servers (RFC 1123 §6.1.3.3), skipping unset ones.
            uint server = _servers[_sent[slot] & 1];
            if (server == 0) server = _servers[0] != 0 ? _servers[0] : _servers[1];
            if (server == 0)
            {
                _status[slot] = DnsQueryStatus.Failed;
                return;
            }
            // A fresh id per transmission: a late answer to an earlier one is then told apart (RFC 5452 §9.2).
            ushort id = (ushort)_random.Next();
            _ids[slot] = id;
            _askedServer[slot] = server;
            byte[] tx = _scratch;
            int p = DnsPacket.EmitHeader(tx, 0, id, DnsConst.FlagRecursionDesired, 1, 0, 0, 0);
            p = DnsPacket.EmitName(tx, p, _names, slot * _maxNameBytes, _nameLengths[slot]);
            p = DnsPacket.EmitQuestionTail(tx, p, DnsConst.TypeA, DnsConst.ClassIn);
            _socket.SendTo(server, ServerPort, tx, 0, p, nowMs);
            QueriesSent++;
            _nextMs[slot] = nowMs + ((long)_retryMs << _sent[slot]);
            _sent[slot]++;
        }

        /// <summary>An answer, parsed where it arrived (<see cref="IUdpReceiver"/>).</summary>
        public void OnDatagram(uint from, ushort port, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            DnsPacket d = _packet;
            if (d.Parse(buffer, offset, length) != WireError.None) { Drop(DnsDrop.Malformed); return; }
            if (!d.IsResponse || d.Opcode != 0) { Drop(DnsDrop.NotAResponse); return; }
            int slot = -1;
            for (int i = 0; i < _status.Length; i++)
            {
                if (_status[i] == DnsQueryStatus.Pending && _ids[i] == d.Id) { slot = i; break; }
            }
            if (slot < 0) { Drop(DnsDrop.UnknownId); return; }
            if (from != _askedServer[slot] || port != ServerPort) { Drop(DnsDrop.WrongSource); return; }
            if (d.QuestionCount != 1) { Drop(DnsDrop.WrongQuestion); return; }
            d.ReadQuestion(d.QuestionsOffset);
            if (d.Type != DnsConst.TypeA || d.Class != DnsConst.ClassIn || !d.NameMatches(d.NameOffset, _names, slot * _maxNameBytes))
            {
                Drop(DnsDrop.WrongQuestion);
                return;
            }
            AnswersAccepted++;
            if (d.Rcode == DnsConst.RcodeNameError) { _status[slot] = DnsQueryStatus.NotFound; return; }
            if (d.Rcode != 0 || d.IsTruncated)
            {
                // SERVFAIL/REFUSED...: try the next server at once; truncated A answers are useless over UDP.
                _nextMs[slot] = nowMs;
                Transmit(slot, nowMs);
                return;
            }
            uint ttl;
            uint address;
            if (FindAddress(d, slot, out address, out ttl))
            {
                _results[slot] = address;
                _status[slot] = DnsQueryStatus.Resolved;
                _cache.Put(_names, slot * _maxNameBytes, _nameLengths[slot], address, ttl, nowMs);
                return;
            }
            _status[slot] = DnsQueryStatus.NotFound; // NOERROR/NODATA (RFC 2308 §2.2)
        }

        /// <summary>
        /// Finds the A record for the asked name, following CNAMEs in the answer section (RFC 1034 §3.6.2); the
        /// TTL cached is the smallest along the chain.
        /// </summary>
        private bool FindAddress(DnsPacket d, int slot, out uint address, out uint ttl)
        {
            address = 0;
            ttl = 0xFFFFFFFF;
            byte[] current = _names;
            int currentOffset = slot * _maxNameBytes;
            int answers = d.AnswerCount;
            for (int hop = 0; hop <= MaxCnameHops; hop++)
            {
                bool followed = false;
                int p = d.AnswersOffset;
                for (int i = 0; i < answers; i++)
                {
                    int next = d.ReadRecord(p);
                    if ((d.Class & 0x7FFF) == DnsConst.ClassIn && d.NameMatches(d.NameOffset, current, currentOffset))
                    {
                        if (d.Type == DnsConst.TypeA && d.DataLength == 4)
                        {
                            address = d.DataAsAddress;
                            if (d.Ttl < ttl) ttl = d.Ttl;
                            return true;
                        }
                        if (d.Type == DnsConst.TypeCname
                            && DnsName.Read(d.Buffer, d.Offset, d.End, d.DataOffset, _scratch, 0, _scratch.Length) > 0)
                        {
                            if (d.Ttl < ttl) ttl = d.Ttl;
                            current = _scratch;
                            currentOffset = 0;
                            followed = true;
                            break;
                        }
                    }
                    p = next;
                }
                if (!followed) return false;
            }
            return false;
        }

        private void Drop(DnsDrop reason)
        {
            _drops[(int)reason]++;
        }
    }
}
