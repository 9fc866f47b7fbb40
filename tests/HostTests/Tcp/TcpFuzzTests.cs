using System;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;
using Xunit;

namespace NanoStack.HostTests.Tcp;

/// <summary>
/// The receive path never throws: random bytes, and valid segments with random fields and mutated bytes (checksum
/// fixed up so they reach the state machine), thrown at a stack with a listener and live connections in several
/// states. After every segment every connection's invariants must hold.
/// </summary>
public class TcpFuzzTests
{
    private sealed class NullOutput : IIpv4Output
    {
        public byte[] PayloadBuffer { get; } = new byte[1600];
        public int PayloadOffset => 34;
        public int PayloadCapacity => 1480;
        public uint LocalAddress => 0xC0000201;
        public int Sent;
        public uint LastSeq, LastAck;
        public SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs)
        {
            TcpPacket.TryParse(PayloadBuffer, 34, payloadLength, out var p);
            LastSeq = p.SequenceNumber + (uint)p.SegmentLength;
            LastAck = p.AckNumber;
            Assert.InRange(payloadLength, 20, 1480);
            Assert.True(TcpPacket.VerifyChecksum(PayloadBuffer, 34, payloadLength, 0xC0000201, destination));
            Sent++;
            return SendResult.Ok;
        }

        // TCP sends only through Send; the rest of the seam is the UDP layer's.
        public SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs) => SendResult.NoRoute;
        public void Drop(DropReason reason) { }
        public void SendUnreachable(byte code, long nowMs) { }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomAndMutatedSegmentsNeverThrowOrBreakInvariants(int seed)
    {
        var r = new Random(seed);
        var stack = new TcpStack(new TcpConfig { KeepAliveIdleMs = 3000 }, (uint)seed);
        var output = new NullOutput();
        stack.Listen(80);
        var client = stack.Connect(0xC0000201, 0xC0000202, 8080, 0);
        byte[] seg = new byte[1600];
        byte[] data = new byte[1400];
        r.NextBytes(data);
        uint peerSeq = (uint)r.Next();
        long now = 0;
        var seen = new bool[11];
        for (int i = 0; i < 30_000; i++)
        {
            now += r.Next(0, 50);
            int kind = r.Next(10);
            int length;
            if (kind == 0)
            {
                length = r.Next(0, 80);
                r.NextBytes(seg.AsSpan(0, length));
            }
            else
            {
                // Plausible segment: ports of the listener or the client's connection, sequence numbers near the
                // peer's, ACK near what the stack has sent, random flags, some payload, sometimes an MSS option.
                bool toClient = r.Next(2) == 0;
                ushort src = toClient ? (ushort)8080 : (ushort)(40000 + r.Next(6));
                ushort dst = toClient ? client.LocalPort : (ushort)80;
                // Mostly answer what the stack last said (its SEQ as our ACK, its ACK as our SEQ), so segments
                // get deep into the state machine; sometimes anything.
                uint seq = r.Next(2) == 0 ? output.LastAck : r.Next(2) == 0 ? output.LastAck + (uint)r.Next(-100, 3000) : peerSeq + (uint)r.Next(-3000, 3000);
                uint ack = r.Next(2) == 0 ? output.LastSeq : r.Next(2) == 0 ? output.LastSeq + (uint)r.Next(-1500, 3) : (uint)r.Next();

                byte flags = r.Next(6) == 0 ? (byte)r.Next(64) : (byte)(TcpFlags.Ack | (r.Next(2) * TcpFlags.Psh) | (r.Next(8) == 0 ? TcpFlags.Fin : 0));
                if (r.Next(12) == 0)
                {
                    flags = TcpFlags.Syn;
                }

                int payload = r.Next(4) == 0 ? r.Next(0, 1400) : 0;
                int header = TcpPacket.Emit(seg, 0, src, dst, seq, ack, flags, (ushort)r.Next(0, 65536), r.Next(4) == 0 ? (ushort)r.Next(0, 2000) : (ushort)0);
                Array.Copy(data, 0, seg, header, payload);
                length = header + payload;
                if (r.Next(8) == 0)
                {
                    seg[r.Next(length)] ^= (byte)(1 << r.Next(8));
                }

                if (r.Next(4) > 0)
                {
                    TcpPacket.WriteChecksum(seg, 0, length, 0xC0000202, 0xC0000201);
                }

                if (r.Next(5) == 0)
                {
                    peerSeq += (uint)payload;
                }
            }

            stack.Receive(output, 0xC0000202, 0xC0000201, seg, 0, length, now);
            if (r.Next(20) == 0)
            {
                stack.Poll(output, now);
            }

            Assert.Null(stack.CheckInvariants());
            for (int s = 0; s < stack.SlotCount; s++)
            {
                var sock = stack.Slot(s);
                Assert.Null(sock.CheckInvariants());
                seen[(int)sock.State] = true;
                if (r.Next(50) == 0 && sock.State == TcpState.Established)
                {
                    sock.Send(data, 0, r.Next(0, 3000) % data.Length);
                }
            }
        }

        Assert.True(stack.Counters.SegmentsIn == 30_000);
        // The fuzzer must get past the handshake, or it tests little.
        Assert.True(seen[(int)TcpState.SynReceived] && seen[(int)TcpState.Established], string.Join(",", seen));
        int closing = 0;
        foreach (var st in new[] { TcpState.CloseWait, TcpState.FinWait1, TcpState.FinWait2, TcpState.LastAck, TcpState.Closing, TcpState.TimeWait })
        {
            closing += seen[(int)st] ? 1 : 0;
        }

        Assert.True(closing >= 1, string.Join(",", seen));
        Assert.True(output.Sent > 0);
    }
}
