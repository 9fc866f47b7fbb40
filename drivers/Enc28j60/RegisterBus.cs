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
        private readonly byte[] _out = new byte[4];
        private readonly byte[] _in = new byte[4];
        private int _bank;

        public RegisterBus(ISpiTransport spi, IDriverClock clock)
        {
            _spi = spi;
            _clock = clock;
        }

        /// <summary>Number of chip-select assertions this driver has issued.</summary>
        public int Transactions;

        public IDriverClock Clock { get { return _clock; } }

        /// <summary>Forgets/sets the cached bank (after SRC or a WCR of ECON1, both of which set BSEL = 0).</summary>
        public void SetBankCache(int bank) { _bank = bank; }

        private void SelectBank(int reg)
        {
            if (Reg.IsCommon(reg))
            {
                return;
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
            _out[0] = (byte)(opcode | (reg & 0x1F));
            _out[1] = value;
            Transactions++;
            _spi.Write(_out, 0, 2);
        }

        /// <summary>RCR: 2 bytes for ETH registers, 3 for MAC/MII registers (dummy byte first, DS Fig. 4-4).</summary>
        public byte Read(int reg)
        {
            SelectBank(reg);
            int n = (reg & Reg.MacMii) != 0 ? 3 : 2;
            _out[0] = (byte)(Bits.OpRcr | (reg & 0x1F));
            _out[1] = 0;
            _out[2] = 0;
            Transactions++;
            _spi.TransferFullDuplex(_out, 0, _in, 0, n);
            return _in[n - 1];
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
            Transactions++;
            _spi.TransferFullDuplex(mosi, 0, dst, offset, 1 + length);
        }

        /// <summary>WBM in one assertion: src[offset] is overwritten with the opcode, data follows it.</summary>
        public void WriteBuffer(byte[] src, int offset, int length)
        {
            src[offset] = Bits.OpWbm;
            Transactions++;
            _spi.Write(src, offset, 1 + length);
        }

        /// <summary>SRC. Leaves BSEL = 0 (ECON1 resets to 0x00).</summary>
        public void SystemReset()
        {
            _out[0] = Bits.OpSrc;
            Transactions++;
            _spi.Write(_out, 0, 1);
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
