namespace NanoStack.Emulator
{
    /// <summary>
    /// Decodes one chip-select assertion (DS §4.2, Table 4-1; docs/enc28j60.md §1): byte 0 is a 3-bit opcode and a 5-bit
    /// argument; RCR answers in byte 1 (ETH) or byte 2 after a dummy byte (MAC/MII); RBM/WBM stream until CS rises;
    /// SRC ignores trailing bytes. Counts every assertion and its bytes per opcode.
    /// </summary>
    internal sealed class SpiDecoder
    {
        private readonly Enc28j60Chip _chip;

        public SpiDecoder(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        private static SpiOpcode Decode(int b0)
        {
            int op = b0 >> 5;
            int arg = b0 & 0x1F;
            switch (op)
            {
                case 0: return SpiOpcode.ReadControlRegister;
                case 1: return arg == 0x1A ? SpiOpcode.ReadBufferMemory : SpiOpcode.Invalid;
                case 2: return SpiOpcode.WriteControlRegister;
                case 3: return arg == 0x1A ? SpiOpcode.WriteBufferMemory : SpiOpcode.Invalid;
                case 4: return SpiOpcode.BitFieldSet;
                case 5: return SpiOpcode.BitFieldClear;
                case 7: return arg == 0x1F ? SpiOpcode.SystemReset : SpiOpcode.Invalid;
                default: return SpiOpcode.Invalid;
            }
        }

        public void Execute(byte[] mosi, int mo, byte[] miso, int mi, int length)
        {
            if (length <= 0) return;
            int b0 = mosi[mo];
            SpiOpcode op = Decode(b0);
            int arg = b0 & 0x1F;
            int bank = _chip.CurrentBank;
            _chip.Counters.Count(op, length);
            if (miso != null) miso[mi] = 0x00; // SO is idle while the opcode is shifted in
            int value = -1;

            if (op == SpiOpcode.Invalid)
            {
                _chip.Violation("invalid SPI opcode byte 0x" + ((byte)b0).ToString("X2"));
                Fill(miso, mi, 1, length, 0x00);
                return;
            }
            if (op != SpiOpcode.SystemReset && _chip.AccessBlocked)
            {
                // Oscillator not ready after SRC / RESET (errata #2: up to 1 ms although CLKRDY reads 1).
                bool estatPoll = op == SpiOpcode.ReadControlRegister && arg == ChipRegisters.ESTAT;
                int answer = estatPoll ? _chip.ReadRegister(0, ChipRegisters.ESTAT, false) : 0x00;
                Fill(miso, mi, 1, length, answer);
                if (!estatPoll)
                {
                    _chip.Violation("SPI access " + (_chip.AccessBlockedRemainingNs / 1000).ToString()
                        + " us before the chip is ready after reset, ignored: wait at least 1 ms after SRC (errata #2)");
                }
                return;
            }

            bool macMii = arg < 0x1A && ChipRegisters.IsMacMii(bank, arg);
            switch (op)
            {
                case SpiOpcode.ReadControlRegister:
                    value = ReadControl(bank, arg, macMii, miso, mi, length);
                    break;
                case SpiOpcode.WriteControlRegister:
                case SpiOpcode.BitFieldSet:
                case SpiOpcode.BitFieldClear:
                    if (length < 2)
                    {
                        _chip.Violation("register write command 0x" + ((byte)b0).ToString("X2") + " without its data byte");
                        break;
                    }
                    value = mosi[mo + 1];
                    if (op != SpiOpcode.WriteControlRegister && macMii)
                    {
                        _chip.Violation((op == SpiOpcode.BitFieldSet ? "BFS" : "BFC") + " on MAC/MII register bank " + bank.ToString()
                            + " address 0x" + arg.ToString("X2") + ": bit-field commands are for ETH registers only (DS Table 4-1)");
                    }
                    if (macMii && SlowClockCorrupts())
                    {
                        value ^= 1 << (int)(_chip.Random.NextUInt() & 7); // errata #1
                    }
                    Fill(miso, mi, 1, length, 0x00);
                    _chip.WriteRegister(bank, arg, value,
                        op == SpiOpcode.WriteControlRegister ? WriteKind.Write : op == SpiOpcode.BitFieldSet ? WriteKind.BitSet : WriteKind.BitClear);
                    break;
                case SpiOpcode.ReadBufferMemory:
                    _chip.ReadBuffer(miso, mi + 1, length - 1);
                    break;
                case SpiOpcode.WriteBufferMemory:
                    _chip.WriteBuffer(mosi, mo + 1, length - 1);
                    Fill(miso, mi, 1, length, 0x00);
                    break;
                case SpiOpcode.SystemReset:
                    Fill(miso, mi, 1, length, 0x00);
                    _chip.SystemReset();
                    break;
            }
            if (_chip.SpiObserver != null) _chip.SpiObserver.CommandDecoded(op, bank, arg, value, length);
        }

        private int ReadControl(int bank, int arg, bool macMii, byte[] miso, int mi, int length)
        {
            if (length < 2)
            {
                _chip.Violation("RCR 0x" + arg.ToString("X2") + " with no data byte clocked");
                return -1;
            }
            int value = _chip.ReadRegister(bank, arg, false);
            if (macMii)
            {
                if (length < 3)
                {
                    _chip.Violation("RCR of MAC/MII register bank " + bank.ToString() + " address 0x" + arg.ToString("X2")
                        + " clocked with only 2 bytes: MAC/MII reads shift out a dummy byte first (DS Fig. 4-4)");
                }
                if (SlowClockCorrupts()) value = (int)(_chip.Random.NextUInt() & 0xFF); // errata #1
                if (miso != null) miso[mi + 1] = _chip.Random.NonZeroByte();
                Fill(miso, mi, 2, length, value);
            }
            else
            {
                Fill(miso, mi, 1, length, value);
            }
            return value;
        }

        /// <summary>errata #1 (B1/B4): MAC/MII accesses are unreliable with SCK below 8 MHz.</summary>
        private bool SlowClockCorrupts()
        {
            return _chip.Errata.SlowSpiCorruptsMacMii && _chip.SpiClockHz < 8000000 && _chip.Random.Chance(_chip.Errata.SlowSpiCorruptPercent);
        }

        private static bool Fill(byte[] miso, int mi, int from, int length, int value)
        {
            if (miso == null) return false;
            for (int i = from; i < length; i++) miso[mi + i] = (byte)value;
            return true;
        }
    }
}
