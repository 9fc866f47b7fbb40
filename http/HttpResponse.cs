namespace NanoStack.Http
{
    /// <summary>
    /// What a handler fills in: status, content type, an optional extra header, and a body: written into
    /// <see cref="Body"/> (the server's work buffer, for small bodies), a streamed
    /// <see cref="IHttpBodySource"/>, or an <see cref="IHttpSectionSource"/> rendered into the send buffer.
    /// </summary>
    public sealed class HttpResponse
    {
        public int Status;
        public string ContentType;

        /// <summary>One extra header (e.g. "Allow" for 405, "Cache-Control"); null for none.</summary>
        public string HeaderName;
        public string HeaderValue;

        /// <summary>Set by the handler to close the connection after this response.</summary>
        public bool Close;

        /// <summary>Writes the body (bounded by the response buffer; overflow becomes a 500).</summary>
        public readonly AsciiWriter Body = new AsciiWriter();

        /// <summary>When set, the body comes from here instead of <see cref="Body"/>.</summary>
        public IHttpBodySource Source;

        /// <summary>Length of the streamed body, or -1 to send it chunked (RFC 9112 §7.1).</summary>
        public long SourceLength;

        /// <summary>When set, the body is rendered section by section into the send buffer (chunked).</summary>
        public IHttpSectionSource Sections;

        internal void Reset(byte[] buffer, int bodyStart, int bodyLimit)
        {
            Status = 200;
            ContentType = "text/plain";
            HeaderName = null;
            HeaderValue = null;
            Close = false;
            Source = null;
            SourceLength = -1;
            Sections = null;
            Body.Attach(buffer, bodyStart, bodyLimit);
        }

        /// <summary>A short plain-text response for <paramref name="status"/> ("404 Not Found\n").</summary>
        public void Simple(int status)
        {
            Status = status;
            ContentType = "text/plain";
            Source = null;
            Sections = null;
            Body.Attach(Body.Buffer, Body.Start, Body.Buffer.Length);
            Body.WriteDecimal(status).WriteByte((byte)' ').Write(HttpStatus.Reason(status)).WriteByte((byte)'\n');
        }

        /// <summary>405 with the Allow header listing what the resource supports (RFC 9110 §15.5.6).</summary>
        public void MethodNotAllowed(string allow)
        {
            Simple(405);
            HeaderName = "Allow";
            HeaderValue = allow;
        }

        /// <summary>Renders the body from <paramref name="sections"/> while sending (any size, no response buffer).</summary>
        public void Render(IHttpSectionSource sections, string contentType)
        {
            Source = null;
            Sections = sections;
            SourceLength = -1;
            ContentType = contentType;
        }

        /// <summary>Streams <paramref name="length"/> bytes (-1 = unknown, chunked) from <paramref name="source"/>.</summary>
        public void Stream(IHttpBodySource source, long length, string contentType)
        {
            Source = source;
            SourceLength = length;
            ContentType = contentType;
        }
    }
}
