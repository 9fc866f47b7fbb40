namespace NanoStack.Emulator
{
    /// <summary>
    /// Raw storage of the four control-register banks plus the five common registers, with each address's
    /// implemented-bit mask and reset value (DS Table 3-2, docs/enc28j60.md §2). Dynamic registers (EIR flags, ESTAT,
    /// EPKTCNT, ERXWRPT, MISTAT, MIRD, EREVID...) are composed by the chip on read; this class only stores bytes.
    /// </summary>
    internal sealed class RegisterFile
    {
        private const int Size = 4 * 32;
        private readonly byte[] _value = new byte[Size];
        private readonly byte[] _writeMask = new byte[Size];
        private readonly byte[] _reset = new byte[Size];
        private readonly bool[] _implemented = new bool[Size];

        public RegisterFile()
        {
            // Bank 0: the 12 pointer pairs; high bytes hold 13-bit addresses (bits 4:0).
            for (int a = 0x00; a <= 0x17; a++) Define(0, a, (a & 1) == 0 ? 0xFF : 0x1F, 0);
            Define(0, 0x0E, 0, 0); // ERXWRPT: read-only, advanced by hardware
            Define(0, 0x0F, 0, 0);
            Define(0, 0x16, 0, 0); // EDMACS: read-only
            Define(0, 0x17, 0, 0);
            SetReset(0, ChipRegisters.ERDPTL, 0xFA);
            SetReset(0, ChipRegisters.ERDPTH, 0x05);
            SetReset(0, ChipRegisters.ERXSTL, 0xFA);
            SetReset(0, ChipRegisters.ERXSTH, 0x05);
            SetReset(0, ChipRegisters.ERXNDL, 0xFF);
            SetReset(0, ChipRegisters.ERXNDH, 0x1F);
            SetReset(0, ChipRegisters.ERXRDPTL, 0xFA);
            SetReset(0, ChipRegisters.ERXRDPTH, 0x05);

            // Bank 1: hash table, pattern mask, pattern checksum/offset, filters, packet count.
            for (int a = 0x00; a <= 0x11; a++) Define(1, a, 0xFF, 0);
            Define(1, ChipRegisters.EPMOL, 0xFF, 0);
            Define(1, ChipRegisters.EPMOH, 0x1F, 0);
            Define(1, ChipRegisters.ERXFCON, 0xFF, 0xA1);
            Define(1, ChipRegisters.EPKTCNT, 0, 0);

            // Bank 2: MAC and MII registers.
            Define(2, ChipRegisters.MACON1, 0x0F, 0);
            Define(2, ChipRegisters.MACON3, 0xFF, 0);
            Define(2, ChipRegisters.MACON4, 0x70, 0);
            Define(2, ChipRegisters.MABBIPG, 0x7F, 0);
            Define(2, ChipRegisters.MAIPGL, 0x7F, 0);
            Define(2, ChipRegisters.MAIPGH, 0x7F, 0);
            Define(2, ChipRegisters.MACLCON1, 0x0F, 0x0F);
            Define(2, ChipRegisters.MACLCON2, 0x3F, 0x37);
            Define(2, ChipRegisters.MAMXFLL, 0xFF, 0x00);
            Define(2, ChipRegisters.MAMXFLH, 0xFF, 0x06);
            Define(2, ChipRegisters.MICMD, 0x03, 0);
            Define(2, ChipRegisters.MIREGADR, 0x1F, 0);
            Define(2, ChipRegisters.MIWRL, 0xFF, 0);
            Define(2, ChipRegisters.MIWRH, 0xFF, 0);
            Define(2, ChipRegisters.MIRDL, 0, 0);
            Define(2, ChipRegisters.MIRDH, 0, 0);

            // Bank 3: MAC address, BIST, MISTAT, revision, CLKOUT, flow control.
            for (int a = 0x00; a <= 0x05; a++) Define(3, a, 0xFF, 0);
            Define(3, ChipRegisters.EBSTSD, 0xFF, 0);
            Define(3, ChipRegisters.EBSTCON, 0xFF, 0);
            Define(3, ChipRegisters.EBSTCSL, 0, 0);
            Define(3, ChipRegisters.EBSTCSH, 0, 0);
            Define(3, ChipRegisters.MISTAT, 0, 0);
            Define(3, ChipRegisters.EREVID, 0, 0);
            Define(3, ChipRegisters.ECOCON, 0x07, 0x04);
            Define(3, ChipRegisters.EFLOCON, 0x03, 0);
            Define(3, ChipRegisters.EPAUSL, 0xFF, 0x00);
            Define(3, ChipRegisters.EPAUSH, 0xFF, 0x10);

            // Common registers, stored once (bank 0 slot).
            Define(0, ChipRegisters.EIE, 0xFB, 0);
            Define(0, ChipRegisters.EIR, 0x7B, 0);
            Define(0, ChipRegisters.ESTAT, 0x52, 0);
            Define(0, ChipRegisters.ECON2, 0xE8, 0x80);
            Define(0, ChipRegisters.ECON1, 0xFF, 0);
        }

        private static int Index(int bank, int address)
        {
            return address >= 0x1B ? address : (bank & 3) * 32 + (address & 0x1F);
        }

        private void Define(int bank, int address, int writeMask, int reset)
        {
            int i = Index(bank, address);
            _implemented[i] = true;
            _writeMask[i] = (byte)writeMask;
            _reset[i] = (byte)reset;
        }

        private void SetReset(int bank, int address, int reset)
        {
            _reset[Index(bank, address)] = (byte)reset;
        }

        /// <summary>Loads the reset values. ECOCON keeps its value over a System Reset Command (Microchip stack note).</summary>
        public void Reset(bool keepEcocon)
        {
            int ecocon = Get(3, ChipRegisters.ECOCON);
            for (int i = 0; i < Size; i++) _value[i] = _reset[i];
            if (keepEcocon) _value[Index(3, ChipRegisters.ECOCON)] = (byte)ecocon;
        }

        public bool IsImplemented(int bank, int address)
        {
            return _implemented[Index(bank, address)];
        }

        /// <summary>Bits the host can write; 0 for read-only and unimplemented addresses.</summary>
        public int WriteMask(int bank, int address)
        {
            return _writeMask[Index(bank, address)];
        }

        public int Get(int bank, int address)
        {
            return _value[Index(bank, address)];
        }

        /// <summary>Stores a byte as the hardware does: no mask applied (used by the engines for hardware-owned bits).</summary>
        public void Set(int bank, int address, int value)
        {
            _value[Index(bank, address)] = (byte)value;
        }

        /// <summary>A bank-0 (or bank-1 EPMO) 13-bit pointer pair.</summary>
        public int Pointer(int bank, int lowAddress)
        {
            return (Get(bank, lowAddress) | (Get(bank, lowAddress + 1) << 8)) & ChipRegisters.PointerMask;
        }

        public void SetPointer(int bank, int lowAddress, int value)
        {
            Set(bank, lowAddress, value & 0xFF);
            Set(bank, lowAddress + 1, (value >> 8) & 0x1F);
        }

        public int Word(int bank, int lowAddress)
        {
            return Get(bank, lowAddress) | (Get(bank, lowAddress + 1) << 8);
        }
    }
}
