using System;

namespace NanoStack.HostTests.Tcp;

/// <summary>Where a <see cref="SimChannel"/> hands a unit (datagram or frame) when it is due.</summary>
public interface ISimReceiver
{
    /// <summary><paramref name="data"/>[0..length) arrives at side <paramref name="to"/> (0 or 1).</summary>
    void Deliver(int to, byte[] data, int length, long now);
}

/// <summary>
/// The seeded impairments shared by both simulations (TCP segments at the IPv4 seam in <see cref="SimPath"/>,
/// whole Ethernet frames in <see cref="FullStackNet"/>): every unit is copied into a preallocated slot (no
/// allocation while running), then lost, duplicated, corrupted (one bit flipped anywhere, so a checksum must
/// catch it), serialised at a bandwidth, delayed with jitter and sometimes reordered, all from one seeded Random.
/// </summary>
public sealed class SimChannel
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
    private readonly ISimReceiver _receiver;
    private long _sequence;

    public int Delivered, Lost, Duplicated, Corrupted, QueueDrops;

    public SimChannel(int seed, SimParams p, ISimReceiver receiver)
    {
        _random = new Random(seed);
        _p = p;
        _receiver = receiver;
        for (int i = 0; i < Slots; i++)
        {
            _data[i] = new byte[1600];
        }
    }

    /// <summary><paramref name="extraDelayMs"/>: added to this unit's delivery time (a scripted reordering).</summary>
    public void Enqueue(int from, byte[] buffer, int offset, int length, long now, int extraDelayMs = 0)
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

            at += extraDelayMs;

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

    /// <summary>Delivers every unit due at or before <paramref name="now"/>, earliest first.</summary>
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

            // The slot stays taken while the receiver reads it: replies sent from inside Deliver must not reuse it.
            _at[best] = long.MaxValue;
            int to = _to[best];
            _queued[to]--;
            Delivered++;
            _receiver.Deliver(to, _data[best], _length[best], now);
            _used[best] = false;
        }
    }
}

/// <summary>What <see cref="TcpTransfer"/> drives: delivery of due units and one poll of each end.</summary>
public interface ISimNet
{
    void DeliverDue(long now);
    long NextDelivery();
    /// <summary>Polls the client's (server's) side; returns its next deadline.</summary>
    long PollClient(long now);
    long PollServer(long now);
    /// <summary>A broken counter invariant below TCP, or null (checked after every step).</summary>
    string CheckCounters();
    string Describe();
}
