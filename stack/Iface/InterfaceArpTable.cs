namespace NanoStack.Iface
{
    // Read-only view of the ARP cache for status pages and diagnostics (like `ip neigh`), without allocating.
    public sealed partial class Interface
    {
        /// <summary>
        /// Resolved, unexpired neighbours in the ARP cache at <paramref name="nowMs"/>: the index range of
        /// <see cref="GetArpEntry"/>. Addresses still being asked for (no reply yet) are not listed.
        /// </summary>
        public int ArpEntryCount(long nowMs)
        {
            int n = 0;
            for (int i = 0; i < _arpCache.Count; i++)
            {
                if (IsListed(i, nowMs))
                {
                    n++;
                }
            }
            return n;
        }

        /// <summary>
        /// The <paramref name="index"/>-th resolved neighbour (cache order): its address, its MAC copied to
        /// <paramref name="macOut"/> at <paramref name="macOffset"/>, and <paramref name="ageMs"/>, the time since
        /// a reply or request from it last confirmed the entry (RFC 1122 §2.3.2.1). False when
        /// <paramref name="index"/> is out of range; nothing is changed then.
        /// </summary>
        public bool GetArpEntry(int index, long nowMs, out uint address, byte[] macOut, int macOffset, out long ageMs)
        {
            address = 0;
            ageMs = 0;
            if (index < 0)
            {
                return false;
            }
            int seen = 0;
            for (int i = 0; i < _arpCache.Count; i++)
            {
                if (!IsListed(i, nowMs))
                {
                    continue;
                }
                if (seen == index)
                {
                    address = _arpCache.Address[i];
                    System.Array.Copy(_arpCache.Mac, i * 6, macOut, macOffset, 6);
                    ageMs = _arpCache.AgeMs(i, nowMs);
                    return true;
                }
                seen++;
            }
            return false;
        }

        private bool IsListed(int i, long nowMs)
        {
            return _arpCache.IsReachable(i, nowMs);
        }
    }
}
