namespace NanoStack.Emulator
{
    /// <summary>
    /// The two PHY LED outputs as configured by PHLCON (docs/enc28j60.md §2.6): LACFG bits 11:8 drive LEDA, LBCFG 7:4
    /// drive LEDB. Activity is stretched by LFRQ (40/70/140 ms) when STRCH is set. Blink modes report their phase.
    /// Errata #11: the combined duplex/collision mode 1110 does not work (the LED stays off).
    /// </summary>
    public sealed partial class Enc28j60Chip
    {
        private long _lastTxNs = long.MinValue / 2;
        private long _lastRxNs = long.MinValue / 2;

        public bool LedA
        {
            get { return Led((_phy.Phlcon >> 8) & 0x0F); }
        }

        public bool LedB
        {
            get { return Led((_phy.Phlcon >> 4) & 0x0F); }
        }

        internal void NoteTxActivity()
        {
            _lastTxNs = _nowNs;
        }

        internal void NoteRxActivity()
        {
            _lastRxNs = _nowNs;
        }

        private bool Recent(long lastNs)
        {
            long stretch = 0;
            if ((_phy.Phlcon & 0x02) != 0)
            {
                int lfrq = (_phy.Phlcon >> 2) & 3;
                stretch = lfrq == 0 ? 40000000L : lfrq == 1 ? 70000000L : 140000000L;
            }
            return _nowNs - lastNs <= stretch;
        }

        private bool Led(int mode)
        {
            bool tx = _tx.Busy || Recent(_lastTxNs);
            bool rx = Recent(_lastRxNs);
            switch (mode)
            {
                case 0x1: return tx;
                case 0x2: return rx;
                case 0x3: return false; // collisions are not modelled as events
                case 0x4: return LinkUp;
                case 0x5: return _phy.FullDuplex;
                case 0x7: return tx || rx;
                case 0x8: return true;
                case 0x9: return false;
                case 0xA: return (_nowNs / 100000000L & 1) == 0; // fast blink
                case 0xB: return (_nowNs / 400000000L & 1) == 0; // slow blink
                case 0xC: return LinkUp && !rx;                 // link, blinking off on RX activity
                case 0xD: return LinkUp && !(tx || rx);
                case 0xE: return !_errata.LedDuplexCollisionModeUnavailable && _phy.FullDuplex;
                default: return false;
            }
        }
    }
}
