namespace NanoStack.Emulator
{
    /// <summary>
    /// A register-level software ENC28J60 (DS39662E + errata DS80349C, digested in the reference). The host side
    /// is <see cref="Transfer"/>: one call = one chip-select assertion, decoded as the chip would. The wire side is
    /// <see cref="ReceiveFromWire"/>, <see cref="WireSink"/> and <see cref="SetLinkUp"/>. Time is virtual: each
    /// Transfer advances it by its SPI duration at <see cref="SpiClockHz"/>, <see cref="AdvanceMicros"/> by more.
    /// The chip starts powered up with its oscillator ready, link up, in the reset state of every register.
    /// </summary>
    public sealed partial class Enc28j60Chip
    {
        /// <summary>One byte on a 10 Mb/s wire.</summary>
        public const long WireByteNs = 800;
        /// <summary>Oscillator start-up timer (DS §2.2).</summary>
        public const long OscillatorStartNs = 300000;
        /// <summary>Errata #2: after SRC the chip is not usable for up to 1 ms although CLKRDY reads 1.</summary>
        public const long ResetRecoveryNs = 1000000;

        private readonly byte[] _memory = new byte[ChipRegisters.BufferSize];
        private readonly byte[] _mac = new byte[6];
        internal readonly RegisterFile Regs = new RegisterFile();
        internal readonly ModelRandom Random;
        private readonly RxEngine _rx;
        private readonly TxEngine _tx;
        private readonly DmaEngine _dma;
        private readonly Phy _phy;
        private readonly SpiDecoder _spi;
        private readonly Bist _bist;
        private readonly StrictMode _strict = new StrictMode();
        private readonly SpiCounters _counters = new SpiCounters();
        private readonly ChipRevision _revision;
        private Enc28j60Errata _errata;
        private long _nowNs;
        private long _spiRemainder;
        private int _spiClockHz = 10000000;
        private bool _intAsserted;
        private bool _sckChecked;

        public Enc28j60Chip() : this(ChipRevision.B7, 0x1234567u)
        {
        }

        public Enc28j60Chip(ChipRevision revision) : this(revision, 0x1234567u)
        {
        }

        /// <summary>A chip of the given silicon revision with all of its errata on; seed drives every random erratum.</summary>
        public Enc28j60Chip(ChipRevision revision, uint seed)
        {
            _revision = revision;
            _errata = Enc28j60Errata.ForRevision(revision);
            Random = new ModelRandom(seed);
            _rx = new RxEngine(this);
            _tx = new TxEngine(this);
            _dma = new DmaEngine(this);
            _phy = new Phy(this);
            _spi = new SpiDecoder(this);
            _bist = new Bist(this);
            for (int i = 0; i < _memory.Length; i++) _memory[i] = (byte)(Random.NextUInt() >> 24); // SRAM powers up random
            PowerOnReset();
            _phy.ResetAtNs = -1000000000L;
        }

        // ---- configuration -------------------------------------------------------------------------------

        public ChipRevision Revision
        {
            get { return _revision; }
        }

        /// <summary>The errata switches (replace or edit to turn single items on or off).</summary>
        public Enc28j60Errata Errata
        {
            get { return _errata; }
            set { _errata = value == null ? Enc28j60Errata.None() : value; }
        }

        public StrictMode Strict
        {
            get { return _strict; }
        }

        public SpiCounters Counters
        {
            get { return _counters; }
        }

        /// <summary>SCK frequency used for SPI timing and errata #1 (default 10 MHz).</summary>
        public int SpiClockHz
        {
            get { return _spiClockHz; }
            set
            {
                _spiClockHz = value < 1000 ? 1000 : value;
                _sckChecked = false;
            }
        }

        /// <summary>
        /// Off (default): a frame from <see cref="ReceiveFromWire"/> is in the buffer at once. On: it occupies the wire
        /// for its duration (0.8 µs/byte after the preamble, 12-byte gap between frames, up to 4 queued), ESTAT.RXBUSY
        /// reads 1 meanwhile, and it completes as virtual time passes the end of it.
        /// </summary>
        public bool RxWireTiming
        {
            get { return _rx.WireTiming; }
            set { _rx.WireTiming = value; }
        }

        /// <summary>Duplex the LEDB strap selects at PHY reset (PHCON1.PDPXMD), unless errata #16 randomises it.</summary>
        public bool StrapFullDuplex
        {
            get { return _phy.StrapFullDuplex; }
            set { _phy.StrapFullDuplex = value; }
        }

        public IWireSink WireSink;
        public IRxFaultHook RxFaultHook;
        public ISpiObserver SpiObserver;
        private IntPinChangedHandler _intPinChanged;

        /// <summary>Raised on every level change of the INT pin (true = asserted, pin low).</summary>
        public event IntPinChangedHandler IntPinChanged
        {
            add { _intPinChanged = (IntPinChangedHandler)System.Delegate.Combine(_intPinChanged, value); }
            remove { _intPinChanged = (IntPinChangedHandler)System.Delegate.Remove(_intPinChanged, value); }
        }

