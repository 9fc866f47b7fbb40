namespace NanoStack.Http
{
    /// <summary>One client slot of the server: its transport, parser, receive staging and response progress.</summary>
    internal sealed class HttpConnection
    {
        internal const int PhaseFree = 0;
        internal const int PhaseReading = 1;
        internal const int PhaseSending = 2;
        internal const int PhaseStreaming = 3;

        internal readonly int Index;
        internal readonly HttpRequestParser Parser;
        internal readonly byte[] Rx;
        internal IHttpTransport Transport;
        internal int Phase;
        internal int RxOffset;
        internal int RxLength;
        internal long AcceptedMs;
        internal long LastActivityMs;
        internal long RequestStartMs;
        internal bool CloseAfter;
        internal int RequestsServed;

        // The response in progress, for the access log.
        internal int ResponseStatus;
        internal long ResponseBytes;

        // Streamed body progress.
        internal IHttpBodySource Source;
        internal IHttpSectionSource Sections;
        internal int Section;
        internal long SourcePosition;
        internal long SourceRemaining;
        internal bool Chunked;

        internal HttpConnection(int index, HttpServerConfig config)
        {
            Index = index;
            Parser = new HttpRequestParser(config);
            Rx = new byte[config.ReceiveChunk];
            Phase = PhaseFree;
        }

        /// <summary>Idle = a kept-alive connection between requests: nothing received, nothing to send.</summary>
        internal bool IsIdle
        {
            get { return Phase == PhaseReading && RxLength == 0 && !Parser.Started; }
        }

        internal void Assign(IHttpTransport transport, long nowMs)
        {
            Transport = transport;
            Phase = PhaseReading;
            RxOffset = 0;
            RxLength = 0;
            AcceptedMs = nowMs;
            LastActivityMs = nowMs;
            RequestStartMs = nowMs;
            CloseAfter = false;
            RequestsServed = 0;
            SetSource(null);
            Sections = null;
            Parser.Reset();
        }

        internal void Release()
        {
            Transport = null;
            Phase = PhaseFree;
            RxOffset = 0;
            RxLength = 0;
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
