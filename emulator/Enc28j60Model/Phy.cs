namespace NanoStack.Emulator
{
    /// <summary>
    /// The PHY registers (DS §3.3, docs/enc28j60.md §2.6) and the MII management interface that reaches them: every
    /// MIIRD or MIWRH takes 10.24 µs with MISTAT.BUSY set; MIISCAN repeats the read. LLSTAT latches low, PHIR is
    /// cleared by an MII read of it, EIR.LINKIF shadows PHIR.PGIF.
    /// </summary>
    internal sealed class Phy
    {
        public const long MiiCycleNs = 10240;
        private const int OpNone = 0, OpRead = 1, OpWrite = 2, OpScan = 3;

        private readonly Enc28j60Chip _chip;
        public int Phcon1, Phcon2, Phie, Phir, Phlcon;
        private bool _llstat;
        private bool _cableLinkUp = true;

        private int _op;
        private long _doneAtNs;
        private int _address;
        private int _data;
        private bool _nvalid;
        public int Mird;
        public long ResetAtNs = -1000000000L;

        /// <summary>Duplex the LEDB strap would select (docs/enc28j60.md §2.6: PDPXMD reset value).</summary>
        public bool StrapFullDuplex;

        public Phy(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        public void Reset(long nowNs)
        {
            bool full = StrapFullDuplex;
            if (_chip.Errata.DuplexStrapUnreliable) full = (_chip.Random.NextUInt() & 1) != 0; // errata #16
            Phcon1 = full ? ChipRegisters.PHCON1_PDPXMD : 0;
            Phcon2 = 0;
            Phie = 0;
            Phir = 0;
            Phlcon = 0x3422;
            _llstat = false;
            _op = OpNone;
            _nvalid = false;
            Mird = 0;
            ResetAtNs = nowNs;
        }

        public bool Busy
        {
            get { return _op != OpNone; }
        }

        public bool Scanning
        {
            get { return _op == OpScan; }
        }

        public bool FullDuplex
        {
            get { return (Phcon1 & ChipRegisters.PHCON1_PDPXMD) != 0; }
        }

        public bool LinkUp
        {
            get
            {
                if ((Phcon2 & ChipRegisters.PHCON2_FRCLNK) != 0) return true;
                return _cableLinkUp && (Phcon1 & ChipRegisters.PHCON1_PPWRSV) == 0 && !_chip.PowerSave;
            }
        }

        public bool Pgif
        {
            get { return (Phir & ChipRegisters.PHIR_PGIF) != 0; }
        }

        public int Mistat
        {
            get
            {
                int v = 0;
                if (_op != OpNone) v |= ChipRegisters.MISTAT_BUSY;
                if (_op == OpScan) v |= ChipRegisters.MISTAT_SCAN;
                if (_nvalid) v |= ChipRegisters.MISTAT_NVALID;
                return v;
            }
        }

        /// <summary>Cable side: link pulses appear or disappear. Sets PLNKIF (and PGIF when enabled) on a change.</summary>
        public void SetCableLink(bool up)
        {
            bool before = LinkUp;
            _cableLinkUp = up;
            LinkChanged(before);
        }

        /// <summary>ECON2.PWRSV changed: the PHY went down or came back.</summary>
        public void PowerChanged(bool before)
        {
            LinkChanged(before);
        }

        private void LinkChanged(bool before)
        {
            bool after = LinkUp;
            if (before == after) return;
            if (!after) _llstat = false; // LLSTAT latches low until read
            Phir |= ChipRegisters.PHIR_PLNKIF;
            if ((Phie & ChipRegisters.PHIE_PGEIE) != 0 && (Phie & ChipRegisters.PHIE_PLNKIE) != 0) Phir |= ChipRegisters.PHIR_PGIF;
        }

        /// <summary>Value of a PHY register; with sideEffects the read-to-clear and latch rules apply (a real MII read).</summary>
        public int Read(int address, bool sideEffects)
        {
            switch (address)
            {
                case ChipRegisters.PHCON1: return Phcon1;
                case ChipRegisters.PHSTAT1:
                {
                    int v = ChipRegisters.PHSTAT1_PFDPX | ChipRegisters.PHSTAT1_PHDPX;
                    if (_llstat) v |= ChipRegisters.PHSTAT1_LLSTAT;
                    if (sideEffects) _llstat = LinkUp;
                    return v;
                }
                case ChipRegisters.PHID1: return 0x0083;
                case ChipRegisters.PHID2: return 0x1400;
                case ChipRegisters.PHCON2: return Phcon2;
                case ChipRegisters.PHSTAT2:
                {
                    int v = 0;
                    if (LinkUp) v |= ChipRegisters.PHSTAT2_LSTAT;
                    if (FullDuplex) v |= ChipRegisters.PHSTAT2_DPXSTAT;
                    if (_chip.TxBusy) v |= ChipRegisters.PHSTAT2_TXSTAT;
                    return v;
                }
                case ChipRegisters.PHIE: return Phie;
                case ChipRegisters.PHIR:
                {
                    int v = Phir;
                    if (sideEffects) Phir = 0;
                    return v;
                }
                case ChipRegisters.PHLCON: return Phlcon;
                default: return 0; // unimplemented PHY addresses read 0 (DS §3.3)
            }
        }

        private void Write(int address, int value)
        {
            bool before = LinkUp;
            switch (address)
            {
                case ChipRegisters.PHCON1:
                    if ((value & ChipRegisters.PHCON1_PRST) != 0)
                    {
                        Reset(_chip.NowNs); // PRST self-clears after the reset
                        return;
                    }
                    Phcon1 = value & (ChipRegisters.PHCON1_PLOOPBK | ChipRegisters.PHCON1_PPWRSV | ChipRegisters.PHCON1_PDPXMD);
                    break;
                case ChipRegisters.PHCON2:
                    Phcon2 = value & (ChipRegisters.PHCON2_FRCLNK | ChipRegisters.PHCON2_TXDIS | ChipRegisters.PHCON2_JABBER | ChipRegisters.PHCON2_HDLDIS);
                    break;
                case ChipRegisters.PHIE:
                    Phie = value & (ChipRegisters.PHIE_PLNKIE | ChipRegisters.PHIE_PGEIE);
                    break;
                case ChipRegisters.PHLCON:
                    Phlcon = value & 0x3FFE;
                    break;
                default:
                    return; // read-only or unimplemented: ignored
            }
            LinkChanged(before);
        }

        private bool CheckAccess(string what)
        {
            if (_chip.PowerSave)
            {
                _chip.Violation(what + " while ECON2.PWRSV=1: the PHY is powered down (DS §3.3)");
                return false;
            }
            long since = _chip.NowNs - ResetAtNs;
            if (since < 50000)
            {
                _chip.Violation(what + " only " + (since / 1000).ToString() + " us after a reset; wait 50 us (DS §3.3)");
            }
            if (_op != OpNone && _op != OpScan)
            {
                _chip.Violation(what + " while MISTAT.BUSY=1 (DS §3.3.1: wait for BUSY to clear)");
                return false;
            }
            return true;
        }

        public void StartRead(int address)
        {
            if (!CheckAccess("MII read (MICMD.MIIRD)")) return;
            _op = OpRead;
            _address = address & 0x1F;
            _doneAtNs = _chip.NowNs + MiiCycleNs;
        }

        public void StartScan(int address)
        {
            if (!CheckAccess("MII scan (MICMD.MIISCAN)")) return;
            _op = OpScan;
            _address = address & 0x1F;
            _nvalid = true;
            _doneAtNs = _chip.NowNs + MiiCycleNs;
        }

        public void StopScan()
        {
            if (_op == OpScan) _op = OpNone;
        }

        public void StartWrite(int address, int value)
        {
            if (!CheckAccess("MII write (MIWRH)")) return;
            _op = OpWrite;
            _address = address & 0x1F;
            _data = value & 0xFFFF;
            _doneAtNs = _chip.NowNs + MiiCycleNs;
        }

        public void Update(long nowNs)
        {
            if (_op == OpNone || nowNs < _doneAtNs) return;
            if (_op == OpRead)
            {
                Mird = Read(_address, true);
                _op = OpNone;
            }
            else if (_op == OpWrite)
            {
                _op = OpNone;
                Write(_address, _data);
            }
            else
            {
                Mird = Read(_address, true);
                _nvalid = false;
                long cycles = (nowNs - _doneAtNs) / MiiCycleNs + 1;
                _doneAtNs += cycles * MiiCycleNs;
            }
        }
    }
}
