namespace NanoStack.Emulator
{
    /// <summary>
    /// The transmit path (DS §7.1, docs/enc28j60.md §5): TXRTS reads the per-packet control byte at ETXST and the
    /// frame up to ETXND, pads and appends the CRC per POVERRIDE or MACON3, stays busy for the wire time
    /// (0.8 µs per byte at 10 Mb/s plus preamble and inter-frame gap), then writes the 7-byte TSV at ETXND+1,
    /// clears TXRTS and sets TXIF (and TXERIF/TXABRT when aborted).
    /// </summary>
    internal sealed class TxEngine
    {
        private readonly Enc28j60Chip _chip;
        private readonly byte[] _frame = new byte[RxEngine.MaxFrame + 72];
        private readonly byte[] _tsv = new byte[7];

        private bool _active;
        private bool _stalled;
        private long _doneAtNs;
        private int _length;        // bytes on the wire after padding, including the FCS
        private bool _crcBad;
        private bool _giant;
        private bool _abortedLast;

        /// <summary>Errata #12: set by a half-duplex abort, cleared only by TXRST.</summary>
        public bool StallPending;
        public int InjectedLateCollisions;
        /// <summary>Test hook: the next n half-duplex transmissions meet a collision on every attempt (a busy segment).</summary>
        public int InjectedExcessiveCollisions;
        public int FramesSent, FramesAborted, FramesLostLinkDown, FramesCancelled;

