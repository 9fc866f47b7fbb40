namespace NanoStack.Emulator
{
    /// <summary>Pointer advance rules of the 8 KiB buffer (DS §3.2 and §4.2, docs/enc28j60.md §2.7).</summary>
    internal static class BufferMemory
    {
        /// <summary>RBM read pointer, RX hardware write pointer and DMA source: ERXND wraps to ERXST, 0x1FFF to 0.</summary>
        public static int NextInFifo(int p, int rxStart, int rxEnd)
        {
            if (p == rxEnd) return rxStart;
            if (p == ChipRegisters.PointerMask) return 0;
            return p + 1;
        }

        /// <summary>WBM write pointer, TX reads and DMA destination: linear, only 0x1FFF wraps to 0.</summary>
        public static int NextLinear(int p)
        {
            return (p + 1) & ChipRegisters.PointerMask;
        }
    }
}
