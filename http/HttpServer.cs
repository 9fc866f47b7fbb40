using NanoStack.Scheduling;

namespace NanoStack.Http
{
    /// <summary>
    /// A small HTTP/1.1 server (RFC 9110/9112) driven by <see cref="Poll"/> from the cooperative loop: persistent
    /// connections, Content-Length or chunked bodies both ways, hard limits, deadlines, and zero allocation per
    /// request (every buffer is made in the constructor).
    /// </summary>
    /// <remarks>
    /// Memory: the server owns ONE work buffer and each client slot only its parser (the request's target and body).
    /// Requests are parsed where they arrive, in the TCP receive buffer: the server peeks into the work buffer,
    /// the parser takes whole lines and body bytes, and the server consumes exactly those (an unfinished line waits
    /// in the socket). A response is composed in the work buffer (status line and headers in front, a small body
    /// behind) and handed to the socket; streamed bodies and sections pass through it on their way to the socket. A
    /// response that did not fit the socket's send buffer keeps the work buffer until it drains; meanwhile the other
    /// connections wait (their sockets buffer what their clients send).
    /// Admission: a connection is accepted only into a free slot; while every slot is taken newcomers wait in the
    /// TCP listener (backlog, or retransmitting a cookie handshake), and nobody is ever reset to make room. While
    /// someone waits (<see cref="IHttpAcceptor.ClientsWaiting"/>) responses end their connection
    /// (<c>Connection: close</c>) and a keep-alive connection idle for <see cref="HttpServerConfig.BusyIdleTimeoutMs"/>
    /// is closed with a FIN, and a request gets <see cref="HttpServerConfig.BusyHeaderTimeoutMs"/> to arrive, so slots
    /// turn over. A request not complete in time gets 408 and its connection is
    /// closed for reading: whatever the client sends after that is answered with a RST (RFC 1122 4.2.2.13).
    /// </remarks>
    public sealed class HttpServer : IStackTask
    {
        /// <summary>Room at the front of the work buffer for the status line and headers; a longer head is a 500.</summary>
        public const int HeadReserve = 256;

        private readonly HttpServerConfig _config;
        private readonly IHttpAcceptor _acceptor;
        private readonly IHttpHandler _handler;
        private readonly HttpConnection[] _connections;
        private readonly byte[] _work;
        private readonly AsciiWriter _writer = new AsciiWriter();
        private readonly HttpResponse _reply = new HttpResponse();
        private readonly TransportSink _sink = new TransportSink();
        private HttpConnection _owner;
        private int _pendingOffset;
        private int _pendingLength;
        private int _pendingBody;
        // This poll's three yes/no states in one int (each field is a 12-byte heap block on the device, issue 17):
        // output was queued, clients wait for a slot, a connection waited for the busy work buffer.
        private int _pollState;
        private const int DidWork = 1;
        private const int ClientsWaitingNow = 2;
        private const int Starved = 4;

        public readonly HttpServerCounters Counters = new HttpServerCounters();

        /// <summary>Told of every completed response (one line per request on the board's console); null = no log.</summary>
        public IHttpAccessLog AccessLog;

        public HttpServer(HttpServerConfig config, IHttpAcceptor acceptor, IHttpHandler handler)
        {
            _config = config;
            _acceptor = acceptor;
            _handler = handler;
            _connections = new HttpConnection[config.MaxClients];
            for (int i = 0; i < _connections.Length; i++) _connections[i] = new HttpConnection(config);
            // Whole request lines must fit a peek (the parser answers 414/431 only when it sees a line's limit pass).
            int work = HeadReserve + config.ResponseBufferSize;
            if (work < config.MaxRequestLine + 2) work = config.MaxRequestLine + 2;
            if (work < config.MaxHeaderLine + 2) work = config.MaxHeaderLine + 2;
            _work = new byte[work];
        }

        public HttpServerConfig Config { get { return _config; } }

