namespace NanoStack.Iface
{
    /// <summary>
    /// A transport protocol that sits on the interface's IPv4 layer (TCP, UDP; ICMP is built in, its echo replies and
    /// errors go to the ping client registered as protocol 1). The interface hands it every valid, reassembled datagram
    /// addressed to our unicast address with its protocol number, and lets it transmit during <see cref="Poll"/>.
    /// </summary>
    public interface IIpv4Protocol
    {
        /// <summary>IPv4 protocol number (RFC 790), e.g. 6 for TCP.</summary>
        byte ProtocolNumber { get; }

        /// <summary>
        /// One datagram for us: <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="length"/>]
        /// is the transport header and payload (IPv4 header already checked and stripped). The bytes are valid
        /// only during the call. A reply may be written and sent through <paramref name="output"/> at once; a datagram
        /// the protocol refuses is reported with <see cref="IIpv4Output.Drop"/> (else it counts as accepted).
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
    /// A protocol that also takes datagrams sent to a group (the limited or directed broadcast, a joined multicast
    /// group) and, while the interface has no address, unicast ones for any address: UDP (DHCP, mDNS; RFC 2131 §4.1
    /// lets a server unicast its offer to the address it offers). The others get unicast to our configured address
    /// only (TCP: RFC 1122 §4.2.3.10). The destination Receive gets tells the protocol which it was.
    /// </summary>
    public interface IIpv4GroupProtocol : IIpv4Protocol
    {
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
        /// Wraps the payload just written in IPv4 + Ethernet and sends it, or parks it behind an ARP request
        /// (<see cref="SendResult.Queued"/>). Any other result than Ok or Queued says why it was dropped (no route, link
        /// down, ...); the caller's own retransmission handles it.
        /// </summary>
        SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs);

        /// <summary>
        /// Sends the datagram made of the <paramref name="headerLength"/> bytes of transport header the caller wrote at
        /// <see cref="PayloadBuffer"/>[<see cref="PayloadOffset"/>..] followed by <paramref name="data"/>[<paramref name="offset"/>..+<paramref name="length"/>]
        /// (copied unless it lies right behind that header already), with TTL <paramref name="ttl"/> (0 = the default).
        /// Larger than one frame it is fragmented straight from <paramref name="data"/> (RFC 791 §2.3), up to 65,515 B;
        /// fragments are not parked behind ARP (<see cref="SendResult.Unresolved"/>).
        /// </summary>
        SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs);

        /// <summary>
        /// Only inside <see cref="IIpv4Protocol.Receive"/>: the datagram being delivered is refused, and counted under
        /// <paramref name="reason"/> instead of as accepted.
        /// </summary>
        void Drop(DropReason reason);

        /// <summary>
        /// Only inside <see cref="IIpv4Protocol.Receive"/>: tells the sender of the datagram being delivered that it
        /// reached nobody, ICMP destination unreachable with <paramref name="code"/> (RFC 792; port unreachable for UDP,
        /// RFC 1122 §4.1.3.1). Never about a datagram sent to a group or reassembled, at most one per
        /// IcmpErrorIntervalMs (RFC 1122 §3.2.2, RFC 1812 §4.3.2.8): the interface decides.
        /// </summary>
        void SendUnreachable(byte code, long nowMs);
    }
}
