using NanoStack.Wire;

namespace NanoStack.Iface
{
    /// <summary>
    /// Fixed-size ARP cache (RFC 826, RFC 1122 §2.3.2) with its whole ageing: entry lifetime, refresh by unicast poll
    /// before expiry, request retries and giving up, and a small pool of frames parked behind unresolved entries.
    /// It sends nothing: the <see cref="Interface"/> asks it which request is due (<see cref="NextRequest"/>,
    /// <see cref="Unresolved"/>) and sends that, and flushes the parked frames.
    /// </summary>
    /// <remarks>
    /// Each entry may park one frame (RFC 1122 §2.3.2.2: "SHOULD save at least one (the latest) packet"):
    /// a newer frame for the same address replaces the older one. The pool is smaller than the cache because
    /// every slot costs an MTU-sized buffer. An entry's state, its refresh-due flag and its count of unanswered
    /// requests share one byte (one array instead of three: each array is a header and rounded-up blocks on the device).
    /// </remarks>
    internal sealed class ArpCache
    {
        public const byte StateFree = 0;
        public const byte StateIncomplete = 1;
        public const byte StateReachable = 2;

        // _status bits: state (0-1), refresh due (2), requests sent and unanswered (3-7, up to MaxRequestsLimit).
        private const int StateMask = 3;
        private const int RefreshDueBit = 4;
        private const int RequestShift = 3;
        private const int RequestUnit = 1 << RequestShift;

        /// <summary>Largest ArpMaxRequests the five bits of an entry's request count hold.</summary>
        public const int MaxRequestsLimit = 31;

        public readonly uint[] Address;
        public readonly byte[] Mac;
        public readonly long[] ExpiresMs;
        private readonly byte[] _status;
        private readonly long[] _lastRequestMs;
        private readonly int[] _pendingSlot;

        public readonly byte[][] PendingFrame;
        public readonly int[] PendingLength;
        private readonly int[] _pendingOwner;

        private readonly int _lifetimeMs;
        private readonly int _refreshBeforeMs;
        private readonly int _intervalMs;
        private readonly int _maxRequests;

        // The earliest time NextRequest can find work (long.MaxValue: none). Every place that makes work (a refresh
        // mark, a request counted) lowers it; work that goes away leaves it early, which costs one scan that finds
        // nothing and stores the true time. Interface.Poll reads it and calls the scan only from then on (issue 13).
        public long NextDueMs = long.MaxValue;

        /// <summary>Unresolved entries given up with a frame still parked (RFC 1122 §2.3.2.2: the frame is lost).</summary>
        public int GivenUp;

        /// <summary>Resolved entries whose unicast polls went unanswered and were re-resolved by broadcast (RFC 1122 §2.3.2.1).</summary>
        public int StaleEntries;

        public ArpCache(int entries, int pendingFrames, int frameBytes, int lifetimeMs, int refreshBeforeMs, int intervalMs, int maxRequests)
        {
            Address = new uint[entries];
            Mac = new byte[entries * 6];
            _status = new byte[entries];
            ExpiresMs = new long[entries];
            _lastRequestMs = new long[entries];
            _pendingSlot = new int[entries];
            for (int i = 0; i < entries; i++)
            {
                _pendingSlot[i] = -1;
            }
            PendingFrame = new byte[pendingFrames][];
            for (int i = 0; i < pendingFrames; i++)
            {
                PendingFrame[i] = new byte[frameBytes];
            }
            PendingLength = new int[pendingFrames];
            _pendingOwner = new int[pendingFrames];
            for (int i = 0; i < pendingFrames; i++)
            {
                _pendingOwner[i] = -1;
            }
            _lifetimeMs = lifetimeMs;
            _refreshBeforeMs = refreshBeforeMs;
            _intervalMs = intervalMs;
            _maxRequests = maxRequests;
        }

        public int Count { get { return _status.Length; } }

        public static int StaticBytesFor(int entries, int pendingFrames, int frameBytes)
        {
            // uint + 6 mac + status byte + 2 longs + int per entry; frames + 2 ints per slot.
            return entries * (4 + 6 + 1 + 8 + 8 + 4) + pendingFrames * (frameBytes + 4 + 4);
        }

        private int State(int i)
        {
            return _status[i] & StateMask;
        }

        private int Requests(int i)
        {
            return _status[i] >> RequestShift;
        }

        /// <summary>Resolved and not expired at <paramref name="nowMs"/>.</summary>
        public bool IsReachable(int i, long nowMs)
        {
            return State(i) == StateReachable && nowMs < ExpiresMs[i];
        }

        /// <summary>Time since the entry was last confirmed (it lives <c>lifetime</c> from then), never negative.</summary>
        public long AgeMs(int i, long nowMs)
        {
            long age = nowMs - (ExpiresMs[i] - _lifetimeMs);
            return age < 0 ? 0 : age;
        }

        /// <summary>Index of the parked-frame slot of entry <paramref name="i"/>, or -1.</summary>
        public int PendingSlot(int i)
        {
            return _pendingSlot[i];
        }

