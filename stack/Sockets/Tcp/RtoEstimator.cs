namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// Retransmission timeout per RFC 6298: SRTT/RTTVAR smoothing (2.2, 2.3), a configurable floor (2.4; the
    /// RFC's 1 s is too slow on a LAN), exponential backoff (5.5). Karn's rule is applied by the caller:
    /// it only samples segments that were never retransmitted.
    /// </summary>
    public sealed class RtoEstimator
    {
        // Clock granularity G of RFC 6298 (2.3): our clock is in ms.
        private const int Granularity = 1;

        private readonly int _min;
        private readonly int _max;
        private readonly int _initial;

        public RtoEstimator(int minMs, int maxMs, int initialMs)
        {
            _min = minMs;
            _max = maxMs;
            _initial = initialMs;
            Reset();
        }

        /// <summary>Smoothed RTT in ms (0 before the first sample).</summary>
        public int Srtt;

        public int RttVar;

        /// <summary>Current timeout including backoff, ms.</summary>
        public int Rto;

        public bool HasSample;

        public void Reset()
        {
            Srtt = 0;
            RttVar = 0;
            HasSample = false;
            Rto = Clamp(_initial);
        }

        public void Sample(int rttMs)
        {
            if (rttMs < 0)
            {
                return;
            }

            if (!HasSample)
            {
                // (2.2) first measurement
                Srtt = rttMs;
                RttVar = rttMs / 2;
                HasSample = true;
            }
            else
            {
                // (2.3) beta = 1/4, alpha = 1/8
                int delta = Srtt - rttMs;
                if (delta < 0)
                {
                    delta = -delta;
                }

                RttVar = (3 * RttVar + delta) / 4;
                Srtt = (7 * Srtt + rttMs) / 8;
            }

            int k = 4 * RttVar;
            Rto = Clamp(Srtt + (k > Granularity ? k : Granularity));
        }

        /// <summary>(5.5) back off the timer after it expired.</summary>
        public void Backoff()
        {
            Rto = Clamp(Rto >= _max / 2 ? _max : Rto * 2);
        }

        private int Clamp(int v)
        {
            if (v < _min)
            {
                return _min;
            }

            return v > _max ? _max : v;
        }
    }
}
