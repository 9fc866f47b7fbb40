using nanoFramework.TestFramework;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;

namespace NanoStack.Tests.Client
{
    /// <summary>
    /// The response side of the HTTP client against scripted connections (RFC 9112): status line, headers, the three
    /// body framings (§6.3: Content-Length, chunked §7.1, close-delimited) at every segmentation, and each failure.
    /// </summary>
    [TestClass]
    public class HttpClientResponseTests
    {
        private static string ReadAll(HttpClientResponse r, int chunk)
        {
            byte[] buf = new byte[chunk];
            string s = "";
            int n;
            while ((n = r.Read(buf, 0, chunk)) > 0)
            {
                for (int i = 0; i < n; i++) s += (char)buf[i];
            }
            return s;
        }

        private static HttpClientResponse Open(string response, int slice)
        {
            return new HttpClientResponse(new ScriptedStream(response, slice, false), new byte[64], false);
        }

        [TestMethod]
        public void ContentLengthBodyArrivesWholeAtEverySegmentation()
        {
            string wire = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";
            int[] slices = new int[] { 1, 2, 7, 64, 1000 };
            for (int i = 0; i < slices.Length; i++)
            {
                HttpClientResponse r = Open(wire, slices[i]);
                Assert.AreEqual(200, r.StatusCode);
                Assert.AreEqual(11L, r.ContentLength);
                Assert.AreEqual("hello world", ReadAll(r, 4));
                Assert.IsTrue(r.IsComplete);
                Assert.AreEqual(11L, r.BodyBytesRead);
            }
        }

        [TestMethod]
        public void BodyStopsAtContentLengthEvenIfMoreBytesFollow()
        {
            HttpClientResponse r = Open("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", 100);
            Assert.AreEqual("abc", ReadAll(r, 10));
        }

        [TestMethod]
        public void ChunkedBodyWithExtensionsAndTrailersIsDecodedAtEverySegmentation()
        {
            string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n";
            int[] slices = new int[] { 1, 3, 16, 1000 };
            for (int i = 0; i < slices.Length; i++)
            {
                HttpClientResponse r = Open(wire, slices[i]);
                Assert.IsTrue(r.IsChunked);
                Assert.AreEqual(-1L, r.ContentLength);
                Assert.AreEqual("hello 0123456789", ReadAll(r, 3));
                Assert.IsTrue(r.IsComplete);
            }
        }

        [TestMethod]
        public void TransferEncodingChunkedOverridesContentLength()
        {
            HttpClientResponse r = Open("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", 5);
            Assert.AreEqual("ok", ReadAll(r, 10));
        }

        [TestMethod]
        public void CloseDelimitedBodyEndsWithTheConnection()
        {
            HttpClientResponse r = Open("HTTP/1.0 200 OK\nServer: x\n\nline one\nline two\n", 4);
            Assert.AreEqual(-1L, r.ContentLength);
            Assert.AreEqual("line one\nline two\n", ReadAll(r, 5));
            Assert.IsTrue(r.IsComplete);
        }

        [TestMethod]
        public void EmptyBodiesAreComplete()
        {
            HttpClientResponse r = Open("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 100);
            Assert.IsTrue(r.IsComplete);
            Assert.AreEqual("", ReadAll(r, 4));
            r = Open("HTTP/1.1 204 No Content\r\n\r\n", 100);
            Assert.AreEqual(204, r.StatusCode);
            Assert.AreEqual("", ReadAll(r, 4));
            r = new HttpClientResponse(new ScriptedStream("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", 100, false), new byte[64], true);
            Assert.AreEqual("", ReadAll(r, 4)); // HEAD
        }

        [TestMethod]
        public void InterimContinueResponseIsSkipped()
        {
            HttpClientResponse r = Open("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nid", 7);
            Assert.AreEqual(201, r.StatusCode);
            Assert.AreEqual("id", ReadAll(r, 4));
        }

        [TestMethod]
        public void FinBeforeContentLengthIsReachedIsBodyTruncated()
        {
            HttpClientResponse r = Open("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100);
            byte[] buf = new byte[16];
            Assert.AreEqual(3, r.Read(buf, 0, 16));
            AssertHttpError(HttpClientError.BodyTruncated, r);
        }

        [TestMethod]
        public void FinBeforeTheLastChunkIsBodyTruncated()
        {
            HttpClientResponse r = Open("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", 100);
            byte[] buf = new byte[16];
            Assert.AreEqual(3, r.Read(buf, 0, 16));
            AssertHttpError(HttpClientError.BodyTruncated, r);
        }

        [TestMethod]
        public void ResetMidBodySurfacesAsConnectionReset()
        {
            HttpClientResponse r = new HttpClientResponse(new ScriptedStream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100, true), new byte[64], false);
            byte[] buf = new byte[16];
            Assert.AreEqual(3, r.Read(buf, 0, 16));
            SocketError code = SocketError.Success;
            try
            {
                r.Read(buf, 0, 16);
            }
            catch (SocketException e)
            {
                code = e.SocketErrorCode;
            }
            Assert.AreEqual(SocketError.ConnectionReset, code);
        }

        [TestMethod]
        public void MalformedHeadsAreRejectedWithTheReason()
        {
            AssertOpenFails(HttpClientError.MalformedResponse, "HTTP/2 200 OK\r\n\r\n");
            AssertOpenFails(HttpClientError.MalformedResponse, "HTTP/1.1 20 OK\r\n\r\n");
            AssertOpenFails(HttpClientError.MalformedResponse, "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
            AssertOpenFails(HttpClientError.MalformedResponse, "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n");
            AssertOpenFails(HttpClientError.MalformedResponse, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
            AssertOpenFails(HttpClientError.MalformedResponse, "HTTP/1.1 200 OK\r\nServer: cut off");
            AssertOpenFails(HttpClientError.BadTransferCoding, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
            AssertOpenFails(HttpClientError.HeaderTooLong, "HTTP/1.1 200 OK\r\nX-Long: 0123456789012345678901234567890123456789012345678901234567890123456789\r\n\r\n");
        }

        [TestMethod]
        public void BadChunkSizeIsBadTransferCoding()
        {
            HttpClientResponse r = Open("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100);
            AssertHttpError(HttpClientError.BadTransferCoding, r);
            r = Open("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", 100);
            byte[] buf = new byte[16];
            Assert.AreEqual(2, r.Read(buf, 0, 16));
            AssertHttpError(HttpClientError.BadTransferCoding, r); // chunk data not followed by CRLF
        }

        private static void AssertOpenFails(HttpClientError expected, string wire)
        {
            HttpClientError got = HttpClientError.None;
            try
            {
                Open(wire, 100);
            }
            catch (HttpClientException e)
            {
                got = e.Error;
            }
            Assert.AreEqual(expected, got);
        }

        private static void AssertHttpError(HttpClientError expected, HttpClientResponse r)
        {
            HttpClientError got = HttpClientError.None;
            try
            {
                r.Read(new byte[16], 0, 16);
            }
            catch (HttpClientException e)
            {
                got = e.Error;
            }
            Assert.AreEqual(expected, got);
        }
    }
}
