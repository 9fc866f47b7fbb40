namespace NanoStack.Emulator
{
    /// <summary>
    /// The ERXFCON receive filters (DS §8, docs/enc28j60.md §2.4): unicast, broadcast, multicast, hash table, pattern
    /// match and Magic Packet, combined with OR (ANDOR=0) or AND (ANDOR=1). No filter enabled = promiscuous.
    /// </summary>
    internal static class RxFilter
    {
        private static readonly InternetChecksum PatternSum = new InternetChecksum();

        public static bool IsBroadcast(byte[] f)
        {
            for (int i = 0; i < 6; i++) if (f[i] != 0xFF) return false;
            return true;
        }

        public static bool Accept(Enc28j60Chip chip, byte[] f, int total, int filters)
        {
            int enabled = filters & (ChipRegisters.ERXFCON_UCEN | ChipRegisters.ERXFCON_PMEN | ChipRegisters.ERXFCON_MPEN
                | ChipRegisters.ERXFCON_HTEN | ChipRegisters.ERXFCON_MCEN | ChipRegisters.ERXFCON_BCEN);
            if (enabled == 0) return true;
            bool and = (filters & ChipRegisters.ERXFCON_ANDOR) != 0;
            bool any = false;
            bool all = true;
            for (int bit = 0x80; bit != 0; bit >>= 1)
            {
                if ((enabled & bit) == 0) continue;
                bool r = Test(chip, f, total, bit);
                any |= r;
                all &= r;
            }
            return and ? all : any;
        }

        private static bool Test(Enc28j60Chip chip, byte[] f, int total, int bit)
        {
            switch (bit)
            {
                case ChipRegisters.ERXFCON_UCEN: return IsOurs(chip, f, 0);
                case ChipRegisters.ERXFCON_BCEN: return IsBroadcast(f);
                case ChipRegisters.ERXFCON_MCEN: return (f[0] & 1) != 0; // DS: LSb of the destination set (includes broadcast)
                case ChipRegisters.ERXFCON_HTEN:
                {
                    int index = Crc32.HashIndex(f, 0);
                    int eht = chip.Regs.Get(1, ChipRegisters.EHT0 + (index >> 3));
                    return (eht & (1 << (index & 7))) != 0;
                }
                case ChipRegisters.ERXFCON_MPEN: return MagicPacket(chip, f, total);
                case ChipRegisters.ERXFCON_PMEN:
                {
                    if (PatternMatch(chip, f, total)) return true;
                    // errata #18: the pattern-match filter lets some extra frames through.
                    return chip.Errata.PatternMatchAcceptsExtra && chip.Random.Chance(chip.Errata.PatternMatchExtraPercent);
                }
                default: return false;
            }
        }

        private static bool IsOurs(Enc28j60Chip chip, byte[] f, int offset)
        {
            byte[] mac = chip.MacAddressScratch();
            for (int i = 0; i < 6; i++) if (f[offset + i] != mac[i]) return false;
            return true;
        }

        /// <summary>
        /// Pattern match (DS §8.2, docs/enc28j60.md §2.4): the bytes of the 64-byte window at EPMO selected by EPMM (bit i = byte i)
        /// are checksummed like IP and compared with EPMCS. A window reaching past the frame does not match.
        /// </summary>
        private static bool PatternMatch(Enc28j60Chip chip, byte[] f, int total)
        {
            RegisterFile r = chip.Regs;
            int offset = r.Pointer(1, ChipRegisters.EPMOL);
            PatternSum.Reset();
            for (int i = 0; i < 64; i++)
            {
                int mask = r.Get(1, ChipRegisters.EPMM0 + (i >> 3));
                if ((mask & (1 << (i & 7))) == 0) continue;
                int at = offset + i;
                if (at >= total - 4) return false;
                PatternSum.Add(f[at]);
            }
            return PatternSum.Result == r.Word(1, ChipRegisters.EPMCSL);
        }

        /// <summary>Magic Packet (docs/enc28j60.md §2.4; whether broadcast-addressed magic packets count is unverified): addressed to us (or broadcast), holding FF×6 then our MAC 16 times.</summary>
        private static bool MagicPacket(Enc28j60Chip chip, byte[] f, int total)
        {
            if (!IsOurs(chip, f, 0) && !IsBroadcast(f)) return false;
            int end = total - 4;
            for (int s = 12; s + 102 <= end; s++)
            {
                bool ok = true;
                for (int i = 0; i < 6 && ok; i++) ok = f[s + i] == 0xFF;
                for (int k = 0; k < 16 && ok; k++) ok = IsOurs(chip, f, s + 6 + 6 * k);
                if (ok) return true;
            }
            return false;
        }
    }
}
