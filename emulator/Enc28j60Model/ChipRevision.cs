namespace NanoStack.Emulator
{
    /// <summary>Silicon revisions covered by errata sheet DS80349C (reference §6).</summary>
    public enum ChipRevision
    {
        B1,
        B4,
        B5,
        B7
    }
}
