namespace NanoStack.Firmware.App
{
    /// <summary>
    /// Measures the managed heap the firmware takes at start-up (issue 17): <see cref="Start"/> before the driver and
    /// the application are built, <see cref="Stop"/> after, with the object they built. The board reads the real
    /// heap (<c>GcHeapMeter</c>); the virtual board prices the object graph with the calibrated nanoCLR heap model.
    /// </summary>
    public interface IHeapMeter
    {
        /// <summary>What the figure is, for the banner and the status page ("measured (GC.Run)", "model, 12-byte blocks").</summary>
        string Source { get; }

        void Start();

        /// <summary>Heap bytes taken since <see cref="Start"/> by <paramref name="built"/> (0 if unknown).</summary>
        int Stop(object built);
    }
}
