namespace NanoStack.Sockets.Dns
{
    /// <summary>
    /// The part of a UDP socket the DNS client and the mDNS responder use: the same members, with the same
    /// meaning, as <c>NanoStack.Sockets.UdpSocket</c> (see <see cref="UdpDatagramSocket"/>), so tests can
    /// script a peer without a whole stack.
    /// </summary>
    public interface IDatagramSocket
    {
        bool SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs);

        /// <summary>Copies the next datagram; returns its length, or -1 when none is waiting.</summary>
        int ReceiveFrom(byte[] buffer, int offset, int capacity, out uint address, out ushort port);

        /// <summary>Destination address of the datagram last received (multicast or our unicast address).</summary>
        uint LastDestination { get; }
    }
}
