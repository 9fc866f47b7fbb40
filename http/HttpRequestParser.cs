namespace NanoStack.Http
{
    /// <summary>
    /// Incremental HTTP/1.1 request parser (RFC 9112) over fixed buffers. Bytes may arrive in any split; it never
    /// throws and never allocates: anything it cannot accept ends in <see cref="HttpParseResult.Error"/> with the
    /// status to answer (400, 413, 414, 431, 501, 505).
    /// </summary>
    /// <remarks>
    /// Header fields are interpreted line by line and then forgotten, so memory is one line buffer however many
    /// fields arrive; only the framing fields (Content-Length, Transfer-Encoding, Connection, Host) are kept.
    /// Both Content-Length and Transfer-Encoding, or conflicting Content-Lengths, are rejected with 400 (RFC 9112
    /// §6.3 items 3-5): ambiguous framing is how request smuggling starts.
    /// </remarks>
    public sealed class HttpRequestParser
    {
        private const int StateRequestLine = 0;
        private const int StateHeaderLine = 1;
        private const int StateBody = 2;
        private const int StateChunkSize = 3;
        private const int StateChunkData = 4;
        private const int StateChunkDataEnd = 5;
        private const int StateTrailer = 6;
        private const int StateDone = 7;
        private const int StateFailed = 8;

        private readonly HttpRequest _request;
        private readonly byte[] _line;
        private readonly int _maxRequestLine;
        private readonly int _maxHeaderLine;
        private readonly int _maxHeaderBytes;
        private int _state;
        private int _lineLength;
        private int _headerBytes;
        private long _remaining;
        private long _chunkSize;
        private int _chunkDigits;
        private bool _chunkExt;
        private bool _started;

        /// <summary>Status to answer after <see cref="HttpParseResult.Error"/>.</summary>
        public int ErrorStatus;

        public HttpRequestParser(HttpServerConfig config)
        {
            _maxRequestLine = config.MaxRequestLine;
            _maxHeaderLine = config.MaxHeaderLine;
            _maxHeaderBytes = config.MaxHeaderBytes;
            _line = new byte[(config.MaxRequestLine > config.MaxHeaderLine ? config.MaxRequestLine : config.MaxHeaderLine) + 1];
            _request = new HttpRequest(config.MaxRequestLine, config.MaxBody);
            Reset();
        }

        public HttpRequest Request { get { return _request; } }

        /// <summary>True once any byte of the current request arrived (for the header deadline).</summary>
        public bool Started { get { return _started; } }

        public bool IsComplete { get { return _state == StateDone; } }

        public void Reset()
        {
            _request.Reset();
            _state = StateRequestLine;
            _lineLength = 0;
            _headerBytes = 0;
            _remaining = 0;
            _chunkSize = 0;
            _chunkDigits = 0;
            _chunkExt = false;
            _started = false;
            ErrorStatus = 0;
        }

        /// <summary>
        /// Consumes bytes of <paramref name="buffer"/>[offset..offset+length) up to the end of one request and
        /// returns how many it took in <paramref name="consumed"/>.
        /// </summary>
        public HttpParseResult Feed(byte[] buffer, int offset, int length, out int consumed)
        {
            consumed = 0;
            if (_state == StateDone) return HttpParseResult.Complete;
            if (_state == StateFailed) return HttpParseResult.Error;
            int i = offset;
            int end = offset + length;
            while (i < end)
            {
                if (_state == StateBody)
                {
                    int n = end - i;
                    if (n > _remaining) n = (int)_remaining;
                    AppendBody(buffer, i, n);
                    i += n;
                    _remaining -= n;
                    if (_remaining == 0) _state = StateDone;
                }
                else if (_state == StateChunkData)
                {
                    int n = end - i;
                    if (n > _remaining) n = (int)_remaining;
                    AppendBody(buffer, i, n);
                    i += n;
                    _remaining -= n;
                    if (_remaining == 0) { _state = StateChunkDataEnd; _lineLength = 0; }
                }
                else
                {
                    byte b = buffer[i++];
                    _started = true;
                    Step(b);
                }
                if (_state == StateDone) { consumed = i - offset; return HttpParseResult.Complete; }
                if (_state == StateFailed) { consumed = i - offset; return HttpParseResult.Error; }
            }
            consumed = i - offset;
            return HttpParseResult.NeedMore;
        }

        private void Step(byte b)
        {
            switch (_state)
            {
                case StateRequestLine:
                    if (b == '\n') { RequestLineDone(); return; }
                    if (_lineLength >= _maxRequestLine + 1) { Fail(414); return; } // +1: room for the CR
                    _line[_lineLength++] = b;
                    return;
                case StateHeaderLine:
                case StateTrailer:
                    _headerBytes++;
                    if (_headerBytes > _maxHeaderBytes) { Fail(431); return; }
                    if (b == '\n') { if (_state == StateHeaderLine) HeaderLineDone(); else TrailerLineDone(); return; }
                    if (_lineLength >= _maxHeaderLine + 1) { Fail(431); return; }
                    _line[_lineLength++] = b;
                    return;
                case StateChunkSize:
                    ChunkSizeByte(b);
                    return;
                case StateChunkDataEnd:
                    // RFC 9112 §7.1: chunk-data is followed by CRLF.
                    if (b == '\r' && _lineLength == 0) { _lineLength = 1; return; }
                    if (b == '\n') { _state = StateChunkSize; _lineLength = 0; _chunkSize = 0; _chunkDigits = 0; _chunkExt = false; return; }
                    Fail(400);
                    return;
            }
        }

        private int LineWithoutCr()
        {
            int n = _lineLength;
            if (n > 0 && _line[n - 1] == '\r') n--;
            for (int i = 0; i < n; i++)
            {
                if (_line[i] == '\r' || _line[i] == 0) return -1; // bare CR / NUL inside a line (RFC 9112 §2.2)
            }
            return n;
        }

        private void RequestLineDone()
        {
            int n = LineWithoutCr();
            _lineLength = 0;
            if (n < 0) { Fail(400); return; }
            if (n == 0)
            {
                // RFC 9112 §2.2: ignore empty lines before the request line (bounded by the header budget).
                _headerBytes += 2;
                if (_headerBytes > _maxHeaderBytes) Fail(431);
                return;
            }
            if (n > _maxRequestLine) { Fail(414); return; }
            // method SP request-target SP HTTP-version (RFC 9112 §3)
            int sp1 = -1;
            for (int i = 0; i < n; i++) { if (_line[i] == ' ') { sp1 = i; break; } }
            if (sp1 <= 0) { Fail(400); return; }
            for (int i = 0; i < sp1; i++) { if (!Ascii.IsTokenChar(_line[i])) { Fail(400); return; } }
            int sp2 = -1;
            for (int i = n - 1; i > sp1; i--) { if (_line[i] == ' ') { sp2 = i; break; } }
            if (sp2 <= sp1 + 1) { Fail(400); return; }
            for (int i = sp1 + 1; i < sp2; i++)
            {
                byte c = _line[i];
                if (c <= 32 || c >= 127) { Fail(400); return; }
            }
            if (n - sp2 - 1 != 8 || _line[sp2 + 1] != 'H' || _line[sp2 + 2] != 'T' || _line[sp2 + 3] != 'T'
                || _line[sp2 + 4] != 'P' || _line[sp2 + 5] != '/' || _line[sp2 + 7] != '.')
            {
                Fail(400);
                return;
            }
            int major = _line[sp2 + 6] - '0';
            int minor = _line[sp2 + 8] - '0';
            if (major < 0 || major > 9 || minor < 0 || minor > 9) { Fail(400); return; }
            if (major != 1) { Fail(505); return; }

            HttpRequest r = _request;
            r.VersionMinor = minor >= 1 ? 1 : 0;
            r.Method = ParseMethod(sp1);
            if (_line[sp1 + 1] != '/') { Fail(400); return; } // origin-form only: a device is no proxy
            int targetLength = sp2 - sp1 - 1;
            System.Array.Copy(_line, sp1 + 1, r.Target, 0, targetLength);
            r.TargetLength = targetLength;
            r.PathLength = targetLength;
            for (int i = 0; i < targetLength; i++)
            {
                if (r.Target[i] == '?' || r.Target[i] == '#') { r.PathLength = i; break; }
            }
            _state = StateHeaderLine;
        }

        private HttpMethod ParseMethod(int length)
        {
            if (Is(length, "GET")) return HttpMethod.Get;
            if (Is(length, "HEAD")) return HttpMethod.Head;
            if (Is(length, "POST")) return HttpMethod.Post;
            if (Is(length, "PUT")) return HttpMethod.Put;
            if (Is(length, "DELETE")) return HttpMethod.Delete;
            if (Is(length, "OPTIONS")) return HttpMethod.Options;
            return HttpMethod.Other;
        }

        private bool Is(int length, string token)
        {
            // Methods are case-sensitive (RFC 9110 §9.1).
            if (length != token.Length) return false;
            for (int i = 0; i < length; i++) { if (_line[i] != (byte)token[i]) return false; }
            return true;
        }

        private void HeaderLineDone()
        {
            int n = LineWithoutCr();
            _lineLength = 0;
            if (n < 0) { Fail(400); return; }
            if (n == 0) { HeadersDone(); return; }
            if (n > _maxHeaderLine) { Fail(431); return; }
            // RFC 9112 §5.2: obs-fold is rejected with 400 by a server that does not unfold.
            if (_line[0] == ' ' || _line[0] == '\t') { Fail(400); return; }
            int colon = -1;
            for (int i = 0; i < n; i++) { if (_line[i] == ':') { colon = i; break; } }
            if (colon <= 0) { Fail(400); return; }
            // RFC 9112 §5.1: no whitespace between field name and colon.
            for (int i = 0; i < colon; i++) { if (!Ascii.IsTokenChar(_line[i])) { Fail(400); return; } }
            int vs = colon + 1;
            int ve = n;
            while (vs < ve && (_line[vs] == ' ' || _line[vs] == '\t')) vs++;
            while (ve > vs && (_line[ve - 1] == ' ' || _line[ve - 1] == '\t')) ve--;

            HttpRequest r = _request;
            if (Ascii.EqualsIgnoreCase(_line, 0, colon, "content-length")) ContentLength(vs, ve);
            else if (Ascii.EqualsIgnoreCase(_line, 0, colon, "transfer-encoding")) TransferEncoding(vs, ve);
            else if (Ascii.EqualsIgnoreCase(_line, 0, colon, "connection")) Connection(vs, ve);
            else if (Ascii.EqualsIgnoreCase(_line, 0, colon, "host"))
            {
                if (r.HasHost) { Fail(400); return; } // RFC 9112 §3.2: more than one Host is a 400
                r.HasHost = true;
            }
        }

        private void ContentLength(int vs, int ve)
        {
            if (ve == vs || ve - vs > 18) { Fail(ve - vs > 18 ? 413 : 400); return; }
            long value = 0;
            for (int i = vs; i < ve; i++)
            {
                int d = _line[i] - '0';
                if (d < 0 || d > 9) { Fail(400); return; }
                value = value * 10 + d;
            }
            if (_request.ContentLength >= 0 && _request.ContentLength != value) { Fail(400); return; }
            _request.ContentLength = value;
        }

        private void TransferEncoding(int vs, int ve)
        {
            // Only "chunked" (possibly after other codings would be 501 anyway) is understood.
            int last = ve;
            int start = vs;
            for (int i = ve - 1; i >= vs; i--) { if (_line[i] == ',') { start = i + 1; break; } }
            while (start < last && (_line[start] == ' ' || _line[start] == '\t')) start++;
            if (!Ascii.EqualsIgnoreCase(_line, start, last - start, "chunked")) { Fail(501); return; }
            if (start != vs) { Fail(501); return; } // another coding before chunked: not supported
            if (_request.Chunked) { Fail(400); return; }
            _request.Chunked = true;
        }

        private void Connection(int vs, int ve)
        {
            int i = vs;
            while (i < ve)
            {
                while (i < ve && (_line[i] == ' ' || _line[i] == '\t' || _line[i] == ',')) i++;
                int s = i;
                while (i < ve && _line[i] != ',' && _line[i] != ' ' && _line[i] != '\t') i++;
                if (Ascii.EqualsIgnoreCase(_line, s, i - s, "close")) _request.ConnectionClose = true;
                else if (Ascii.EqualsIgnoreCase(_line, s, i - s, "keep-alive")) _request.ConnectionKeepAlive = true;
            }
        }

        private void HeadersDone()
        {
            HttpRequest r = _request;
            if (r.Chunked && r.ContentLength >= 0) { Fail(400); return; }
            if (r.VersionMinor >= 1 && !r.HasHost) { Fail(400); return; }
            if (r.Chunked)
            {
                _state = StateChunkSize;
                _chunkSize = 0;
                _chunkDigits = 0;
                _chunkExt = false;
                return;
            }
            if (r.ContentLength > r.Body.Length) { Fail(413); return; }
            if (r.ContentLength > 0)
            {
                _remaining = r.ContentLength;
                _state = StateBody;
                return;
            }
            _state = StateDone;
        }

        private void ChunkSizeByte(byte b)
        {
            // chunk = chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1); extensions are skipped.
            _headerBytes++;
            if (_headerBytes > _maxHeaderBytes) { Fail(431); return; }
            if (b == '\n')
            {
                if (_chunkDigits == 0) { Fail(400); return; }
                if (_chunkSize == 0) { _state = StateTrailer; _lineLength = 0; return; }
                _remaining = _chunkSize;
                _state = StateChunkData;
                return;
            }
            if (_chunkExt || b == '\r') { _chunkExt = true; return; }
            if (b == ';' || b == ' ' || b == '\t')
            {
                if (_chunkDigits == 0) { Fail(400); return; }
                _chunkExt = true;
                return;
            }
            int h = Ascii.HexValue(b);
            if (h < 0) { Fail(400); return; }
            _chunkDigits++;
            _chunkSize = _chunkSize * 16 + h;
            if (_chunkDigits > 8 || _request.BodyLength + _chunkSize > _request.Body.Length) { Fail(413); return; }
        }

        private void TrailerLineDone()
        {
            int n = LineWithoutCr();
            _lineLength = 0;
            if (n < 0) { Fail(400); return; }
            if (n == 0) _state = StateDone; // trailer fields are read and ignored
        }

        private void AppendBody(byte[] buffer, int offset, int count)
        {
            HttpRequest r = _request;
            if (count <= 0) return;
            System.Array.Copy(buffer, offset, r.Body, r.BodyLength, count);
            r.BodyLength += count;
        }

        private void Fail(int status)
        {
            ErrorStatus = status;
            _state = StateFailed;
        }
    }
}
