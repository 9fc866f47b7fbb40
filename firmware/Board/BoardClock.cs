using NanoStack.Drivers.Enc28j60;

namespace NanoStack.Firmware.Board
{
    /// <summary>
    /// Monotonic time for the loop and the driver from <c>DateTime.UtcNow</c> (the clock mscorlib has on every
    /// target); a step backwards (time set by SNTP later) is absorbed so the stack's timers never run backwards.
    /// </summary>
    public sealed class BoardClock : IDriverClock
    {
        private long _lastTicks;
        private long _offsetTicks;

        private long Ticks
        {
            get
            {
                long t = System.DateTime.UtcNow.Ticks + _offsetTicks;
                if (t < _lastTicks)
                {
                    _offsetTicks += _lastTicks - t;
                    t = _lastTicks;
                }
                _lastTicks = t;
                return t;
            }
        }

        public long NowMs { get { return Ticks / 10000; } }

        public long NowMicros { get { return Ticks / 10; } }

        /// <summary>Waits shorter than this spin: SPI and PHY timing need microseconds, and a sleep lasts at least a scheduler tick.</summary>
        public const int SpinLimitMicros = 500;

        /// <summary>
        /// Waits at least <paramref name="us"/> µs. Short waits spin (exact); longer ones sleep whole milliseconds,
        /// rounded up, so the CPU goes to the user's threads meanwhile (issue 13: spinning through the driver's
        /// transmit waits was most of the loop's CPU).
        /// </summary>
        public void DelayMicros(int us)
        {
            long end = NowMicros + us;
            if (us < SpinLimitMicros)
            {
                while (NowMicros < end)
                {
                }

                return;
            }

            for (long left = us; left > 0; left = end - NowMicros)
            {
                System.Threading.Thread.Sleep((int)((left + 999) / 1000));
            }
        }
    }
}
