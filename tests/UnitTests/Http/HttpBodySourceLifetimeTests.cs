using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// IHttpBodySourceLifetime: the server tells a streamed source when a connection starts reading it and when it
    /// lets it go, whatever the way the response ends (the on-board capture keeps its ring unchanged in between).
    /// </summary>
    [TestClass]
    public class HttpBodySourceLifetimeTests
    {
        /// <summary>DigitSource that counts the server's Opened/Closed calls.</summary>
        private sealed class WatchedSource : IHttpBodySource, IHttpBodySourceLifetime
        {
            public long Length;
            public int OpenedCalls;
            public int ClosedCalls;
            public int ReadsWhileClosed;

            public int Open { get { return OpenedCalls - ClosedCalls; } }

            public void Opened() { OpenedCalls++; }

            public void Closed() { ClosedCalls++; }

            public int Read(long position, byte[] buffer, int offset, int count)
            {
                if (Open <= 0) ReadsWhileClosed++;
                if (position + count > Length) count = (int)(Length - position);
                for (int i = 0; i < count; i++) buffer[offset + i] = (byte)('0' + (int)((position + i) % 10));
                return count < 0 ? 0 : count;
            }
        }

        private sealed class Handler : IHttpHandler
        {
            public readonly WatchedSource Source = new WatchedSource();

            public void Handle(HttpRequest request, HttpResponse response, long nowMs)
            {
                long n;
                if (request.TryGetPathNumber("/held/", out n))
                {
                    Source.Length = n;
                    response.Stream(Source, n, "application/octet-stream");
                }
                else
                {
                    response.Simple(404);
                }
            }
        }

        private static FakeAcceptor s_acceptor;
        private static HttpServer s_server;
        private static Handler s_handler;

        private static void NewServer()
        {
            s_acceptor = new FakeAcceptor();
            s_handler = new Handler();
            s_server = new HttpServer(HttpText.SmallConfig(), s_acceptor, s_handler);
        }

        private static FakeTransport Connect(long nowMs)
        {
            return s_acceptor.Connect(s_server, nowMs);
        }

        [TestMethod]
        public void StreamedBodyOpensTheSourceOnceAndClosesItWhenSent()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Space = 300;
            t.Push("GET /held/1000 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            Assert.AreEqual(1, s_handler.Source.Open, "open while the body is only partly sent");
            for (int i = 0; i < 100 && s_handler.Source.Open > 0; i++)
            {
                t.Space += 300;
                s_server.Poll(2 + i);
            }
            Assert.AreEqual(1, s_handler.Source.OpenedCalls);
            Assert.AreEqual(1, s_handler.Source.ClosedCalls);
            Assert.AreEqual(0, s_handler.Source.ReadsWhileClosed);
            Assert.IsFalse(t.Closed, "keep-alive: only the body ended");
        }

        [TestMethod]
        public void HeadRequestNeverOpensTheSource()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push("HEAD /held/1000 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            Assert.IsTrue(t.Output.IndexOf("Content-Length: 1000\r\n") > 0);
            Assert.AreEqual(0, s_handler.Source.OpenedCalls);
            Assert.AreEqual(0, s_handler.Source.ClosedCalls);
        }

        [TestMethod]
        public void ResetInTheMiddleOfTheBodyClosesTheSource()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Space = 200;
            t.Push("GET /held/5000 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            Assert.AreEqual(1, s_handler.Source.Open);
            t.Reset = true;
            s_server.Poll(2);
            Assert.AreEqual(0, s_server.ActiveConnections);
            Assert.AreEqual(0, s_handler.Source.Open);
            Assert.AreEqual(1, s_handler.Source.ClosedCalls);
        }

        [TestMethod]
        public void ConnectionClosedByTheClientWhileStreamingClosesTheSourceOnce()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Space = 200;
            t.Push("GET /held/5000 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            s_server.Poll(1);
            t.Closed = true; // the transport reports itself no longer open
            s_server.Poll(2);
            s_server.Poll(3);
            Assert.AreEqual(1, s_handler.Source.OpenedCalls);
            Assert.AreEqual(1, s_handler.Source.ClosedCalls);
        }

        [TestMethod]
        public void TwoDownloadsAtOnceEachOpenAndCloseTheSharedSource()
        {
            NewServer();
            FakeTransport a = Connect(0);
            FakeTransport b = Connect(0);
            a.Space = 200;
            b.Space = 200;
            a.Push("GET /held/2000 HTTP/1.1\r\nHost: h\r\n\r\n");
            b.Push("GET /held/2000 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            s_server.Poll(2);
            Assert.AreEqual(2, s_handler.Source.Open);
            for (int i = 0; i < 200 && s_handler.Source.Open > 0; i++)
            {
                a.Space += 200;
                b.Space += 200;
                s_server.Poll(3 + i);
            }
            Assert.AreEqual(2, s_handler.Source.OpenedCalls);
            Assert.AreEqual(2, s_handler.Source.ClosedCalls);
            Assert.AreEqual(0, s_handler.Source.ReadsWhileClosed);
        }
    }
}
