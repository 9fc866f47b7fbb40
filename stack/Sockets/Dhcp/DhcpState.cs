namespace NanoStack.Sockets.Dhcp
{
    /// <summary>Client states of RFC 2131 §4.4 (fig. 5), plus the probe of RFC 5227 and the static fallback.</summary>
    public enum DhcpState
    {
        /// <summary>Link down: nothing is sent; the lease (if any) is kept until it expires.</summary>
        LinkDown = 0,
        /// <summary>About to send a DHCPDISCOVER (possibly after a delay, e.g. 10 s after a DECLINE).</summary>
        Init,
        /// <summary>DHCPDISCOVER sent, waiting for a DHCPOFFER.</summary>
        Selecting,
        /// <summary>DHCPREQUEST for an offer sent, waiting for DHCPACK/DHCPNAK.</summary>
        Requesting,
        /// <summary>ACK received; ARP-probing the address before using it (RFC 2131 §3.1.5, RFC 5227 §2.1).</summary>
        Probing,
        /// <summary>Address configured; waiting for T1.</summary>
        Bound,
        /// <summary>T1 passed: unicast DHCPREQUEST to the leasing server (RFC 2131 §4.4.5).</summary>
        Renewing,
        /// <summary>T2 passed: broadcast DHCPREQUEST to any server.</summary>
        Rebinding,
        /// <summary>No server answered: the configured static address is in use; discovery retried now and then.</summary>
        Fallback,
    }

    /// <summary>Why a received DHCP datagram was dropped.</summary>
    public enum DhcpDrop
    {
        Malformed = 0,
        NotAReply,
        WrongTransaction,
        WrongHardwareAddress,
        Unexpected,
        WrongServer,
        Count,
    }

    /// <summary>Told about every state change, e.g. so the firmware can log it.</summary>
    public interface IDhcpObserver
    {
        void OnDhcpStateChanged(DhcpClient client, DhcpState previous, long nowMs);
    }
}
