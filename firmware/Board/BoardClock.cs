using NanoStack.Drivers.Enc28j60;

namespace NanoStack.Firmware.Board
{
    /// <summary>
    /// Monotonic time for the loop and the driver from <c>DateTime.UtcNow</c> (the clock mscorlib has on every
    /// target); a step backwards (time set by SNTP later) is absorbed so the stack's timers never run backwards.
    /// </summary>
    public sealed class BoardClock : IDriverClock, NanoStack.Client.Sockets.IClock
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

        /// <summary>A remainder shorter than this spins: SPI and PHY timing need microseconds, and a sleep lasts at
        /// least a scheduler tick (about a millisecond).</summary>
        public const int SpinLimitMicros = 500;

        /// <summary>
        /// Waits at least <paramref name="us"/> µs. Whole milliseconds are slept, and a remainder of 500 µs or more
        /// too (overshooting it by less than that); only a shorter remainder spins. So the CPU goes to the user's
        /// threads during the driver's transmit waits (issue 13: spinning through them was most of the loop's CPU),
        /// while short SPI/PHY waits stay exact.
        /// </summary>
        public void DelayMicros(int us)
        {
            long end = NowMicros + us;
            long left = us;
            while (left >= SpinLimitMicros)
            {
                System.Threading.Thread.Sleep(left >= 1000 ? (int)(left / 1000) : 1);
                left = end - NowMicros;
            }

            while (NowMicros < end)
            {
            }
        }
    }
}
