using NanoStack.Client.Sockets;

namespace NanoStack.Client.Http
{
    /// <summary>
    /// An HTTP/1.1 response read incrementally from a connection (RFC 9112): the status line and headers are parsed
    /// line by line through the client's small header buffer, then <see cref="Read"/> streams the body into the
    /// caller's buffer whatever its framing: Content-Length, chunked (§7.1, chunk extensions and trailers skipped) or
    /// delimited by the server's close (§6.3). The whole body is never held. Failures: <see cref="HttpClientException"/>
    /// (malformed, truncated by a FIN) or <see cref="SocketException"/> from the connection (reset, timeout).
    /// </summary>
    public sealed class HttpClientResponse
    {
        private const int ModeNone = 0;
        private const int ModeLength = 1;
        private const int ModeChunked = 2;
        private const int ModeClose = 3;
        private const int MaxChunkSizeDigits = 7; // < 256 MiB: a device never expects more in one chunk

        private readonly IByteStream _stream;
        private readonly byte[] _buf;
        private int _start;
        private int _end;
        private int _status;
        private long _contentLength = -1;
        private int _mode;
        private long _remaining;
        private bool _chunkDataEnded;
        private bool _done;
        private long _bodyRead;
        private TcpClient _connection;

        /// <summary>
        /// Reads the status line and headers from <paramref name="stream"/> (interim 1xx responses skipped).
        /// <paramref name="headerBuffer"/> must hold the longest header line; <paramref name="bodyless"/> is true for
        /// the answer to HEAD (RFC 9110 §9.3.2).
        /// </summary>
        public HttpClientResponse(IByteStream stream, byte[] headerBuffer, bool bodyless)
        {
            _stream = stream;
            _buf = headerBuffer;
            do
            {
                ReadHead();
            }
            while (_status >= 100 && _status < 200);
            if (bodyless || _status == 204 || _status == 304)
            {
                _mode = ModeNone;
                _done = true;
            }
            else if (_mode != ModeChunked)
            {
                _mode = _contentLength >= 0 ? ModeLength : ModeClose;
                _remaining = _contentLength;
                _done = _mode == ModeLength && _remaining == 0;
            }
        }

        public int StatusCode { get { return _status; } }

        /// <summary>The Content-Length header, or -1 (chunked or close-delimited).</summary>
        public long ContentLength { get { return _contentLength; } }

        public bool IsChunked { get { return _mode == ModeChunked; } }

        /// <summary>Body bytes <see cref="Read"/> has returned so far.</summary>
        public long BodyBytesRead { get { return _bodyRead; } }

        /// <summary>True once the whole body has been read.</summary>
        public bool IsComplete { get { return _done; } }

        internal void SetConnection(TcpClient connection)
        {
            _connection = connection;
        }

        /// <summary>Copies up to <paramref name="count"/> body bytes into the caller's buffer; 0 at the end of the body.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            TcpClient.CheckRange(buffer, offset, count);
            if (_done || count == 0)
            {
                return 0;
            }
            int n;
            if (_mode == ModeClose)
            {
                n = ReadBody(buffer, offset, count);
                if (n == 0)
                {
                    _done = true;
                }
                _bodyRead += n;
                return n;
            }
            if (_mode == ModeChunked && _remaining == 0)
            {
                if (!NextChunk())
                {
                    return 0;
                }
            }
            if (count > _remaining)
            {
                count = (int)_remaining;
            }
            n = ReadBody(buffer, offset, count);
            if (n == 0)
            {
                throw new HttpClientException(HttpClientError.BodyTruncated);
            }
            _remaining -= n;
            _bodyRead += n;
            if (_remaining == 0)
            {
                if (_mode == ModeLength)
                {
                    _done = true;
                }
                else
                {
                    _chunkDataEnded = true;
                }
            }
            return n;
        }

        /// <summary>Closes the connection the response came on (every request of HttpClient uses its own).</summary>
        public void Close()
        {
            if (_connection != null)
            {
                _connection.Close();
                _connection = null;
            }
        }

        // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk = 1*"0" ...; then trailers.
        private bool NextChunk()
        {
            int s;
            int len;
            if (_chunkDataEnded)
            {
                len = ReadLine(out s);
                if (len != 0)
                {
                    throw new HttpClientException(len < 0 ? HttpClientError.BodyTruncated : HttpClientError.BadTransferCoding);
                }
                _chunkDataEnded = false;
            }
            len = ReadLine(out s);
            if (len < 0)
            {
                throw new HttpClientException(HttpClientError.BodyTruncated);
            }
            long size = 0;
            int digits = 0;
            for (int i = s; i < s + len; i++)
            {
                int v = HexValue(_buf[i]);
                if (v < 0)
                {
                    byte c = _buf[i];
                    if (c == ';' || c == ' ' || c == '\t')
                    {
                        break;
                    }
                    throw new HttpClientException(HttpClientError.BadTransferCoding);
                }
                if (++digits > MaxChunkSizeDigits)
                {
                    throw new HttpClientException(HttpClientError.BadTransferCoding);
                }
                size = size * 16 + v;
            }
            if (digits == 0)
            {
                throw new HttpClientException(HttpClientError.BadTransferCoding);
            }
            if (size == 0)
            {
                // Trailer section, up to the empty line; a server that closes right after the last chunk is tolerated.
                while ((len = ReadLine(out s)) > 0)
                {
                }
                _done = true;
                return false;
            }
            _remaining = size;
            return true;
        }

