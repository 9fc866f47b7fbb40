using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// The parser's three size limits, each to the byte and each apart from the others: the request line
    /// (<see cref="HttpServerConfig.MaxRequestLine"/>, 414, RFC 9112 §3), a header line
    /// (<see cref="HttpServerConfig.MaxHeaderLine"/>, 431) and the whole head after the request line
    /// (<see cref="HttpServerConfig.MaxHeaderBytes"/>, 431, RFC 6585 §5). The other tests give the request and header
    /// lines the same limit, so a check that used the wrong one could not show there. Lines end in CRLF or in a bare
    /// LF (RFC 9112 §2.2); a line without its LF yet fails as soon as it cannot fit any more.
    /// </summary>
    [TestClass]
    public class HttpLineLimitTests
    {
        private const int NeedMore = HttpText.NeedMore;

        private static HttpServerConfig Limits()
        {
            HttpServerConfig c = HttpText.SmallConfig();
            c.MaxRequestLine = 40;
            c.MaxHeaderLine = 60;
            c.MaxHeaderBytes = 400;
            return c;
        }

        /// <summary>0 for a complete request, <see cref="NeedMore"/>, else the error status (HttpText.StatusOf).</summary>
        private static int StatusOf(string text)
        {
            return HttpText.StatusOf(Limits(), text);
        }

        /// <summary>"GET /bb...b HTTP/1.0" of <paramref name="length"/> bytes, without its line end (HTTP/1.0: no Host needed).</summary>
        private static string RequestLine(int length)
        {
            return "GET /" + new string('b', length - 14) + " HTTP/1.0";
        }

        /// <summary>"X: aa...a" of <paramref name="length"/> bytes, without its line end.</summary>
        private static string HeaderLine(int length)
        {
            return "X: " + new string('a', length - 3);
        }

        [TestMethod]
        public void TheRequestLineLimitCountsTheLinesOwnBytes()
        {
            Assert.AreEqual(0, StatusOf(RequestLine(40) + "\r\n\r\n"));
            Assert.AreEqual(0, StatusOf(RequestLine(40) + "\n\n"), "bare LFs");
            Assert.AreEqual(414, StatusOf(RequestLine(41) + "\r\n\r\n"));
            Assert.AreEqual(414, StatusOf(RequestLine(41) + "\n\n"), "one byte over, ended by a bare LF");
            Assert.AreEqual(NeedMore, StatusOf(RequestLine(41)), "41 bytes may still be 40 and the CR");
            Assert.AreEqual(414, StatusOf(RequestLine(42)), "42 bytes without an LF cannot fit any more");
            Assert.AreEqual(414, StatusOf(RequestLine(50)), "within a header line's limit, over the request line's");
        }

        [TestMethod]
        public void TheHeaderLineLimitCountsTheLinesOwnBytes()
        {
            const string head = "GET / HTTP/1.0\r\n";
            Assert.AreEqual(0, StatusOf(head + HeaderLine(60) + "\r\n\r\n"));
            Assert.AreEqual(0, StatusOf(head + HeaderLine(60) + "\n\n"), "bare LFs");
            Assert.AreEqual(0, StatusOf(head + HeaderLine(50) + "\r\n\r\n"), "over the request line's limit, within a header line's");
            Assert.AreEqual(431, StatusOf(head + HeaderLine(61) + "\r\n\r\n"));
            Assert.AreEqual(431, StatusOf(head + HeaderLine(61) + "\n\n"), "one byte over, ended by a bare LF");
            Assert.AreEqual(NeedMore, StatusOf(head + HeaderLine(61)), "61 bytes may still be 60 and the CR");
            Assert.AreEqual(431, StatusOf(head + HeaderLine(62)), "62 bytes without an LF cannot fit any more");
        }

        [TestMethod]
        public void TheHeadAfterTheRequestLineIsBoundedToTheByte()
        {
            // Seven 50-byte lines (350 bytes with their CRLFs), then one more line and the empty line that ends the head.
            string head = "GET / HTTP/1.0\r\n";
            for (int i = 0; i < 7; i++)
            {
                head += HeaderLine(48) + "\r\n";
            }
            Assert.AreEqual(0, StatusOf(head + HeaderLine(46) + "\r\n\r\n"), "350 + 48 + 2 = 400 bytes: the budget exactly");
            Assert.AreEqual(431, StatusOf(head + HeaderLine(47) + "\r\n\r\n"), "401 bytes: the empty line's LF is one too many");
            Assert.AreEqual(NeedMore, StatusOf(head + HeaderLine(50)), "a line of the 50 bytes left, its end not seen yet");
            Assert.AreEqual(431, StatusOf(head + HeaderLine(50) + "\r"), "51 bytes cannot fit in the 50 left");
        }
    }
}
