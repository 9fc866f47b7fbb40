namespace NanoStack.Emulator
{
    /// <summary>
    /// One switch per behaviour-affecting erratum of DS80349C (docs/enc28j60.md §9.1). <see cref="ForRevision"/> turns on
    /// exactly the items that affect that silicon; tests flip single switches to prove a driver workaround is
    /// needed. Items 3, 4, 7 and 8 concern temperature, CLKOUT and the analog front end and have no
    /// observable effect on a register-level model (#11 is visible on the LED outputs).
    /// </summary>
    public sealed class Enc28j60Errata
    {
        /// <summary>#1 (B1/B4): MAC/MII accesses are unreliable when SCK is below 8 MHz.</summary>
        public bool SlowSpiCorruptsMacMii;
        /// <summary>#2: after SRC, CLKRDY stays set while the chip still ignores accesses for up to 1 ms.</summary>
        public bool ClkrdyEarlyAfterReset;
        /// <summary>#5: writing ERXST/ERXND loads 0x0000 (not ERXST) into the RX write pointer.</summary>
        public bool RxStartWriteLoadsZero;
        /// <summary>#6: EIR.PKTIF may read 0 while EPKTCNT is non-zero.</summary>
        public bool PktifUnreliable;
        /// <summary>#9: the half-duplex self-loopback (HDLDIS=0) delivers corrupted copies of our own frames.</summary>
        public bool HalfDuplexLoopbackUnreliable;
        /// <summary>#10: the full-duplex PHY loopback (PLOOPBK) loses frames.</summary>
        public bool FullDuplexLoopbackUnreliable;
        /// <summary>#11: the combined duplex/collision LED mode (PHLCON 1110) does not work.</summary>
        public bool LedDuplexCollisionModeUnavailable;
        /// <summary>#12: after a half-duplex TX abort the next TXRTS never completes unless TXRST was toggled.</summary>
        public bool TxStallsAfterAbort;
        /// <summary>#13 (B5/B7): in half duplex a received link pulse turns a transmission into a late-collision abort.</summary>
        public bool LinkPulseLateCollision;
        /// <summary>#14: an even ERXRDPT corrupts the next frame's header in the RX buffer.</summary>
        public bool EvenErxrdptCorruptsBuffer;
        /// <summary>#15: ESTAT.LATECOL is not set on a late collision (only the TSV bit 29 is right).</summary>
        public bool LatecolUnreliable;
        /// <summary>#16: the PDPXMD reset value (LED strap auto-detection) is random.</summary>
        public bool DuplexStrapUnreliable;
        /// <summary>#17: a DMA checksum that overlaps the reception of a frame aborts that frame.</summary>
        public bool DmaChecksumAbortsRx;
        /// <summary>#18: the pattern-match filter accepts extra frames.</summary>
        public bool PatternMatchAcceptsExtra;
        /// <summary>#19: SRC is ignored while ECON2.PWRSV is set.</summary>
        public bool ResetIgnoredInPowerSave;

        /// <summary>Percent of MAC/MII accesses corrupted by #1.</summary>
        public int SlowSpiCorruptPercent = 25;
        /// <summary>Percent of EIR reads whose PKTIF is wrongly 0 under #6.</summary>
        public int PktifMissPercent = 50;
        /// <summary>Percent of half-duplex transmissions turned into late collisions by #13.</summary>
        public int LateCollisionPercent = 2;
        /// <summary>Percent of pattern-match rejects that #18 lets through anyway.</summary>
        public int PatternMatchExtraPercent = 25;
        /// <summary>Percent of PLOOPBK frames lost under #10.</summary>
        public int LoopbackLossPercent = 50;

        /// <summary>The errata of one silicon revision, all on (B1/B4: #1 and not #13; B5/B7: #13 and not #1).</summary>
        public static Enc28j60Errata ForRevision(ChipRevision revision)
        {
            Enc28j60Errata e = new Enc28j60Errata();
            bool early = revision == ChipRevision.B1 || revision == ChipRevision.B4;
            e.SlowSpiCorruptsMacMii = early;
            e.LinkPulseLateCollision = !early;
            e.ClkrdyEarlyAfterReset = true;
            e.RxStartWriteLoadsZero = true;
            e.PktifUnreliable = true;
            e.HalfDuplexLoopbackUnreliable = true;
            e.FullDuplexLoopbackUnreliable = true;
            e.TxStallsAfterAbort = true;
            e.LedDuplexCollisionModeUnavailable = true;
            e.EvenErxrdptCorruptsBuffer = true;
            e.LatecolUnreliable = true;
            e.DuplexStrapUnreliable = true;
            e.DmaChecksumAbortsRx = true;
            e.PatternMatchAcceptsExtra = true;
            e.ResetIgnoredInPowerSave = true;
            return e;
        }

        /// <summary>An idealised chip that behaves exactly as the data sheet describes.</summary>
        public static Enc28j60Errata None()
        {
            return new Enc28j60Errata();
        }

        /// <summary>EREVID of a revision (docs/enc28j60.md §9.2).</summary>
        public static int RevisionId(ChipRevision revision)
        {
            switch (revision)
            {
                case ChipRevision.B1: return 0x02;
                case ChipRevision.B4: return 0x04;
                case ChipRevision.B5: return 0x05;
                default: return 0x06;
            }
        }
    }
}
