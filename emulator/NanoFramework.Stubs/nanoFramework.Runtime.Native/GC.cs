namespace nanoFramework.Runtime.Native
{
    /// <summary>Stand-in for nanoFramework.Runtime.Native.GC 1.7.x: forced collection; returns the free bytes afterwards
    /// (on host: a best-effort figure from the .NET GC, only meaningful as "something was collected").</summary>
    public static class GC
    {
        public static uint Run(bool compactHeap)
        {
            System.GC.Collect();
            System.GC.WaitForPendingFinalizers();
            long free = System.GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - System.GC.GetTotalMemory(false);
            return free < 0 ? 0u : free > uint.MaxValue ? uint.MaxValue : (uint)free;
        }

        public static void EnableGCMessages(bool enable)
        {
        }
    }
}
