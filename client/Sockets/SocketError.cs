namespace NanoStack.Client.Sockets
{
    /// <summary>
    /// Why a blocking call failed: the names and meanings of System.Net.Sockets.SocketError (the subset a device
    /// meets), so an app written against <c>Socket</c> reads the same codes.
    /// </summary>
    public enum SocketError
    {
        Success = 0,
        /// <summary>No answer within the timeout (connect, receive, send, DNS after every retry).</summary>
        TimedOut = 10060,
        /// <summary>The peer answered the SYN with RST: nothing listens on that port (RFC 9293 §3.10.7.3).</summary>
        ConnectionRefused = 10061,
        /// <summary>The peer reset an established connection (RST), e.g. in the middle of a body.</summary>
        ConnectionReset = 10054,
        /// <summary>The connection was aborted locally (retransmission limit, Abort).</summary>
        ConnectionAborted = 10053,
        /// <summary>The DNS server says the name does not exist (NXDOMAIN) or has no A record.</summary>
        HostNotFound = 11001,
        /// <summary>No usable DNS answer after every attempt, or no DNS server known.</summary>
        TryAgain = 11002,
        /// <summary>The next hop never answered ARP (RFC 826): nobody on the link has that address.</summary>
        HostUnreachable = 10065,
        /// <summary>Link down or no IPv4 address yet (DHCP not bound).</summary>
        NetworkDown = 10050,
        /// <summary>No route to the destination (off link and no gateway).</summary>
        NetworkUnreachable = 10051,
        /// <summary>The socket table is full (TCP slots, UDP sockets, waiters of the loop).</summary>
        TooManyOpenSockets = 10024,
        /// <summary>The call needs a connection and there is none.</summary>
        NotConnected = 10057,
        /// <summary>The datagram is larger than the stack can send.</summary>
        MessageSize = 10040,
        /// <summary>An argument is invalid (port 0, null buffer, range outside the buffer).</summary>
        InvalidArgument = 10022,
        /// <summary>The socket was closed by this application.</summary>
        Shutdown = 10058
    }
}
