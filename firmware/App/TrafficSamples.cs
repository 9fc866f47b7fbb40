using NanoStack.Http;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// What the board did over the last minute, for the status page's chart: one sample per second of frames per
    /// second (in + out at the interface), HTTP bytes sent per second and the largest smoothed RTT of the TCP
    /// connections open at that moment. A fixed ring (60 samples; about 0.55 KB of device heap) filled from
    /// <see cref="BoardApp.Step"/>; nothing is allocated while sampling or rendering. Frames per second and RTT are
    /// 16-bit (120 B less each than ints on the device): 10 Mbit/s Ethernet carries at most 14,880 frames/s each way
    /// and an SRTT above 65 s is a dead connection, so a sample beyond 65535 saturates there instead of wrapping.
    /// </summary>
    public sealed class TrafficSamples
    {
        public const int Count = 60;
        public const int IntervalMs = 1000;

        private readonly ushort[] _framesPerSecond = new ushort[Count];
        private readonly int[] _bytesPerSecond = new int[Count];
        private readonly ushort[] _rttMs = new ushort[Count];
        private int _next;
        private int _filled;
        private long _dueMs = long.MinValue;
        private long _lastFrames;
        private long _lastBytes;

        /// <summary>Samples recorded so far (at most <see cref="Count"/>).</summary>
        public int Filled { get { return _filled; } }

        /// <summary>True when <see cref="Tick"/> would record (or set the baseline): the caller gathers the figures only then.</summary>
        public bool IsDue(long nowMs)
        {
            return _dueMs == long.MinValue || nowMs >= _dueMs;
        }

        /// <summary>Records a sample when one is due; <paramref name="frames"/> and <paramref name="bytes"/> are running totals.</summary>
        public void Tick(long nowMs, long frames, long bytes, int rttMs)
        {
            if (_dueMs == long.MinValue)
            {
                // The first call only sets the baseline: a rate needs two readings.
                _dueMs = nowMs + IntervalMs;
                _lastFrames = frames;
                _lastBytes = bytes;
                return;
            }
            if (nowMs < _dueMs) return;
            long elapsed = nowMs - _dueMs + IntervalMs;
            _framesPerSecond[_next] = Saturate((frames - _lastFrames) * 1000 / elapsed);
            _bytesPerSecond[_next] = (int)((bytes - _lastBytes) * 1000 / elapsed);
            _rttMs[_next] = Saturate(rttMs);
            _next = (_next + 1) % Count;
            if (_filled < Count) _filled++;
            _lastFrames = frames;
            _lastBytes = bytes;
            _dueMs = nowMs + IntervalMs;
        }

        /// <summary>The <paramref name="index"/>-th oldest sample of each series (0 = oldest of <see cref="Filled"/>).</summary>
        public int FramesPerSecond(int index) { return _framesPerSecond[Slot(index)]; }

        public int BytesPerSecond(int index) { return _bytesPerSecond[Slot(index)]; }

        public int RttMs(int index) { return _rttMs[Slot(index)]; }

        /// <summary>Writes "fps":[...],"bytesPerSecond":[...],"rttMs":[...] oldest first.</summary>
        public void WriteJson(AsciiWriter w)
        {
            w.Write("{\"intervalMs\":").WriteDecimal(IntervalMs);
            Series(w, ",\"framesPerSecond\":[", SeriesFrames);
            Series(w, ",\"bytesPerSecond\":[", SeriesBytes);
            Series(w, ",\"rttMs\":[", SeriesRtt);
            w.Write("}");
        }

        private static ushort Saturate(long value)
        {
            return value > ushort.MaxValue ? ushort.MaxValue : value < 0 ? (ushort)0 : (ushort)value;
        }

        /// <summary>Index into the ring of the <paramref name="index"/>-th oldest sample.</summary>
        private int Slot(int index)
        {
            return (_next - _filled + index + Count) % Count;
        }

        private const int SeriesFrames = 0;
        private const int SeriesBytes = 1;
        private const int SeriesRtt = 2;

        /// <summary>One JSON array of a series, oldest first (the three rings differ in element type: no generics on the device).</summary>
        private void Series(AsciiWriter w, string name, int series)
        {
            w.Write(name);
            for (int i = 0; i < _filled; i++)
            {
                if (i > 0) w.WriteByte((byte)',');
                w.WriteDecimal(series == SeriesFrames ? FramesPerSecond(i) : series == SeriesBytes ? BytesPerSecond(i) : RttMs(i));
            }
            w.Write("]");
        }
    }
}
