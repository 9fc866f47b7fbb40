using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>The server over in-memory transports: keep-alive, framing, limits, deadlines (admission: HttpAdmissionTests).</summary>
    [TestClass]
    public class HttpServerTests
    {
        private static FakeAcceptor s_acceptor;
        private static HttpServer s_server;
        private static TestHandler s_handler;

        private static void NewServer()
        {
            s_acceptor = new FakeAcceptor();
            s_handler = new TestHandler();
            s_server = new HttpServer(HttpText.SmallConfig(), s_acceptor, s_handler);
        }

        private static FakeTransport Connect(long nowMs)
        {
            return s_acceptor.Connect(s_server, nowMs);
        }

        /// <summary>A new server, one client connected at t=0 that sends <paramref name="request"/>, one poll at t=1.</summary>
        private static FakeTransport Answered(string request)
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push(request);
            s_server.Poll(1);
            return t;
        }

        private static int Count(string text, string part)
        {
            int n = 0;
            int i = 0;
            while ((i = text.IndexOf(part, i)) >= 0) { n++; i += part.Length; }
            return n;
        }

        [TestMethod]
        public void KeepAliveServesTwoPipelinedRequestsOnOneConnection()
        {
            FakeTransport t = Answered("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /nothing HTTP/1.1\r\nHost: h\r\n\r\n");
            string o = t.Output;
            Assert.IsTrue(o.StartsWith("HTTP/1.1 200 OK\r\n"));
            Assert.IsTrue(o.IndexOf("Content-Length: 5\r\n") > 0);
            Assert.IsTrue(o.IndexOf("\r\n\r\nhello") > 0);
            Assert.IsTrue(o.IndexOf("HTTP/1.1 404 Not Found\r\n") > 0);
            Assert.AreEqual(0, Count(o, "Connection: close"));
            Assert.IsFalse(t.Closed);
            Assert.AreEqual(1, s_server.ActiveConnections);
        }

        [TestMethod]
        public void ConnectionCloseRequestIsAnsweredThenClosed()
        {
            FakeTransport t = Answered("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            Assert.IsTrue(t.Output.IndexOf("Connection: close\r\n") > 0);
            Assert.IsTrue(t.Closed);
            Assert.AreEqual(0, s_server.ActiveConnections);
        }

        [TestMethod]
        public void Http10GetsHttp10StatusLineAndClose()
        {
            FakeTransport t = Answered("GET / HTTP/1.0\r\n\r\n");
            Assert.IsTrue(t.Output.StartsWith("HTTP/1.0 200 OK\r\n"));
            Assert.IsTrue(t.Closed);
        }

        [TestMethod]
        [DataRow("GET /" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\n", "HTTP/1.1 414 URI Too Long\r\n")]
        [DataRow("GET / HTTP/1.1\r\nX: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", "HTTP/1.1 431 Request Header Fields Too Large\r\n")]
        [DataRow("POST /led HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n", "HTTP/1.1 413 Content Too Large\r\n")]
        [DataRow("GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n")]
        public void LimitViolationGetsItsStatusAndTheConnectionCloses(string request, string statusLine)
        {
            FakeTransport t = Answered(request);
            Assert.IsTrue(t.Output.StartsWith(statusLine));
            Assert.IsTrue(t.Output.IndexOf("Connection: close\r\n") > 0);
            Assert.IsTrue(t.Closed);
            Assert.AreEqual(1L, s_server.Counters.ParseErrors);
        }

        [TestMethod]
        public void WrongMethodIs405WithAllow()
        {
            FakeTransport t = Answered("GET /led HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsTrue(t.Output.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
            Assert.IsTrue(t.Output.IndexOf("Allow: POST\r\n") > 0);
            Assert.IsFalse(t.Closed);
        }

        [TestMethod]
        public void PostBodyReachesTheHandler()
        {
            FakeTransport t = Answered("POST /led HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\non\n");
            Assert.IsTrue(t.Output.EndsWith("\r\n\r\non"));
        }

        [TestMethod]
        public void HeadSendsHeadersWithLengthButNoBody()
        {
            FakeTransport t = Answered("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsTrue(t.Output.IndexOf("Content-Length: 5\r\n") > 0);
            Assert.IsTrue(t.Output.EndsWith("\r\n\r\n"));
        }

        [TestMethod]
        public void OversizedRenderedBodyBecomes500()
        {
            FakeTransport t = Answered("GET /big HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsTrue(t.Output.StartsWith("HTTP/1.1 500 Internal Server Error\r\n"));
        }

        [TestMethod]
        public void StreamedBodyArrivesWholeThroughASmallSendWindow()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Space = 37;
            t.Push("GET /bytes/1000 HTTP/1.1\r\nHost: h\r\n\r\n");
            for (int i = 0; i < 200 && s_server.ActiveConnections > 0; i++)
            {
                s_server.Poll(1 + i);
                t.Space += 37; // the peer ACKs a little each time
            }
            string o = t.Output;
            int body = o.IndexOf("\r\n\r\n") + 4;
            Assert.IsTrue(o.IndexOf("Content-Length: 1000\r\n") > 0);
            Assert.AreEqual(1000, o.Length - body);
            for (int i = 0; i < 1000; i++) Assert.AreEqual((int)('0' + i % 10), (int)o[body + i]);
        }

        [TestMethod]
        public void UnknownLengthStreamIsChunkedAndTerminated()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Space = 150;
            t.Push("GET /chunked/250 HTTP/1.1\r\nHost: h\r\n\r\n");
            for (int i = 0; i < 50; i++) { s_server.Poll(1 + i); t.Space += 50; }
            string o = t.Output;
            Assert.IsTrue(o.IndexOf("Transfer-Encoding: chunked\r\n") > 0);
            Assert.IsTrue(o.IndexOf("Content-Length") < 0);
            // Decode the chunked body: every chunk size line is 8 hex digits.
            int pos = o.IndexOf("\r\n\r\n") + 4;
            int total = 0;
            while (true)
            {
                int eol = o.IndexOf("\r\n", pos);
                string hex = o.Substring(pos, eol - pos);
                int size = 0;
                for (int i = 0; i < hex.Length; i++) size = size * 16 + Ascii.HexValue((byte)hex[i]);
                pos = eol + 2;
                if (size == 0) break;
                for (int i = 0; i < size; i++) Assert.AreEqual((int)('0' + (total + i) % 10), (int)o[pos + i]);
                total += size;
                pos += size;
                Assert.AreEqual("\r\n", o.Substring(pos, 2));
                pos += 2;
            }
            Assert.AreEqual(250, total);
            Assert.AreEqual("\r\n", o.Substring(pos));
            Assert.IsFalse(t.Closed);
        }

        [TestMethod]
        public void SectionsAreSentWholeAsChunksWhenTheirSpaceIsFree()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Space = 200; // the head fits; a 300-letter section (+ 12 bytes of chunk framing) does not yet
            t.Push("GET /sections/300 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            string o = t.Output;
            Assert.IsTrue(o.IndexOf("Transfer-Encoding: chunked\r\n") > 0);
            Assert.AreEqual(o.Length, o.IndexOf("\r\n\r\n") + 4, "no part of a section goes out before all of it fits");
            for (int i = 0; i < 20 && s_server.ActiveConnections > 0 && t.Output.IndexOf("\r\n0\r\n\r\n") < 0; i++)
            {
                t.Space += 400; // room for one section at a time
                s_server.Poll(2 + i);
            }
            o = t.Output;
            int pos = o.IndexOf("\r\n\r\n") + 4;
            for (int section = 0; section < 3; section++)
            {
                // RFC 9112 §7.1: each section is one chunk, 8 hex digits of size, CRLF, data, CRLF.
                Assert.AreEqual("0000012C\r\n", o.Substring(pos, 10));
                pos += 10;
                for (int i = 0; i < 300; i++) Assert.AreEqual((int)('a' + section), (int)o[pos + i]);
                pos += 300;
                Assert.AreEqual("\r\n", o.Substring(pos, 2));
                pos += 2;
            }
            Assert.AreEqual("0\r\n\r\n", o.Substring(pos));
            Assert.IsFalse(t.Closed);
        }

        [TestMethod]
        public void SectionOverTheLimitResetsTheConnection()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push("GET /sections/5000 HTTP/1.1\r\nHost: h\r\n\r\n");
            for (int i = 0; i < 5; i++) s_server.Poll(1 + i);
            Assert.IsTrue(t.Aborted, "a section that can never fit the send buffer ends in a reset");
            Assert.AreEqual(1, (int)s_server.Counters.SectionsTooLarge);
            Assert.AreEqual(t.Output.Length, t.Output.IndexOf("\r\n\r\n") + 4);
        }

        [TestMethod]
        public void SectionsToHttp10AreDelimitedByClosingAndHeadGetsNone()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push("GET /sections/10 HTTP/1.0\r\n\r\n");
            for (int i = 0; i < 5; i++) s_server.Poll(1 + i);
            string o = t.Output;
            Assert.IsTrue(o.IndexOf("Transfer-Encoding") < 0);
            Assert.IsTrue(o.EndsWith("\r\n\r\naaaaaaaaaabbbbbbbbbbcccccccccc"));
            Assert.IsTrue(t.Closed);

            FakeTransport h = Connect(10);
            h.Push("HEAD /sections/10 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(11);
            Assert.IsTrue(h.Output.EndsWith("\r\n\r\n"));
            Assert.IsTrue(h.Output.IndexOf("aaa") < 0);
        }

        [TestMethod]
        public void ResponseLargerThanTheSendWindowHoldsTheSharedBufferAndOthersWait()
        {
            NewServer();
            FakeTransport a = Connect(0);
            FakeTransport b = Connect(0);
            a.Space = 10;
            a.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            b.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            Assert.AreEqual(10, a.OutLength);
            Assert.AreEqual(0, b.OutLength);
            a.Space = 10000;
            s_server.Poll(2);
            Assert.IsTrue(a.Output.EndsWith("hello"));
            s_server.Poll(3);
            Assert.IsTrue(b.Output.EndsWith("hello"));
        }

        [TestMethod]
        public void UnfinishedLineWaitsInTheSocketUntilItsEndArrives()
        {
            FakeTransport t = Answered("GET / HTTP/1.1\r\nHo");
            // The request line was taken; the unfinished header line stays in the socket, nothing is copied aside.
            Assert.AreEqual(2, t.ReceiveAvailable);
            Assert.AreEqual(0, t.OutLength);
            t.Push("st: h\r\n\r\n");
            s_server.Poll(2);
            Assert.IsTrue(t.Output.StartsWith("HTTP/1.1 200 OK\r\n"));
            Assert.AreEqual(0, t.ReceiveAvailable);
        }

        [TestMethod]
        public void PeerFinAfterAnUnfinishedLineClosesWithoutAnswer()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push("GET / HTTP/1.1\r\nHo");
            t.PeerFinished = true;
            s_server.Poll(1);
            Assert.IsTrue(t.Closed);
            Assert.AreEqual(0, t.OutLength);
            Assert.AreEqual(1L, s_server.Counters.PeerClosed);
        }

        [TestMethod]
        public void HeadLongerThanItsReserveBecomes500()
        {
            FakeTransport t = Answered("GET /longheader HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.IsTrue(t.Output.StartsWith("HTTP/1.1 500 Internal Server Error\r\n"), t.Output);
            Assert.IsTrue(t.Output.IndexOf("X-Long") < 0);
            Assert.IsTrue(t.Closed);
        }

        [TestMethod]
        public void StreamWaitsWhileAnotherResponseHoldsTheWorkBufferThenCompletes()
        {
            NewServer();
            FakeTransport a = Connect(0);
            FakeTransport b = Connect(0);
            a.Space = 10; // a's small response cannot drain: it keeps the work buffer
            a.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            b.Push("GET /bytes/500 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(2);
            Assert.AreEqual(0, b.OutLength);
            a.Space = 10000;
            for (int i = 0; i < 5; i++) s_server.Poll(3 + i);
            Assert.IsTrue(a.Output.EndsWith("hello"));
            Assert.IsTrue(b.Output.IndexOf("Content-Length: 500\r\n") > 0);
            Assert.AreEqual(500, b.OutLength - (b.Output.IndexOf("\r\n\r\n") + 4));
        }

        [TestMethod]
        public void AStreamTurnedAwayByTheWorkBufferGetsItsTurnInTheSamePollThatFreesIt()
        {
            // b (slot 0, serviced first) streams; a holds the work buffer with a response its client has not taken.
            // In the poll where a's client takes it, b was turned away first and is served again at the end.
            NewServer();
            FakeTransport b = Connect(0);
            FakeTransport a = Connect(0);
            b.Space = 150;
            b.Push("GET /bytes/500 HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            Assert.AreEqual(150, b.OutLength, "head and the start of the body, as far as the space went");
            a.Space = 10;
            a.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(2);
            a.Space = 10000;
            b.Space = 10000;
            s_server.Poll(3);
            Assert.IsTrue(a.Output.EndsWith("hello"));
            Assert.AreEqual(500, b.OutLength - (b.Output.IndexOf("\r\n\r\n") + 4), "b finished in the same poll");
        }

        [TestMethod]
        public void ResponseThatCannotMoveForTheIdleTimeoutIsResetAndFreesTheWorkBuffer()
        {
            NewServer();
            FakeTransport a = Connect(0);
            FakeTransport b = Connect(0);
            a.Space = 10; // a's client never reads: its response cannot drain
            a.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(1);
            b.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            s_server.Poll(5000);
            Assert.IsFalse(a.Aborted);
            Assert.AreEqual(0, b.OutLength);
            s_server.Poll(5001); // IdleTimeoutMs (5 s) after the last byte a's client let through
            Assert.IsTrue(a.Aborted);
            Assert.AreEqual(1L, s_server.Counters.SendStalls);
            Assert.IsTrue(b.Output.EndsWith("hello"));
        }

        [TestMethod]
        public void IncompleteRequestGets408AndIsClosedAtTheHeaderDeadline()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push("GET / HTTP/1.1\r\nHo");
            s_server.Poll(100);
            s_server.Poll(1099);
            Assert.IsFalse(t.Closed);
            s_server.Poll(1100);
            Assert.IsTrue(t.Closed);
            Assert.IsFalse(t.Aborted);
            Assert.AreEqual(1L, s_server.Counters.HeaderTimeouts);
            // RFC 9110 §15.5.9: the client is told why, then the connection closes.
            Assert.IsTrue(t.Output.StartsWith("HTTP/1.1 408 Request Timeout\r\n"), t.Output);
            Assert.IsTrue(t.Output.IndexOf("Connection: close\r\n") > 0);
        }

        [TestMethod]
        public void IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Push("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            Assert.AreEqual(1L, s_server.Poll(1)); // answered: data queued, poll the stack again now
            Assert.AreEqual(5001L, s_server.Poll(1)); // then nothing to do until the idle deadline
            s_server.Poll(5000);
            Assert.IsFalse(t.Closed);
            s_server.Poll(5001);
            Assert.IsTrue(t.Closed);
            Assert.AreEqual(1L, s_server.Counters.IdleTimeouts);
        }

        [TestMethod]
        public void PeerResetFreesTheSlot()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.Reset = true;
            s_server.Poll(1);
            Assert.AreEqual(0, s_server.ActiveConnections);
            Assert.AreEqual(1L, s_server.Counters.Resets);
        }

        [TestMethod]
        public void PeerFinWithoutRequestClosesOurSide()
        {
            NewServer();
            FakeTransport t = Connect(0);
            t.PeerFinished = true;
            s_server.Poll(1);
            Assert.IsTrue(t.Closed);
            Assert.AreEqual(0, s_server.ActiveConnections);
        }
    }
}
