namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// RFC 5961 §7: challenge ACKs are rate-limited (per stack, per one-second interval) so that they cannot
    /// be used to amplify traffic.
    /// </summary>
    public sealed class ChallengeAckLimiter
    {
        private readonly int _perSecond;
        private long _windowStart = long.MinValue;
        private int _sent;

        public ChallengeAckLimiter(int perSecond)
        {
            _perSecond = perSecond;
        }

        /// <summary>True when one more challenge ACK may go out now (and counts it).</summary>
        public bool TryTake(long nowMs)
        {
            if (_windowStart == long.MinValue || nowMs - _windowStart >= 1000)
            {
                _windowStart = nowMs;
                _sent = 0;
            }

            if (_sent >= _perSecond)
            {
                return false;
            }

            _sent++;
            return true;
        }
    }
}
