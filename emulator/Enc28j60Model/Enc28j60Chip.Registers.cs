namespace NanoStack.Emulator
{
    /// <summary>How a control register is being written: WCR replaces, BFS ORs, BFC ANDs NOT (DS §4.2).</summary>
    internal enum WriteKind
    {
        Write,
        BitSet,
        BitClear
    }

    /// <summary>Control-register semantics: reset, read composition and write side effects (DS §3, docs/enc28j60.md §2).</summary>
    public sealed partial class Enc28j60Chip
    {
        private long _clockReadyAtNs;
        private long _accessBlockedUntilNs;
        private int _erxrdptLatchLow;

        private void PowerOnReset()
        {
            ResetState(false);
            _clockReadyAtNs = 0;
            _accessBlockedUntilNs = 0;
        }

        /// <summary>Register, engine and PHY reset common to power-on, RESET pin and SRC. Buffer contents survive.</summary>
        private void ResetState(bool keepEcocon)
        {
            Regs.Reset(keepEcocon);
            Regs.Set(3, ChipRegisters.EREVID, Enc28j60Errata.RevisionId(_revision));
            _erxrdptLatchLow = Regs.Get(0, ChipRegisters.ERXRDPTL);
            _rx.Reset(0);
            _tx.Reset();
            _dma.Reset();
            _phy.Reset(_nowNs);
            _bist.Reset();
        }

        /// <summary>SRC (docs/enc28j60.md §1, §6). Errata #19: ignored in power-save. Errata #2: CLKRDY does not drop.</summary>
        internal void SystemReset()
        {
            if (PowerSave && _errata.ResetIgnoredInPowerSave)
            {
                Violation("SRC while ECON2.PWRSV=1 is ignored (errata #19): leave power-save first");
                return;
            }
            ResetState(true);
            if (_errata.ClkrdyEarlyAfterReset)
            {
                _clockReadyAtNs = 0; // CLKRDY keeps reading 1 ...
                _accessBlockedUntilNs = _nowNs + ResetRecoveryNs; // ... while the chip is not usable yet
            }
            else
            {
                _clockReadyAtNs = _nowNs + OscillatorStartNs;
                _accessBlockedUntilNs = _clockReadyAtNs;
            }
        }

        internal bool AccessBlocked
        {
            get { return _nowNs < _accessBlockedUntilNs; }
        }

        internal long AccessBlockedRemainingNs
        {
            get { return _accessBlockedUntilNs - _nowNs; }
        }

        private bool ClockReady
        {
            get { return _nowNs >= _clockReadyAtNs && !PowerSave; }
        }

        /// <summary>A control register as the chip presents it. Without peek, reads may have side effects (errata #6 randomness).</summary>
        internal int ReadRegister(int bank, int address, bool peek)
        {
            if (address >= 0x1B) bank = 0;
            if (!Regs.IsImplemented(bank, address)) return 0;
            int v = Regs.Get(bank, address);
            switch (address)
            {
                case ChipRegisters.EIR:
                    if (_rx.PacketCount > 0)
                    {
                        v |= ChipRegisters.EIR_PKTIF;
                        // errata #6: PKTIF does not reliably report pending packets.
                        if (!peek && _errata.PktifUnreliable && Random.Chance(_errata.PktifMissPercent)) v &= ~ChipRegisters.EIR_PKTIF;
                    }
                    if (_phy.Pgif) v |= ChipRegisters.EIR_LINKIF;
                    return v;
                case ChipRegisters.ESTAT:
                    v &= 0x52;
                    if (_rx.Busy(_nowNs)) v |= ChipRegisters.ESTAT_RXBUSY;
                    if (PendingInterrupts() != 0) v |= ChipRegisters.ESTAT_INT;
                    if (ClockReady) v |= ChipRegisters.ESTAT_CLKRDY;
                    return v;
                case ChipRegisters.ECON2:
                    return v & ~ChipRegisters.ECON2_PKTDEC;
                case ChipRegisters.EIE:
                case ChipRegisters.ECON1:
                    return v;
            }
            if (bank == 0)
            {
                if (address == ChipRegisters.ERXWRPTL) return _rx.WritePointer & 0xFF;
                if (address == ChipRegisters.ERXWRPTH) return _rx.WritePointer >> 8;
            }
            else if (bank == 1)
            {
                if (address == ChipRegisters.EPKTCNT) return _rx.PacketCount;
            }
            else if (bank == 2)
            {
                if (!peek && (address == ChipRegisters.MIRDL || address == ChipRegisters.MIRDH) && _phy.Busy && !_phy.Scanning)
                {
                    Violation("MIRD read while MISTAT.BUSY=1: the MII read has not finished (DS §3.3.1)");
                }
                if (address == ChipRegisters.MIRDL) return _phy.Mird & 0xFF;
                if (address == ChipRegisters.MIRDH) return _phy.Mird >> 8;
            }
            else
            {
                if (address == ChipRegisters.MISTAT) return _phy.Mistat;
                if (address == ChipRegisters.EFLOCON)
                {
                    bool fd = (Regs.Get(2, ChipRegisters.MACON3) & ChipRegisters.MACON3_FULDPX) != 0;
                    return (v & 0x03) | (fd ? 0x04 : 0);
                }
            }
            return v;
        }

        /// <summary>WCR/BFS/BFC on a control register, with the side effects the chip attaches to it.</summary>
        internal void WriteRegister(int bank, int address, int data, WriteKind kind)
        {
            if (address >= 0x1B)
            {
                WriteCommon(address, data, kind);
                return;
            }
            int mask = Regs.WriteMask(bank, address);
            if (mask == 0) return; // read-only or unimplemented
            int old = Regs.Get(bank, address);
            int value = kind == WriteKind.Write ? data : kind == WriteKind.BitSet ? old | data : old & ~data;
            value = (old & ~mask) | (value & mask);
            if (bank == 0)
            {
                WriteBank0(address, old, value);
                return;
            }
            if (bank == 2) WriteBank2(address, old, value);
            else Regs.Set(bank, address, value);
            if (bank == 3 && address == ChipRegisters.EBSTCON) _bist.Written(old, value);
        }

        private void WriteBank0(int address, int old, int value)
        {
            int econ1 = Regs.Get(0, ChipRegisters.ECON1);
            if (address >= ChipRegisters.ERXSTL && address <= ChipRegisters.ERXNDH)
            {
                if ((econ1 & ChipRegisters.ECON1_RXEN) != 0)
                {
                    Violation("ERXST/ERXND written while ECON1.RXEN=1: ignored by the chip (DS §6.1)");
                    return;
                }
                Regs.Set(0, address, value);
                // errata #5: the write pointer is (re)loaded, sometimes with 0x0000 instead of ERXST.
                _rx.WritePointer = _errata.RxStartWriteLoadsZero ? 0 : RxStart;
                return;
            }
            if (address == ChipRegisters.ERXRDPTL)
            {
                _erxrdptLatchLow = value; // DS §7.2.4: the low byte is buffered until the high byte is written
                return;
            }
            if (address == ChipRegisters.ERXRDPTH)
            {
                Regs.Set(0, ChipRegisters.ERXRDPTL, _erxrdptLatchLow);
                Regs.Set(0, ChipRegisters.ERXRDPTH, value);
                CheckErxrdpt("ERXRDPT written");
                return;
            }
            if (address >= ChipRegisters.ETXSTL && address <= ChipRegisters.ETXNDH && (econ1 & ChipRegisters.ECON1_TXRTS) != 0)
            {
                Violation("ETXST/ETXND written while ECON1.TXRTS=1 (DS §7.1: don't touch TX registers during a transmission)");
            }
            if (address >= ChipRegisters.EDMASTL && address <= ChipRegisters.EDMADSTH && (econ1 & ChipRegisters.ECON1_DMAST) != 0)
            {
                Violation("DMA pointers written while ECON1.DMAST=1 (DS §13)");
            }
            Regs.Set(0, address, value);
        }

        private void CheckErxrdpt(string what)
        {
            int rd = Erxrdpt;
            if ((rd & 1) == 0)
            {
                Violation(what + " with an even value 0x" + rd.ToString("X4") + ": must be odd (errata #14), e.g. next packet pointer - 1");
            }
            int st = RxStart;
            int nd = RxEnd;
            bool inside = st <= nd ? rd >= st && rd <= nd : rd >= st || rd <= nd;
            if (!inside)
            {
                Violation(what + ": 0x" + rd.ToString("X4") + " outside the RX FIFO [0x" + st.ToString("X4") + ", 0x" + nd.ToString("X4") + "]");
            }
        }

        private void WriteBank2(int address, int old, int value)
        {
            Regs.Set(2, address, value);
            if (address == ChipRegisters.MACON3 && ((old ^ value) & ChipRegisters.MACON3_FULDPX) != 0
                && (Regs.Get(0, ChipRegisters.ECON1) & ChipRegisters.ECON1_RXEN) != 0)
            {
                Violation("MACON3.FULDPX changed while ECON1.RXEN=1 (docs/enc28j60.md §6.1: configure duplex with the receiver off)");
            }
            else if (address == ChipRegisters.MICMD)
            {
                int reg = Regs.Get(2, ChipRegisters.MIREGADR);
                if ((value & ChipRegisters.MICMD_MIIRD) != 0 && (old & ChipRegisters.MICMD_MIIRD) == 0) _phy.StartRead(reg);
                if ((value & ChipRegisters.MICMD_MIISCAN) != 0 && (old & ChipRegisters.MICMD_MIISCAN) == 0) _phy.StartScan(reg);
                if ((value & ChipRegisters.MICMD_MIISCAN) == 0 && (old & ChipRegisters.MICMD_MIISCAN) != 0) _phy.StopScan();
            }
            else if (address == ChipRegisters.MIWRH)
            {
                int data = Regs.Get(2, ChipRegisters.MIWRL) | (value << 8);
                _phy.StartWrite(Regs.Get(2, ChipRegisters.MIREGADR), data);
            }
        }

        private void WriteCommon(int address, int data, WriteKind kind)
        {
            int old = Regs.Get(0, address);
            switch (address)
            {
                case ChipRegisters.EIR:
                case ChipRegisters.ESTAT:
                {
                    // Flags are readable/clearable: WCR can only clear (writing 0), BFC clears, BFS does nothing.
                    int clearable = address == ChipRegisters.EIR ? 0x2B : 0x52;
                    int value = old;
                    if (kind == WriteKind.Write) value = old & (data | ~clearable);
                    else if (kind == WriteKind.BitClear) value = old & ~(data & clearable);
                    Regs.Set(0, address, value);
                    return;
                }
                case ChipRegisters.EIE:
                    Regs.Set(0, address, Apply(old, data, kind) & 0xFB);
                    return;
                case ChipRegisters.ECON2:
                    WriteEcon2(old, Apply(old, data, kind) & 0xE8);
                    return;
                default:
                    WriteEcon1(old, Apply(old, data, kind));
                    return;
            }
        }

        private static int Apply(int old, int data, WriteKind kind)
        {
            if (kind == WriteKind.Write) return data & 0xFF;
            if (kind == WriteKind.BitSet) return old | data;
            return old & ~data;
        }

        private void WriteEcon2(int old, int value)
        {
            if ((value & ChipRegisters.ECON2_PKTDEC) != 0 && _rx.PacketCount > 0) _rx.PacketCount--; // self-clearing
            value &= ~ChipRegisters.ECON2_PKTDEC;
            bool wasSaving = (old & ChipRegisters.ECON2_PWRSV) != 0;
            bool saving = (value & ChipRegisters.ECON2_PWRSV) != 0;
            if (saving && !wasSaving)
            {
                if (_tx.Busy) Violation("ECON2.PWRSV set while a transmission is in progress (wait for TXRTS=0 first)");
                bool linkBefore = LinkUp;
                Regs.Set(0, ChipRegisters.ECON2, value);
                _phy.PowerChanged(linkBefore);
                return;
            }
            if (!saving && wasSaving)
            {
                bool linkBefore = LinkUp;
                Regs.Set(0, ChipRegisters.ECON2, value);
                _clockReadyAtNs = _nowNs + OscillatorStartNs; // DS §2.2: CLKRDY after the start-up timer
                _phy.PowerChanged(linkBefore);
                return;
            }
            Regs.Set(0, ChipRegisters.ECON2, value);
        }

        private void WriteEcon1(int old, int value)
        {
            int changed = old ^ value;
            Regs.Set(0, ChipRegisters.ECON1, value);

            if ((changed & ChipRegisters.ECON1_TXRST) != 0)
            {
                if ((value & ChipRegisters.ECON1_TXRST) != 0)
                {
                    _tx.Reset();
                    Regs.Set(0, ChipRegisters.ECON1, Regs.Get(0, ChipRegisters.ECON1) & ~ChipRegisters.ECON1_TXRTS);
                }
                else if (_errata.TxStallsAfterAbort && _tx.LastAborted)
                {
                    SetEirFlag(ChipRegisters.EIR_TXERIF); // errata #12: clearing TXRST may itself raise TXERIF
                }
            }
            if ((changed & value & ChipRegisters.ECON1_RXRST) != 0)
            {
                _rx.Reset(RxStart); // RX logic reset: nothing pending, writing restarts at ERXST
            }
            if ((changed & ChipRegisters.ECON1_RXEN) != 0 && (value & ChipRegisters.ECON1_RXEN) != 0)
            {
                CheckErxrdpt("RXEN set with ERXRDPT");
                CheckDuplex("RXEN set");
            }
            if ((changed & ChipRegisters.ECON1_CSUMEN) != 0 && (old & ChipRegisters.ECON1_DMAST) != 0 && _dma.Busy)
            {
                Violation("ECON1.CSUMEN changed while DMAST=1 (DS §13)");
            }
            if ((changed & ChipRegisters.ECON1_DMAST) != 0)
            {
                if ((value & ChipRegisters.ECON1_DMAST) != 0) _dma.Start();
                else _dma.Cancel();
            }
            if ((changed & ChipRegisters.ECON1_TXRTS) != 0)
            {
                if ((value & ChipRegisters.ECON1_TXRTS) != 0) _tx.Start();
                else _tx.Cancel();
            }
        }

        private void CheckDuplex(string when)
        {
            bool mac = (Regs.Get(2, ChipRegisters.MACON3) & ChipRegisters.MACON3_FULDPX) != 0;
            if (mac != _phy.FullDuplex)
            {
                Violation(when + " with MACON3.FULDPX != PHCON1.PDPXMD: MAC and PHY disagree on duplex (docs/enc28j60.md §6.1, errata #16)");
            }
        }

        /// <summary>Strict checks at TXRTS (docs/enc28j60.md §10): padding without CRC, TSV room, duplex.</summary>
        internal void CheckTxSetup(int st, int nd, int macon3)
        {
            CheckDuplex("TXRTS set");
            if (((macon3 >> 5) & 1) != 0 && (macon3 & ChipRegisters.MACON3_TXCRCEN) == 0)
            {
                Violation("MACON3 PADCFG enables padding without TXCRCEN (docs/enc28j60.md §2.5: padding requires TXCRCEN)");
            }
            if (nd < st)
            {
                Violation("TXRTS with ETXND 0x" + nd.ToString("X4") + " below ETXST 0x" + st.ToString("X4"));
            }
            int tsvEnd = nd + 7;
            int rs = RxStart;
            int re = RxEnd;
            bool overlaps = tsvEnd > ChipRegisters.PointerMask || (st <= re && tsvEnd >= rs);
            if (overlaps)
            {
                Violation("TX buffer 0x" + st.ToString("X4") + "..ETXND+7 (0x" + tsvEnd.ToString("X4") + ") overlaps the RX FIFO or runs past 0x1FFF");
            }
        }
    }
}