        // ---- host side -----------------------------------------------------------------------------------

        /// <summary>One chip-select assertion: mosi bytes in, miso bytes out (miso may be null).</summary>
        public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int length)
        {
            Update();
            try
            {
                if (!_sckChecked)
                {
                    _sckChecked = true;
                    if (_spiClockHz > 20000000) Violation("SCK " + (_spiClockHz / 1000).ToString() + " kHz is above the 20 MHz maximum (DS p.1)");
                }
                _spi.Execute(mosi, mosiOffset, miso, misoOffset, length);
            }
            finally
            {
                long bitsNs = (long)length * 8L * 1000000000L + _spiRemainder;
                _nowNs += bitsNs / _spiClockHz;
                _spiRemainder = bitsNs % _spiClockHz;
                Update();
                UpdateIntPin();
            }
        }

        /// <summary>Virtual time in microseconds since power-on.</summary>
        public long NowMicros
        {
            get { return _nowNs / 1000; }
        }

        internal long NowNs
        {
            get { return _nowNs; }
        }

        public void AdvanceMicros(long us)
        {
            if (us > 0) _nowNs += us * 1000;
            Update();
            UpdateIntPin();
        }

        /// <summary>Active-low INT pin is low: EIE.INTIE and any flag enabled in both EIR and EIE (DS §12).</summary>
        public bool IntPinAsserted
        {
            get { return (Regs.Get(0, ChipRegisters.EIE) & ChipRegisters.EIE_INTIE) != 0 && PendingInterrupts() != 0; }
        }

        /// <summary>The RESET pin: like power-on (all registers, PHY), oscillator ready after 300 µs.</summary>
        public void HardwareReset()
        {
            ResetState(false);
            _clockReadyAtNs = _nowNs + OscillatorStartNs;
            _accessBlockedUntilNs = _clockReadyAtNs;
            UpdateIntPin();
        }

        // ---- wire side -----------------------------------------------------------------------------------

        /// <summary>An Ethernet frame arrives on the cable (without FCS; the model appends it).</summary>
        public void ReceiveFromWire(byte[] frame, int offset, int length)
        {
            Update();
            // With the cable down, or the PHY looping back our own transmissions, nothing from the cable gets in.
            if (LinkUp && (_phy.Phcon1 & ChipRegisters.PHCON1_PLOOPBK) == 0) _rx.FromWire(frame, offset, length, false);
            else _rx.CountDrop(RxDropReason.Disabled);
            UpdateIntPin();
        }

        /// <summary>Plugs or unplugs the cable (LINKIF via PHIR when enabled).</summary>
        public void SetLinkUp(bool up)
        {
            Update();
            _phy.SetCableLink(up);
            UpdateIntPin();
        }

        public bool LinkUp
        {
            get { return _phy.LinkUp; }
        }

        /// <summary>Test hook: the next n half-duplex transmissions end in a late collision (TSV bit 29).</summary>
        public void InjectLateCollisions(int count)
        {
            _tx.InjectedLateCollisions = count;
        }

        /// <summary>Test hook: the next n half-duplex transmissions are aborted after MACLCON1 retries (TSV bit 28, not 29).</summary>
        public void InjectExcessiveCollisions(int count)
        {
            _tx.InjectedExcessiveCollisions = count;
        }

        // ---- inspection (no side effects) ----------------------------------------------------------------

        /// <summary>The 8 KiB buffer itself.</summary>
        public byte[] Memory
        {
            get { return _memory; }
        }

        /// <summary>A control register as RCR would return it, without side effects.</summary>
        public int PeekRegister(int bank, int address)
        {
            return ReadRegister(bank & 3, address & 0x1F, true);
        }

        public int PeekPhy(int address)
        {
            return _phy.Read(address, false);
        }

        public int CurrentBank
        {
            get { return Regs.Get(0, ChipRegisters.ECON1) & ChipRegisters.ECON1_BSEL; }
        }

        public int PacketCount
        {
            get { return _rx.PacketCount; }
        }

        public int FramesReceived
        {
            get { return _rx.FramesStored; }
        }

        public int RxDrops(RxDropReason reason)
        {
            return _rx.Drops(reason);
        }

        public int FramesTransmitted
        {
            get { return _tx.FramesSent; }
        }

        public int FramesAborted
        {
            get { return _tx.FramesAborted; }
        }

        public bool TxBusy
        {
            get { return _tx.Busy; }
        }

        public bool DmaBusy
        {
            get { return _dma.Busy; }
        }

        public bool PhyBusy
        {
            get { return _phy.Busy; }
        }

        /// <summary>Free bytes in the RX FIFO by the DS §7.2.4 equation.</summary>
        public int RxFreeSpace
        {
            get { return _rx.FreeSpace(); }
        }

        // ---- internal plumbing used by the engines -------------------------------------------------------

        internal void Violation(string message)
        {
            _strict.Report(message);
        }

        internal int RxStart
        {
            get { return Regs.Pointer(0, ChipRegisters.ERXSTL); }
        }

