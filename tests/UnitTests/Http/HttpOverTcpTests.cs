using nanoFramework.TestFramework;
using NanoStack.Http;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;
using NanoStack.Tests.Iface;
using NanoStack.Tests.Wire;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// The HTTP server on real TCP sockets (<see cref="TcpHttpAcceptor"/>, <see cref="TcpHttpTransport"/>) between two
    /// stacks on a memory link, as the firmware runs it; and <see cref="StringSource"/>, the firmware's static assets.
    /// The other HTTP tests use an in-memory transport. Added from mutants no portable test covered (issue 18).
    /// </summary>
    [TestClass]
    public class HttpOverTcpTests
    {
        private sealed class Pair
        {
            public NetworkStack Board;
            public NetworkStack Client;
            public TcpStack BoardTcp;
            public TcpStack ClientTcp;
            public HttpServer Server;
            public long Now = 1;

            public void Step(int rounds)
            {
                for (int i = 0; i < rounds; i++)
                {
                    Now++;
                    Board.Poll(Now);
                    Server.Poll(Now);
                    Client.Poll(Now);
                }
            }
        }

        private static Pair Start(int maxClients)
        {
            MemoryLink boardLink = new MemoryLink(16);
            MemoryLink clientLink = new MemoryLink(16);
            MemoryLink.Connect(boardLink, clientLink);
            Pair p = new Pair();
            p.Board = new NetworkStack(boardLink, TestNet.BoardConfig());
            StackConfig cc = TestNet.BoardConfig();
            cc.MacAddress = new byte[] { 0x02, 0, 0, 0, 0, 0x01 };
            cc.Address = CapturedFrames.LinuxAddress;
            cc.RandomSeed = 4242;
            p.Client = new NetworkStack(clientLink, cc);
            TcpConfig tc = new TcpConfig();
            tc.MaxConnections = 2; // small rings: two stacks share the device's heap in this test
            tc.ReceiveBufferSize = 1024;
            tc.SendBufferSize = 1024;
            p.BoardTcp = new TcpStack(tc, 11);
            p.Board.Register(p.BoardTcp);
            p.ClientTcp = new TcpStack(tc, 12);
            p.Client.Register(p.ClientTcp);
            HttpServerConfig hc = HttpText.SmallConfig();
            hc.MaxClients = maxClients;
            TcpListener listener = p.BoardTcp.Listen(80);
            p.Server = new HttpServer(hc, new TcpHttpAcceptor(listener, maxClients), new TestHandler());
            return p;
        }

        private static TcpSocket Get(Pair p, string path)
        {
            TcpSocket c = p.ClientTcp.Connect(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 80, p.Now);
            Assert.IsNotNull(c);
            p.Step(20);
            Assert.AreEqual(TcpState.Established, c.State);
            byte[] request = HttpText.Bytes("GET " + path + " HTTP/1.1\r\nHost: b\r\n\r\n");
            Assert.AreEqual(request.Length, c.Send(request, 0, request.Length));
            p.Step(40);
            return c;
        }

        private static string ReadAll(TcpSocket c)
        {
            byte[] b = new byte[2048];
            int n = c.Receive(b, 0, b.Length);
            return HttpText.Text(b, 0, n);
        }

        [TestMethod]
        public void ARequestOverTcpGetsItsResponseAndTheConnectionStaysOpen()
        {
            Pair p = Start(2);
            TcpSocket c = Get(p, "/");
            string response = ReadAll(c);
            Assert.IsTrue(response.IndexOf("HTTP/1.1 200 OK\r\n") == 0, response);
            Assert.IsTrue(response.IndexOf("\r\n\r\nhello") > 0, response);
            Assert.AreEqual(TcpState.Established, c.State, "keep-alive");
            // A second request on the same connection (HTTP/1.1 persistence, RFC 9112 §9.3).
            byte[] again = HttpText.Bytes("GET /bytes/5 HTTP/1.1\r\nHost: b\r\n\r\n");
            c.Send(again, 0, again.Length);
            p.Step(40);
            response = ReadAll(c);
            Assert.IsTrue(response.IndexOf("HTTP/1.1 200 OK\r\n") == 0, response);
            Assert.IsTrue(response.IndexOf("Content-Length: 5\r\n") > 0, response);
        }

        [TestMethod]
        public void ConnectionCloseEndsTheTcpConnectionAndFreesTheSlot()
        {
            // One client slot: after "Connection: close" the server closes its side (FIN), the wrapper is free again
            // and the next client is served in it.
            Pair p = Start(1);
            TcpSocket c = p.ClientTcp.Connect(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 80, p.Now);
            p.Step(20);
            byte[] request = HttpText.Bytes("GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n");
            c.Send(request, 0, request.Length);
            p.Step(60);
            string response = ReadAll(c);
            Assert.IsTrue(response.IndexOf("hello") > 0, response);
            Assert.IsTrue(c.IsReceiveEnded, "the server's FIN");
            c.Close();
            p.Step(60);
            TcpSocket second = Get(p, "/");
            Assert.IsTrue(ReadAll(second).IndexOf("hello") > 0, "served in the freed slot");
        }

        [TestMethod]
        public void AnAcceptedTransportReportsItsPeerMovesBytesAndOnceAbortedSaysNothingIsThere()
        {
            // TcpHttpAcceptor without the server: an accepted connection reports its peer and moves bytes both ways; once
            // aborted the wrapper answers as an empty, ended connection and the peer is reset.
            Pair p = Start(1);
            TcpListener listener = p.BoardTcp.Listen(81);
            TcpHttpAcceptor acceptor = new TcpHttpAcceptor(listener, 1);
            Assert.IsNull(acceptor.Accept(), "nobody connected");
            TcpSocket peer = p.ClientTcp.Connect(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 81, p.Now);
            p.Step(20);
            Assert.IsTrue(acceptor.ClientsWaiting(p.Now));
            IHttpTransport t = acceptor.Accept();
            Assert.IsNotNull(t);
            Assert.IsFalse(acceptor.ClientsWaiting(p.Now));
            Assert.IsTrue(t.IsOpen);
            Assert.AreEqual(CapturedFrames.LinuxAddress, t.RemoteAddress);
            Assert.AreEqual(peer.LocalPort, t.RemotePort);
            byte[] hello = HttpText.Bytes("hello");
            peer.Send(hello, 0, 5);
            p.Step(20);
            Assert.AreEqual(5, t.ReceiveAvailable);
            byte[] b = new byte[8];
            Assert.AreEqual(5, t.Peek(b, 0, 8));
            t.Skip(2);
            Assert.AreEqual(3, t.ReceiveAvailable);
            Assert.IsFalse(t.IsReceiveEnded);
            Assert.IsTrue(t.SendSpace > 0);
            Assert.AreEqual(2, t.Send(hello, 0, 2));
            t.Abort();
            Assert.IsFalse(t.IsOpen);
            Assert.AreEqual(0, t.ReceiveAvailable);
            Assert.AreEqual(0, t.Peek(b, 0, 8));
            t.Skip(1); // nothing to skip: no effect, no exception
            Assert.IsTrue(t.IsReceiveEnded);
            Assert.AreEqual(0, t.Send(hello, 0, 5));
            Assert.AreEqual(0, t.SendSpace);
            Assert.AreEqual(0u, t.RemoteAddress);
            Assert.AreEqual((ushort)0, t.RemotePort);
            t.Abort(); // twice: nothing more happens
            t.Close();
            p.Step(20);
            Assert.AreEqual(TcpState.Closed, peer.State, "the peer was reset");
            TcpSocket c2 = p.ClientTcp.Connect(CapturedFrames.LinuxAddress, CapturedFrames.BoardAddress, 81, p.Now);
            p.Step(20);
            Assert.AreEqual(TcpState.Established, c2.State, "a new client");
            Assert.IsNotNull(acceptor.Accept(), "the freed wrapper takes it");
        }

        [TestMethod]
        public void AStringSourceReadsWindowsOfItsTextAndNothingOutsideIt()
        {
            StringSource s = new StringSource("body{color:red}");
            Assert.AreEqual(15, s.Length);
            byte[] b = new byte[8];
            Assert.AreEqual(4, s.Read(0, b, 2, 4));
            Assert.AreEqual("body", HttpText.Text(b, 2, 4));
            Assert.AreEqual(3, s.Read(12, b, 0, 8), "only what is left");
            Assert.AreEqual("ed}", HttpText.Text(b, 0, 3));
            Assert.AreEqual(0, s.Read(15, b, 0, 8), "at the end");
            Assert.AreEqual(0, s.Read(-1, b, 0, 8), "before the start");
            Assert.AreEqual(0, s.Read(100, b, 0, 8));
        }
    }
}