        /// <summary>Index of the entry (any state but free) for <paramref name="address"/>, or -1.</summary>
        public int Find(uint address)
        {
            // State(i) written out on the paths every frame takes: a call per entry costs on the interpreter.
            for (int i = 0; i < _status.Length; i++)
            {
                if ((_status[i] & StateMask) != StateFree && Address[i] == address)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Index of a resolved, unexpired entry, or -1 (expired entries are freed on the way).</summary>
        public int FindReachable(uint address, long nowMs)
        {
            int i = Find(address);
            if (i < 0 || (_status[i] & StateMask) != StateReachable)
            {
                return -1;
            }
            if (nowMs >= ExpiresMs[i])
            {
                Free(i);
                return -1;
            }
            return i;
        }

        /// <summary>
        /// The entry whose MAC a frame to <paramref name="nextHop"/> uses now, or -1 on a miss. An entry within
        /// refresh-before of expiry is still used but marked for a unicast poll (sent from <see cref="NextRequest"/>).
        /// </summary>
        public int Lookup(uint nextHop, long nowMs)
        {
            int i = FindReachable(nextHop, nowMs);
            if (i >= 0 && ExpiresMs[i] - nowMs <= _refreshBeforeMs)
            {
                _status[i] |= RefreshDueBit;
                // Due now at the earliest (its poll waits for the interval after an earlier one: the scan sees that).
                if (nowMs < NextDueMs)
                {
                    NextDueMs = nowMs;
                }
            }
            return i;
        }

        /// <summary>
        /// A frame or datagram for <paramref name="nextHop"/> missed (<see cref="Lookup"/> returned -1): its unresolved
        /// entry, made now if there is none. <paramref name="requestDue"/>: a broadcast request for it must go out now
        /// (the first one, or one interval after the last: RFC 1122 §2.3.2.1, at most one per second per address); it is
        /// counted as sent.
        /// </summary>
        public int Unresolved(uint nextHop, long nowMs, out bool requestDue)
        {
            int i = Find(nextHop);
            if (i < 0 || State(i) != StateIncomplete)
            {
                i = Allocate(nextHop, nowMs);
                _status[i] = StateIncomplete;
            }
            requestDue = _lastRequestMs[i] == long.MinValue || nowMs - _intervalMs >= _lastRequestMs[i];
            if (requestDue)
            {
                Requested(i, nowMs);
            }
            return i;
        }

        private void Requested(int i, long nowMs)
        {
            _lastRequestMs[i] = nowMs;
            if (nowMs + _intervalMs < NextDueMs)
            {
                NextDueMs = nowMs + _intervalMs; // the next request, or giving up, one interval from now
            }
            if (Requests(i) < MaxRequestsLimit)
            {
                _status[i] = (byte)(_status[i] + RequestUnit);
            }
        }

        /// <summary>
        /// The ARP timers, one due request at a time: the first entry at or after <paramref name="from"/> that needs a
        /// request now (counted as sent), or -1. <see cref="IsResolved"/> then tells a unicast poll of a resolved entry
        /// (RFC 1122 §2.3.2.1, to the cached MAC) from a broadcast request. On the way, unresolved entries asked
        /// ArpMaxRequests times are given up (with their parked frame), and resolved entries whose polls went unanswered
        /// that often are made unresolved again (the cached MAC is suspect: ARP has no checksum, so a corrupted reply can
        /// plant a wrong one; or the neighbour changed its NIC): frames park, the owner's reply fixes the entry.
        /// <paramref name="next"/> is lowered to the earliest time a request will be due.
        /// </summary>
        public int NextRequest(int from, long nowMs, ref long next)
        {
            if (from == 0)
            {
                if (nowMs < NextDueMs)
                {
                    // Nothing can be due before then: no scan (the poll runs this every time round the loop).
                    if (NextDueMs < next)
                    {
                        next = NextDueMs;
                    }
                    return -1;
                }
                NextDueMs = long.MaxValue; // this scan (from 0 to the end) stores what it finds
            }
            for (int i = from; i < _status.Length; i++)
            {
                int state = _status[i] & StateMask; // runs every poll: no call per entry
                long due;
                if (state == StateIncomplete)
                {
                    due = _lastRequestMs[i] + _intervalMs;
                    if (nowMs >= due && Requests(i) >= _maxRequests)
                    {
                        if (_pendingSlot[i] >= 0)
                        {
                            GivenUp++;
                        }
                        Free(i);
                        continue;
                    }
                }
                else if (state == StateReachable && ((_status[i] & RefreshDueBit) != 0 || Requests(i) > 0))
                {
                    // Requests counts the unanswered polls (an answer or a datagram from that MAC resets it).
                    due = _lastRequestMs[i] == long.MinValue ? nowMs : _lastRequestMs[i] + _intervalMs;
                    if (nowMs >= due)
                    {
                        _status[i] &= unchecked((byte)~RefreshDueBit);
                        if (Requests(i) >= _maxRequests)
                        {
                            StaleEntries++;
                            _status[i] = StateIncomplete;
                        }
                    }
                }
                else
                {
                    continue;
                }
                if (nowMs >= due)
                {
                    Requested(i, nowMs);
                    due = nowMs + _intervalMs;
                    if (due < next)
                    {
                        next = due;
                    }
                    return i;
                }
                if (due < next)
                {
                    next = due;
                }
            }
            // The scan reached the end: every entry's due time (and the requests counted on the way) is in next.
            if (next < NextDueMs)
            {
                NextDueMs = next;
            }
            return -1;
        }

        /// <summary>True for a resolved entry (its request is a unicast poll to <see cref="Mac"/>).</summary>
        public bool IsResolved(int i)
        {
            return State(i) == StateReachable;
        }

        /// <summary>
        /// A new entry for <paramref name="address"/>: a free or expired one, else an unresolved one (the one asked
        /// for longest ago), else the resolved entry closest to expiry. Misses therefore recycle each other and a
        /// flood of them (a scan, a spoofed source) cannot evict the neighbours we are actually talking to.
        /// </summary>
        public int Allocate(uint address, long nowMs)
        {
            int victim = -1;
            for (int i = 0; i < _status.Length; i++)
            {
                if (State(i) == StateFree)
                {
                    victim = i;
                    break;
                }
                if (victim < 0 || Better(i, victim, nowMs))
                {
                    victim = i;
                }
            }
            Free(victim);
            Address[victim] = address;
            _lastRequestMs[victim] = long.MinValue;
            return victim;
        }

        private bool Better(int candidate, int current, long nowMs)
        {
            int candidateState = State(candidate);
            int currentState = State(current);
            bool candidateExpired = candidateState == StateReachable && ExpiresMs[candidate] <= nowMs;
            bool currentExpired = currentState == StateReachable && ExpiresMs[current] <= nowMs;
            if (candidateExpired != currentExpired)
            {
                return candidateExpired;
            }
            if (candidateState != currentState)
            {
                return candidateState == StateIncomplete;
            }
            return candidateState == StateReachable ? ExpiresMs[candidate] < ExpiresMs[current]
                : _lastRequestMs[candidate] < _lastRequestMs[current];
        }

        /// <summary>The reply (or request) from the owner: resolved at that MAC for a lifetime from now, polls stop.</summary>
        public void SetReachable(int i, byte[] mac, int macOffset, long nowMs)
        {
            System.Array.Copy(mac, macOffset, Mac, i * 6, 6);
            _status[i] = StateReachable;
            ExpiresMs[i] = nowMs + _lifetimeMs;
        }

        /// <summary>
        /// A datagram from <paramref name="hop"/> came from the MAC at <paramref name="buffer"/>[<paramref name="macOffset"/>]:
        /// if that is the cached MAC of a live entry, the neighbour was heard from (RFC 1122 §2.3.2.1 link/higher-layer
        /// advice): the entry lives on and any unicast poll in progress stops. An entry confirmed less than one request
        /// interval ago with no poll due or in progress is left as it is: its lifetime counts from its last confirmation
        /// give or take that interval (one second of sixty by default), and a busy neighbour's datagrams skip the MAC
        /// compare (issue 13).
        /// </summary>
        public void Confirm(uint hop, byte[] buffer, int macOffset, long nowMs)
        {
            int i = Find(hop);
            if (i < 0)
            {
                return;
            }
            long left = ExpiresMs[i] - nowMs;
            if (_status[i] == StateReachable && left > _lifetimeMs - _intervalMs)
            {
                return; // fresh: resolved, no refresh or poll pending (those bits are in the status), confirmed just now
            }
            if ((_status[i] & StateMask) == StateReachable && left > 0 && MacAddress.AreEqual(buffer, macOffset, Mac, i * 6))
            {
                ExpiresMs[i] = nowMs + _lifetimeMs;
                _status[i] = StateReachable;
            }
        }

        public void Free(int i)
        {
            ReleasePending(i);
            _status[i] = StateFree;
        }

        /// <summary>Forgets every entry (a new address: neighbours learnt before may be off-link now).</summary>
        public void Clear()
        {
            for (int i = 0; i < _status.Length; i++)
            {
                Free(i);
            }
        }

        /// <summary>True when a frame of <paramref name="frameLength"/> bytes fits a parked-frame slot.</summary>
        public bool Fits(int frameLength)
        {
            return PendingFrame.Length > 0 && frameLength <= PendingFrame[0].Length;
        }

        /// <summary>A pending slot for entry <paramref name="i"/> (its own one if it has one: newest wins), or -1.</summary>
        public int ClaimPending(int i)
        {
            if (_pendingSlot[i] >= 0)
            {
                return _pendingSlot[i];
            }
            for (int s = 0; s < _pendingOwner.Length; s++)
            {
                if (_pendingOwner[s] < 0)
                {
                    _pendingOwner[s] = i;
                    _pendingSlot[i] = s;
                    return s;
                }
            }
            return -1;
        }

        public void ReleasePending(int i)
        {
            int s = _pendingSlot[i];
            if (s >= 0)
            {
                _pendingOwner[s] = -1;
                PendingLength[s] = 0;
                _pendingSlot[i] = -1;
            }
        }
    }
}
