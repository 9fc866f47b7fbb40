using System.Diagnostics;

namespace NanoStack.TapLink;

/// <summary>Probabilities (0..1) and a rate limit for <see cref="FaultyWire"/>; all decisions come from one seed.</summary>
public sealed record FaultOptions
{
    public double Drop { get; init; }
    public double Corrupt { get; init; }
    public double Duplicate { get; init; }
    public double Reorder { get; init; }
    /// <summary>Bits per second each direction may carry (0 = unlimited); frames beyond a small backlog are dropped.</summary>
    public long RateBitsPerSecond { get; init; }
    public int Seed { get; init; } = 1;

    public bool IsNone => Drop == 0 && Corrupt == 0 && Duplicate == 0 && Reorder == 0 && RateBitsPerSecond == 0;
}

/// <summary>
/// A seeded impairment between the board and the LAN, applied independently in both directions: drop,
/// corrupt (one byte flipped past the Ethernet header, so the IP/TCP checksums must catch it), duplicate,
/// reorder (a frame is held back and released after the next one) and a token-bucket rate limit.
/// Same seed + same frame sequence = same faults, so a failing run can be replayed.
/// </summary>
public sealed class FaultyWire : IWire
{
    private readonly IWire _inner;
    private readonly FaultOptions _o;
    private readonly Direction _out, _in;
    private readonly byte[] _scratch = new byte[2048];
    private readonly object _outLock = new();

    public long Dropped => _out.Dropped + _in.Dropped;
    public long Corrupted => _out.Corrupted + _in.Corrupted;
    public long Duplicated => _out.Duplicated + _in.Duplicated;
    public long Reordered => _out.Reordered + _in.Reordered;

    public FaultyWire(IWire inner, FaultOptions options)
    {
        _inner = inner;
        _o = options;
        _out = new Direction(options, options.Seed);
        _in = new Direction(options, options.Seed ^ 0x5bd1e995);
    }

    public bool Send(byte[] frame, int offset, int length)
    {
        lock (_outLock)
        {
            _out.Process(frame, offset, length);
            while (_out.TryDequeue(out var f)) _inner.Send(f, 0, f.Length);
        }
        return true;
    }

    public int Receive(byte[] buffer, int offset, int capacity)
    {
        while (true)
        {
            if (_in.TryDequeue(out var ready))
            {
                int n = Math.Min(ready.Length, capacity);
                Array.Copy(ready, 0, buffer, offset, n);
                return n;
            }
            int got = _inner.Receive(_scratch, 0, _scratch.Length);
            if (got == 0) { _in.ReleaseHeldIfStale(); return _in.TryDequeue(out ready) ? CopyOut(ready, buffer, offset, capacity) : 0; }
            _in.Process(_scratch, 0, got);
        }
    }

    private static int CopyOut(byte[] f, byte[] buffer, int offset, int capacity)
    {
        int n = Math.Min(f.Length, capacity);
        Array.Copy(f, 0, buffer, offset, n);
        return n;
    }

    public bool WaitReadable(int timeoutMs) => _in.HasReady || _inner.WaitReadable(timeoutMs);

    public bool WaitReadableMicros(int timeoutMicros) => _in.HasReady || _inner.WaitReadableMicros(timeoutMicros);

    public void Dispose() => _inner.Dispose();

    private sealed class Direction
    {
        private readonly FaultOptions _o;
        private readonly Random _rng;
        private readonly Queue<byte[]> _ready = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private byte[] _held;
        private long _heldAtMs;
        private double _tokensBits;
        private long _lastRefillTicks;
        public long Dropped, Corrupted, Duplicated, Reordered;

        public Direction(FaultOptions o, int seed)
        {
            _o = o;
            _rng = new Random(seed);
            _tokensBits = o.RateBitsPerSecond / 50.0; // 20 ms of burst
        }

        public bool HasReady => _ready.Count > 0;

        public void Process(byte[] frame, int offset, int length)
        {
            // Every probability draws exactly once per frame so a seed replays the same pattern.
            double drop = _rng.NextDouble(), corrupt = _rng.NextDouble(), dup = _rng.NextDouble(), reorder = _rng.NextDouble();
            int corruptAt = _rng.Next(int.MaxValue);
            if (drop < _o.Drop || !TakeTokens(length)) { Dropped++; return; }
            var copy = new byte[length];
            Array.Copy(frame, offset, copy, 0, length);
            if (corrupt < _o.Corrupt && length > 14)
            {
                copy[14 + corruptAt % (length - 14)] ^= (byte)(1 << (corruptAt % 8));
                Corrupted++;
            }
            if (reorder < _o.Reorder && _held == null)
            {
                _held = copy; _heldAtMs = _clock.ElapsedMilliseconds; Reordered++;
                return;
            }
            _ready.Enqueue(copy);
            if (dup < _o.Duplicate) { _ready.Enqueue((byte[])copy.Clone()); Duplicated++; }
            if (_held != null) { _ready.Enqueue(_held); _held = null; }
        }

        /// <summary>A held frame is released after 50 ms even if nothing follows it (reorder, not loss).</summary>
        public void ReleaseHeldIfStale()
        {
            if (_held != null && _clock.ElapsedMilliseconds - _heldAtMs > 50) { _ready.Enqueue(_held); _held = null; }
        }

        public bool TryDequeue(out byte[] frame)
        {
            ReleaseHeldIfStale();
            return _ready.TryDequeue(out frame);
        }

        private bool TakeTokens(int length)
        {
            if (_o.RateBitsPerSecond <= 0) return true;
            long now = _clock.ElapsedTicks;
            double seconds = (now - _lastRefillTicks) / (double)Stopwatch.Frequency;
            _lastRefillTicks = now;
            double cap = Math.Max(_o.RateBitsPerSecond / 50.0, 1514 * 8 * 2);
            _tokensBits = Math.Min(cap, _tokensBits + seconds * _o.RateBitsPerSecond);
            double need = (length + 24) * 8; // + preamble, FCS, inter-frame gap
            if (_tokensBits < need) return false;
            _tokensBits -= need;
            return true;
        }
    }
}
