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
        public long Evicted;
        public long Rejected;
        public long HeaderTimeouts;
        public long IdleTimeouts;
        public long PeerClosed;
        public long Resets;
        public long BytesSent;
        /// <summary>Section bodies aborted because one section exceeded HttpServerConfig.MaxSectionBytes.</summary>
        public long SectionsTooLarge;
    }
}
