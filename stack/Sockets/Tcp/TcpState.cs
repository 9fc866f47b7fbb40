namespace NanoStack.Sockets.Tcp
{
    /// <summary>The eleven connection states of RFC 9293 §3.3.2.</summary>
    public enum TcpState
    {
        Closed,
        Listen,
        SynSent,
        SynReceived,
        Established,
        FinWait1,
        FinWait2,
        CloseWait,
        Closing,
        LastAck,
        TimeWait
    }

    /// <summary>Why a connection ended other than by a graceful close.</summary>
    public enum TcpError
    {
        None,
        /// <summary>The peer reset the connection (RST in a synchronized state).</summary>
        Reset,
        /// <summary>Retransmission, SYN or keep-alive retry limit reached (RFC 9293 §3.8.3, RFC 1122 4.2.3.5).</summary>
        TimedOut,
        /// <summary>Active open answered by RST (RFC 9293 §3.10.7.3).</summary>
        Refused,
        /// <summary>The application aborted the connection.</summary>
        Aborted
    }
}
