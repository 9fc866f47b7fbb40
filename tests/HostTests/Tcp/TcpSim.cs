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
/// A deterministic IPv4-level path between two TcpStacks in virtual time: every datagram is copied into a
/// preallocated slot (no allocation while running), then lost, duplicated, corrupted (one bit flipped, so the
/// TCP checksum must catch it), delayed, reordered and serialised at a bandwidth, all from one seeded Random.
/// </summary>
public sealed class SimPath
{
    private const int Slots = 512;
    private readonly byte[][] _data = new byte[Slots][];
    private readonly int[] _length = new int[Slots];
    private readonly long[] _at = new long[Slots];
    private readonly long[] _order = new long[Slots];
    private readonly int[] _to = new int[Slots];
    private readonly bool[] _used = new bool[Slots];
    private readonly long[] _linkFree = new long[2];
    private readonly int[] _queued = new int[2];
    private readonly Random _random;
    private readonly SimParams _p;
    private long _sequence;

    public readonly SimEnd[] Ends = new SimEnd[2];
    /// <summary>Optional trace of every delivered datagram (debugging a seed).</summary>
    public Action<string> Trace;
    public int Delivered, Lost, Duplicated, Corrupted, QueueDrops;

    public SimPath(int seed, SimParams p, TcpStack a, uint addressA, TcpStack b, uint addressB)
    {
        _random = new Random(seed);
        _p = p;
        for (int i = 0; i < Slots; i++)
        {
            _data[i] = new byte[1600];
        }

        Ends[0] = new SimEnd(this, 0, a, addressA, addressB);
        Ends[1] = new SimEnd(this, 1, b, addressB, addressA);
    }

    internal void Enqueue(int from, byte[] buffer, int offset, int length, long now)
    {
        if (_random.NextDouble() < _p.Loss)
        {
            Lost++;
            return;
        }

        int copies = _random.NextDouble() < _p.Duplicate ? 2 : 1;
        if (copies == 2)
        {
            Duplicated++;
        }

        for (int c = 0; c < copies; c++)
        {
            int to = 1 - from;
            if (_queued[to] >= _p.QueueLimit)
            {
                QueueDrops++;
                return;
            }

            int slot = Array.IndexOf(_used, false);
            if (slot < 0)
            {
                QueueDrops++;
                return;
            }

            Array.Copy(buffer, offset, _data[slot], 0, length);
            if (_random.NextDouble() < _p.Corrupt)
            {
                Corrupted++;
                int bit = _random.Next(length * 8);
                _data[slot][bit / 8] ^= (byte)(1 << (bit % 8));
            }

            // Serialisation at the path bandwidth, then propagation delay, jitter and occasional reordering.
            long depart = Math.Max(now, _linkFree[to]);
            _linkFree[to] = depart + Math.Max(1, length / _p.BytesPerMs);
            long at = _linkFree[to] + _p.DelayMs + (_p.JitterMs > 0 ? _random.Next(_p.JitterMs) : 0);
            if (_random.NextDouble() < _p.Reorder)
            {
                at += 1 + _random.Next(30);
            }

            _used[slot] = true;
            _length[slot] = length;
            _at[slot] = at;
            _order[slot] = _sequence++;
            _to[slot] = to;
            _queued[to]++;
        }
    }

    public long NextDelivery()
    {
        long next = long.MaxValue;
        for (int i = 0; i < Slots; i++)
        {
            if (_used[i] && _at[i] < next && _at[i] != long.MaxValue)
            {
                next = _at[i];
            }
        }

        return next;
    }

    /// <summary>Delivers every datagram due at or before <paramref name="now"/>, earliest first.</summary>
    public void DeliverDue(long now)
    {
        while (true)
        {
            int best = -1;
            for (int i = 0; i < Slots; i++)
            {
                if (_used[i] && _at[i] <= now && (best < 0 || _at[i] < _at[best] || (_at[i] == _at[best] && _order[i] < _order[best])))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return;
            }

            // The slot stays taken while the stack reads it: replies sent from inside Receive must not reuse it.
            _at[best] = long.MaxValue;
            int to = _to[best];
            _queued[to]--;
            Delivered++;
            SimEnd end = Ends[to];
            if (Trace != null)
            {
                NanoStack.Wire.TcpPacket.TryParse(_data[best], 0, _length[best], out var seg);
                Trace($"t={now} ->{(to == 0 ? "client" : "server")} seq={seg.SequenceNumber} ack={seg.AckNumber} flags={seg.Flags:X2} win={seg.Window} len={seg.PayloadLength} ok={NanoStack.Wire.TcpPacket.VerifyChecksum(_data[best], 0, _length[best], end.Peer, end.LocalAddress)}");
            }

            end.Stack.Receive(end, end.Peer, end.LocalAddress, _data[best], 0, _length[best], now);
            _used[best] = false;
        }
    }
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

    public bool Send(uint destination, byte protocol, int payloadLength, long nowMs)
    {
        _path.Enqueue(_side, _buffer, 34, payloadLength, nowMs);
        return true;
    }
}
