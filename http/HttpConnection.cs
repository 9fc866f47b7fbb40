namespace NanoStack.Http
{
    /// <summary>
    /// One client slot of the server: its transport, parser and response progress. It holds no byte buffer of its
    /// own but the request's target and body: received bytes wait in the transport until the parser takes them.
    /// </summary>
    internal sealed class HttpConnection
    {
        internal const int PhaseFree = 0;
        internal const int PhaseReading = 1;
        internal const int PhaseSending = 2;
        internal const int PhaseStreaming = 3;

        internal readonly HttpRequestParser Parser;
        internal IHttpTransport Transport;
        internal int Phase;
        internal long LastActivityMs;
        internal long RequestStartMs;

        // CloseAfter and Chunked share one field: on the device every field is a 12-byte heap block, per slot.
        private int _flags;

        /// <summary>The connection ends once the response is sent.</summary>
        internal bool CloseAfter
        {
            get { return (_flags & 1) != 0; }
            set { _flags = value ? _flags | 1 : _flags & ~1; }
        }

        /// <summary>The streamed body goes out in chunks (RFC 9112 §7.1).</summary>
        internal bool Chunked
        {
            get { return (_flags & 2) != 0; }
            set { _flags = value ? _flags | 2 : _flags & ~2; }
        }

        // The response in progress, for the access log.
        internal int ResponseStatus;
        internal long ResponseBytes;

        // Streamed body progress.
        internal IHttpBodySource Source;
        internal IHttpSectionSource Sections;
        internal int Section;
        internal long SourcePosition;
        internal long SourceRemaining;

        internal HttpConnection(HttpServerConfig config)
        {
            Parser = new HttpRequestParser(config);
            Phase = PhaseFree;
        }

        /// <summary>Idle = a kept-alive connection between requests: nothing received, nothing to send.</summary>
        internal bool IsIdle
        {
            get { return Phase == PhaseReading && !Parser.Started && Transport.ReceiveAvailable == 0; }
        }

        internal void Assign(IHttpTransport transport, long nowMs)
        {
            Transport = transport;
            Phase = PhaseReading;
            LastActivityMs = nowMs;
            RequestStartMs = nowMs;
            CloseAfter = false;
            SetSource(null);
            Sections = null;
            Parser.Reset();
        }

        internal void Release()
        {
            Transport = null;
            Phase = PhaseFree;
            SetSource(null);
            Sections = null;
            Parser.Reset();
        }

        /// <summary>Sets the streamed body's source, telling a source that wants to know (IHttpBodySourceLifetime).</summary>
        internal void SetSource(IHttpBodySource source)
        {
            if (Source == source) return;
            IHttpBodySourceLifetime old = Source as IHttpBodySourceLifetime;
            Source = source;
            if (old != null) old.Closed();
            IHttpBodySourceLifetime now = source as IHttpBodySourceLifetime;
            if (now != null) now.Opened();
        }
    }
}
