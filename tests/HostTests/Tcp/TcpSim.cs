using System;
using NanoStack.Iface;
using NanoStack.Sockets.Tcp;

namespace NanoStack.HostTests.Tcp;

/// <summary>Impairments of the simulated path, drawn per seed.</summary>
public sealed record SimParams(double Loss, double Duplicate, double Corrupt, double Reorder, int DelayMs, int JitterMs,
    int BytesPerMs, int QueueLimit)
{
    public static SimParams FromSeed(Random r) => new(
        Loss: r.NextDouble() * 0.10,
        Duplicate: r.NextDouble() * 0.05,
        Corrupt: r.NextDouble() * 0.05,
        Reorder: r.NextDouble() * 0.10,
        DelayMs: 1 + r.Next(40),
        JitterMs: r.Next(20),
        BytesPerMs: 100 + r.Next(1900),
        QueueLimit: 8 + r.Next(56));

    public override string ToString() =>
        $"loss={Loss:P1} dup={Duplicate:P1} corrupt={Corrupt:P1} reorder={Reorder:P1} delay={DelayMs}+{JitterMs}ms bw={BytesPerMs}B/ms q={QueueLimit}";
}

/// <summary>
/// A deterministic IPv4-level path between two TcpStacks in virtual time: each datagram goes through a
/// <see cref="SimChannel"/> (loss, duplication, one-bit corruption the TCP checksum must catch, delay,
/// reordering, bandwidth) and is handed to the other TcpStack directly.
/// </summary>
public sealed class SimPath : ISimReceiver, ISimNet
{
    private readonly SimChannel _channel;

    public readonly SimEnd[] Ends = new SimEnd[2];
    /// <summary>Optional trace of every delivered datagram (debugging a seed).</summary>
    public Action<string> Trace;

    public SimPath(int seed, SimParams p, TcpStack a, uint addressA, TcpStack b, uint addressB)
    {
        _channel = new SimChannel(seed, p, this);
        Ends[0] = new SimEnd(this, 0, a, addressA, addressB);
        Ends[1] = new SimEnd(this, 1, b, addressB, addressA);
    }

    public SimChannel Channel => _channel;
    public int Delivered => _channel.Delivered;
    public int Lost => _channel.Lost;
    public int Duplicated => _channel.Duplicated;
    public int Corrupted => _channel.Corrupted;
    public int QueueDrops => _channel.QueueDrops;

    /// <summary>
    /// Optional scripted impairment applied before the channel's random ones: (from side, segment, now) → -1 drops
    /// the datagram, 0 passes it, N &gt; 0 delays it N ms more (a reordering).
    /// </summary>
    public Func<int, NanoStack.Wire.TcpPacket, long, int> Script;

    internal void Enqueue(int from, byte[] buffer, int offset, int length, long now)
    {
        int extra = 0;
        if (Script != null && NanoStack.Wire.TcpPacket.TryParse(buffer, offset, length, out var seg) == NanoStack.Wire.WireError.None)
        {
            extra = Script(from, seg, now);
            if (extra < 0)
            {
                ScriptDrops++;
                return;
            }
        }

        _channel.Enqueue(from, buffer, offset, length, now, extra);
    }

    /// <summary>Datagrams <see cref="Script"/> dropped.</summary>
    public int ScriptDrops;

    public long NextDelivery() => _channel.NextDelivery();

    public void DeliverDue(long now) => _channel.DeliverDue(now);

    void ISimReceiver.Deliver(int to, byte[] data, int length, long now)
    {
        SimEnd end = Ends[to];
        if (Trace != null)
        {
            NanoStack.Wire.TcpPacket.TryParse(data, 0, length, out var seg);
            Trace($"t={now} ->{(to == 0 ? "client" : "server")} seq={seg.SequenceNumber} ack={seg.AckNumber} flags={seg.Flags:X2} win={seg.Window} len={seg.PayloadLength} ok={NanoStack.Wire.TcpPacket.VerifyChecksum(data, 0, length, end.Peer, end.LocalAddress)}");
        }

        end.Stack.Receive(end, end.Peer, end.LocalAddress, data, 0, length, now);
    }

    public long PollClient(long now) => Ends[0].Stack.Poll(Ends[0], now);

    public long PollServer(long now) => Ends[1].Stack.Poll(Ends[1], now);

    public string CheckCounters() => null;

    public string Describe() => $"delivered={Delivered} lost={Lost} corrupt={Corrupted} dup={Duplicated}";
}

/// <summary>One side's IIpv4Output: TCP writes here; Send hands the datagram to the path.</summary>
public sealed class SimEnd : IIpv4Output
{
    private readonly SimPath _path;
    private readonly int _side;
    private readonly byte[] _buffer = new byte[1600];

    public SimEnd(SimPath path, int side, TcpStack stack, uint local, uint peer)
    {
        _path = path;
        _side = side;
        Stack = stack;
        LocalAddress = local;
        Peer = peer;
    }

    public TcpStack Stack { get; }
    public uint Peer { get; }
    public byte[] PayloadBuffer => _buffer;
    public int PayloadOffset => 34;
    public int PayloadCapacity => 1480;
    public uint LocalAddress { get; }

    public SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs)
    {
        _path.Enqueue(_side, _buffer, 34, payloadLength, nowMs);
        return SendResult.Ok;
    }

    // TCP sends only through Send; the rest of the seam is the UDP layer's.
    public SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs) => SendResult.NoRoute;
    public void Drop(DropReason reason) { }
    public void SendUnreachable(byte code, long nowMs) { }
}
