namespace NanoStack.Iface
{
    /// <summary>
    /// Why a received frame was not accepted. Every received frame ends as exactly one of "accepted" or one
    /// drop reason, so <c>FramesReceived == FramesAccepted + DroppedTotal</c> always holds.
    /// </summary>
    public enum DropReason
    {
        None = 0,
        EthernetTruncated,
        /// <summary>Unicast frame for another station (promiscuous device, switch flooding).</summary>
        NotOurMac,
        /// <summary>Group bit set in the source address, or our own address echoed back.</summary>
        BadSourceMac,
        UnknownEtherType,
        ArpTruncated,
        /// <summary>Not Ethernet/IPv4 ARP (hardware type, protocol type or lengths).</summary>
        ArpUnsupported,
        ArpBadOperation,
        /// <summary>Valid ARP that neither targets us nor updates an entry we hold.</summary>
        ArpNotForUs,
        /// <summary>ARP whose sender claims our own address (RFC 5227 §2.4 conflict); counted in AddressConflicts too.</summary>
        ArpAddressConflict,
        Ipv4Truncated,
        Ipv4BadVersion,
        Ipv4BadHeaderLength,
        Ipv4BadLength,
        Ipv4BadChecksum,
        /// <summary>Source is broadcast, multicast, class E or loopback (RFC 1122 §3.2.1.3).</summary>
        Ipv4BadSource,
        /// <summary>Destination is neither us, a broadcast, nor a joined group.</summary>
        Ipv4NotForUs,
        /// <summary>A non-last fragment whose length is not a multiple of 8, or an empty one (RFC 791).</summary>
        FragmentMalformed,
        /// <summary>Reassembled datagram would exceed the reassembly buffer.</summary>
        FragmentTooBig,
        /// <summary>Fragment overlapping data already received: the whole datagram is discarded (RFC 5722-style).</summary>
        FragmentOverlap,
        /// <summary>The single reassembly buffer is busy with another datagram.</summary>
        ReassemblyBusy,
        /// <summary>No built-in handler and no registered protocol for the protocol number.</summary>
        UnknownProtocol,
        /// <summary>Transport protocol addressed to a broadcast/multicast destination (only UDP and ICMP may be).</summary>
        TransportNotUnicast,
        IcmpTruncated,
        IcmpBadChecksum,
        /// <summary>Echo request to a broadcast/multicast address while ReplyToBroadcastPing is off (RFC 1122 §3.2.2.6).</summary>
        IcmpBroadcastEcho,
        /// <summary>Echo request we could not answer (no route back, reply larger than we can send).</summary>
        IcmpEchoNotAnswered,
        UdpTruncated,
        UdpBadLength,
        UdpBadChecksum,
        /// <summary>No socket bound to the port (a port unreachable may have been sent).</summary>
        UdpNoSocket,
        UdpQueueFull,
        /// <summary>Count of the values above (array size).</summary>
        Count,
    }
}
