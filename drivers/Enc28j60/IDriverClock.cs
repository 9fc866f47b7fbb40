namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// Microsecond time for the driver's waits (the ≥1 ms reset delay of errata #2, the 10.24 µs MII cycle,
    /// the transmit timeout). On the device this wraps a hardware timer; in tests it is the chip model's
    /// virtual clock, so a delay simply advances simulated time.
    /// </summary>
    public interface IDriverClock
    {
        /// <summary>Monotonic time in microseconds.</summary>
        long NowMicros { get; }

        /// <summary>Waits at least <paramref name="us"/> microseconds.</summary>
        void DelayMicros(int us);
    }
}
