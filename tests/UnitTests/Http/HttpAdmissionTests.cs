using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// Who gets a slot when there are more clients than slots (2 in SmallConfig): nobody is reset or refused; a
    /// newcomer waits in the listener until a slot frees, and while someone waits the slots turn over
    /// (Connection: close on responses, idle keep-alive connections closed with a FIN).
    /// </summary>
    [TestClass]
    public class HttpAdmissionTests
    {
        private const string Get = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

        private static HttpServer NewServer(FakeAcceptor acceptor)
        {
            return new HttpServer(HttpText.SmallConfig(), acceptor, new TestHandler());
        }

        [TestMethod]
        public void NewcomerWaitsQueuedWhileEverySlotIsMidRequestAndNobodyIsReset()
        {
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = NewServer(acceptor);
            FakeTransport a = acceptor.Connect(server, 0);
            FakeTransport b = acceptor.Connect(server, 0);
            a.Push("GET / HTTP/1.1\r\n");
            b.Push("GET / HTTP/1.1\r\n");
            server.Poll(1);
            FakeTransport c = acceptor.Connect(server, 2);
            Assert.AreEqual(1, acceptor.Queued, "the newcomer stays in the listener");
            Assert.AreEqual(0, c.OutLength);
            Assert.IsFalse(a.Aborted || b.Aborted || a.Closed || b.Closed);
            // a finishes its request: it is answered, and told the connection ends because someone waits.
            a.Push("Host: h\r\n\r\n");
            server.Poll(3);
            Assert.IsTrue(a.Output.StartsWith("HTTP/1.1 200 OK\r\n"));
            Assert.IsTrue(a.Output.IndexOf("Connection: close\r\n") > 0, a.Output);
            Assert.IsTrue(a.Closed);
            Assert.IsFalse(a.Aborted);
            Assert.AreEqual(1L, server.Counters.KeepAliveEndedForWaiting);
            // Its slot goes to the newcomer, whose request is served.
            c.Push(Get);
            server.Poll(4);
            server.Poll(5);
            Assert.AreEqual(0, acceptor.Queued);
            Assert.IsTrue(c.Output.StartsWith("HTTP/1.1 200 OK\r\n"), c.Output);
        }

        [TestMethod]
        public void RequestAlreadyInTheSocketWhenAcceptedIsServedEvenWhenOthersWait()
        {
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = NewServer(acceptor);
            FakeTransport a = new FakeTransport();
            a.Push(Get);
            acceptor.Add(a);
            FakeTransport b = new FakeTransport();
            b.Push("GET / HTTP/1.1\r\n");
            acceptor.Add(b);
            FakeTransport c = new FakeTransport();
            acceptor.Add(c);
            FakeTransport d = new FakeTransport();
            acceptor.Add(d);
            server.Poll(0);
            Assert.IsTrue(a.Output.StartsWith("HTTP/1.1 200 OK\r\n"), a.Output);
            Assert.IsFalse(a.Aborted || b.Aborted);
            Assert.AreEqual(0L, server.Counters.IdleClosedForWaiting);
        }

        [TestMethod]
        public void FreshConnectionWithoutDataIsNotClosedAtOnceWhenOthersWait()
        {
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = NewServer(acceptor);
            FakeTransport a = acceptor.Connect(server, 0);
            FakeTransport b = acceptor.Connect(server, 0);
            acceptor.Connect(server, 1);
            server.Poll(999);
            Assert.IsFalse(a.Closed || b.Closed, "its request may be on the way");
            server.Poll(1000);
            Assert.IsTrue(a.Closed);
            Assert.IsFalse(a.Aborted);
            Assert.AreEqual(1L, server.Counters.IdleClosedForWaiting);
        }

        [TestMethod]
        public void IdleKeepAliveConnectionIsClosedGracefullyOnlyWhenClientsWait()
        {
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = NewServer(acceptor);
            FakeTransport a = acceptor.Connect(server, 0);
            FakeTransport b = acceptor.Connect(server, 0);
            a.Push(Get);
            b.Push(Get);
            server.Poll(10);
            server.Poll(11);
            b.Push("GET / HTTP/1.1\r\n");
            server.Poll(2000);
            Assert.IsFalse(a.Closed, "nobody waits: idle keep-alive lasts IdleTimeoutMs");
            FakeTransport c = acceptor.Connect(server, 2001);
            Assert.IsTrue(a.Closed, "idle 2 s while a client waits: closed");
            Assert.IsFalse(a.Aborted);
            Assert.IsFalse(b.Closed || b.Aborted, "b is mid-request");
            Assert.AreEqual(1L, server.Counters.IdleClosedForWaiting);
            server.Poll(2002);
            Assert.AreEqual(0, acceptor.Queued);
            c.Push(Get);
            server.Poll(2003);
            Assert.IsTrue(c.Output.StartsWith("HTTP/1.1 200 OK\r\n"));
        }

        [TestMethod]
        public void SlowRequestGets408SoonerWhileClientsWait()
        {
            HttpServerConfig config = HttpText.SmallConfig();
            config.HeaderTimeoutMs = 5000;
            config.BusyHeaderTimeoutMs = 2000;
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = new HttpServer(config, acceptor, new TestHandler());
            FakeTransport a = acceptor.Connect(server, 0);
            FakeTransport b = acceptor.Connect(server, 0);
            a.Push("GET / HTTP/1.1\r\n");
            b.Push("GET / HTTP/1.1\r\n");
            server.Poll(10);
            server.Poll(2500);
            Assert.AreEqual(0, a.OutLength, "nobody waits: the full header timeout applies");
            acceptor.Connect(server, 2600);
            Assert.IsTrue(a.Output.StartsWith("HTTP/1.1 408 Request Timeout\r\n"), a.Output);
            Assert.IsTrue(a.Closed);
            Assert.IsTrue(b.Output.StartsWith("HTTP/1.1 408 Request Timeout\r\n"), b.Output);
            Assert.AreEqual(2L, server.Counters.HeaderTimeouts);
        }

        [TestMethod]
        public void ResponsesKeepTheConnectionAliveWhenNobodyWaits()
        {
            FakeAcceptor acceptor = new FakeAcceptor();
            HttpServer server = NewServer(acceptor);
            FakeTransport a = acceptor.Connect(server, 0);
            a.Push(Get);
            server.Poll(1);
            Assert.IsTrue(a.Output.IndexOf("Connection: close") < 0, a.Output);
            Assert.IsFalse(a.Closed);
            Assert.AreEqual(0L, server.Counters.KeepAliveEndedForWaiting);
        }
    }
}
