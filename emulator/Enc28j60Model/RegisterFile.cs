namespace NanoStack.Emulator
{
    /// <summary>
    /// Raw storage of the four control-register banks plus the five common registers, with each address's
    /// implemented-bit mask and reset value (DS Table 3-2, reference §2). Dynamic registers (EIR flags, ESTAT,
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
            SetReset(0, Enc28j60Registers.ERDPTL, 0xFA);
            SetReset(0, Enc28j60Registers.ERDPTH, 0x05);
            SetReset(0, Enc28j60Registers.ERXSTL, 0xFA);
            SetReset(0, Enc28j60Registers.ERXSTH, 0x05);
            SetReset(0, Enc28j60Registers.ERXNDL, 0xFF);
            SetReset(0, Enc28j60Registers.ERXNDH, 0x1F);
            SetReset(0, Enc28j60Registers.ERXRDPTL, 0xFA);
            SetReset(0, Enc28j60Registers.ERXRDPTH, 0x05);

            // Bank 1: hash table, pattern mask, pattern checksum/offset, filters, packet count.
            for (int a = 0x00; a <= 0x11; a++) Define(1, a, 0xFF, 0);
            Define(1, Enc28j60Registers.EPMOL, 0xFF, 0);
            Define(1, Enc28j60Registers.EPMOH, 0x1F, 0);
            Define(1, Enc28j60Registers.ERXFCON, 0xFF, 0xA1);
            Define(1, Enc28j60Registers.EPKTCNT, 0, 0);

            // Bank 2: MAC and MII registers.
            Define(2, Enc28j60Registers.MACON1, 0x0F, 0);
            Define(2, Enc28j60Registers.MACON3, 0xFF, 0);
            Define(2, Enc28j60Registers.MACON4, 0x70, 0);
            Define(2, Enc28j60Registers.MABBIPG, 0x7F, 0);
            Define(2, Enc28j60Registers.MAIPGL, 0x7F, 0);
            Define(2, Enc28j60Registers.MAIPGH, 0x7F, 0);
            Define(2, Enc28j60Registers.MACLCON1, 0x0F, 0x0F);
            Define(2, Enc28j60Registers.MACLCON2, 0x3F, 0x37);
            Define(2, Enc28j60Registers.MAMXFLL, 0xFF, 0x00);
            Define(2, Enc28j60Registers.MAMXFLH, 0xFF, 0x06);
            Define(2, Enc28j60Registers.MICMD, 0x03, 0);
            Define(2, Enc28j60Registers.MIREGADR, 0x1F, 0);
            Define(2, Enc28j60Registers.MIWRL, 0xFF, 0);
            Define(2, Enc28j60Registers.MIWRH, 0xFF, 0);
            Define(2, Enc28j60Registers.MIRDL, 0, 0);
            Define(2, Enc28j60Registers.MIRDH, 0, 0);

            // Bank 3: MAC address, BIST, MISTAT, revision, CLKOUT, flow control.
            for (int a = 0x00; a <= 0x05; a++) Define(3, a, 0xFF, 0);
            Define(3, Enc28j60Registers.EBSTSD, 0xFF, 0);
            Define(3, Enc28j60Registers.EBSTCON, 0xFF, 0);
            Define(3, Enc28j60Registers.EBSTCSL, 0, 0);
            Define(3, Enc28j60Registers.EBSTCSH, 0, 0);
            Define(3, Enc28j60Registers.MISTAT, 0, 0);
            Define(3, Enc28j60Registers.EREVID, 0, 0);
            Define(3, Enc28j60Registers.ECOCON, 0x07, 0x04);
            Define(3, Enc28j60Registers.EFLOCON, 0x03, 0);
            Define(3, Enc28j60Registers.EPAUSL, 0xFF, 0x00);
            Define(3, Enc28j60Registers.EPAUSH, 0xFF, 0x10);

            // Common registers, stored once (bank 0 slot).
            Define(0, Enc28j60Registers.EIE, 0xFB, 0);
            Define(0, Enc28j60Registers.EIR, 0x7B, 0);
            Define(0, Enc28j60Registers.ESTAT, 0x52, 0);
            Define(0, Enc28j60Registers.ECON2, 0xE8, 0x80);
            Define(0, Enc28j60Registers.ECON1, 0xFF, 0);
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
            int ecocon = Get(3, Enc28j60Registers.ECOCON);
            for (int i = 0; i < Size; i++) _value[i] = _reset[i];
            if (keepEcocon) _value[Index(3, Enc28j60Registers.ECOCON)] = (byte)ecocon;
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
            return (Get(bank, lowAddress) | (Get(bank, lowAddress + 1) << 8)) & Enc28j60Registers.PointerMask;
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