        internal int RxEnd
        {
            get { return Regs.Pointer(0, ChipRegisters.ERXNDL); }
        }

        internal int Erxrdpt
        {
            get { return Regs.Pointer(0, ChipRegisters.ERXRDPTL); }
        }

        internal long DmaBusyUntilNs
        {
            get { return _dma.BusyUntilNs; }
        }

        internal long TxBusyUntilNs
        {
            get { return _tx.BusyUntilNs; }
        }

        /// <summary>
        /// Virtual time (µs, rounded up) at which the frame on the wire completes and sets TXIF, or long.MaxValue with
        /// none: a host bridge that moves the clock with wall time wakes then, as the real INT pin would fall then.
        /// </summary>
        public long TxDoneMicros
        {
            get
            {
                long ns = _tx.BusyUntilNs;
                return ns == 0 ? long.MaxValue : (ns + 999) / 1000;
            }
        }

        internal bool PowerSave
        {
            get { return (Regs.Get(0, ChipRegisters.ECON2) & ChipRegisters.ECON2_PWRSV) != 0; }
        }

        internal bool LoopbackIsHalfDuplex
        {
            get { return (Regs.Get(2, ChipRegisters.MACON3) & ChipRegisters.MACON3_FULDPX) == 0; }
        }

        internal bool ReceiverEnabled
        {
            get
            {
                int econ1 = Regs.Get(0, ChipRegisters.ECON1);
                if ((econ1 & ChipRegisters.ECON1_RXEN) == 0 || (econ1 & ChipRegisters.ECON1_RXRST) != 0) return false;
                if ((Regs.Get(2, ChipRegisters.MACON1) & ChipRegisters.MACON1_MARXEN) == 0) return false;
                return !PowerSave && _nowNs >= _clockReadyAtNs;
            }
        }

        /// <summary>Errata #17: did a DMA checksum run during the wire time of the frame that completes now?</summary>
        internal bool DmaChecksumOverlaps(long fromNs, long toNs)
        {
            if (_dma.ChecksumFromNs < 0) return false;
            return _dma.ChecksumFromNs <= toNs && _dma.ChecksumToNs >= fromNs;
        }

        internal byte[] MacAddressScratch()
        {
            _mac[0] = (byte)Regs.Get(3, ChipRegisters.MAADR1);
            _mac[1] = (byte)Regs.Get(3, ChipRegisters.MAADR2);
            _mac[2] = (byte)Regs.Get(3, ChipRegisters.MAADR3);
            _mac[3] = (byte)Regs.Get(3, ChipRegisters.MAADR4);
            _mac[4] = (byte)Regs.Get(3, ChipRegisters.MAADR5);
            _mac[5] = (byte)Regs.Get(3, ChipRegisters.MAADR6);
            return _mac;
        }

        internal void SetEirFlag(int flags)
        {
            Regs.Set(0, ChipRegisters.EIR, Regs.Get(0, ChipRegisters.EIR) | flags);
        }

        internal void SetEstatFlag(int flags)
        {
            Regs.Set(0, ChipRegisters.ESTAT, Regs.Get(0, ChipRegisters.ESTAT) | flags);
        }

        /// <summary>A frame leaves the MAC (without FCS): to the cable, and back into our receiver when looped.</summary>
        internal void Emit(byte[] frame, int length)
        {
            bool loopback = (_phy.Phcon1 & ChipRegisters.PHCON1_PLOOPBK) != 0;
            if (loopback)
            {
                // errata #10: the PHY loopback loses frames.
                if (_errata.FullDuplexLoopbackUnreliable && Random.Chance(_errata.LoopbackLossPercent)) return;
                _rx.FromWire(frame, 0, length, true);
                return;
            }
            if (!LinkUp || (_phy.Phcon2 & ChipRegisters.PHCON2_TXDIS) != 0)
            {
                _tx.FramesLostLinkDown++;
                return;
            }
            if (WireSink != null) WireSink.FrameTransmitted(frame, 0, length);
            // docs/enc28j60.md §2.6 (HDLDIS) / errata #9: in half duplex the PHY echoes our own frame to our receiver unless HDLDIS=1.
            if (!_phy.FullDuplex && (_phy.Phcon2 & ChipRegisters.PHCON2_HDLDIS) == 0) _rx.FromWire(frame, 0, length, true);
        }

        private void Update()
        {
            _dma.Update(_nowNs);
            _tx.Update(_nowNs);
            _phy.Update(_nowNs);
            _bist.Update(_nowNs);
            _rx.Update(_nowNs);
        }

        private int PendingInterrupts()
        {
            return ReadRegister(0, ChipRegisters.EIR, true) & Regs.Get(0, ChipRegisters.EIE) & 0x7B;
        }

        private void UpdateIntPin()
        {
            bool now = IntPinAsserted;
            if (now == _intAsserted) return;
            _intAsserted = now;
            if (_intPinChanged != null) _intPinChanged(now);
        }
    }
}
