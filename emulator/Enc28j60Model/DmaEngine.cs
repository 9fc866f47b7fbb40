namespace NanoStack.Emulator
{
    /// <summary>
    /// The DMA engine (DS §13, docs/enc28j60.md §8): copies EDMAST..EDMAND to EDMADST or checksums it into EDMACS. The
    /// source follows the RX FIFO wrap (after ERXND comes ERXST), the destination wraps only 0x1FFF→0. One main
    /// clock (40 ns) per byte; DMAST clears and DMAIF sets at the end or on cancel.
    /// </summary>
    internal sealed class DmaEngine
    {
        public const long ByteNs = 40;
        private readonly Enc28j60Chip _chip;
        private readonly InternetChecksum _sum = new InternetChecksum();
        private bool _active;
        private bool _endless;
        private bool _checksum;
        private long _startNs;
        private long _doneAtNs;
        private int _count;

        /// <summary>Interval of the last checksum operation, for errata #17.</summary>
        public long ChecksumFromNs = -1, ChecksumToNs = -1;
        public int Operations;

        public DmaEngine(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        public bool Busy
        {
            get { return _active; }
        }

        public long BusyUntilNs
        {
            get { return _active ? (_endless ? long.MaxValue : _doneAtNs) : 0; }
        }

        public bool ChecksumRunning
        {
            get { return _active && _checksum; }
        }

        public void Reset()
        {
            _active = false;
        }

        /// <summary>Number of source bytes from EDMAST to EDMAND under the FIFO wrap rule, or -1 if EDMAND is never reached.</summary>
        public int SourceLength(int st, int nd)
        {
            int start = _chip.RxStart;
            int end = _chip.RxEnd;
            int p = st;
            for (int n = 1; n <= ChipRegisters.BufferSize; n++)
            {
                if (p == nd) return n;
                p = BufferMemory.NextInFifo(p, start, end);
            }
            return -1;
        }

        public void Start()
        {
            RegisterFile r = _chip.Regs;
            int st = r.Pointer(0, ChipRegisters.EDMASTL);
            int nd = r.Pointer(0, ChipRegisters.EDMANDL);
            _checksum = (r.Get(0, ChipRegisters.ECON1) & ChipRegisters.ECON1_CSUMEN) != 0;
            int n = SourceLength(st, nd);
            _endless = false;
            if (st == nd)
            {
                _chip.Violation("DMA started with EDMAST == EDMAND (0x" + st.ToString("X4") + "): not allowed (DS §13), it may never end");
                _endless = true;
            }
            else if (n < 0)
            {
                _chip.Violation("DMA started with EDMAND 0x" + nd.ToString("X4") + " unreachable from EDMAST 0x" + st.ToString("X4") + " under the RX FIFO wrap: it never ends");
                _endless = true;
            }
            _count = n < 0 ? 0 : n;
            long start = _chip.NowNs;
            long txBusy = _chip.TxBusyUntilNs;
            if (txBusy > start) start = txBusy; // shares the buffer port with TX
            _startNs = start;
            _doneAtNs = start + _count * ByteNs;
            _active = true;
            Operations++;
            if (_checksum)
            {
                ChecksumFromNs = _chip.NowNs;
                ChecksumToNs = _endless ? long.MaxValue : _doneAtNs;
            }
        }

        /// <summary>Host cleared DMAST: the bytes processed so far stay copied; DMAIF is set.</summary>
        public void Cancel()
        {
            if (!_active) return;
            long elapsed = _chip.NowNs - _startNs;
            int done = elapsed <= 0 ? 0 : (int)(elapsed / ByteNs);
            if (_endless) done = done > ChipRegisters.BufferSize ? ChipRegisters.BufferSize : done;
            else if (done > _count) done = _count;
            Run(done, false);
            if (_checksum) ChecksumToNs = _chip.NowNs;
            Finish();
        }

        public void Update(long nowNs)
        {
            if (!_active || _endless || nowNs < _doneAtNs) return;
            Run(_count, true);
            Finish();
        }

        private void Finish()
        {
            _active = false;
            RegisterFile r = _chip.Regs;
            r.Set(0, ChipRegisters.ECON1, r.Get(0, ChipRegisters.ECON1) & ~ChipRegisters.ECON1_DMAST);
            _chip.SetEirFlag(ChipRegisters.EIR_DMAIF);
        }

        private void Run(int count, bool complete)
        {
            RegisterFile r = _chip.Regs;
            byte[] mem = _chip.Memory;
            int start = _chip.RxStart;
            int end = _chip.RxEnd;
            int src = r.Pointer(0, ChipRegisters.EDMASTL);
            if (_checksum)
            {
                _sum.Reset();
                for (int i = 0; i < count; i++)
                {
                    _sum.Add(mem[src]);
                    src = BufferMemory.NextInFifo(src, start, end);
                }
                if (complete)
                {
                    int cs = _sum.Result;
                    r.Set(0, ChipRegisters.EDMACSL, cs & 0xFF);
                    r.Set(0, ChipRegisters.EDMACSH, cs >> 8);
                }
                return;
            }
            int dst = r.Pointer(0, ChipRegisters.EDMADSTL);
            for (int i = 0; i < count; i++)
            {
                mem[dst] = mem[src];
                src = BufferMemory.NextInFifo(src, start, end);
                dst = BufferMemory.NextLinear(dst);
            }
        }
    }
}
