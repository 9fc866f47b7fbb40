using NanoStack.Client.Sockets;

namespace NanoStack.Client.Http
{
    /// <summary>
    /// A small HTTP/1.1 client (RFC 9112) over <see cref="TcpClient"/>: <see cref="Get"/> and <see cref="Post"/>, one
    /// connection per request (<c>Connection: close</c>), no redirects (a 3xx is returned as it is), the body streamed
    /// through <see cref="HttpClientResponse.Read"/> into the caller's buffer. The request head is written into, and
    /// the response head read through, one buffer given at construction (its size bounds a header line).
    /// </summary>
    /// <example>
    /// <code>
    /// HttpClient http = new HttpClient(loop, new byte[512]);
    /// HttpClientResponse r = http.Get("http://example.lan/config.json");
    /// int n; while ((n = r.Read(buf, 0, buf.Length)) > 0) { /* use buf[0..n) */ }
    /// r.Close();
    /// </code>
    /// </example>
    public sealed class HttpClient
    {
        private readonly NetworkLoop _loop;
        private readonly byte[] _buffer;
        private int _timeout = 10000;

        public HttpClient(NetworkLoop loop, byte[] buffer)
        {
            if (loop == null || buffer == null || buffer.Length < 128)
            {
                throw new System.ArgumentException("HttpClient: loop and a buffer of >= 128 bytes required");
            }
            _loop = loop;
            _buffer = buffer;
        }

        /// <summary>Milliseconds for the connect (DNS included) and for each wait for response bytes. Default 10 s.</summary>
        public int Timeout { get { return _timeout; } set { _timeout = value; } }

        public HttpClientResponse Get(string url)
        {
            return Send("GET", url, null, null, 0, 0);
        }

        /// <summary>POST with a Content-Length body of <paramref name="count"/> bytes.</summary>
        public HttpClientResponse Post(string url, string contentType, byte[] body, int offset, int count)
        {
            TcpClient.CheckRange(body, offset, count);
            return Send("POST", url, contentType, body, offset, count);
        }

        private HttpClientResponse Send(string method, string url, string contentType, byte[] body, int offset, int count)
        {
            HttpUrl u = HttpUrl.Parse(url);
            if (u == null)
            {
                throw new HttpClientException(HttpClientError.InvalidUrl);
            }
            int n = 0;
            n = Put(n, method);
            n = Put(n, " ");
            n = Put(n, u.Path);
            n = Put(n, " HTTP/1.1\r\nHost: ");
            n = Put(n, u.Host);
            if (u.Port != 80)
            {
                n = Put(n, ":");
                n = Put(n, u.Port.ToString());
            }
            n = Put(n, "\r\nUser-Agent: nanoStack\r\nConnection: close\r\n");
            if (body != null)
            {
                if (contentType != null)
                {
                    n = Put(n, "Content-Type: ");
                    n = Put(n, contentType);
                    n = Put(n, "\r\n");
                }
                n = Put(n, "Content-Length: ");
                n = Put(n, count.ToString());
                n = Put(n, "\r\n");
            }
            n = Put(n, "\r\n");

            TcpClient client = new TcpClient(_loop);
            try
            {
                client.ConnectTimeout = _timeout;
                client.ReceiveTimeout = _timeout;
                client.SendTimeout = _timeout;
                client.Connect(u.Host, u.Port);
                NetworkStream stream = client.GetStream();
                stream.Write(_buffer, 0, n);
                if (body != null && count > 0)
                {
                    stream.Write(body, offset, count);
                }
                HttpClientResponse response = new HttpClientResponse(stream, _buffer, false);
                response.SetConnection(client);
                return response;
            }
            catch (System.Exception)
            {
                client.Abort();
                throw;
            }
        }

        private int Put(int at, string text)
        {
            if (at + text.Length > _buffer.Length)
            {
                throw new HttpClientException(HttpClientError.InvalidUrl); // the request head does not fit the buffer
            }
            for (int i = 0; i < text.Length; i++)
            {
                _buffer[at + i] = (byte)text[i];
            }
            return at + text.Length;
        }
    }
}
