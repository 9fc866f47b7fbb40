namespace NanoStack.Iface
{
    /// <summary>
    /// What became of a datagram handed to the IPv4 layer (<see cref="IIpv4Output.Send"/>,
    /// <see cref="IIpv4Output.SendDatagram"/>) or to a UDP socket (<c>UdpSocket.SendTo</c>): why it did not leave,
    /// like smoltcp's send errors. The interface's Tx* counters still count every loss; this says which one it was
    /// to the caller that made the send. Only <see cref="Ok"/> and <see cref="Queued"/> mean the datagram is on its way:
    /// they are the two lowest values, so <c>result &lt;= SendResult.Queued</c> asks just that.
    /// </summary>
    public enum SendResult
    {
        /// <summary>Handed to the link device (every fragment of it).</summary>
        Ok = 0,
        /// <summary>Parked behind an ARP request for the next hop; it leaves when the reply comes (RFC 1122 §2.3.2.2).</summary>
        Queued,
        /// <summary>No route: unconfigured, a destination we never send to (loopback, 0, class E, ourselves), or off-link with no gateway (TxNoRoute).</summary>
        NoRoute,
        /// <summary>The link is down (TxLinkDown).</summary>
        LinkDown,
        /// <summary>The link device did not take the frame, or one of the fragments (TxDeviceFailed).</summary>
        DeviceRefused,
        /// <summary>Larger than the IPv4 layer sends: above PayloadCapacity for one frame, above 65,515 B fragmented (TxTooBig).</summary>
        TooBig,
        /// <summary>
        /// The next hop is not resolved and the datagram could not wait: no free park slot, a frame larger than a slot
        /// (TxArpQueueFull), or a fragmented datagram, which is never parked (TxFragmentedArpMiss). The ARP request is
        /// out: sending again once it is answered works.
        /// </summary>
        Unresolved,
        /// <summary>The socket is closed.</summary>
        NotOpen,
        /// <summary>Invalid arguments: no buffer, a range outside it, destination port 0.</summary>
        InvalidArgument,
        /// <summary>An unbound socket found no free ephemeral port to bind to (RFC 6335 §6 range all taken).</summary>
        NoPort,
    }
}
