namespace NanoStack.Phy
{
    /// <summary>
    /// Optional capability of an <see cref="ILinkDevice"/> whose hardware needs periodic work besides moving frames:
    /// reading status the chip does not interrupt for, a watchdog, noticing a finished transmission. The stack's one
    /// scheduler, <see cref="NetworkStack.Poll"/>, steps it first with the same time, so the application hands its
    /// device over once and calls nothing else. A device without it (<see cref="MemoryLink"/>) needs no upkeep.
    /// </summary>
    public interface ILinkUpkeep
    {
        /// <summary>Does the device work due at <paramref name="nowMs"/>; never blocks.</summary>
        void Upkeep(long nowMs);
    }
}
