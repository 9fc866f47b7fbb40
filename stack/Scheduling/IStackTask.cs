namespace NanoStack.Scheduling
{
    /// <summary>
    /// A cooperative task the stack's single-threaded scheduler steps from <c>NetworkStack.Poll</c>
    /// (HTTP server, DHCP client, user code). A task never blocks: it does what is due now and returns.
    /// </summary>
    public interface IStackTask
    {
        /// <summary>Does the work due at <paramref name="nowMs"/>; returns the next deadline, long.MaxValue = idle.</summary>
        long Step(long nowMs);
    }
}
