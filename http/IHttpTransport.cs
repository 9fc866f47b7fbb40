namespace NanoStack.Http
{
    /// <summary>
    /// One client connection's byte stream as the server needs it: a seam over <c>TcpSocket</c> so the server
    /// logic is testable with an in-memory transport.
    /// </summary>
    public interface IHttpTransport
    {
        /// <summary>False once the connection can no longer carry a response (reset, timed out, closed).</summary>
        bool IsOpen { get; }

        /// <summary>Received bytes waiting to be consumed.</summary>
        int ReceiveAvailable { get; }

        /// <summary>
        /// Copies up to <paramref name="count"/> received bytes and leaves them waiting: the server parses them where
        /// they are (the TCP receive buffer) and consumes only what it took, so it keeps no receive copy per client.
        /// </summary>
        int Peek(byte[] buffer, int offset, int count);

        /// <summary>Consumes <paramref name="count"/> received bytes (at most <see cref="ReceiveAvailable"/>).</summary>
        void Skip(int count);

        /// <summary>Nothing more will arrive (the peer sent FIN, or the connection is gone); bytes before it may still wait.</summary>
        bool IsReceiveEnded { get; }

        /// <summary>Copies what fits into the send buffer and returns that count.</summary>
        int Send(byte[] buffer, int offset, int count);

        int SendSpace { get; }

        /// <summary>The client's IPv4 address and port (host order), for the access log; 0 when unknown.</summary>
        uint RemoteAddress { get; }

        ushort RemotePort { get; }

        /// <summary>
        /// Graceful close (FIN after queued data); nothing more is read, so data the client sends afterwards may be
        /// answered with a reset (RFC 1122 4.2.2.13). The transport must not be used afterwards.
        /// </summary>
        void Close();

        /// <summary>Immediate reset. The transport must not be used afterwards.</summary>
        void Abort();
    }

    /// <summary>Where new connections come from (a listening TCP socket).</summary>
    public interface IHttpAcceptor
    {
        /// <summary>The next established connection, or null when none is waiting.</summary>
        IHttpTransport Accept();

        /// <summary>
        /// True when a client waits for the server to take it: an established connection not yet accepted, or one
        /// that could not even be queued and is retrying. The server then lets busy slots turn over.
        /// </summary>
        bool ClientsWaiting(long nowMs);
    }
}