        public TxEngine(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        public bool Busy
        {
            get { return _active || _stalled; }
        }

        public long BusyUntilNs
        {
            get { return _active ? _doneAtNs : 0; }
        }

        public bool LastAborted
        {
            get { return _abortedLast; }
        }

        /// <summary>TXRST set, or System Reset: stop at once, forget the errata-12 stall.</summary>
        public void Reset()
        {
            _active = false;
            _stalled = false;
            StallPending = false;
        }

        public void Start()
        {
            RegisterFile r = _chip.Regs;
            int econ1 = r.Get(0, ChipRegisters.ECON1);
            if ((econ1 & ChipRegisters.ECON1_TXRST) != 0)
            {
                _chip.Violation("TXRTS set while ECON1.TXRST=1: the transmit logic is held in reset and will never finish");
                _stalled = true;
                return;
            }
            if (_chip.PowerSave)
            {
                _chip.Violation("TXRTS set in power-save (ECON2.PWRSV=1)");
                _stalled = true;
                return;
            }
            if (StallPending && _chip.Errata.TxStallsAfterAbort)
            {
                _stalled = true; // errata #12: TXRTS stays set until the host gives up and toggles TXRST
                return;
            }
            int st = r.Pointer(0, ChipRegisters.ETXSTL);
            int nd = r.Pointer(0, ChipRegisters.ETXNDL);
            int macon3 = r.Get(2, ChipRegisters.MACON3);
            _chip.CheckTxSetup(st, nd, macon3);

            byte[] mem = _chip.Memory;
            int control = mem[st];
            int p = BufferMemory.NextLinear(st);
            int n = 0;
            int span = ((nd - st) & ChipRegisters.PointerMask);
            for (int i = 0; i < span && n < RxEngine.MaxFrame; i++)
            {
                _frame[n++] = mem[p];
                p = BufferMemory.NextLinear(p);
            }

            bool pad, crc, huge;
            int padTo;
            if ((control & 0x01) != 0)
            {
                // Per-packet override (DS Fig. 7-1): bit 3 PHUGEEN, bit 2 PPADEN, bit 1 PCRCEN.
                huge = (control & 0x08) != 0;
                pad = (control & 0x04) != 0;
                crc = (control & 0x02) != 0;
                padTo = 60;
            }
            else
            {
                int padcfg = (macon3 >> 5) & 7;
                huge = (macon3 & ChipRegisters.MACON3_HFRMEN) != 0;
                crc = (macon3 & ChipRegisters.MACON3_TXCRCEN) != 0;
                pad = (padcfg & 1) != 0;
                padTo = padcfg == 1 ? 60 : 64;
                if (padcfg == 5) padTo = n >= 14 && _frame[12] == 0x81 && _frame[13] == 0x00 ? 64 : 60;
            }
            if (pad)
            {
                crc = true; // docs/enc28j60.md §2.5 PADCFG: a padded frame always gets a valid CRC appended
                while (n < padTo) _frame[n++] = 0;
            }
            _crcBad = false;
            if (crc)
            {
                Crc32.Append(_frame, 0, n);
                n += 4;
            }
            else
            {
                _crcBad = !Crc32.Check(_frame, 0, n);
            }
            _length = n;
            int maxLength = r.Word(2, ChipRegisters.MAMXFLL);
            _giant = n > maxLength && !huge;

            long start = _chip.NowNs;
            long dmaBusy = _chip.DmaBusyUntilNs;
            if (dmaBusy > start) start = dmaBusy; // TX and DMA share the buffer port (DS §13)
            _doneAtNs = start + (8 + n + 12) * Enc28j60Chip.WireByteNs;
            _active = true;
        }

        /// <summary>Host cleared TXRTS while the frame was in flight: cancelled, TXIF set, Done clear.</summary>
        public void Cancel()
        {
            if (!_active && !_stalled) return;
            bool wasActive = _active;
            _active = false;
            _stalled = false;
            FramesCancelled++;
            if (wasActive) WriteTsv(false, false, false, false);
            _chip.SetEirFlag(ChipRegisters.EIR_TXIF);
        }

        public void Update(long nowNs)
        {
            if (!_active || nowNs < _doneAtNs) return;
            _active = false;
            _chip.NoteTxActivity();
            RegisterFile r = _chip.Regs;
            bool fullDuplex = (r.Get(2, ChipRegisters.MACON3) & ChipRegisters.MACON3_FULDPX) != 0;
            bool late = false;
            bool excessive = false;
            if (!fullDuplex && !_giant && _chip.LinkUp)
            {
                if (InjectedExcessiveCollisions > 0)
                {
                    // DS §7.1: the MAC retransmits after a normal collision by itself, MACLCON1.RETMAX times, then
                    // aborts with TSV bit 28 (excessive collisions) and TXERIF; it is not a late collision.
                    InjectedExcessiveCollisions--;
                    excessive = true;
                }
                else if (InjectedLateCollisions > 0)
                {
                    InjectedLateCollisions--;
                    late = true;
                }
                else if (_chip.Errata.LinkPulseLateCollision && _chip.Random.Chance(_chip.Errata.LateCollisionPercent))
                {
                    late = true; // errata #13: a link pulse is taken for a collision
                }
            }
            bool abort = late || excessive || _giant;
            _abortedLast = abort;
            WriteTsv(!abort, late, excessive, _giant);
            r.Set(0, ChipRegisters.ECON1, r.Get(0, ChipRegisters.ECON1) & ~ChipRegisters.ECON1_TXRTS);
            if (abort)
            {
                FramesAborted++;
                _chip.SetEirFlag(ChipRegisters.EIR_TXERIF | ChipRegisters.EIR_TXIF);
                int estat = ChipRegisters.ESTAT_TXABRT;
                if (late && !_chip.Errata.LatecolUnreliable) estat |= ChipRegisters.ESTAT_LATECOL; // errata #15
                _chip.SetEstatFlag(estat);
                if (!fullDuplex) StallPending = true;
                return;
            }
            _chip.SetEirFlag(ChipRegisters.EIR_TXIF);
            FramesSent++;
            if (_crcBad) return; // a frame with a wrong FCS is discarded by every receiver
            _chip.Emit(_frame, _length - 4);
        }

        private void WriteTsv(bool done, bool late, bool excessive, bool giant)
        {
            int count = _length;
            bool broadcast = _length >= 6 && RxFilter.IsBroadcast(_frame);
            bool multicast = _length >= 6 && (_frame[0] & 1) != 0 && !broadcast;
            int type = _length >= 14 ? (_frame[12] << 8) | _frame[13] : 0;
            _tsv[0] = (byte)count;
            _tsv[1] = (byte)(count >> 8);
            int b2 = late ? 1 : 0;                       // collision count
            if (excessive) b2 = _chip.Regs.Get(2, ChipRegisters.MACLCON1) & 0x0F; // RETMAX retransmissions
            if (_crcBad) b2 |= 0x10;                      // 20 CRC error
            if (type > 1500) b2 |= 0x40;                  // 22 length out of range
            if (done) b2 |= 0x80;                         // 23 done
            _tsv[2] = (byte)b2;
            int b3 = 0;
            if (excessive) b3 |= 0x10;                    // 28 excessive collisions
            if (multicast) b3 |= 0x01;                    // 24
            if (broadcast) b3 |= 0x02;                    // 25
            if (late) b3 |= 0x20;                         // 29 late collision (the reliable indicator, errata #15)
            if (giant) b3 |= 0x40;                        // 30 giant
            _tsv[3] = (byte)b3;
            int onWire = late ? count + count : count;
            _tsv[4] = (byte)onWire;
            _tsv[5] = (byte)(onWire >> 8);
            int b6 = 0;
            if (type == 0x8808) b6 |= 0x01;               // 48 control frame
            if (type == 0x8100) b6 |= 0x08;               // 51 VLAN
            _tsv[6] = (byte)b6;
            int p = BufferMemory.NextLinear(_chip.Regs.Pointer(0, ChipRegisters.ETXNDL));
            byte[] mem = _chip.Memory;
            for (int i = 0; i < 7; i++)
            {
                mem[p] = _tsv[i];
                p = BufferMemory.NextLinear(p);
            }
        }
    }
}
