namespace NanoStack.Emulator
{
    /// <summary>RBM/WBM access to the buffer through ERDPT/EWRPT (DS §4.2.2, §4.2.4; docs/enc28j60.md §2.7).</summary>
    public sealed partial class Enc28j60Chip
    {
        private bool AutoIncrement
        {
            get { return (Regs.Get(0, ChipRegisters.ECON2) & ChipRegisters.ECON2_AUTOINC) != 0; }
        }

        /// <summary>RBM: bytes from ERDPT; with AUTOINC the pointer wraps ERXND→ERXST and 0x1FFF→0.</summary>
        internal void ReadBuffer(byte[] miso, int offset, int count)
        {
            int p = Regs.Pointer(0, ChipRegisters.ERDPTL);
            bool inc = AutoIncrement;
            int start = RxStart;
            int end = RxEnd;
            for (int i = 0; i < count; i++)
            {
                if (miso != null) miso[offset + i] = _memory[p];
                if (inc) p = BufferMemory.NextInFifo(p, start, end);
            }
            Regs.SetPointer(0, ChipRegisters.ERDPTL, p);
        }

        /// <summary>WBM: bytes to EWRPT; with AUTOINC the pointer only wraps 0x1FFF→0 (no RX FIFO wrap).</summary>
        internal void WriteBuffer(byte[] mosi, int offset, int count)
        {
            int p = Regs.Pointer(0, ChipRegisters.EWRPTL);
            bool inc = AutoIncrement;
            bool txBusy = (Regs.Get(0, ChipRegisters.ECON1) & ChipRegisters.ECON1_TXRTS) != 0 && _tx.Busy;
            int txStart = Regs.Pointer(0, ChipRegisters.ETXSTL);
            int txEnd = (Regs.Pointer(0, ChipRegisters.ETXNDL) + 7) & ChipRegisters.PointerMask;
            bool reported = false;
            for (int i = 0; i < count; i++)
            {
                if (txBusy && !reported && InRange(p, txStart, txEnd))
                {
                    reported = true;
                    Violation("WBM into the frame being transmitted (0x" + p.ToString("X4") + ") while ECON1.TXRTS=1 (DS §7.1)");
                }
                _memory[p] = mosi[offset + i];
                if (inc) p = BufferMemory.NextLinear(p);
            }
            Regs.SetPointer(0, ChipRegisters.EWRPTL, p);
        }

        private static bool InRange(int p, int from, int to)
        {
            return from <= to ? p >= from && p <= to : p >= from || p <= to;
        }
    }
}
