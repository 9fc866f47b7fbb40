using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// RFC 9112 framing corners the other parser tests leave out: chunk delimiters, the version digits, the
    /// Transfer-Encoding list, header-size limits, value whitespace, and what a reused parser forgets. Added from
    /// the first mutation run of http/ (issue 18).
    /// </summary>
    [TestClass]
    public class HttpFramingEdgeTests
    {
        private const string ChunkedHead = "POST /led HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

        // The error status after feeding the whole text at once, 0 for a complete request (HttpText.StatusOf).
        private static int StatusOf(string text)
        {
            return HttpText.StatusOf(HttpText.SmallConfig(), text);
        }

        [TestMethod]
        public void ChunkDataEndsWithCrlfOrABareLfAndNothingElse()
        {
            // RFC 9112 §7.1: chunk = chunk-size CRLF chunk-data CRLF; a bare LF is tolerated (§2.2).
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, ChunkedHead + "2\r\non\n0\r\n\r\n"));
            Assert.IsTrue(p.Request.BodyEquals("on"));
            Assert.AreEqual(400, StatusOf(ChunkedHead + "2\r\nonX0\r\n\r\n"));
            Assert.AreEqual(400, StatusOf(ChunkedHead + "2\r\non\rX0\r\n\r\n"));
        }

        [TestMethod]
        public void AChunkSizeNeedsAtLeastOneHexDigit()
        {
            Assert.AreEqual(400, StatusOf(ChunkedHead + ";ext=1\r\n"));
            Assert.AreEqual(400, StatusOf(ChunkedHead + "\r\n"));
            Assert.AreEqual(400, StatusOf(ChunkedHead + "\n"));
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, ChunkedHead + "2;name=v\r\nON\r\n0\r\n\r\n"));
            Assert.IsTrue(p.Request.BodyEquals("on"), "extension skipped, body compared case-insensitively");
        }

        [TestMethod]
        public void TheVersionIsTwoDecimalDigitsAndOnlyMajorOneIsServed()
        {
            // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; another major version is 505 (RFC 9110 §15.6.6).
            Assert.AreEqual(400, StatusOf("GET / HTTP/1.x\r\n\r\n"));
            Assert.AreEqual(400, StatusOf("GET / HTTP/x.1\r\n\r\n"));
            Assert.AreEqual(400, StatusOf("GET / HTTP/1./\r\n\r\n"));
            Assert.AreEqual(505, StatusOf("GET / HTTP/2.0\r\n\r\n"));
            Assert.AreEqual(0, StatusOf("GET / HTTP/1.9\r\nHost: a\r\n\r\n"));
        }

        [TestMethod]
        public void OnlyChunkedAloneIsAnUnderstoodTransferCoding()
        {
            // RFC 9112 §6.1: chunked must be the final coding; we decode no other (501, RFC 9110 §15.6.2), and
            // chunked applied twice is an error (400).
            Assert.AreEqual(501, StatusOf("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"));
            Assert.AreEqual(501, StatusOf("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"));
            Assert.AreEqual(400, StatusOf("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"));
            Assert.AreEqual(0, StatusOf("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked \r\n\r\n0\r\n\r\n"));
        }

        [TestMethod]
        public void HeaderLinesAndTheWholeHeadAreBounded()
        {
            // SmallConfig: header lines of 64 bytes at most, 256 bytes of head: both over are 431 (RFC 6585 §5).
            Assert.AreEqual(431, StatusOf("GET / HTTP/1.1\r\nX-Long: " + new string('a', 60) + "\r\n\r\n"));
            string many = "GET / HTTP/1.1\r\n";
            for (int i = 0; i < 12; i++)
            {
                many += "X-Field-" + i.ToString() + ": 0123456789\r\n";
            }
            Assert.AreEqual(431, StatusOf(many + "\r\n"));
            string blank = "";
            for (int i = 0; i < 140; i++)
            {
                blank += "\r\n";
            }
            Assert.AreEqual(431, StatusOf(blank + "GET / HTTP/1.1\r\n\r\n"), "empty lines before the request count too");
        }

        [TestMethod]
        public void AFieldLineNeedsANameAndNoLeadingWhitespace()
        {
            // RFC 9112 §5.1: field-name ":" OWS field-value OWS, the name a token of at least one character; §5.2: a
            // line that starts with SP or HTAB continues the one before (obs-fold), which a server that does not
            // unfold rejects with 400, colon or not.
            const string head = "GET / HTTP/1.1\r\nHost: a\r\n";
            Assert.AreEqual(400, StatusOf(head + ": nameless\r\n\r\n"));
            Assert.AreEqual(400, StatusOf(head + " X-Folded: b\r\n\r\n"));
            Assert.AreEqual(400, StatusOf(head + "\tX-Folded: b\r\n\r\n"));
            Assert.AreEqual(400, StatusOf(head + "Two Words: b\r\n\r\n"), "SP is no token character (RFC 9110 §5.6.2)");
            Assert.AreEqual(400, StatusOf(head + "X@Y: b\r\n\r\n"), "nor is '@'");
            Assert.AreEqual(0, StatusOf(head + "X: b\r\n\r\n"), "a one-character name");
            Assert.AreEqual(0, StatusOf(head + "!#$%&'*+-.^_`|~09aZ: b\r\n\r\n"), "every other tchar");
        }

        [TestMethod]
        public void ContentLengthIsDigitsThatFitAndOneValue()
        {
            // RFC 9112 §6.3: an invalid Content-Length is unrecoverable (400); a value too large to hold is 413 here,
            // never a number that wrapped (2^64 + 5 would read as 5 in 64 bits, a body boundary in the wrong place).
            const string post = "POST /led HTTP/1.1\r\nHost: a\r\n";
            Assert.AreEqual(413, StatusOf(post + "Content-Length: 18446744073709551621\r\n\r\nhello"));
            Assert.AreEqual(400, StatusOf(post + "Content-Length: \r\n\r\n"), "empty");
            Assert.AreEqual(400, StatusOf(post + "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello"), "two values");
            // Leading zeros are digits like any others (1*DIGIT): 18 of them still fit.
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            Assert.AreEqual((int)HttpParseResult.Complete,
                (int)HttpText.Parse(p, post + "Content-Length: 000000000000000002\r\n\r\non"));
            Assert.AreEqual(2L, p.Request.ContentLength);
        }

        [TestMethod]
        public void ChunkedWithAContentLengthIs400()
        {
            // RFC 9112 §6.3: both framings in one request are a smuggling risk; a Content-Length of 0 counts too.
            Assert.AreEqual(400, StatusOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        }

        [TestMethod]
        public void FieldValuesLoseTheirSurroundingWhitespace()
        {
            // RFC 9112 §5.1: OWS around a field value is not part of it.
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            Assert.AreEqual((int)HttpParseResult.Complete,
                (int)HttpText.Parse(p, "POST /led HTTP/1.1\r\nHost: a\r\nContent-Length: \t2 \t\r\n\r\non"));
            Assert.AreEqual(2L, p.Request.ContentLength);
            Assert.IsTrue(p.Request.BodyEquals("on"));
        }

        [TestMethod]
        public void BodyEqualsIgnoresSurroundingWhitespaceAndCaseButNothingElse()
        {
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            HttpText.Parse(p, "POST /led HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n  On\r\n");
            Assert.IsTrue(p.Request.BodyEquals("on"));
            Assert.IsFalse(p.Request.BodyEquals("of"));
            Assert.IsFalse(p.Request.BodyEquals("o"));
            Assert.IsFalse(p.Request.BodyEquals("onn"));
        }

        [TestMethod]
        public void AReusedParserForgetsTheLastRequestsConnectionClose()
        {
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            HttpText.Parse(p, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Assert.IsFalse(p.Request.WantsKeepAlive);
            p.Reset();
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
            Assert.IsTrue(p.Request.WantsKeepAlive);
        }
    }
}
