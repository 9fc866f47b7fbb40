namespace NanoStack.Iface
{
    /// <summary>
    /// A transport protocol that sits on the interface's IPv4 layer (TCP; UDP and ICMP are built in).
    /// The interface hands it every valid, reassembled datagram addressed to us with its protocol number,
    /// and lets it transmit during <see cref="Poll"/>.
    /// </summary>
    public interface IIpv4Protocol
    {
        /// <summary>IPv4 protocol number (RFC 790), e.g. 6 for TCP.</summary>
        byte ProtocolNumber { get; }

        /// <summary>
        /// One datagram for us: <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="length"/>]
        /// is the transport header and payload (IPv4 header already checked and stripped). The bytes are valid
        /// only during the call. A reply may be written and sent through <paramref name="output"/> at once.
        /// </summary>
        void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs);

        /// <summary>
        /// Transmit what is due (retransmissions, ACKs, queued data, timers) and return the earliest time
        /// (ms, same clock as <paramref name="nowMs"/>) at which this protocol needs to be polled again,
        /// or long.MaxValue when nothing is pending.
        /// </summary>
        long Poll(IIpv4Output output, long nowMs);
    }

    /// <summary>
    /// How a transport protocol sends one IPv4 datagram without a copy: it writes its header and payload at
    /// <see cref="PayloadBuffer"/>[<see cref="PayloadOffset"/>..] (room for the Ethernet and IPv4 headers is
    /// already reserved in front) and calls <see cref="Send"/>.
    /// </summary>
    public interface IIpv4Output
    {
        byte[] PayloadBuffer { get; }

        int PayloadOffset { get; }

        /// <summary>Largest transport payload that fits one unfragmented datagram (MTU minus the IPv4 header).</summary>
        int PayloadCapacity { get; }

        /// <summary>Our IPv4 address (0 while unconfigured), for pseudo-header checksums.</summary>
        uint LocalAddress { get; }

        /// <summary>
        /// Wraps the payload just written in IPv4 + Ethernet and sends it, or parks it behind an ARP request.
        /// Returns false when it was dropped (no route, link down); the caller's own retransmission handles it.
        /// </summary>
        bool Send(uint destination, byte protocol, int payloadLength, long nowMs);
    }
}
