namespace NanoStack.Http
{
    /// <summary>
    /// Incremental HTTP/1.1 request parser (RFC 9112) that keeps no copy of the bytes it reads: it takes whole lines
    /// (request line, header fields, chunk sizes, trailers) and body bytes, and leaves an unfinished line unconsumed,
    /// so the caller offers it again once more bytes arrived. The server parses straight out of the TCP receive ring
    /// this way (peek, then consume what was taken): no per-connection line or receive buffer. It never throws and
    /// never allocates: anything it cannot accept ends in <see cref="HttpParseResult.Error"/> with the status to
    /// answer (400, 413, 414, 431, 501, 505).
    /// </summary>
    /// <remarks>
    /// Header fields are interpreted line by line and then forgotten; only the framing fields (Content-Length,
    /// Transfer-Encoding, Connection, Host) are kept. A line longer than its limit fails as soon as that many bytes
    /// are offered without its end, so the caller's window (at least <see cref="HttpServerConfig.MaxRequestLine"/> and
    /// <see cref="HttpServerConfig.MaxHeaderLine"/> + 2 bytes) always gets an answer. Both Content-Length and
    /// Transfer-Encoding, or conflicting Content-Lengths, are rejected with 400 (RFC 9112 §6.3 items 3-5): ambiguous
    /// framing is how request smuggling starts.
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
        private readonly HttpServerConfig _config;
        private int _state;
        private int _headerBytes;
        private long _remaining;
        private bool _started;

        /// <summary>Status to answer after <see cref="HttpParseResult.Error"/>.</summary>
        public int ErrorStatus;

        public HttpRequestParser(HttpServerConfig config)
        {
            _config = config;
            _request = new HttpRequest(config.MaxRequestLine, config.MaxBody);
            Reset();
        }

        public HttpRequest Request { get { return _request; } }

        /// <summary>True once any byte of the current request was offered (for the header deadline).</summary>
        public bool Started { get { return _started; } }

        public bool IsComplete { get { return _state == StateDone; } }

        public void Reset()
        {
            _request.Reset();
            _state = StateRequestLine;
            _headerBytes = 0;
            _remaining = 0;
            _started = false;
            ErrorStatus = 0;
        }