        /// <summary>Bytes of buffers this server allocated at construction.</summary>
        public int StaticBytes
        {
            get
            {
                int perConnection = _config.MaxRequestLine + _config.MaxBody + 160;
                return _work.Length + perConnection * _connections.Length;
            }
        }

        public int ActiveConnections
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _connections.Length; i++) { if (_connections[i].Phase != HttpConnection.PhaseFree) n++; }
                return n;
            }
        }

        /// <summary>Registered with <c>NetworkStack.AddTask</c>, the server is stepped by the stack's one scheduler.</summary>
        long IStackTask.Step(long nowMs)
        {
            return Poll(nowMs);
        }

        /// <summary>
        /// Accepts, reads, answers and streams as far as the sockets allow. Returns <paramref name="nowMs"/> when
        /// it queued data (so the caller runs the TCP stack again at once), otherwise the next deadline.
        /// </summary>
        public long Poll(long nowMs)
        {
            _pollState = 0;
            AcceptNew(nowMs);
            // Asked only when every slot is taken: then someone waiting means slots must turn over.
            if (FreeSlot() == null && _acceptor.ClientsWaiting(nowMs)) _pollState |= ClientsWaitingNow;
            for (int i = 0; i < _connections.Length; i++)
            {
                HttpConnection c = _connections[i];
                if (c.Phase != HttpConnection.PhaseFree) Service(c, nowMs);
            }
            if ((_pollState & ClientsWaitingNow) != 0) CloseIdleForWaiting(nowMs);
            // Connections turned away while a response held the work buffer get their turn now that it came free.
            if ((_pollState & Starved) != 0 && _owner == null)
            {
                for (int i = 0; i < _connections.Length; i++)
                {
                    HttpConnection c = _connections[i];
                    if (c.Phase != HttpConnection.PhaseFree) Service(c, nowMs);
                }
            }
            if ((_pollState & DidWork) != 0) return nowMs;
            return NextDeadline();
        }

        private long NextDeadline()
        {
            long next = long.MaxValue;
            for (int i = 0; i < _connections.Length; i++)
            {
                HttpConnection c = _connections[i];
                if (c.Phase != HttpConnection.PhaseReading) continue;
                long d = c.Parser.Started ? c.RequestStartMs + HeaderTimeout()
                    : c.LastActivityMs + ((_pollState & ClientsWaitingNow) != 0 ? _config.BusyIdleTimeoutMs : _config.IdleTimeoutMs);
                if (d < next) next = d;
            }
            return next;
        }

        private void AcceptNew(long nowMs)
        {
            // Only into a free slot: a newcomer that finds none stays queued in the listener (its request, if sent,
            // waits in its TCP receive buffer), instead of anyone being reset or refused.
            for (int guard = 0; guard < 16; guard++)
            {
                HttpConnection slot = FreeSlot();
                if (slot == null) return;
                IHttpTransport t = _acceptor.Accept();
                if (t == null) return;
                _pollState |= DidWork;
                slot.Assign(t, nowMs);
                Counters.Accepted++;
            }
        }

        private HttpConnection FreeSlot()
        {
            for (int i = 0; i < _connections.Length; i++)
            {
                if (_connections[i].Phase == HttpConnection.PhaseFree) return _connections[i];
            }
            return null;
        }

        /// <summary>
        /// Clients wait and every slot is taken: a keep-alive connection between requests (its socket was just read
        /// and held nothing) that has been quiet for BusyIdleTimeoutMs is closed gracefully (FIN), the longest quiet first.
        /// A client racing a request against our FIN retries it (RFC 9112 §9.3.1); one close per poll.
        /// </summary>
        private void CloseIdleForWaiting(long nowMs)
        {
            HttpConnection best = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                HttpConnection c = _connections[i];
                if (!c.IsIdle || nowMs - c.LastActivityMs < _config.BusyIdleTimeoutMs) continue;
                if (best == null || c.LastActivityMs < best.LastActivityMs) best = c;
            }
            if (best == null) return;
            Counters.IdleClosedForWaiting++;
            Drop(best, false);
        }

        private void Service(HttpConnection c, long nowMs)
        {
            if (!c.Transport.IsOpen)
            {
                Counters.Resets++;
                Drop(c, true);
                return;
            }
            for (int turn = 0; turn < _config.RequestsPerPoll; turn++)
            {
                if (c.Phase == HttpConnection.PhaseSending)
                {
                    if (!PushPending(c, nowMs)) return;
                    if (c.Source != null || c.Sections != null) { c.Phase = HttpConnection.PhaseStreaming; }
                    else { Finish(c, nowMs); if (c.Phase == HttpConnection.PhaseFree) return; continue; }
                }
                if (c.Phase == HttpConnection.PhaseStreaming)
                {
                    if (_owner != null) { _pollState |= Starved; return; } // the body passes through the work buffer
                    if (!(c.Sections != null ? PumpSections(c, nowMs) : Pump(c))) return;
                    Finish(c, nowMs);
                    if (c.Phase == HttpConnection.PhaseFree) return;
                    continue;
                }
                if (!ReadRequest(c, nowMs)) return;
            }
        }

        /// <summary>
        /// Parses what the socket holds, straight from it; answers a complete request. False when nothing more can
        /// happen this poll.
        /// </summary>
        private bool ReadRequest(HttpConnection c, long nowMs)
        {
            HttpRequestParser p = c.Parser;
            IHttpTransport t = c.Transport;
            while (!p.IsComplete)
            {
                int consumed = 0;
                if (t.ReceiveAvailable > 0)
                {
                    if (_owner != null) { _pollState |= Starved; return false; } // the work buffer holds another response
                    int n = t.Peek(_work, 0, _work.Length);
                    c.LastActivityMs = nowMs;
                    if (!p.Started) c.RequestStartMs = nowMs;
                    HttpParseResult r = p.Feed(_work, 0, n, out consumed);
                    if (consumed > 0) t.Skip(consumed);
                    if (r == HttpParseResult.Error)
                    {
                        Counters.ParseErrors++;
                        Respond(c, p.ErrorStatus, nowMs);
                        return true;
                    }
                }
                if (consumed == 0 && !p.IsComplete)
                {
                    // Nothing (or only an unfinished line) is waiting.
                    if (t.IsReceiveEnded)
                    {
                        // The client closed its side: nothing more can arrive, so no response is owed
                        // to a half request (RFC 9112 §9.6); close our side too.
                        Counters.PeerClosed++;
                        Drop(c, false);
                        return false;
                    }
                    // True when a 408 was queued: the caller's loop goes on to send it.
                    return CheckTimeouts(c, nowMs);
                }
            }
            if (_owner != null) { _pollState |= Starved; return false; }
            Counters.Requests++;
            Respond(c, 0, nowMs);
            return true;
        }

        /// <summary>How long a request may take to arrive: shorter while clients wait for a slot (slow clients turn over).</summary>
        private int HeaderTimeout()
        {
            int t = _config.HeaderTimeoutMs;
            return (_pollState & ClientsWaitingNow) != 0 && _config.BusyHeaderTimeoutMs < t ? _config.BusyHeaderTimeoutMs : t;
        }

        /// <summary>Ends a connection whose request or idle time ran out; true when it answered 408 (to be sent now).</summary>
        private bool CheckTimeouts(HttpConnection c, long nowMs)
        {
            if (c.Parser.Started)
            {
                if (nowMs - c.RequestStartMs >= HeaderTimeout())
                {
                    // RFC 9110 §15.5.9: 408, then the connection closes; the socket's receive side is closed too, so
                    // a client that keeps sending gets a RST (RFC 1122 4.2.2.13) and its slot is free at once.
                    if (_owner != null) { _pollState |= Starved; return false; } // the work buffer is busy: answer on a later poll
                    Counters.HeaderTimeouts++;
                    Respond(c, 408, nowMs);
                    _pollState |= DidWork;
                    return true;
                }
                return false;
            }
            if (nowMs - c.LastActivityMs >= _config.IdleTimeoutMs)
            {
                Counters.IdleTimeouts++;
                Drop(c, false);
            }
            return false;
        }

        /// <summary>Renders the response (error <paramref name="errorStatus"/> or the handler's) and starts sending it.</summary>
        private void Respond(HttpConnection c, int errorStatus, long nowMs)
        {
            HttpRequest req = c.Parser.Request;
            HttpResponse res = _reply;
            res.Reset(_work, HeadReserve, _work.Length);
            if (errorStatus != 0)
            {
                res.Simple(errorStatus);
                res.Close = true;
            }
            else
            {
                _handler.Handle(req, res, nowMs);
                if (res.Source == null && res.Sections == null && res.Body.Overflow)
                {
                    res.Reset(_work, HeadReserve, _work.Length);
                    res.Simple(500);
                }
            }
            int headLength = WriteHead(c, req, res, errorStatus);
            if (_writer.Overflow)
            {
                // The handler's content type or extra header does not fit HeadReserve: a short 500 instead.
                res.Reset(_work, HeadReserve, _work.Length);
                res.Simple(500);
                res.Close = true;
                headLength = WriteHead(c, req, res, 500);
            }
            bool streamed = res.Source != null || res.Sections != null;
            bool headOnly = errorStatus == 0 && req.Method == HttpMethod.Head;

            if (res.Status < 300) Counters.Responses2xx++;
            else if (res.Status < 500) Counters.Responses4xx++;
            else Counters.Responses5xx++;

            c.ResponseStatus = res.Status;
            c.ResponseBytes = 0;
            c.SetSource(headOnly ? null : res.Source);
            c.Sections = headOnly ? null : res.Sections;
            c.Section = 0;
            c.SourcePosition = 0;
            c.SourceRemaining = res.SourceLength;
            c.Phase = HttpConnection.PhaseSending;
            _owner = c;
            _pendingOffset = 0;
            _pendingLength = headLength;
            _pendingBody = streamed || headOnly ? 0 : res.Body.Length;
            c.LastActivityMs = nowMs;
        }

        /// <summary>
        /// Writes the status line and headers at the front of the work buffer and sets the connection's framing
        /// (CloseAfter, Chunked); returns the head's length. <see cref="_writer"/>.Overflow tells it did not fit.
        /// </summary>
        private int WriteHead(HttpConnection c, HttpRequest req, HttpResponse res, int errorStatus)
        {
            bool http11 = errorStatus != 0 || req.VersionMinor >= 1;
            bool keepAlive = !res.Close && errorStatus == 0 && req.WantsKeepAlive;
            if (keepAlive && (_pollState & ClientsWaitingNow) != 0)
            {
                // Others wait for a slot: this response ends the connection so they get their turn.
                keepAlive = false;
                Counters.KeepAliveEndedForWaiting++;
            }
            bool streamed = res.Source != null || res.Sections != null;
            bool chunked = streamed && res.SourceLength < 0;
            if (chunked && !http11) keepAlive = false; // HTTP/1.0: the body ends when the connection does

            AsciiWriter h = _writer;
            h.Attach(_work, 0, HeadReserve);
            h.Write(http11 ? "HTTP/1.1 " : "HTTP/1.0 ").WriteDecimal(res.Status).WriteByte((byte)' ').Write(HttpStatus.Reason(res.Status)).Write("\r\n");
            h.Write("Server: nanoStack\r\n");
            if (res.ContentType != null) h.Write("Content-Type: ").Write(res.ContentType).Write("\r\n");
            if (!streamed) h.Write("Content-Length: ").WriteDecimal(res.Body.Length).Write("\r\n");
            else if (!chunked) h.Write("Content-Length: ").WriteDecimal(res.SourceLength).Write("\r\n");
            else if (http11) h.Write("Transfer-Encoding: chunked\r\n");
            if (res.HeaderName != null) h.Write(res.HeaderName).Write(": ").Write(res.HeaderValue).Write("\r\n");
            if (!keepAlive) h.Write("Connection: close\r\n");
            else if (!http11 || req.VersionMinor == 0) h.Write("Connection: keep-alive\r\n");
            h.Write("\r\n");
            c.CloseAfter = !keepAlive;
            c.Chunked = chunked && http11;
            return h.Length;
        }

        /// <summary>
        /// Sends what the socket takes of the head and body in the work buffer; true when they are all gone. A response
        /// the client has not let move for IdleTimeoutMs (it does not read: zero window) is given up with a reset, since
        /// it holds the work buffer every other connection needs.
        /// </summary>
        private bool PushPending(HttpConnection c, long nowMs)
        {
            if (_owner != c) return true;
            while (true)
            {
                if (_pendingLength == 0)
                {
                    if (_pendingBody == 0) break;
                    // The head went out: the body follows from behind the head reserve.
                    _pendingOffset = HeadReserve;
                    _pendingLength = _pendingBody;
                    _pendingBody = 0;
                }
                int n = c.Transport.Send(_work, _pendingOffset, _pendingLength);
                if (n > 0)
                {
                    _pendingOffset += n;
                    _pendingLength -= n;
                    Counters.BytesSent += n;
                    c.ResponseBytes += n;
                    c.LastActivityMs = nowMs;
                    _pollState |= DidWork;
                }
                if (_pendingLength > 0)
                {
                    if (nowMs - c.LastActivityMs < _config.IdleTimeoutMs) return false;
                    Counters.SendStalls++;
                    Drop(c, true);
                    return false;
                }
            }
            _owner = null;
            return true;
        }

        /// <summary>Streams the body as far as the socket takes it; true when the body is complete.</summary>
        private bool Pump(HttpConnection c)
        {
            IHttpTransport t = c.Transport;
            for (int guard = 0; guard < 64; guard++)
            {
                int space = t.SendSpace;
                if (c.Chunked)
                {
                    // RFC 9112 §7.1: chunk = 8 hex digits (leading zeros are allowed) CRLF data CRLF; last-chunk "0" CRLF CRLF.
                    if (space < 12 + 1) return false;
                    int room = space - 12;
                    if (room > _work.Length - 12) room = _work.Length - 12;
                    int got = c.Source.Read(c.SourcePosition, _work, 10, room);
                    if (got <= 0)
                    {
                        return SendLastChunk(c);
                    }
                    WriteChunkHeader(got);
                    _work[10 + got] = (byte)'\r';
                    _work[11 + got] = (byte)'\n';
                    if (!SendAll(c, _work, got + 12)) return false;
                    c.SourcePosition += got;
                }
                else
                {
                    if (c.SourceRemaining <= 0) return true;
                    if (space <= 0) return false;
                    int want = space < _work.Length ? space : _work.Length;
                    if (want > c.SourceRemaining) want = (int)c.SourceRemaining;
                    int got = c.Source.Read(c.SourcePosition, _work, 0, want);
                    if (got <= 0)
                    {
                        // The source ended before its announced length: the framing is broken, close.
                        c.CloseAfter = true;
                        return true;
                    }
                    int sent = t.Send(_work, 0, got);
                    if (sent > 0) _pollState |= DidWork;
                    Counters.BytesSent += sent;
                    c.ResponseBytes += sent;
                    c.SourcePosition += sent;
                    c.SourceRemaining -= sent;
                    if (sent < got) return false; // the source is positional: the rest is generated again later
                }
            }
            return false;
        }

        /// <summary>
        /// Sends the sections of the body, each whole as soon as the transport has room for it: measured first (rendered
        /// into a discarding sink, the writer counts), then rendered through the work buffer straight into the transport. True when the
        /// body is complete.
        /// </summary>
        private bool PumpSections(HttpConnection c, long nowMs)
        {
            IHttpTransport t = c.Transport;
            IHttpSectionSource src = c.Sections;
            while (c.Section < src.SectionCount)
            {
                _sink.Transport = null; // measuring: the writer counts, nothing is sent
                _writer.Attach(_work, 0, _work.Length, _sink);
                src.RenderSection(c.Section, _writer, nowMs);
                int size = (int)_writer.Total;
                if (size == 0) { c.Section++; continue; }
                int need = c.Chunked ? size + 12 : size;
                if (need > _config.MaxSectionBytes)
                {
                    // It could never be sent: the framing is lost, so the only honest end is a reset.
                    Counters.SectionsTooLarge++;
                    Drop(c, true);
                    return false;
                }
                if (t.SendSpace < need) return false;
                if (c.Chunked)
                {
                    WriteChunkHeader(size);
                    if (!SendAll(c, _work, 10)) return false;
                }
                _sink.Transport = t;
                _sink.Accepted = 0;
                _writer.Attach(_work, 0, _work.Length, _sink);
                src.RenderSection(c.Section, _writer, nowMs);
                _writer.Flush();
                _sink.Transport = null;
                _pollState |= DidWork;
                Counters.BytesSent += _sink.Accepted;
                c.ResponseBytes += _sink.Accepted;
                if (_sink.Accepted != size)
                {
                    // The second rendering differed from the first, or the transport took less than it promised.
                    Drop(c, true);
                    return false;
                }
                if (c.Chunked)
                {
                    _work[0] = (byte)'\r';
                    _work[1] = (byte)'\n';
                    if (!SendAll(c, _work, 2)) return false;
                }
                c.Section++;
            }
            if (!c.Chunked) return true;
            if (t.SendSpace < LastChunk.Length) return false;
            return SendLastChunk(c);
        }

        private const string LastChunk = "0\r\n\r\n";

        /// <summary>RFC 9112 §7.1: the last-chunk "0" CRLF and the empty trailer CRLF end a chunked body.</summary>
        private bool SendLastChunk(HttpConnection c)
        {
            for (int i = 0; i < LastChunk.Length; i++) _work[i] = (byte)LastChunk[i];
            return SendAll(c, _work, LastChunk.Length);
        }

        /// <summary>Hands staged section bytes to the transport (its send buffer was checked to have room); with no
        /// transport it drops them, while a section is only measured (the writer's Total is its size).</summary>
        private sealed class TransportSink : IByteSink
        {
            public IHttpTransport Transport;
            public long Accepted;

            public void Write(byte[] buffer, int offset, int count)
            {
                if (Transport != null) Accepted += Transport.Send(buffer, offset, count);
            }
        }

        private bool SendAll(HttpConnection c, byte[] buffer, int length)
        {
            int sent = c.Transport.Send(buffer, 0, length);
            if (sent > 0) { _pollState |= DidWork; Counters.BytesSent += sent; c.ResponseBytes += sent; }
            if (sent == length) return true;
            // A chunk cut in two would corrupt the framing; SendSpace promised room, so this is a broken transport.
            Drop(c, true);
            return false;
        }

        private void WriteChunkHeader(int size)
        {
            for (int i = 7; i >= 0; i--)
            {
                int d = size & 0xF;
                _work[i] = (byte)(d < 10 ? '0' + d : 'A' + d - 10);
                size >>= 4;
            }
            _work[8] = (byte)'\r';
            _work[9] = (byte)'\n';
        }

        private void Finish(HttpConnection c, long nowMs)
        {
            IHttpAccessLog log = AccessLog;
            if (log != null)
            {
                log.Completed(c.Transport.RemoteAddress, c.Transport.RemotePort, c.Parser.Request, c.ResponseStatus, c.ResponseBytes, nowMs - c.RequestStartMs);
            }
            if (_owner == c) _owner = null;
            c.SetSource(null);
            c.Sections = null;
            if (c.CloseAfter)
            {
                Drop(c, false);
                return;
            }
            c.Parser.Reset();
            c.Phase = HttpConnection.PhaseReading;
            c.LastActivityMs = nowMs;
        }

        private void Drop(HttpConnection c, bool abort)
        {
            if (_owner == c) _owner = null;
            if (abort) c.Transport.Abort();
            else c.Transport.Close();
            c.Release();
            _pollState |= DidWork;
        }
    }
}
