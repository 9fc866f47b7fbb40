namespace NanoStack.Http
{
    /// <summary>
    /// Every limit and buffer size of the HTTP server. All buffers are allocated from these numbers when the
    /// server is built; serving a request allocates nothing.
    /// </summary>
    public class HttpServerConfig
    {
        /// <summary>TCP port to listen on.</summary>
        public ushort Port = 80;

        /// <summary>Concurrent clients (connection slots). Should not exceed the TCP connection table.</summary>
        public int MaxClients = 4;

        /// <summary>Longest request line (method SP target SP version); longer gets 414 (issue 6).</summary>
        public int MaxRequestLine = 256;

        /// <summary>Longest single header field line; longer gets 431 (RFC 6585 §5).</summary>
        public int MaxHeaderLine = 256;

        /// <summary>All header field lines of one request together; more gets 431.</summary>
        public int MaxHeaderBytes = 2048;

        /// <summary>Largest request body (Content-Length or de-chunked); larger gets 413.</summary>
        public int MaxBody = 256;

        /// <summary>
        /// Room for a body written by the handler (<see cref="HttpResponse.Body"/>); a larger body is a 500. The server's
        /// one work buffer is <see cref="HttpServer.HeadReserve"/> + this: it also carries request lines (peeked from the
        /// socket), streamed bodies and sections on their way into the socket.
        /// </summary>
        public int ResponseBufferSize = 6144;

        /// <summary>Largest section of an <see cref="IHttpSectionSource"/> body, chunk framing included: at most the TCP
        /// send buffer (a bigger section could never be sent; it aborts the response).</summary>
        public int MaxSectionBytes = 2048;

        /// <summary>A request must be complete this long after its first byte, else it gets 408 and the connection is closed.</summary>
        public int HeaderTimeoutMs = 5000;

        /// <summary>A keep-alive connection with no request in progress is closed after this long.</summary>
        public int IdleTimeoutMs = 15000;

        /// <summary>
        /// While clients wait for a slot, a keep-alive connection with no request in progress is closed (FIN) after
        /// this long instead of <see cref="IdleTimeoutMs"/>.
        /// </summary>
        public int BusyIdleTimeoutMs = 1000;

        /// <summary>
        /// While clients wait for a slot, a request must be complete this long after its first byte (else 408), so
        /// clients that send slowly cannot hold the slots for <see cref="HeaderTimeoutMs"/> each.
        /// </summary>
        public int BusyHeaderTimeoutMs = 2000;

        /// <summary>Requests served per connection per poll before others get their turn.</summary>
        public int RequestsPerPoll = 4;
    }
}
