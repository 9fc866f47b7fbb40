using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>The request parser against RFC 9112 framing rules and the server's limits (issue 6).</summary>
    [TestClass]
    public class HttpRequestParserTests
    {
        private static HttpRequestParser NewParser()
        {
            return new HttpRequestParser(HttpText.SmallConfig());
        }

        [TestMethod]
        public void SimpleGetIsCompleteWithMethodPathAndVersion()
        {
            HttpRequestParser p = NewParser();
            int consumed;
            const string req = "GET /api/status?x=1 HTTP/1.1\r\nHost: 192.0.2.2\r\nAccept: */*\r\n\r\n";
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, req, out consumed));
            Assert.AreEqual(req.Length, consumed);
            HttpRequest r = p.Request;
            Assert.AreEqual((int)HttpMethod.Get, (int)r.Method);
            Assert.IsTrue(r.PathEquals("/api/status"));
            Assert.AreEqual("/api/status?x=1", HttpText.Text(r.Target, 0, r.TargetLength));
            Assert.AreEqual(1, r.VersionMinor);
            Assert.IsTrue(r.WantsKeepAlive);
            Assert.AreEqual(-1L, r.ContentLength);
        }

        [TestMethod]
        [DataRow("/a?b?c", 2)]
        [DataRow("/a#x?y", 2)]
        [DataRow("/ab?x#y", 3)]
        [DataRow("/a#frag", 2)]
        [DataRow("/plain", 6)]
        public void ThePathEndsAtTheFirstQuestionMarkOrHash(string target, int pathLength)
        {
            // RFC 3986 §3.3-3.5: the path ends at the first '?' or '#'; whatever follows, more of them included, is
            // query or fragment.
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"));
            Assert.AreEqual(target.Length, p.Request.TargetLength);
            Assert.AreEqual(pathLength, p.Request.PathLength);
        }

        [TestMethod]
        public void RequestArrivingByteByByteParsesTheSame()
        {
            // Bytes arrive one at a time; what the parser did not take (an unfinished line) is offered again with the
            // next byte, as the server does from the socket's receive buffer.
            HttpRequestParser p = NewParser();
            const string text = "POST /led HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\ntoggle";
            byte[] b = HttpText.Bytes(text);
            HttpParseResult last = HttpParseResult.NeedMore;
            int taken = 0;
            for (int arrived = 1; arrived <= b.Length; arrived++)
            {
                int consumed;
                last = p.Feed(b, taken, arrived - taken, out consumed);
                taken += consumed;
                if (arrived < b.Length) Assert.AreEqual((int)HttpParseResult.NeedMore, (int)last);
                // Lines are taken whole, at their LF; body bytes as they come.
                int headEnd = text.IndexOf("\r\n\r\n") + 4;
                if (arrived >= headEnd) Assert.AreEqual(arrived, taken);
                else Assert.AreEqual(text.LastIndexOf('\n', arrived - 1) + 1, taken);
            }
            Assert.AreEqual((int)HttpParseResult.Complete, (int)last);
            Assert.AreEqual(b.Length, taken);
            Assert.AreEqual((int)HttpMethod.Post, (int)p.Request.Method);
            Assert.IsTrue(p.Request.BodyEquals("toggle"));
        }

        [TestMethod]
        public void UnfinishedLineIsLeftUnconsumed()
        {
            HttpRequestParser p = NewParser();
            int consumed;
            Assert.AreEqual((int)HttpParseResult.NeedMore, (int)HttpText.Parse(p, "GET / HTTP/1.1\r\nHost: h\r\nAcc", out consumed));
            Assert.AreEqual("GET / HTTP/1.1\r\nHost: h\r\n".Length, consumed);
            Assert.IsTrue(p.Started);
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "Accept: */*\r\n\r\n", out consumed));
            Assert.IsTrue(p.Request.PathEquals("/"));
        }

        [TestMethod]
        public void ChunkedBodyArrivingByteByByteIsDecoded()
        {
            HttpRequestParser p = NewParser();
            byte[] b = HttpText.Bytes("POST /led HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;x=y\r\ntog\r\n3\r\ngle\r\n0\r\nT: 1\r\n\r\n");
            HttpParseResult last = HttpParseResult.NeedMore;
            int taken = 0;
            for (int arrived = 1; arrived <= b.Length && last == HttpParseResult.NeedMore; arrived++)
            {
                int consumed;
                last = p.Feed(b, taken, arrived - taken, out consumed);
                taken += consumed;
            }
            Assert.AreEqual((int)HttpParseResult.Complete, (int)last);
            Assert.AreEqual(b.Length, taken);
            Assert.IsTrue(p.Request.BodyEquals("toggle"));
        }

        [TestMethod]
        public void PipelinedSecondRequestIsLeftUnconsumed()
        {
            HttpRequestParser p = NewParser();
            const string first = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
            int consumed;
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, first + "GET /b HTTP/1.1\r\n", out consumed));
            Assert.AreEqual(first.Length, consumed);
            Assert.IsTrue(p.Request.PathEquals("/a"));
        }

        [TestMethod]
        public void Http10IsCloseUnlessKeepAliveIsAsked()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET / HTTP/1.0\r\n\r\n"));
            Assert.IsFalse(p.Request.WantsKeepAlive);
            p.Reset();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
            Assert.IsTrue(p.Request.WantsKeepAlive);
        }

        [TestMethod]
        public void Http11ConnectionCloseAmongTokensIsHonoured()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET / HTTP/1.1\r\nHost: h\r\nConnection: TE, close\r\n\r\n"));
            Assert.IsFalse(p.Request.WantsKeepAlive);
        }

        [TestMethod]
        public void LeadingEmptyLineBeforeRequestLineIsIgnored()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"));
        }

        [TestMethod]
        public void ContentLengthBodyIsReadExactly()
        {
            HttpRequestParser p = NewParser();
            int consumed;
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "POST /led HTTP/1.1\r\nHost: h\r\ncontent-length: 2\r\n\r\nonGET", out consumed));
            Assert.AreEqual(2, p.Request.BodyLength);
            Assert.IsTrue(p.Request.BodyEquals("ON"));
            Assert.AreEqual("POST /led HTTP/1.1\r\nHost: h\r\ncontent-length: 2\r\n\r\non".Length, consumed);
        }

        [TestMethod]
        public void ChunkedBodyIsDecodedWithExtensionsAndTrailers()
        {
            HttpRequestParser p = NewParser();
            const string req = "POST /led HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;name=v\r\ntog\r\n3\r\ngle\r\n0\r\nX-Trailer: 1\r\n\r\n";
            int consumed;
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, req, out consumed));
            Assert.AreEqual(req.Length, consumed);
            Assert.IsTrue(p.Request.Chunked);
            Assert.IsTrue(p.Request.BodyEquals("toggle"));
        }

        [TestMethod]
        public void ChunkedHexSizesAreAccepted()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p,
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n00A\r\n0123456789\r\n0\r\n\r\n"));
            Assert.AreEqual(10, p.Request.BodyLength);
        }

        [TestMethod]
        [DataRow("GET / HTTP/1.1\r\n\r\n")] // HTTP/1.1 without Host (RFC 9112 §3.2)
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
        [DataRow("GET / HTTP/1.1\r\nHost : a\r\n\r\n")] // whitespace before the colon (§5.1)
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n")] // obs-fold (§5.2)
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n")]
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n")]
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
        [DataRow("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")]
        [DataRow("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
        [DataRow("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n")]
        [DataRow("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("GET /\r\n\r\n")]
        [DataRow("GET /aXHTTP/1.1\r\nHost: a\r\n\r\n")] // no SP before the version (RFC 9112 §3)
        [DataRow("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")] // SP inside the target: the last SP is the version's
        [DataRow("GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n")] // a control byte in the target (RFC 3986 §2)
        [DataRow("GET /a\u007Fb HTTP/1.1\r\nHost: a\r\n\r\n")] // DEL
        [DataRow("GET /a\u0080b HTTP/1.1\r\nHost: a\r\n\r\n")] // a byte above ASCII (percent-encoded or nothing)
        [DataRow("GET / HTTX/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n")]
        public void MalformedRequestIs400(string text)
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, text));
            Assert.AreEqual(400, p.ErrorStatus);
        }

        [TestMethod]
        public void ControlBytesInTheRequestLineAre400()
        {
            // Built as bytes: a string holding U+0000 ends at that NUL on nanoCLR, so the device would parse "".
            byte[] request = { 0x00, 0x01, 0x02, 0x0D, 0x0A, 0x0D, 0x0A };
            HttpRequestParser p = NewParser();
            int consumed;
            Assert.AreEqual((int)HttpParseResult.Error, (int)p.Feed(request, 0, request.Length, out consumed));
            Assert.AreEqual(400, p.ErrorStatus);
        }

        [TestMethod]
        public void ABareCrOrNulInAHeaderLineIs400AndACrBeforeTheLfIsNot()
        {
            // RFC 9112 §2.2: CR only as part of CRLF; a NUL nowhere (built as bytes, see above). The LF scan notes the
            // first CR or NUL it meets, so a bare CR ahead of a line's final CR must still count.
            byte[] good = HttpText.Bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            byte[] nul = HttpText.Bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            nul[22] = 0; // the 'a'
            byte[] crs = HttpText.Bytes("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n");
            byte[][] requests = { good, nul, crs };
            for (int i = 0; i < requests.Length; i++)
            {
                HttpRequestParser p = NewParser();
                int consumed;
                HttpParseResult r = p.Feed(requests[i], 0, requests[i].Length, out consumed);
                Assert.AreEqual((int)(i == 0 ? HttpParseResult.Complete : HttpParseResult.Error), (int)r, "request " + i.ToString());
                if (i > 0) Assert.AreEqual(400, p.ErrorStatus);
            }
        }

        [TestMethod]
        public void RequestLineOverTheLimitIs414BeforeItEnds()
        {
            HttpRequestParser p = NewParser();
            string path = new string('a', 100);
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "GET /" + path));
            Assert.AreEqual(414, p.ErrorStatus);
        }

        [TestMethod]
        public void RequestLineExactlyAtTheLimitIsAccepted()
        {
            HttpRequestParser p = NewParser();
            // 64 = "GET " (4) + target + " HTTP/1.1" (9) -> target of 51 bytes
            string target = "/" + new string('b', 50);
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"));
            Assert.AreEqual(51, p.Request.TargetLength);
        }

        [TestMethod]
        public void HeaderLineOverTheLimitIs431()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "GET / HTTP/1.1\r\nX-Long: " + new string('v', 80) + "\r\n\r\n"));
            Assert.AreEqual(431, p.ErrorStatus);
        }

        [TestMethod]
        public void ManyHeadersOverTheBudgetAre431()
        {
            HttpRequestParser p = NewParser();
            string h = "";
            for (int i = 0; i < 20; i++) h += "X-Field-" + i + ": some value\r\n";
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "GET / HTTP/1.1\r\nHost: h\r\n" + h + "\r\n"));
            Assert.AreEqual(431, p.ErrorStatus);
        }

        [TestMethod]
        public void ContentLengthOverMaxBodyIs413WithoutReadingTheBody()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 33\r\n\r\n"));
            Assert.AreEqual(413, p.ErrorStatus);
        }

        [TestMethod]
        public void BodiesOfExactlyMaxBodyAreAccepted()
        {
            // SmallConfig: MaxBody 32. The limit is inclusive, for a declared length and for chunks adding up to it;
            // a chunk size of eight hex digits (the longest taken) is still a size.
            string body = "0123456789abcdef0123456789ABCDEF";
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 32\r\n\r\n" + body));
            Assert.IsTrue(p.Request.BodyEquals(body));
            p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p,
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n00000010\r\n0123456789ABCDEF\r\n0\r\n\r\n"));
            Assert.AreEqual(32, p.Request.BodyLength);
            Assert.IsTrue(p.Request.BodyEquals(body));
        }

        [TestMethod]
        public void HugeContentLengthIs413NotAnOverflow()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n"));
            Assert.AreEqual(413, p.ErrorStatus);
        }

        [TestMethod]
        public void ChunkedBodyOverMaxBodyIs413()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p,
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n11\r\n"));
            Assert.AreEqual(413, p.ErrorStatus);
        }

        [TestMethod]
        public void UnknownTransferCodingIs501()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"));
            Assert.AreEqual(501, p.ErrorStatus);
        }

        [TestMethod]
        public void MajorVersionTwoIs505()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Error, (int)HttpText.Parse(p, "GET / HTTP/2.0\r\nHost: h\r\n\r\n"));
            Assert.AreEqual(505, p.ErrorStatus);
        }

        [TestMethod]
        public void UnknownMethodParsesAsOther()
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n"));
            Assert.AreEqual((int)HttpMethod.Other, (int)p.Request.Method);
        }

        [TestMethod]
        [DataRow("/bytes/0", 0L)]
        [DataRow("/bytes/10485760", 10485760L)]
        public void PathNumberIsParsed(string path, long expected)
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n"));
            long n;
            Assert.IsTrue(p.Request.TryGetPathNumber("/bytes/", out n));
            Assert.AreEqual(expected, n);
        }

        [TestMethod]
        [DataRow("/bytes/")]
        [DataRow("/bytes/-1")]
        [DataRow("/bytes/1x")]
        [DataRow("/bytes/1234567890123456789")]
        public void BadPathNumberIsRejected(string path)
        {
            HttpRequestParser p = NewParser();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n"));
            long n;
            Assert.IsFalse(p.Request.TryGetPathNumber("/bytes/", out n));
        }

        [TestMethod]
        public void PseudoRandomInputNeverThrowsAndAlwaysTerminates()
        {
            // Deterministic xorshift: 3000 buffers of mixed printable/control bytes, fed in random splits.
            uint x = 2463534242;
            byte[] alphabet = HttpText.Bytes("GET POST /a: \r\n\r\nHTTP/1.1 Host Content-Length Transfer-Encoding chunked 0123456789abcdef;\t");
            byte[] buf = new byte[200];
            HttpRequestParser p = NewParser();
            int completes = 0;
            int errors = 0;
            for (int round = 0; round < 3000; round++)
            {
                p.Reset();
                for (int i = 0; i < buf.Length; i++)
                {
                    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
                    buf[i] = (x & 7) == 0 ? (byte)(x >> 8) : alphabet[(x >> 8) % (uint)alphabet.Length];
                }
                int off = 0;
                int arrived = 0;
                HttpParseResult r = HttpParseResult.NeedMore;
                while (arrived < buf.Length && r == HttpParseResult.NeedMore)
                {
                    // 1..40 more bytes arrive; what was not taken is offered again with them.
                    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
                    arrived += 1 + (int)(x % 40);
                    if (arrived > buf.Length) arrived = buf.Length;
                    int len = arrived - off;
                    int consumed;
                    r = p.Feed(buf, off, len, out consumed);
                    Assert.IsTrue(consumed >= 0 && consumed <= len);
                    off += consumed;
                }
                if (r == HttpParseResult.Complete) completes++;
                if (r == HttpParseResult.Error)
                {
                    errors++;
                    int s = p.ErrorStatus;
                    Assert.IsTrue(s == 400 || s == 413 || s == 414 || s == 431 || s == 501 || s == 505);
                }
            }
            Assert.IsTrue(errors > 0);
        }
    }
}
