namespace NanoStack.Http
{
    /// <summary>
    /// One parsed request, in buffers owned by its connection (valid until the next request on it). Only what a
    /// small server needs is kept: method, target, version, the framing headers and a bounded body.
    /// </summary>
    public sealed class HttpRequest
    {
        public HttpMethod Method;

        /// <summary>Request target bytes (origin-form, e.g. "/api/led?x=1").</summary>
        public readonly byte[] Target;
        public int TargetLength;

        /// <summary>Length of the path part of <see cref="Target"/> (up to '?').</summary>
        public int PathLength;

        /// <summary>1 for HTTP/1.1, 0 for HTTP/1.0.</summary>
        public int VersionMinor;

        /// <summary>Content-Length, or -1 when absent.</summary>
        public long ContentLength;

        // The four framing flags share one field: on the device every field is a 12-byte heap block.
        private const int FlagChunked = 1;
        private const int FlagHasHost = 2;
        private const int FlagClose = 4;
        private const int FlagKeepAlive = 8;
        private int _flags;

        /// <summary>Transfer-Encoding: chunked.</summary>
        public bool Chunked { get { return (_flags & FlagChunked) != 0; } set { Set(FlagChunked, value); } }

        public bool HasHost { get { return (_flags & FlagHasHost) != 0; } set { Set(FlagHasHost, value); } }

        /// <summary>The Connection field lists "close".</summary>
        public bool ConnectionClose { get { return (_flags & FlagClose) != 0; } set { Set(FlagClose, value); } }

        /// <summary>The Connection field lists "keep-alive".</summary>
        public bool ConnectionKeepAlive { get { return (_flags & FlagKeepAlive) != 0; } set { Set(FlagKeepAlive, value); } }

        public readonly byte[] Body;
        public int BodyLength;

        public HttpRequest(int maxTarget, int maxBody)
        {
            Target = new byte[maxTarget];
            Body = new byte[maxBody];
            Reset();
        }

        public void Reset()
        {
            Method = HttpMethod.None;
            TargetLength = 0;
            PathLength = 0;
            VersionMinor = 1;
            ContentLength = -1;
            _flags = 0;
            BodyLength = 0;
        }

        /// <summary>RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".</summary>
        public bool WantsKeepAlive
        {
            get { return VersionMinor >= 1 ? !ConnectionClose : (ConnectionKeepAlive && !ConnectionClose); }
        }

        /// <summary>True when the path (without query) is exactly <paramref name="path"/>.</summary>
        public bool PathEquals(string path)
        {
            if (path.Length != PathLength) return false;
            for (int i = 0; i < PathLength; i++)
            {
                if (Target[i] != (byte)path[i]) return false;
            }
            return true;
        }

        public bool PathStartsWith(string prefix)
        {
            if (prefix.Length > PathLength) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (Target[i] != (byte)prefix[i]) return false;
            }
            return true;
        }

        /// <summary>
        /// Parses the rest of the path after <paramref name="prefix"/> as a non-negative decimal (no sign, no
        /// leading '+', at most 18 digits). False when it is not exactly that.
        /// </summary>
        public bool TryGetPathNumber(string prefix, out long value)
        {
            value = 0;
            if (!PathStartsWith(prefix)) return false;
            int start = prefix.Length;
            int digits = PathLength - start;
            if (digits < 1 || digits > 18) return false;
            for (int i = start; i < PathLength; i++)
            {
                int d = Target[i] - '0';
                if (d < 0 || d > 9) return false;
                value = value * 10 + d;
            }
            return true;
        }

        /// <summary>True when the body, without surrounding whitespace, equals <paramref name="text"/> (ASCII case-insensitive).</summary>
        public bool BodyEquals(string text)
        {
            int start = 0;
            int end = BodyLength;
            while (start < end && IsSpace(Body[start])) start++;
            while (end > start && IsSpace(Body[end - 1])) end--;
            if (end - start != text.Length) return false;
            for (int i = 0; i < text.Length; i++)
            {
                if (Ascii.ToLower(Body[start + i]) != Ascii.ToLower((byte)text[i])) return false;
            }
            return true;
        }

        private void Set(int flag, bool on)
        {
            if (on) _flags |= flag;
            else _flags &= ~flag;
        }

        private static bool IsSpace(byte b)
        {
            return b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }
    }
}
