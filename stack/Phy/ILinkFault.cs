namespace NanoStack.Phy
{
    /// <summary>
    /// Test hook on a <see cref="MemoryLink"/>: sees every frame the link transmits before the peer queues it,
    /// may rewrite it in place, and returns the length to deliver (0 drops it, as a lossy wire would).
    /// </summary>
    public interface ILinkFault
    {
        int Apply(byte[] frame, int offset, int length);
    }
}
