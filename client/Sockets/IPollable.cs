namespace NanoStack.Client.Sockets
{
    /// <summary>One round of the cooperative loop (NetworkStack.Poll, or an app's whole step); returns the next deadline (ms).</summary>
    public interface IPollable
    {
        long Poll(long nowMs);
    }

    /// <summary>The millisecond clock the stack is polled with; blocking calls measure their timeouts on it.</summary>
    public interface IClock
    {
        long NowMs { get; }
    }
}
