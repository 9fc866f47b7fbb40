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

        // Floor, ceiling and initial value in one long, 21 bits each (up to 2,097,151 ms = 35 min): on the device
        // every field is a 12-byte heap block whatever its type, so three ints cost three blocks per connection and
        // one long one (issue 17).
        private const int BoundBits = 21;
        private const long BoundMask = (1L << BoundBits) - 1;

        /// <summary>Largest floor, ceiling or initial value the estimator holds (21 bits, about 35 minutes).</summary>
        public const int MaxBoundMs = (int)BoundMask;
        private readonly long _bounds;

        public RtoEstimator(int minMs, int maxMs, int initialMs)
        {
            if (minMs < 0 || minMs > MaxBoundMs || maxMs < 0 || maxMs > MaxBoundMs || initialMs < 0 || initialMs > MaxBoundMs)
            {
                throw new System.ArgumentException("RTO floor, ceiling and initial value must be 0..2097151 ms");
            }
            _bounds = minMs | ((long)maxMs << BoundBits) | ((long)initialMs << (2 * BoundBits));
            Reset();
        }

        private int MinMs { get { return (int)(_bounds & BoundMask); } }

        private int MaxMs { get { return (int)((_bounds >> BoundBits) & BoundMask); } }

        private int InitialMs { get { return (int)((_bounds >> (2 * BoundBits)) & BoundMask); } }

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
            Rto = Clamp(InitialMs);
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
            Rto = Clamp(Rto >= MaxMs / 2 ? MaxMs : Rto * 2);
        }

        private int Clamp(int v)
        {
            if (v < MinMs)
            {
                return MinMs;
            }

            return v > MaxMs ? MaxMs : v;
        }
    }
}
