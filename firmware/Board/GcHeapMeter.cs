using NanoStack.Firmware.App;

namespace NanoStack.Firmware.Board
{
    /// <summary>
    /// The real device heap: a full collection before and after start-up (nanoFramework.Runtime.Native.GC.Run). The
    /// figure it returns is free bytes on 1.x firmware and used bytes since nf-interpreter PR #3136 (2025); either way
    /// the size of the change is what start-up took, so the meter reports the magnitude of the difference.
    /// </summary>
    public sealed class GcHeapMeter : IHeapMeter
    {
        private long _before;

        public string Source { get { return "measured, GC.Run"; } }

        public void Start()
        {
            _before = nanoFramework.Runtime.Native.GC.Run(false);
        }

        public int Stop(object built)
        {
            long delta = (long)nanoFramework.Runtime.Native.GC.Run(false) - _before;
            return (int)(delta < 0 ? -delta : delta);
        }
    }
}
