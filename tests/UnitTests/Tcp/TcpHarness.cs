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
            TcpHarness h = Listening(config);
            h.Peer(PeerIss, 0, TcpFlags.Syn, peerWindow, null, peerMss, 0);
            TcpPacket synAck = h.Next();
            h.Iss = synAck.SequenceNumber;
            h.Peer(PeerIss + 1, h.Iss + 1, TcpFlags.Ack, peerWindow, null, 0, 0);
            h.Socket = h.Listener.Accept();
            Assert.IsNotNull(h.Socket);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            return h;
        }

        /// <summary>Active open to the peer at t=0 completed: stack ISS learned, peer ISS 1000.</summary>
        public static TcpHarness Connected()
        {
            return Connected(DefaultConfig());
        }

        public static TcpHarness Connected(TcpConfig config)
        {
            TcpHarness h = new TcpHarness(config);
            h.Socket = h.Stack.Connect(LocalIp, RemoteIp, ServerPort, 0);
            h.LocalPortInUse = h.Socket.LocalPort;
            h.PeerPortInUse = ServerPort;
            h.Poll(0);
            TcpPacket syn = h.Next();
            h.Iss = syn.SequenceNumber;
            h.Peer(PeerIss, h.Iss + 1, (byte)(TcpFlags.Syn | TcpFlags.Ack), 4096, null, 1460, 0);
            TcpPacket ack = h.Next();
            Assert.AreEqual((int)TcpFlags.Ack, (int)ack.Flags);
            Assert.AreEqual((int)TcpState.Established, (int)h.Socket.State);
            return h;
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
