namespace NanoStack.Client.Http
{
    /// <summary>Why an HTTP exchange failed above TCP (TCP's own failures are SocketExceptions).</summary>
    public enum HttpClientError
    {
        None = 0,
        /// <summary>Not an http:// URL with a host (https and others are not supported).</summary>
        InvalidUrl,
        /// <summary>The status line or a header is not HTTP/1.x syntax (RFC 9112 §4, §5).</summary>
        MalformedResponse,
        /// <summary>A status or header line longer than the client's header buffer.</summary>
        HeaderTooLong,
        /// <summary>A transfer coding other than chunked (RFC 9112 §6.1), or a bad chunk size.</summary>
        BadTransferCoding,
        /// <summary>The connection ended (FIN) before the body did: Content-Length not reached or no last chunk.</summary>
        BodyTruncated
    }

    /// <summary>An HTTP exchange failed: <see cref="Error"/> says why.</summary>
    public class HttpClientException : System.Exception
    {
        private readonly HttpClientError _error;

        public HttpClientException(HttpClientError error) : base(Describe(error))
        {
            _error = error;
        }

        public HttpClientError Error { get { return _error; } }

        public static string Describe(HttpClientError error)
        {
            switch (error)
            {
                case HttpClientError.InvalidUrl: return "invalid URL (http://host[:port]/path)";
                case HttpClientError.MalformedResponse: return "malformed response";
                case HttpClientError.HeaderTooLong: return "response header line too long";
                case HttpClientError.BadTransferCoding: return "bad transfer coding";
                case HttpClientError.BodyTruncated: return "connection closed mid-body";
                default: return "http error";
            }
        }
    }
}
