namespace NanoStack.Emulator
{
    /// <summary>
    /// Built-in self-test (DS §15, docs/enc28j60.md §8.1): with EBSTCON.TME set, setting BISTST fills the whole buffer
    /// (TMSEL 00 random from EBSTSD, 01 address fill, 10 pattern shift) and leaves the checksum of 0x0000-0x1FFF
    /// in EBSTCS; the host compares it with a DMA checksum over the same range. Address fill gives 0xF807.
    /// The random and pattern-shift generators are the model's own, not the silicon's LFSR.
    /// </summary>
    internal sealed class Bist
    {
        public const int BISTST = 0x01, TME = 0x02;
        private readonly Enc28j60Chip _chip;
        private readonly InternetChecksum _sum = new InternetChecksum();
        private bool _active;
        private long _doneAtNs;

        public Bist(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        public void Reset()
        {
            _active = false;
        }

        public void Written(int old, int value)
        {
            if ((value & BISTST) == 0 || (old & BISTST) != 0 || (value & TME) == 0) return;
            byte[] mem = _chip.Memory;
            int mode = (value >> 2) & 3;
            int seed = _chip.Regs.Get(3, ChipRegisters.EBSTSD);
            uint lfsr = (uint)(seed | 0x100);
            _sum.Reset();
            for (int a = 0; a < mem.Length; a++)
            {
                byte b;
                if (mode == 1)
                {
                    b = (byte)a;
                }
                else if (mode == 2)
                {
                    int shift = a & 7;
                    b = (byte)((seed << shift) | (seed >> (8 - shift)));
                }
                else
                {
                    lfsr ^= lfsr << 13;
                    lfsr ^= lfsr >> 17;
                    lfsr ^= lfsr << 5;
                    b = (byte)(lfsr >> 24);
                }
                mem[a] = b;
                _sum.Add(b);
            }
            int cs = _sum.Result;
            _chip.Regs.Set(3, ChipRegisters.EBSTCSL, cs & 0xFF);
            _chip.Regs.Set(3, ChipRegisters.EBSTCSH, cs >> 8);
            _active = true;
            _doneAtNs = _chip.NowNs + mem.Length * DmaEngine.ByteNs;
        }

        public void Update(long nowNs)
        {
            if (!_active || nowNs < _doneAtNs) return;
            _active = false;
            RegisterFile r = _chip.Regs;
            r.Set(3, ChipRegisters.EBSTCON, r.Get(3, ChipRegisters.EBSTCON) & ~BISTST);
        }
    }
}
