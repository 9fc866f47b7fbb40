namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// The SPI instruction set of DS39662E §4.2 on top of <see cref="ISpiTransport"/>: every primitive is
    /// exactly one transport call (one chip-select assertion), and the register bank is cached so that a
    /// bank switch is issued only when the bank really changes (one BFS/BFC per changed BSEL bit; a WCR of
    /// ECON1 would clobber TXRTS/RXEN, which the hardware changes behind our back).
    /// </summary>
    internal sealed class RegisterBus
    {
        private readonly ISpiTransport _spi;
        private readonly IDriverClock _clock;

        // One array for the command bytes out ([0..2]), the bytes in ([3..5]) and the fixed commands of the receive
        // path ([6..15], see Fixed): 36 bytes of device heap, as much as either of two 4-byte arrays alone (an array
        // is a header block + 8 bytes + its elements, rounded up to 12-byte blocks), and one field fewer.
        private readonly byte[] _io = new byte[16];
        private const int In = 3;
        private int _bank;

        /// <summary>BFC EIE.INTIE (<see cref="Fixed"/>): interrupt taken, hold INT high while it is serviced (DS §12.0).</summary>
        public const int ClearIntie = 6;
        /// <summary>BFS EIE.INTIE: serviced, let INT fall again for anything pending (DS §12.0).</summary>
        public const int SetIntie = 8;
        /// <summary>BFS ECON2.PKTDEC: one frame taken from the FIFO (DS §7.2.4).</summary>
        public const int DecrementPacketCount = 10;
        private const int ReadPacketCountCommand = 12; // RCR EPKTCNT + the byte clocked in
        private const int Bank0To1 = 14;               // BFS ECON1.BSEL0: EPKTCNT's bank after the TX registers' bank 0

        public RegisterBus(ISpiTransport spi, IDriverClock clock)
        {
            _spi = spi;
            _clock = clock;
            _io[ClearIntie] = (byte)(Bits.OpBfc | Reg.EIE);
            _io[ClearIntie + 1] = Bits.INTIE;
            _io[SetIntie] = (byte)(Bits.OpBfs | Reg.EIE);
            _io[SetIntie + 1] = Bits.INTIE;
            _io[DecrementPacketCount] = (byte)(Bits.OpBfs | Reg.ECON2);
            _io[DecrementPacketCount + 1] = Bits.PKTDEC;
            _io[ReadPacketCountCommand] = (byte)(Bits.OpRcr | (Reg.EPKTCNT & 0x1F));
            _io[Bank0To1] = (byte)(Bits.OpBfs | Reg.ECON1);
            _io[Bank0To1 + 1] = Bits.BSEL0;
        }

        /// <summary>
        /// One of the receive path's fixed commands (<see cref="ClearIntie"/>, <see cref="SetIntie"/>,
        /// <see cref="DecrementPacketCount"/>): a BFS/BFC of a register present in every bank, its two bytes built
        /// once, so each costs the interpreter the transport call alone, not a bank check and a command build.
        /// </summary>
        public void Fixed(int command)
        {
            _spi.Write(_io, command, 2);
        }

        /// <summary>
        /// RCR EPKTCNT (bank 1; DS §7.2.4, errata #6: the count, not EIR.PKTIF, says whether frames wait). The bank
        /// is usually 0 here (the TX registers'), and 0 to 1 is one fixed BFS of BSEL0.
        /// </summary>
        public int ReadPacketCount()
        {
            if (_bank == 0)
            {
                _bank = 1;
                _spi.Write(_io, Bank0To1, 2);
            }
            else if (_bank != 1)
            {
                SelectBank(Reg.EPKTCNT);
            }

            _spi.TransferFullDuplex(_io, ReadPacketCountCommand, _io, In, 2);
            return _io[In + 1];
        }

        /// <summary>Forgets/sets the cached bank (after SRC or a WCR of ECON1, both of which set BSEL = 0).</summary>
        public void SetBankCache(int bank) { _bank = bank; }

        private void SelectBank(int reg)
        {
            if ((reg & 0x1F) >= 0x1B)
            {
                return; // 0x1B..0x1F exist in every bank (DS Table 3-1)
            }

            int bank = (reg >> 5) & 3;
            if (bank == _bank)
            {
                return;
            }

            int clear = _bank & ~bank & 3;
            int set = bank & ~_bank & 3;
            _bank = bank;
            if (clear != 0)
            {
                Op(Bits.OpBfc, Reg.ECON1, (byte)clear);
            }

            if (set != 0)
            {
                Op(Bits.OpBfs, Reg.ECON1, (byte)set);
            }
        }

        private void Op(byte opcode, int reg, byte value)
        {
            _io[0] = (byte)(opcode | (reg & 0x1F));
            _io[1] = value;
            _spi.Write(_io, 0, 2);
        }

        /// <summary>RCR: 2 bytes for ETH registers, 3 for MAC/MII registers (dummy byte first, DS Fig. 4-4).</summary>
        public byte Read(int reg)
        {
            SelectBank(reg);
            int n = (reg & Reg.MacMii) != 0 ? 3 : 2;
            _io[0] = (byte)(Bits.OpRcr | (reg & 0x1F));
            _io[1] = 0;
            _io[2] = 0;
            _spi.TransferFullDuplex(_io, 0, _io, In, n);
            return _io[In + n - 1];
        }

        /// <summary>WCR (valid for ETH, MAC and MII registers).</summary>
        public void Write(int reg, byte value)
        {
            SelectBank(reg);
            Op(Bits.OpWcr, reg, value);
        }

        /// <summary>BFS: ETH registers only (DS §4.2.5 forbids it on MAC/MII/PHY registers).</summary>
        public void BitSet(int reg, byte mask)
        {
            SelectBank(reg);
            Op(Bits.OpBfs, reg, mask);
        }

        /// <summary>BFC: ETH registers only.</summary>
        public void BitClear(int reg, byte mask)
        {
            SelectBank(reg);
            Op(Bits.OpBfc, reg, mask);
        }

        /// <summary>
        /// RBM of <paramref name="length"/> bytes at ERDPT in one assertion. <paramref name="mosi"/> must start
        /// with the RBM opcode and be at least 1 + length long (its other bytes are don't-care for the chip);
        /// the received bytes land at dst[offset + 1 ..], dst[offset] receives the opcode slot.
        /// </summary>
        public void ReadBuffer(byte[] mosi, byte[] dst, int offset, int length)
        {
            _spi.TransferFullDuplex(mosi, 0, dst, offset, 1 + length);
        }

        /// <summary>WBM in one assertion: src[offset] is overwritten with the opcode, data follows it.</summary>
        public void WriteBuffer(byte[] src, int offset, int length)
        {
            src[offset] = Bits.OpWbm;
            _spi.Write(src, offset, 1 + length);
        }

        /// <summary>SRC. Leaves BSEL = 0 (ECON1 resets to 0x00).</summary>
        public void SystemReset()
        {
            _io[0] = Bits.OpSrc;
            _spi.Write(_io, 0, 1);
            _bank = 0;
        }

        /// <summary>PHY read through MII (DS §3.3.1): MIREGADR, MIIRD, wait 10.24 µs, MIIRD off, MIRDL/H.</summary>
        public int PhyRead(int address)
        {
            Write(Reg.MIREGADR, (byte)address);
            Write(Reg.MICMD, Bits.MIIRD);
            WaitMii();
            Write(Reg.MICMD, 0);
            int lo = Read(Reg.MIRDL);
            int hi = Read(Reg.MIRDH);
            return (hi << 8) | lo;
        }

        /// <summary>PHY write through MII (DS §3.3.2): writing MIWRH starts the 10.24 µs cycle.</summary>
        public void PhyWrite(int address, int value)
        {
            Write(Reg.MIREGADR, (byte)address);
            Write(Reg.MIWRL, (byte)value);
            Write(Reg.MIWRH, (byte)(value >> 8));
            WaitMii();
        }

        /// <summary>Waits out the MII cycle, then confirms MISTAT.BUSY = 0 (bounded).</summary>
        private void WaitMii()
        {
            _clock.DelayMicros(11);
            for (int i = 0; i < 10; i++)
            {
                if ((Read(Reg.MISTAT) & Bits.MISTAT_BUSY) == 0)
                {
                    return;
                }

                _clock.DelayMicros(11);
            }
        }
    }
}
