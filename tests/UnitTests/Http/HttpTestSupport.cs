using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>ASCII helpers and a parser driver for the HTTP tests (portable subset).</summary>
    public static class HttpText
    {
        public static byte[] Bytes(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i];
            return b;
        }

        public static string Text(byte[] b, int offset, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++) c[i] = (char)b[offset + i];
            return new string(c);
        }

        public static HttpServerConfig SmallConfig()
        {
            HttpServerConfig c = new HttpServerConfig();
            c.MaxRequestLine = 64;
            c.MaxHeaderLine = 64;
            c.MaxHeaderBytes = 256;
            c.MaxBody = 32;
            c.MaxClients = 2;
            c.ResponseBufferSize = 1024;
            c.MaxSectionBytes = 1024;
            c.HeaderTimeoutMs = 1000;
            c.IdleTimeoutMs = 5000;
            return c;
        }

        /// <summary>Feeds the whole text at once; returns the result, consumed count in <paramref name="consumed"/>.</summary>
        public static HttpParseResult Parse(HttpRequestParser p, string text, out int consumed)
        {
            byte[] b = Bytes(text);
            return p.Feed(b, 0, b.Length, out consumed);
        }

        public static HttpParseResult Parse(HttpRequestParser p, string text)
        {
            int consumed;
            return Parse(p, text, out consumed);
        }

        /// <summary><see cref="StatusOf"/> for a request that has not ended yet (the parser wants more).</summary>
        public const int NeedMore = -1;

        /// <summary>A new parser with <paramref name="config"/> fed the whole text at once: 0 for a complete request,
        /// <see cref="NeedMore"/>, else the error status.</summary>
        public static int StatusOf(HttpServerConfig config, string text)
        {
            HttpRequestParser p = new HttpRequestParser(config);
            HttpParseResult r = Parse(p, text);
            if (r == HttpParseResult.Complete) return 0;
            return r == HttpParseResult.NeedMore ? NeedMore : p.ErrorStatus;
        }
    }

    /// <summary>An in-memory connection: scripted input, captured output, adjustable send space.</summary>
    public sealed class FakeTransport : IHttpTransport
    {
        private byte[] _in = new byte[0];
        private int _inOffset;
        public readonly byte[] Out = new byte[1 << 20];
        public int OutLength;
        public int Space = 1 << 20;
        public bool PeerFinished;
        public bool Closed;
        public bool Aborted;
        public bool Reset;
        public uint Address = 0xC0000201;
        public ushort Port = 50000;

        public uint RemoteAddress { get { return Address; } }

        public ushort RemotePort { get { return Port; } }

        public void Push(string text)
        {
            byte[] add = HttpText.Bytes(text);
            byte[] merged = new byte[_in.Length - _inOffset + add.Length];
            System.Array.Copy(_in, _inOffset, merged, 0, _in.Length - _inOffset);
            System.Array.Copy(add, 0, merged, _in.Length - _inOffset, add.Length);
            _in = merged;
            _inOffset = 0;
        }

        public string Output { get { return HttpText.Text(Out, 0, OutLength); } }

        public bool IsOpen { get { return !Reset && !Closed && !Aborted; } }

        public bool IsReceiveEnded { get { return PeerFinished; } }

        public int ReceiveAvailable { get { return _in.Length - _inOffset; } }

        public int Peek(byte[] buffer, int offset, int count)
        {
            int n = _in.Length - _inOffset;
            if (n > count) n = count;
            System.Array.Copy(_in, _inOffset, buffer, offset, n);
            return n;
        }

        public void Skip(int count)
        {
            _inOffset += count;
        }

        public int Send(byte[] buffer, int offset, int count)
        {
            int n = count < Space ? count : Space;
            System.Array.Copy(buffer, offset, Out, OutLength, n);
            OutLength += n;
            Space -= n;
            return n;
        }

        public int SendSpace { get { return Space; } }

        public void Close() { Closed = true; }

        public void Abort() { Aborted = true; }
    }

    public sealed class FakeAcceptor : IHttpAcceptor
    {
        private readonly IHttpTransport[] _queue = new IHttpTransport[8];
        private int _count;

        public void Add(IHttpTransport t) { _queue[_count++] = t; }

        /// <summary>A new client: queued here, then accepted by one poll of <paramref name="server"/>.</summary>
        public FakeTransport Connect(HttpServer server, long nowMs)
        {
            FakeTransport t = new FakeTransport();
            Add(t);
            server.Poll(nowMs);
            return t;
        }

        /// <summary>Connections queued and not yet accepted (a listener's backlog).</summary>
        public int Queued { get { return _count; } }

        public bool ClientsWaiting(long nowMs) { return _count > 0; }

        public IHttpTransport Accept()
        {
            if (_count == 0) return null;
            IHttpTransport t = _queue[0];
            for (int i = 1; i < _count; i++) _queue[i - 1] = _queue[i];
            _count--;
            return t;
        }
    }

    /// <summary>Bytes "0123456789" repeated: position p holds '0' + p % 10.</summary>
    public sealed class DigitSource : IHttpBodySource
    {
        public long Length = -1;

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (Length >= 0 && position + count > Length) count = (int)(Length - position);
            for (int i = 0; i < count; i++) buffer[offset + i] = (byte)('0' + (int)((position + i) % 10));
            return count < 0 ? 0 : count;
        }
    }

    /// <summary>Routes of the server tests: "/" text, "/bytes/N", "/chunked/N", "/led" POST only, "/big", "/longheader".</summary>
    public sealed class TestHandler : IHttpHandler
    {
        public readonly DigitSource Digits = new DigitSource();
        public readonly DigitSource ChunkDigits = new DigitSource();
        public readonly LetterSections Sections = new LetterSections();

        public void Handle(HttpRequest request, HttpResponse response, long nowMs)
        {
            long n;
            if (request.PathEquals("/"))
            {
                response.Body.Write("hello");
            }
            else if (request.TryGetPathNumber("/bytes/", out n))
            {
                Digits.Length = n;
                response.Stream(Digits, n, "application/octet-stream");
            }
            else if (request.TryGetPathNumber("/chunked/", out n))
            {
                ChunkDigits.Length = n; // the server is not told the length: chunked framing
                response.Stream(ChunkDigits, -1, "application/octet-stream");
            }
            else if (request.TryGetPathNumber("/sections/", out n))
            {
                Sections.Size = (int)n; // three sections of n letters each: "aaa..", "bbb..", "ccc.."
                response.Render(Sections, "text/plain");
            }
            else if (request.PathEquals("/led"))
            {
                if (request.Method != HttpMethod.Post) { response.MethodNotAllowed("POST"); return; }
                response.Body.Write(request.BodyEquals("on") ? "on" : "other");
            }
            else if (request.PathEquals("/longheader"))
            {
                response.HeaderName = "X-Long";
                response.HeaderValue = new string('v', 300); // more than HttpServer.HeadReserve
                response.Body.Write("never sent");
            }
            else if (request.PathEquals("/big"))
            {
                for (int i = 0; i < 2000; i++) response.Body.WriteByte((byte)'x');
            }
            else
            {
                response.Simple(404);
            }
        }
    }

    /// <summary>Three sections of <see cref="Size"/> letters each (a, b, c), rendered through the writer's stage.</summary>
    public sealed class LetterSections : IHttpSectionSource
    {
        public int Size;
        public int Renders;

        public int SectionCount { get { return 3; } }

        public void RenderSection(int section, AsciiWriter w, long nowMs)
        {
            Renders++;
            for (int i = 0; i < Size; i++) w.WriteByte((byte)('a' + section));
        }
    }
}
