using nanoFramework.TestFramework;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;

namespace NanoStack.Tests.Client
{
    [TestClass]
    public class HttpUrlAndCrcTests
    {
        [TestMethod]
        public void HttpUrlSplitsHostPortAndPath()
        {
            HttpUrl u = HttpUrl.Parse("http://example.lan/a/b?c=1");
            Assert.AreEqual("example.lan", u.Host);
            Assert.AreEqual(80, u.Port);
            Assert.AreEqual("/a/b?c=1", u.Path);
            u = HttpUrl.Parse("HTTP://192.0.2.1:8080");
            Assert.AreEqual("192.0.2.1", u.Host);
            Assert.AreEqual(8080, u.Port);
            Assert.AreEqual("/", u.Path);
        }

        [TestMethod]
        public void HttpUrlRejectsWhatTheClientCannotFetch()
        {
            Assert.IsNull(HttpUrl.Parse("https://example.lan/"));
            Assert.IsNull(HttpUrl.Parse("http:///path"));
            Assert.IsNull(HttpUrl.Parse("http://host:0/"));
            Assert.IsNull(HttpUrl.Parse("http://host:70000/"));
            Assert.IsNull(HttpUrl.Parse("http://user@host/"));
            Assert.IsNull(HttpUrl.Parse("http://host/a b"));
            Assert.IsNull(HttpUrl.Parse(null));
        }

        [TestMethod]
        public void Crc32OfTheCheckStringIsCbf43926()
        {
            // The CRC-32/IEEE check value (zlib.crc32(b"123456789")), fed in two pieces.
            byte[] data = new byte[] { (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9' };
            Crc32 crc = new Crc32();
            crc.Update(data, 0, 4);
            crc.Update(data, 4, 5);
            Assert.AreEqual(0xCBF43926u, crc.Value);
            crc.Reset();
            Assert.AreEqual(0u, crc.Value);
        }

        [TestMethod]
        public void SocketErrorsCarryTheWinsockNumbersAndAReason()
        {
            SocketException e = new SocketException(SocketError.ConnectionRefused);
            Assert.AreEqual(10061, e.ErrorCode);
            Assert.AreEqual("connection refused (RST)", e.Message);
            Assert.AreEqual("NXDOMAIN (name not found)", SocketException.Describe(SocketError.HostNotFound));
            Assert.AreEqual("ARP timeout (host unreachable)", SocketException.Describe(SocketError.HostUnreachable));
        }
    }
}
