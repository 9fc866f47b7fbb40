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

        /// <summary>Short waits spin (the chip needs microseconds after a reset); longer ones sleep.</summary>
        public void DelayMicros(int us)
        {
            if (us >= 2000)
            {
                System.Threading.Thread.Sleep((us + 999) / 1000);
                return;
            }
            long end = NowMicros + us;
            while (NowMicros < end)
            {
            }
        }
    }
}
