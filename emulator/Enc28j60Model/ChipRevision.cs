namespace NanoStack.Emulator
{
    /// <summary>Silicon revisions covered by errata sheet DS80349C (docs/enc28j60.md §9).</summary>
    public enum ChipRevision
    {
        B1,
        B4,
        B5,
        B7
    }
}
