namespace NanoStack.Sockets
{
    /// <summary>
    /// Takes datagrams straight from the receive path, with no queue in between: the UDP layer calls
    /// <see cref="OnDatagram"/> while the frame is still in the link device's receive buffer, and the receiver
    /// parses it in place. The stack's own UDP services (DHCP, DNS, mDNS) work this way, so that none of them
    /// needs a receive copy or a socket queue: on the device each 1,500-byte buffer saved is 1.5 KB of heap.
    /// </summary>
    /// <remarks>
    /// The bytes are valid only during the call. The receiver may send from inside it (a reply is built in the
    /// device's transmit buffer, never in this one), but must not keep a reference to <paramref name="buffer"/>.
    /// </remarks>
    public interface IUdpReceiver
    {
        /// <summary>One datagram for the bound port: payload at buffer[offset..offset+length).</summary>
        /// <param name="destination">Where it was sent: our unicast address, a broadcast or a multicast group.</param>
        void OnDatagram(uint source, ushort sourcePort, uint destination, byte[] buffer, int offset, int length, long nowMs);
    }
}
