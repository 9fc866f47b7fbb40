using System;

namespace NanoStack.Emulator
{
    /// <summary>Thrown by the model in strict mode when the driver does something the data sheet or errata forbid.</summary>
    public class Enc28j60StrictException : Exception
    {
        public Enc28j60StrictException(string message) : base(message)
        {
        }
    }

    /// <summary>
    /// Records driver mistakes listed in docs/enc28j60.md §10. When <see cref="Enabled"/> and
    /// <see cref="Throw"/> are set, the first violation throws out of the offending Transfer with a clear message;
    /// otherwise violations are only counted and the last few messages kept.
    /// </summary>
    public sealed class StrictMode
    {
        private readonly string[] _messages = new string[16];
        private int _count;

        public bool Enabled = true;
        public bool Throw = true;

        /// <summary>Number of violations seen (also when not enabled).</summary>
        public int ViolationCount
        {
            get { return _count; }
        }

        /// <summary>The most recent violation message, or null.</summary>
        public string LastViolation
        {
            get { return _count == 0 ? null : _messages[(_count - 1) % _messages.Length]; }
        }

        /// <summary>The i-th of the last (up to 16) violations, oldest first.</summary>
        public string Violation(int i)
        {
            int kept = _count < _messages.Length ? _count : _messages.Length;
            if (i < 0 || i >= kept) return null;
            return _messages[(_count - kept + i) % _messages.Length];
        }

        public void Clear()
        {
            _count = 0;
        }

        internal void Report(string message)
        {
            _messages[_count % _messages.Length] = message;
            _count++;
            if (Enabled && Throw) throw new Enc28j60StrictException("ENC28J60 strict mode: " + message);
        }
    }
}
