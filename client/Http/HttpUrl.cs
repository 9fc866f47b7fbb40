namespace NanoStack.Client.Http
{
    /// <summary>An http:// URL split into host, port and path (RFC 3986 §3; no userinfo, no IPv6 literals).</summary>
    public sealed class HttpUrl
    {
        public readonly string Host;
        public readonly int Port;
        /// <summary>Path and query, "/" when the URL has none.</summary>
        public readonly string Path;

        private HttpUrl(string host, int port, string path)
        {
            Host = host;
            Port = port;
            Path = path;
        }

        /// <summary>The parts of <paramref name="url"/>, or null when it is not http://host[:port][/path].</summary>
        public static HttpUrl Parse(string url)
        {
            const string Scheme = "http://";
            if (url == null || url.Length <= Scheme.Length)
            {
                return null;
            }
            for (int i = 0; i < Scheme.Length; i++)
            {
                char c = url[i];
                if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
                if (c != Scheme[i]) return null;
            }
            int hostStart = Scheme.Length;
            int hostEnd = hostStart;
            while (hostEnd < url.Length && url[hostEnd] != ':' && url[hostEnd] != '/' && url[hostEnd] != '?')
            {
                char c = url[hostEnd];
                if (c <= ' ' || c == '@' || c > '~') return null;
                hostEnd++;
            }
            if (hostEnd == hostStart)
            {
                return null;
            }
            int port = 80;
            int p = hostEnd;
            if (p < url.Length && url[p] == ':')
            {
                p++;
                port = 0;
                int digits = 0;
                while (p < url.Length && url[p] >= '0' && url[p] <= '9' && digits < 6)
                {
                    port = port * 10 + (url[p] - '0');
                    p++;
                    digits++;
                }
                if (digits == 0 || port < 1 || port > 65535) return null;
            }
            string path = p < url.Length ? url.Substring(p) : "/";
            if (path[0] == '?') path = "/" + path;
            if (path[0] != '/') return null;
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] <= ' ' || path[i] > '~') return null;
            }
            return new HttpUrl(url.Substring(hostStart, hostEnd - hostStart), port, path);
        }
    }
}
