using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// The small text helpers at their edges: ASCII case and token classes (RFC 9110 §5.6.2), hex digits for chunk
    /// sizes (RFC 9112 §7.1), reason phrases, the request's path helpers, and the plain-text error body. Added from
    /// the first mutation run of http/ (issue 18).
    /// </summary>
    [TestClass]
    public class HttpTextHelpersTests
    {
        [TestMethod]
        public void ToLowerChangesExactlyTheCapitals()
        {
            Assert.AreEqual((byte)'a', Ascii.ToLower((byte)'A'));
            Assert.AreEqual((byte)'z', Ascii.ToLower((byte)'Z'));
            Assert.AreEqual((byte)'@', Ascii.ToLower((byte)'@'), "the byte before A");
            Assert.AreEqual((byte)'[', Ascii.ToLower((byte)'['), "the byte after Z");
            Assert.AreEqual((byte)'z', Ascii.ToLower((byte)'z'));
        }

        [TestMethod]
        public void TokenCharactersIncludeTheEdgesOfEachRange()
        {
            // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
            string yes = "azAZ09!#$%&'*+-.^_`|~";
            for (int i = 0; i < yes.Length; i++)
            {
                Assert.IsTrue(Ascii.IsTokenChar((byte)yes[i]), yes[i].ToString());
            }
            string no = " \"(),/:;<=>?@[\\]{}\t";
            for (int i = 0; i < no.Length; i++)
            {
                Assert.IsFalse(Ascii.IsTokenChar((byte)no[i]), "code " + ((int)no[i]).ToString());
            }
            Assert.IsFalse(Ascii.IsTokenChar(0x7F));
            Assert.IsFalse(Ascii.IsTokenChar(0x80));
        }

        [TestMethod]
        public void HexValuesOfEveryDigitAndNothingElse()
        {
            Assert.AreEqual(0, Ascii.HexValue((byte)'0'));
            Assert.AreEqual(9, Ascii.HexValue((byte)'9'));
            Assert.AreEqual(10, Ascii.HexValue((byte)'a'));
            Assert.AreEqual(15, Ascii.HexValue((byte)'f'));
            Assert.AreEqual(10, Ascii.HexValue((byte)'A'));
            Assert.AreEqual(15, Ascii.HexValue((byte)'F'));
            string no = "/:`gG@";
            for (int i = 0; i < no.Length; i++)
            {
                Assert.AreEqual(-1, Ascii.HexValue((byte)no[i]), no[i].ToString());
            }
        }

        [TestMethod]
        public void EqualsIgnoreCaseComparesEveryByteOfTheRange()
        {
            byte[] b = HttpText.Bytes("xChunKed");
            Assert.IsTrue(Ascii.EqualsIgnoreCase(b, 1, 7, "chunked"));
            Assert.IsFalse(Ascii.EqualsIgnoreCase(b, 1, 7, "chunkex"), "the last byte counts");
            Assert.IsFalse(Ascii.EqualsIgnoreCase(b, 1, 6, "chunked"), "so does the length");
        }

        [TestMethod]
        public void ReasonPhrasesOfTheStatusesTheServerSends()
        {
            // RFC 9110 §15: the server's status lines and error bodies carry these.
            Assert.AreEqual("Continue", HttpStatus.Reason(100));
            Assert.AreEqual("No Content", HttpStatus.Reason(204));
            Assert.AreEqual("Not Implemented", HttpStatus.Reason(501));
            Assert.AreEqual("Service Unavailable", HttpStatus.Reason(503));
            Assert.AreEqual("HTTP Version Not Supported", HttpStatus.Reason(505));
            Assert.AreEqual("Unknown", HttpStatus.Reason(299));
        }

        private static HttpRequest Parsed(string target)
        {
            HttpRequestParser p = new HttpRequestParser(HttpText.SmallConfig());
            Assert.AreEqual((int)HttpParseResult.Complete, (int)HttpText.Parse(p, "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n"));
            return p.Request;
        }

        [TestMethod]
        public void APathNumberIsOneToEighteenDecimalDigitsAfterThePrefix()
        {
            long n;
            Assert.IsTrue(Parsed("/bytes/9").TryGetPathNumber("/bytes/", out n));
            Assert.AreEqual(9L, n);
            Assert.IsTrue(Parsed("/bytes/123456789012345678").TryGetPathNumber("/bytes/", out n));
            Assert.AreEqual(123456789012345678L, n);
            Assert.IsFalse(Parsed("/bytes/1234567890123456789").TryGetPathNumber("/bytes/", out n), "19 digits");
            Assert.IsFalse(Parsed("/bytes/").TryGetPathNumber("/bytes/", out n), "no digit");
            Assert.IsFalse(Parsed("/bytes/1:").TryGetPathNumber("/bytes/", out n), "':' follows '9'");
            Assert.IsFalse(Parsed("/bytes/1/").TryGetPathNumber("/bytes/", out n), "'/' precedes '0'");
            Assert.IsFalse(Parsed("/bytez/1").TryGetPathNumber("/bytes/", out n), "another prefix");
        }

        [TestMethod]
        public void PathStartsWithNeedsTheWholePrefixWithinThePath()
        {
            HttpRequest r = Parsed("/led?x=1");
            Assert.IsTrue(r.PathStartsWith("/led"));
            Assert.IsTrue(r.PathStartsWith("/le"));
            Assert.IsFalse(r.PathStartsWith("/led?"), "the query is not part of the path");
            Assert.IsFalse(r.PathStartsWith("/lex"));
            Assert.IsFalse(r.PathStartsWith("/ledger"));
        }

        [TestMethod]
        public void ASimpleErrorHasAPlainTextBodyWithStatusAndReason()
        {
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = new HttpServer(HttpText.SmallConfig(), acceptor, new TestHandler());
            FakeTransport t = acceptor.Connect(server, 0);
            t.Push("GET /nothing HTTP/1.1\r\nHost: h\r\n\r\n");
            server.Poll(1);
            string o = t.Output;
            Assert.IsTrue(o.StartsWith("HTTP/1.1 404 Not Found\r\n"), o);
            Assert.IsTrue(o.IndexOf("Content-Type: text/plain\r\n") > 0, o);
            Assert.IsTrue(o.EndsWith("\r\n\r\n404 Not Found\n"), o);
        }
    }
}