        /// <summary>
        /// Takes whole lines and body bytes of <paramref name="buffer"/>[offset..offset+length) up to the end of one
        /// request and returns how many it took in <paramref name="consumed"/>. An unfinished line at the end is not
        /// taken: offer it again, with what follows it, on the next call.
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
                if (_state == StateBody || _state == StateChunkData)
                {
                    int n = end - i;
                    if (n > _remaining) n = (int)_remaining;
                    AppendBody(buffer, i, n);
                    i += n;
                    _remaining -= n;
                    if (_remaining == 0) _state = _state == StateBody ? StateDone : StateChunkDataEnd;
                }
                else if (_state == StateChunkDataEnd)
                {
                    // RFC 9112 §7.1: chunk-data is followed by CRLF (a bare LF is tolerated).
                    if (buffer[i] == '\n') { i++; _state = StateChunkSize; }
                    else if (buffer[i] != '\r') Fail(400);
                    else if (i + 1 == end) break; // the LF has not arrived yet
                    else if (buffer[i + 1] != '\n') Fail(400);
                    else { i += 2; _state = StateChunkSize; }
                }
                else
                {
                    _started = true;
                    int taken = Line(buffer, i, end);
                    if (taken == 0) break; // an unfinished line, or the request failed
                    i += taken;
                }
                if (_state == StateDone) { consumed = i - offset; return HttpParseResult.Complete; }
                if (_state == StateFailed) { consumed = i - offset; return HttpParseResult.Error; }
            }
            consumed = i - offset;
            return _state == StateFailed ? HttpParseResult.Error : HttpParseResult.NeedMore;
        }

        /// <summary>
        /// One line starting at <paramref name="start"/>: handled and its length with the LF returned when whole, else
        /// 0 (also when the partial line already breaks a limit: then the request failed).
        /// </summary>
        private int Line(byte[] b, int start, int end)
        {
            // The longest line this state may take without its LF (CR included): more bytes without an LF fail at once.
            bool counted = _state != StateRequestLine; // header, chunk-size and trailer lines share the header budget
            int budget = _config.MaxHeaderBytes - _headerBytes;
            int max;
            if (_state == StateRequestLine) max = _config.MaxRequestLine + 1;
            else if (_state == StateChunkSize) max = budget - 1;
            else max = _config.MaxHeaderLine + 1;
            int scanEnd = end;
            if (scanEnd - start > max + 1) scanEnd = start + max + 1;
            // One pass finds the LF and the first CR or NUL (RFC 9112 §2.2 refuses both inside a line): a printable byte
            // costs one compare besides the loop, where a second scan for them cost the interpreter ~17 IL a byte.
            int lf = -1;
            int bad = -1;
            for (int j = start; j < scanEnd; j++)
            {
                byte c = b[j];
                if (c > '\r') continue;
                if (c == '\n') { lf = j; break; }
                if (bad < 0 && (c == '\r' || c == 0)) bad = j;
            }
            int n = lf < 0 ? scanEnd - start : lf - start;
            if (n > max || (counted && n + (lf < 0 ? 0 : 1) > budget))
            {
                Fail(_state == StateRequestLine ? 414 : 431);
                return 0;
            }
            if (_state == StateChunkSize)
            {
                ChunkSizeLine(b, start, n, lf >= 0);
                if (lf < 0 || _state == StateFailed) return 0;
                _headerBytes += n + 1;
                return n + 1;
            }
            if (lf < 0) return 0;
            if (counted) _headerBytes += n + 1;
            int len = WithoutCr(b, start, n, bad);
            if (len < 0) Fail(400);
            else if (_state == StateRequestLine)
            {
                if (len > _config.MaxRequestLine) Fail(414);
                else RequestLineDone(b, start, len);
            }
            else if (len > _config.MaxHeaderLine) Fail(431);
            else if (_state == StateHeaderLine) HeaderLineDone(b, start, len);
            else if (len == 0) _state = StateDone; // trailer fields are read and ignored
            return _state == StateFailed ? 0 : n + 1;
        }

        /// <summary>The line's length without a final CR; -1 for a bare CR or a NUL inside it (RFC 9112 §2.2).
        /// <paramref name="firstBad"/>: where the LF scan met the first CR or NUL, -1 for none.</summary>
        private static int WithoutCr(byte[] b, int start, int n, int firstBad)
        {
            if (n > 0 && b[start + n - 1] == '\r') n--;
            return firstBad >= 0 && firstBad < start + n ? -1 : n;
        }

        private void RequestLineDone(byte[] line, int s, int n)
        {
            if (n == 0)
            {
                // RFC 9112 §2.2: ignore empty lines before the request line (bounded by the header budget).
                _headerBytes += 2;
                if (_headerBytes > _config.MaxHeaderBytes) Fail(431);
                return;
            }
            // method SP request-target SP HTTP-version (RFC 9112 §3)
            int sp1 = -1;
            for (int i = 0; i < n; i++) { if (line[s + i] == ' ') { sp1 = i; break; } }
            if (sp1 <= 0) { Fail(400); return; }
            for (int i = 0; i < sp1; i++) { if (!Ascii.IsTokenChar(line[s + i])) { Fail(400); return; } }
            // The version is the last 8 bytes, so the second SP is the ninth from the end or the line is malformed
            // (the target holds no SP: checked below), without a search back for it.
            int sp2 = n - 9;
            if (sp2 <= sp1 + 1 || line[s + sp2] != ' ') { Fail(400); return; }
            int path = -1; // where '?' or '#' ends the path, found by the same pass that checks the target's bytes
            for (int i = sp1 + 1; i < sp2; i++)
            {
                byte c = line[s + i];
                if (c <= 32 || c >= 127) { Fail(400); return; }
                if (path < 0 && (c == '?' || c == '#')) path = i - sp1 - 1;
            }
            int v = s + sp2;
            if (line[v + 1] != 'H' || line[v + 2] != 'T' || line[v + 3] != 'T'
                || line[v + 4] != 'P' || line[v + 5] != '/' || line[v + 7] != '.')
            {
                Fail(400);
                return;
            }
            int major = line[v + 6] - '0';
            int minor = line[v + 8] - '0';
            if (major < 0 || major > 9 || minor < 0 || minor > 9) { Fail(400); return; }
            if (major != 1) { Fail(505); return; }

            HttpRequest r = _request;
            r.VersionMinor = minor >= 1 ? 1 : 0;
            r.Method = ParseMethod(line, s, sp1);
            if (line[s + sp1 + 1] != '/') { Fail(400); return; } // origin-form only: a device is no proxy
            int targetLength = sp2 - sp1 - 1;
            System.Array.Copy(line, s + sp1 + 1, r.Target, 0, targetLength);
            r.TargetLength = targetLength;
            r.PathLength = path < 0 ? targetLength : path;
            _state = StateHeaderLine;
        }

        private static HttpMethod ParseMethod(byte[] line, int s, int length)
        {
            if (Is(line, s, length, "GET")) return HttpMethod.Get;
            if (Is(line, s, length, "HEAD")) return HttpMethod.Head;
            if (Is(line, s, length, "POST")) return HttpMethod.Post;
            if (Is(line, s, length, "PUT")) return HttpMethod.Put;
            if (Is(line, s, length, "DELETE")) return HttpMethod.Delete;
            if (Is(line, s, length, "OPTIONS")) return HttpMethod.Options;
            return HttpMethod.Other;
        }

        private static bool Is(byte[] line, int s, int length, string token)
        {
            // Methods are case-sensitive (RFC 9110 §9.1).
            if (length != token.Length) return false;
            for (int i = 0; i < length; i++) { if (line[s + i] != (byte)token[i]) return false; }
            return true;
        }

        private void HeaderLineDone(byte[] line, int s, int n)
        {
            if (n == 0) { HeadersDone(); return; }
            // RFC 9112 §5.2: obs-fold is rejected with 400 by a server that does not unfold.
            if (line[s] == ' ' || line[s] == '\t') { Fail(400); return; }
            int colon = -1;
            for (int i = s; i < s + n; i++) { if (line[i] == ':') { colon = i; break; } }
            if (colon <= s) { Fail(400); return; }
            // RFC 9112 §5.1: no whitespace between field name and colon.
            for (int i = s; i < colon; i++) { if (!Ascii.IsTokenChar(line[i])) { Fail(400); return; } }
            int vs = colon + 1;
            int ve = s + n;
            while (vs < ve && (line[vs] == ' ' || line[vs] == '\t')) vs++;
            while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t')) ve--;

            HttpRequest r = _request;
            int nameLength = colon - s;
            if (Ascii.EqualsIgnoreCase(line, s, nameLength, "content-length")) ContentLength(line, vs, ve);
            else if (Ascii.EqualsIgnoreCase(line, s, nameLength, "transfer-encoding")) TransferEncoding(line, vs, ve);
            else if (Ascii.EqualsIgnoreCase(line, s, nameLength, "connection")) Connection(line, vs, ve);
            else if (Ascii.EqualsIgnoreCase(line, s, nameLength, "host"))
            {
                if (r.HasHost) { Fail(400); return; } // RFC 9112 §3.2: more than one Host is a 400
                r.HasHost = true;
            }
        }

        private void ContentLength(byte[] line, int vs, int ve)
        {
            if (ve == vs || ve - vs > 18) { Fail(ve - vs > 18 ? 413 : 400); return; }
            long value = 0;
            for (int i = vs; i < ve; i++)
            {
                int d = line[i] - '0';
                if (d < 0 || d > 9) { Fail(400); return; }
                value = value * 10 + d;
            }
            if (_request.ContentLength >= 0 && _request.ContentLength != value) { Fail(400); return; }
            _request.ContentLength = value;
        }

        private void TransferEncoding(byte[] line, int vs, int ve)
        {
            // Only "chunked" (possibly after other codings would be 501 anyway) is understood.
            int last = ve;
            int start = vs;
            for (int i = ve - 1; i >= vs; i--) { if (line[i] == ',') { start = i + 1; break; } }
            while (start < last && (line[start] == ' ' || line[start] == '\t')) start++;
            if (!Ascii.EqualsIgnoreCase(line, start, last - start, "chunked")) { Fail(501); return; }
            if (start != vs) { Fail(501); return; } // another coding before chunked: not supported
            if (_request.Chunked) { Fail(400); return; }
            _request.Chunked = true;
        }

        private void Connection(byte[] line, int vs, int ve)
        {
            int i = vs;
            while (i < ve)
            {
                while (i < ve && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) i++;
                int s = i;
                while (i < ve && line[i] != ',' && line[i] != ' ' && line[i] != '\t') i++;
                if (Ascii.EqualsIgnoreCase(line, s, i - s, "close")) _request.ConnectionClose = true;
                else if (Ascii.EqualsIgnoreCase(line, s, i - s, "keep-alive")) _request.ConnectionKeepAlive = true;
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

        /// <summary>
        /// chunk = chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1); extensions are skipped. Checked as far as it has
        /// arrived (<paramref name="whole"/> false: no LF yet), so a bad or too large size fails before its line ends.
        /// </summary>
        private void ChunkSizeLine(byte[] b, int start, int n, bool whole)
        {
            long size = 0;
            int digits = 0;
            for (int i = start; i < start + n; i++)
            {
                byte c = b[i];
                if (c == '\r' || c == ';' || c == ' ' || c == '\t')
                {
                    if (digits == 0) { Fail(400); return; }
                    break; // the rest is an extension (or the CR): skipped
                }
                int h = Ascii.HexValue(c);
                if (h < 0) { Fail(400); return; }
                digits++;
                size = size * 16 + h;
                if (digits > 8 || _request.BodyLength + size > _request.Body.Length) { Fail(413); return; }
            }
            if (!whole) return;
            if (digits == 0) { Fail(400); return; }
            if (size == 0) { _state = StateTrailer; return; }
            _remaining = size;
            _state = StateChunkData;
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
