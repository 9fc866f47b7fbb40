namespace NanoStack.Http
{
    /// <summary>What the server did since start (shown on the status page).</summary>
    public sealed class HttpServerCounters
    {
        public long Accepted;
        public long Requests;
        public long Responses2xx;
        public long Responses4xx;
        public long Responses5xx;
        public long ParseErrors;
        /// <summary>Keep-alive connections between requests closed gracefully because clients waited for a slot.</summary>
        public long IdleClosedForWaiting;
        /// <summary>Responses sent with Connection: close (instead of keep-alive) because clients waited for a slot.</summary>
        public long KeepAliveEndedForWaiting;
        /// <summary>Requests not complete within HeaderTimeoutMs: answered 408, the connection closed.</summary>
        public long HeaderTimeouts;
        public long IdleTimeouts;
        public long PeerClosed;
        public long Resets;
        public long BytesSent;
        /// <summary>Responses reset because the client let none of a response that holds the work buffer move for IdleTimeoutMs.</summary>
        public long SendStalls;
        /// <summary>Section bodies aborted because one section exceeded HttpServerConfig.MaxSectionBytes.</summary>
        public long SectionsTooLarge;
    }
}
