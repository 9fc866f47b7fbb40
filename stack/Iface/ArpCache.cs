namespace NanoStack.Iface
{
    /// <summary>
    /// Fixed-size ARP cache (RFC 826, RFC 1122 §2.3.2) with a small pool of frames parked behind unresolved
    /// entries. Pure bookkeeping: the <see cref="Interface"/> sends the requests and flushes the frames.
    /// </summary>
    /// <remarks>
    /// Each entry may park one frame (RFC 1122 §2.3.2.2: "SHOULD save at least one (the latest) packet"):
    /// a newer frame for the same address replaces the older one. The pool is smaller than the cache because
    /// every slot costs an MTU-sized buffer.
    /// </remarks>
    internal sealed class ArpCache
    {
        public const byte StateFree = 0;
        public const byte StateIncomplete = 1;
        public const byte StateReachable = 2;

        public readonly uint[] Address;
        public readonly byte[] Mac;
        public readonly byte[] State;
        public readonly long[] ExpiresMs;
        public readonly long[] LastRequestMs;
        public readonly int[] Requests;
        public readonly bool[] RefreshDue;
        public readonly int[] PendingSlot;

        public readonly byte[][] PendingFrame;
        public readonly int[] PendingLength;
        private readonly int[] _pendingOwner;

        public ArpCache(int entries, int pendingFrames, int frameBytes)
        {
            Address = new uint[entries];
            Mac = new byte[entries * 6];
            State = new byte[entries];
            ExpiresMs = new long[entries];
            LastRequestMs = new long[entries];
            Requests = new int[entries];
            RefreshDue = new bool[entries];
            PendingSlot = new int[entries];
            for (int i = 0; i < entries; i++)
            {
                PendingSlot[i] = -1;
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
        }

        public int Count { get { return State.Length; } }

        public static int StaticBytesFor(int entries, int pendingFrames, int frameBytes)
        {
            // uint + 6 mac + state + 2 longs + int + bool + int per entry; frames + 2 ints per slot.
            return entries * (4 + 6 + 1 + 8 + 8 + 4 + 1 + 4) + pendingFrames * (frameBytes + 4 + 4);
        }

        /// <summary>Index of the entry (any state but free) for <paramref name="address"/>, or -1.</summary>
        public int Find(uint address)
        {
            for (int i = 0; i < State.Length; i++)
            {
                if (State[i] != StateFree && Address[i] == address)
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
            if (i < 0 || State[i] != StateReachable)
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
        /// A new entry for <paramref name="address"/>: a free or expired one, else an unresolved one (the one asked
        /// for longest ago), else the resolved entry closest to expiry. Misses therefore recycle each other and a
        /// flood of them (a scan, a spoofed source) cannot evict the neighbours we are actually talking to.
        /// </summary>
        public int Allocate(uint address, long nowMs)
        {
            int victim = -1;
            for (int i = 0; i < State.Length; i++)
            {
                if (State[i] == StateFree)
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
            LastRequestMs[victim] = long.MinValue;
            Requests[victim] = 0;
            return victim;
        }

        private bool Better(int candidate, int current, long nowMs)
        {
            bool candidateExpired = State[candidate] == StateReachable && ExpiresMs[candidate] <= nowMs;
            bool currentExpired = State[current] == StateReachable && ExpiresMs[current] <= nowMs;
            if (candidateExpired != currentExpired)
            {
                return candidateExpired;
            }
            if (State[candidate] != State[current])
            {
                return State[candidate] == StateIncomplete;
            }
            return State[candidate] == StateReachable ? ExpiresMs[candidate] < ExpiresMs[current]
                : LastRequestMs[candidate] < LastRequestMs[current];
        }

        public void SetReachable(int i, byte[] mac, int macOffset, long expiresMs)
        {
            System.Array.Copy(mac, macOffset, Mac, i * 6, 6);
            State[i] = StateReachable;
            ExpiresMs[i] = expiresMs;
            Requests[i] = 0;
            RefreshDue[i] = false;
        }

        /// <summary>
        /// The neighbour was heard from at the cached MAC (RFC 1122 §2.3.2.1 link/higher-layer advice): the entry
        /// lives on and any unicast poll in progress stops.
        /// </summary>
        public void Confirm(int i, long expiresMs)
        {
            ExpiresMs[i] = expiresMs;
            Requests[i] = 0;
            RefreshDue[i] = false;
        }

        public void Free(int i)
        {
            ReleasePending(i);
            State[i] = StateFree;
            RefreshDue[i] = false;
            Requests[i] = 0;
        }

        /// <summary>True when a frame of <paramref name="frameLength"/> bytes fits a parked-frame slot.</summary>
        public bool Fits(int frameLength)
        {
            return PendingFrame.Length > 0 && frameLength <= PendingFrame[0].Length;
        }

        /// <summary>A pending slot for entry <paramref name="i"/> (its own one if it has one: newest wins), or -1.</summary>
        public int ClaimPending(int i)
        {
            if (PendingSlot[i] >= 0)
            {
                return PendingSlot[i];
            }
            for (int s = 0; s < _pendingOwner.Length; s++)
            {
                if (_pendingOwner[s] < 0)
                {
                    _pendingOwner[s] = i;
                    PendingSlot[i] = s;
                    return s;
                }
            }
            return -1;
        }

        public void ReleasePending(int i)
        {
            int s = PendingSlot[i];
            if (s >= 0)
            {
                _pendingOwner[s] = -1;
                PendingLength[s] = 0;
                PendingSlot[i] = -1;
            }
        }
    }
}
