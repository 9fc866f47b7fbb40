using System;
using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Tcp
{
    /// <summary>Captures every datagram TCP hands to IPv4, in order, so a test can assert the exact segments.</summary>
    public sealed class CapturingOutput : IIpv4Output
    {
        private readonly byte[] _buffer = new byte[1600];
        private readonly byte[][] _sent = new byte[256][];
        private readonly uint[] _destinations = new uint[256];
        private int _count;

        public CapturingOutput(uint localAddress)
        {
            LocalAddress = localAddress;
            PayloadCapacity = 1480;
        }

        public byte[] PayloadBuffer { get { return _buffer; } }

        public int PayloadOffset { get { return 34; } }

        public int PayloadCapacity { get; set; }

        public uint LocalAddress { get; set; }

        public int Count { get { return _count; } }

        public SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs)
        {
            Assert.AreEqual((byte)6, protocol);
            Assert.IsTrue(payloadLength <= PayloadCapacity, "segment larger than the datagram capacity");
            byte[] copy = new byte[payloadLength];
            Array.Copy(_buffer, PayloadOffset, copy, 0, payloadLength);
            _sent[_count % _sent.Length] = copy;
            _destinations[_count % _sent.Length] = destination;
            _count++;
            return SendResult.Ok;
        }

        // TCP sends only through Send; the rest of the seam is the UDP layer's.
        public SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs)
        {
            return SendResult.NoRoute;
        }

        public void Drop(DropReason reason) { }

        public void SendUnreachable(byte code, long nowMs) { }

        public byte[] Raw(int i) { return _sent[i % _sent.Length]; }

        public uint Destination(int i) { return _destinations[i % _sent.Length]; }

        public void Clear() { _count = 0; }
    }

    /// <summary>
    /// One TcpStack at 192.0.2.1 talking to a scripted peer at 192.0.2.2: the test plays the peer with hand-built
    /// segments at explicit times and asserts each segment the stack answers (smoltcp socket/tcp.rs rhythm).
    /// </summary>
    public sealed class TcpHarness
    {
        public const uint LocalIp = 0xC0000201;
        public const uint RemoteIp = 0xC0000202;
        public const ushort ServerPort = 80;
        public const ushort PeerPort = 49500;
        public const uint PeerIss = 1000;

        public readonly TcpStack Stack;
        public readonly CapturingOutput Out;
        public TcpListener Listener;
        public TcpSocket Socket;
        /// <summary>The stack's ISS, learned from its SYN or SYN-ACK.</summary>
        public uint Iss;
        public ushort PeerPortInUse = PeerPort;
        public ushort LocalPortInUse = ServerPort;
        private int _read;
        private readonly byte[] _segment = new byte[1600];

        public TcpHarness(TcpConfig config)
        {
            Stack = new TcpStack(config, 12345);
            Out = new CapturingOutput(LocalIp);
        }

        public static TcpConfig DefaultConfig()
        {
            TcpConfig c = new TcpConfig();
            c.DelayedAckMs = 40;
            // The scripted timer tests count from a 200 ms RTO floor (the default was 200 ms until issue 14).
            c.MinRtoMs = 200;
            // The scripted send tests count in full-MSS segments of the 2 KiB ring (1460 + 588); SendTests covers the
            // default, which cuts a ring smaller than two segments in halves.
            c.HalfRingSegments = false;
            return c;
        }

        /// <summary>
        /// <see cref="DefaultConfig"/> with <see cref="TcpConfig.AckWhenWindowMoves"/> off: every second full-sized
        /// segment (or half a small buffer) is ACKed at once even while unread, the RFC 5681 §4.2 schedule the
        /// scripted window and edge tests were written against (ReceiveTests covers the default, which waits for the read).
        /// </summary>
        public static TcpConfig AckAtOnceConfig()
        {
            TcpConfig c = DefaultConfig();
            c.AckWhenWindowMoves = false;
            return c;
        }

        /// <summary><see cref="Established()"/> with <see cref="AckAtOnceConfig"/>.</summary>
        public static TcpHarness EstablishedAckingAtOnce()
        {
            return Established(AckAtOnceConfig(), 1460, 4096);
        }

        /// <summary>Keep-alive on (RFC 1122 4.2.3.6): first probe after 5 s idle, then every 1 s, 3 probes.</summary>
        public static TcpConfig KeepAliveConfig()
        {
            TcpConfig c = DefaultConfig();
            c.KeepAliveIdleMs = 5000;
            c.KeepAliveIntervalMs = 1000;
            c.KeepAliveProbes = 3;
            return c;
        }

        /// <summary>A stack listening on port 80.</summary>
        public static TcpHarness Listening()
        {
            return Listening(DefaultConfig());
        }

        public static TcpHarness Listening(TcpConfig config)
        {
            TcpHarness h = new TcpHarness(config);
            h.Listener = h.Stack.Listen(ServerPort);
            return h;
        }

        /// <summary>Passive open completed at t=0: peer ISS 1000, stack ISS learned; the socket is accepted.</summary>
        public static TcpHarness Established()
        {
            return Established(DefaultConfig(), 1460, 4096);
        }

        public static TcpHarness Established(TcpConfig config, int peerMss, ushort peerWindow)
        {
            return Established(config, peerMss, peerWindow, 0);
        }

        /// <summary>Passive open whose handshake ACK arrives at <paramref name="ackMs"/>: the SYN-ACK's round trip is the first RTT sample.</summary>
        public static TcpHarness Established(TcpConfig config, int peerMss, ushort peerWindow, long ackMs)
        {
            TcpHarness h = Listening(config);
            h.Peer(PeerIss, 0, TcpFlags.Syn, peerWindow, null, peerMss, 0);
            TcpPacket synAck = h.Next();
            h.Iss = synAck.SequenceNumber;
            h.Peer(PeerIss + 1, h.Iss + 1, TcpFlags.Ack, peerWindow, null, 0, ackMs);
            h.Socket = h.Listener.Accept();
            Assert.IsNotNull(h.Socket);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            return h;
        }

        /// <summary>
        /// The loss-recovery tests' connection: peer MSS 1000, SRTT 20 ms from the handshake (ACK at t=20), Nagle off so
        /// every queued byte goes out at once (RFC 8985 timings then follow from 20 ms).
        /// </summary>
        public static TcpHarness EstablishedWithRtt20(TcpConfig config, ushort peerWindow)
        {
            TcpHarness h = Established(config, 1000, peerWindow, 20);
            h.Socket.NoDelay = true;
            Assert.AreEqual(20, h.Socket.SmoothedRttMs);
            return h;
        }

        /// <summary>Active open to the peer's port 80 at t=0: the SYN went out (consumed), stack ISS learned; SYN-SENT.</summary>
        public static TcpHarness SynSent()
        {
            return SynSent(DefaultConfig(), 0);
        }

        /// <summary>Active open to the peer's port 80 at <paramref name="nowMs"/>: the SYN went out (consumed), stack ISS learned.</summary>
        public static TcpHarness SynSent(TcpConfig config, long nowMs)
        {
            TcpHarness h = new TcpHarness(config);
            h.Socket = h.Stack.Connect(LocalIp, RemoteIp, ServerPort, nowMs);
            h.LocalPortInUse = h.Socket.LocalPort;
            h.PeerPortInUse = ServerPort;
            h.Poll(nowMs);
            h.Iss = h.Next().SequenceNumber;
            return h;
        }

        /// <summary>Active open to the peer at t=0 completed: stack ISS learned, peer ISS 1000.</summary>
        public static TcpHarness Connected()
        {
            return Connected(DefaultConfig());
        }

        public static TcpHarness Connected(TcpConfig config)
        {
            TcpHarness h = SynSent(config, 0);
            h.Peer(PeerIss, h.Iss + 1, (byte)(TcpFlags.Syn | TcpFlags.Ack), 4096, null, 1460, 0);
            TcpPacket ack = h.Next();
            Assert.AreEqual((int)TcpFlags.Ack, (int)ack.Flags);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            return h;
        }

        // ---- per-state constructors: the closing states of RFC 9293 §3.6 (fig. 5), each one step from the last -----

        /// <summary><see cref="Established()"/>, then the application closed and the stack's FIN went out at t=10
        /// (consumed): FIN-WAIT-1.</summary>
        public static TcpHarness FinWait1()
        {
            TcpHarness h = Established();
            h.Socket.Close();
            h.Poll(10);
            h.Next();
            return h;
        }

        /// <summary><see cref="FinWait1"/>, then the peer acknowledged our FIN at t=20: FIN-WAIT-2.</summary>
        public static TcpHarness FinWait2()
        {
            TcpHarness h = FinWait1();
            h.PeerAck(0, 1, 4096, 20);
            return h;
        }

        /// <summary><see cref="FinWait2"/>, then the peer's FIN at t=30 and the stack's ACK of it (consumed): TIME-WAIT.</summary>
        public static TcpHarness TimeWait()
        {
            TcpHarness h = FinWait2();
            h.PeerFin(0, 1, 30);
            h.Next();
            return h;
        }

        /// <summary><see cref="Established()"/>, then the peer's FIN at t=10 and the stack's ACK of it (consumed): CLOSE-WAIT.</summary>
        public static TcpHarness CloseWait()
        {
            TcpHarness h = Established();
            h.PeerFin(0, 0, 10);
            h.Next();
            return h;
        }

        /// <summary><see cref="CloseWait"/>, then the application closed and the stack's FIN went out at t=20 (consumed): LAST-ACK.</summary>
        public static TcpHarness LastAck()
        {
            TcpHarness h = CloseWait();
            h.Socket.Close();
            h.Poll(20);
            h.Next();
            return h;
        }

        // ---- segment builders -----------------------------------------------------------------------------------

        /// <summary>Peer FIN+ACK (window 4096, no data) at PeerIss + 1 + <paramref name="peerSeqOffset"/>, acknowledging
        /// Iss + 1 + <paramref name="ackOffset"/> (so 1 more than the data covers our FIN).</summary>
        public void PeerFin(uint peerSeqOffset, uint ackOffset, long nowMs)
        {
            Peer(PeerIss + 1 + peerSeqOffset, Iss + 1 + ackOffset, (byte)(TcpFlags.Fin | TcpFlags.Ack), 4096, null, 0, nowMs);
        }

        /// <summary>Peer SYN (window 4096, MSS 1460) at sequence <paramref name="seq"/>: a connection request (RFC 9293 §3.5).</summary>
        public void PeerSyn(uint seq, long nowMs)
        {
            Peer(seq, 0, TcpFlags.Syn, 4096, null, 1460, nowMs);
        }

        /// <summary>A peer from <paramref name="peerPort"/> (ISS 1000) completes a handshake with the listener at t=0;
        /// returns what <see cref="TcpListener.Accept"/> gives then. <see cref="PeerPortInUse"/> stays that port.</summary>
        public TcpSocket AcceptFrom(ushort peerPort)
        {
            PeerPortInUse = peerPort;
            PeerSyn(1000, 0);
            Peer(1001, Next().SequenceNumber + 1, TcpFlags.Ack, 4096, null, 0, 0);
            return Listener.Accept();
        }

        /// <summary>Peer RST without ACK (window 0) at sequence <paramref name="seq"/>.</summary>
        public void PeerReset(uint seq, long nowMs)
        {
            Peer(seq, 0, TcpFlags.Rst, 0, null, 0, nowMs);
        }

        /// <summary>The peer sends one segment (checksummed) to the stack at <paramref name="nowMs"/>.</summary>
        public void Peer(uint seq, uint ack, byte flags, ushort window, byte[] payload, int mss, long nowMs)
        {
            int length = Build(_segment, seq, ack, flags, window, payload, mss);
            Stack.Receive(Out, RemoteIp, LocalIp, _segment, 0, length, nowMs);
        }

        public int Build(byte[] buffer, uint seq, uint ack, byte flags, ushort window, byte[] payload, int mss)
        {
            int header = TcpPacket.Emit(buffer, 0, PeerPortInUse, LocalPortInUse, seq, ack, flags, window, (ushort)mss);
            int n = payload == null ? 0 : payload.Length;
            if (n > 0)
            {
                Array.Copy(payload, 0, buffer, header, n);
            }

            TcpPacket.WriteChecksum(buffer, 0, header + n, RemoteIp, LocalIp);
            return header + n;
        }

        /// <summary>The application queues <paramref name="length"/> bytes (<see cref="Bytes"/>(length, 1)), then the stack polls at <paramref name="nowMs"/>.</summary>
        public void SendAndPoll(int length, long nowMs)
        {
            Socket.Send(Bytes(length, 1), 0, length);
            Poll(nowMs);
        }

        /// <summary>Peer data segment with ACK at the expected sequence numbers.</summary>
        public void PeerData(uint seqOffset, byte[] payload, long nowMs)
        {
            Peer(PeerIss + 1 + seqOffset, SndNxtSeen(), (byte)(TcpFlags.Ack | TcpFlags.Psh), 4096, payload, 0, nowMs);
        }

        /// <summary>Peer ACK of <paramref name="dataBytes"/> bytes of the stack's data (plus SYN).</summary>
        public void PeerAck(uint peerSeqOffset, int dataBytes, ushort window, long nowMs)
        {
            Peer(PeerIss + 1 + peerSeqOffset, Iss + 1 + (uint)dataBytes, TcpFlags.Ack, window, null, 0, nowMs);
        }

        /// <summary>The peer's pure ACK of the first <paramref name="dataBytes"/> bytes we sent, window 60,000.</summary>
        public void AckOf(int dataBytes, long nowMs)
        {
            PeerAck(0, dataBytes, 60000, nowMs);
        }

        private uint SndNxtSeen()
        {
            return Iss + 1;
        }

        public long Poll(long nowMs)
        {
            return Stack.Poll(Out, nowMs);
        }

        /// <summary>Segments not yet consumed by <see cref="Next"/>.</summary>
        public int Pending { get { return Out.Count - _read; } }

        /// <summary>The next segment the stack sent (fails when there is none), checksum verified.</summary>
        public TcpPacket Next()
        {
            Assert.IsTrue(Pending > 0, "expected a segment from the stack, none was sent");
            byte[] raw = Out.Raw(_read);
            _read++;
            Assert.IsTrue(TcpPacket.VerifyChecksum(raw, 0, raw.Length, LocalIp, RemoteIp), "bad checksum from stack");
            TcpPacket p;
            Assert.AreEqual((int)WireError.None, (int)TcpPacket.TryParse(raw, 0, raw.Length, out p));
            return p;
        }

        public byte[] LastPayload()
        {
            byte[] raw = Out.Raw(_read - 1);
            TcpPacket p;
            TcpPacket.TryParse(raw, 0, raw.Length, out p);
            byte[] data = new byte[p.PayloadLength];
            Array.Copy(raw, p.PayloadOffset, data, 0, p.PayloadLength);
            return data;
        }

        public void ExpectNothing()
        {
            Assert.AreEqual(0, Pending, "the stack sent an unexpected segment");
        }

        /// <summary>Asserts the next segment: flags, seq and ack relative to the ISSs (+1 for the SYNs), payload length.</summary>
        public TcpPacket Expect(byte flags, uint seqOffset, uint ackOffset, int payloadLength)
        {
            TcpPacket p = Next();
            Assert.AreEqual((int)flags, (int)p.Flags, "flags");
            Assert.AreEqual(Iss + 1 + seqOffset, p.SequenceNumber, "seq");
            if ((flags & TcpFlags.Ack) != 0)
            {
                Assert.AreEqual(PeerIss + 1 + ackOffset, p.AckNumber, "ack");
            }

            Assert.AreEqual(payloadLength, p.PayloadLength, "payload length");
            return p;
        }

        public static byte[] Bytes(int length, int seed)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)(seed + i * 7);
            }

            return b;
        }

        public int Read(byte[] into)
        {
            return Socket.Receive(into, 0, into.Length);
        }
    }
}
