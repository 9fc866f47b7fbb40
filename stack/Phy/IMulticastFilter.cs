namespace NanoStack.Phy
{
    /// <summary>
    /// Optional capability of an <see cref="ILinkDevice"/> whose hardware filters received frames by destination
    /// MAC (the ENC28J60's hash table, DS §8.3). <see cref="NanoStack.Iface.Interface.JoinMulticast"/> and
    /// <see cref="NanoStack.Iface.Interface.LeaveMulticast"/> call it with the group's MAC (RFC 1112 §6.4) when the
    /// device implements it; links that deliver every frame (MemoryLink, TAP) need not.
    /// </summary>
    /// <remarks>
    /// Calls are paired: one Add per joined IPv4 group and one Remove per group left, so two groups that share a
    /// MAC (the mapping is 32:1) give two Adds of the same address, and the address must stay accepted until both
    /// are removed. A filter may let more through than asked (a hash filter does); the stack drops the rest. It must
    /// never let less through: a device that runs out of room accepts every multicast frame instead.
    /// </remarks>
    public interface IMulticastFilter
    {
        /// <summary>Accepts frames to the 6-byte group MAC at <paramref name="mac"/>[<paramref name="offset"/>].</summary>
        void AddMulticastAddress(byte[] mac, int offset);

        /// <summary>Undoes one <see cref="AddMulticastAddress"/> of the same MAC; an unknown MAC is ignored.</summary>
        void RemoveMulticastAddress(byte[] mac, int offset);
    }
}