        private int ReadBody(byte[] buffer, int offset, int count)
        {
            int buffered = _end - _start;
            if (buffered > 0)
            {
                int n = buffered < count ? buffered : count;
                System.Array.Copy(_buf, _start, buffer, offset, n);
                _start += n;
                return n;
            }
            // Nothing left over from the headers: straight from the connection into the caller's buffer.
            return _stream.Read(buffer, offset, count);
        }

        private void ReadHead()
        {
            int s;
            int len = ReadLine(out s);
            // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
            if (len < 12 || !Matches(s, "HTTP/1.") || _buf[s + 8] != ' ' || !IsDigit(_buf[s + 9]) || !IsDigit(_buf[s + 10])
                || !IsDigit(_buf[s + 11]) || (len > 12 && _buf[s + 12] != ' '))
            {
                throw new HttpClientException(HttpClientError.MalformedResponse);
            }
            _status = (_buf[s + 9] - '0') * 100 + (_buf[s + 10] - '0') * 10 + (_buf[s + 11] - '0');
            _contentLength = -1;
            _mode = ModeNone;
            while (true)
            {
                len = ReadLine(out s);
                if (len < 0)
                {
                    throw new HttpClientException(HttpClientError.MalformedResponse);
                }
                if (len == 0)
                {
                    return;
                }
                int colon = -1;
                for (int i = s; i < s + len; i++)
                {
                    if (_buf[i] == ':')
                    {
                        colon = i;
                        break;
                    }
                }
                if (colon <= s)
                {
                    throw new HttpClientException(HttpClientError.MalformedResponse);
                }
                int v = colon + 1;
                int e = s + len;
                while (v < e && (_buf[v] == ' ' || _buf[v] == '\t')) v++;
                while (e > v && (_buf[e - 1] == ' ' || _buf[e - 1] == '\t')) e--;
                if (NameIs(s, colon, "content-length"))
                {
                    long value = 0;
                    if (v == e || e - v > 15)
                    {
                        throw new HttpClientException(HttpClientError.MalformedResponse);
                    }
                    for (int i = v; i < e; i++)
                    {
                        if (!IsDigit(_buf[i])) throw new HttpClientException(HttpClientError.MalformedResponse);
                        value = value * 10 + (_buf[i] - '0');
                    }
                    if (_contentLength >= 0 && _contentLength != value)
                    {
                        throw new HttpClientException(HttpClientError.MalformedResponse); // RFC 9112 §6.3 item 5
                    }
                    if (_mode != ModeChunked)
                    {
                        _contentLength = value;
                    }
                }
                else if (NameIs(s, colon, "transfer-encoding"))
                {
                    // RFC 9112 §6.3 item 3: chunked must be the final coding; anything else we cannot decode.
                    if (!NameIs(v, e, "chunked"))
                    {
                        throw new HttpClientException(HttpClientError.BadTransferCoding);
                    }
                    _mode = ModeChunked;
                    _contentLength = -1; // Transfer-Encoding overrides Content-Length (§6.3 item 3)
                }
            }
        }

        /// <summary>
        /// The next line (LF or CRLF ended, RFC 9112 §2.2): returns its length and sets <paramref name="lineStart"/>;
        /// -1 when the connection ended first. The line stays valid until the next call.
        /// </summary>
        private int ReadLine(out int lineStart)
        {
            int scan = _start;
            while (true)
            {
                for (int i = scan; i < _end; i++)
                {
                    if (_buf[i] == '\n')
                    {
                        lineStart = _start;
                        int len = i - _start;
                        if (len > 0 && _buf[i - 1] == '\r')
                        {
                            len--;
                        }
                        _start = i + 1;
                        return len;
                    }
                }
                scan = _end;
                if (_start > 0)
                {
                    System.Array.Copy(_buf, _start, _buf, 0, _end - _start);
                    scan -= _start;
                    _end -= _start;
                    _start = 0;
                }
                if (_end == _buf.Length)
                {
                    throw new HttpClientException(HttpClientError.HeaderTooLong);
                }
                int n = _stream.Read(_buf, _end, _buf.Length - _end);
                if (n <= 0)
                {
                    lineStart = _start;
                    return -1;
                }
                _end += n;
            }
        }

        private bool Matches(int at, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (_buf[at + i] != text[i]) return false;
            }
            return true;
        }

        /// <summary>Case-insensitive comparison of _buf[from..to) with a lower-case token.</summary>
        private bool NameIs(int from, int to, string lower)
        {
            if (to - from != lower.Length) return false;
            for (int i = 0; i < lower.Length; i++)
            {
                int c = _buf[from + i];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lower[i]) return false;
            }
            return true;
        }

        private static bool IsDigit(byte c)
        {
            return c >= '0' && c <= '9';
        }

        private static int HexValue(byte c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
