namespace NanoStack.Emulator
{
    /// <summary>
    /// Register addresses and bit masks of the ENC28J60 (DS39662E §3, docs/enc28j60.md §2). An address is the
    /// 5-bit SPI argument; banked registers (0x00-0x1A) are qualified by the bank in the model's tables.
    /// </summary>
    public static class ChipRegisters
    {
        // Common to all banks (DS §3.1, docs/enc28j60.md §2.3).
        public const int EIE = 0x1B, EIR = 0x1C, ESTAT = 0x1D, ECON2 = 0x1E, ECON1 = 0x1F;

        // Bank 0 pointers (docs/enc28j60.md §2.2).
        public const int ERDPTL = 0x00, ERDPTH = 0x01, EWRPTL = 0x02, EWRPTH = 0x03;
        public const int ETXSTL = 0x04, ETXSTH = 0x05, ETXNDL = 0x06, ETXNDH = 0x07;
        public const int ERXSTL = 0x08, ERXSTH = 0x09, ERXNDL = 0x0A, ERXNDH = 0x0B;
        public const int ERXRDPTL = 0x0C, ERXRDPTH = 0x0D, ERXWRPTL = 0x0E, ERXWRPTH = 0x0F;
        public const int EDMASTL = 0x10, EDMASTH = 0x11, EDMANDL = 0x12, EDMANDH = 0x13;
        public const int EDMADSTL = 0x14, EDMADSTH = 0x15, EDMACSL = 0x16, EDMACSH = 0x17;

        // Bank 1 (docs/enc28j60.md §2.4).
        public const int EHT0 = 0x00, EPMM0 = 0x08, EPMCSL = 0x10, EPMCSH = 0x11, EPMOL = 0x14, EPMOH = 0x15;
        public const int ERXFCON = 0x18, EPKTCNT = 0x19;

        // Bank 2 MAC/MII (docs/enc28j60.md §2.5).
        public const int MACON1 = 0x00, MACON3 = 0x02, MACON4 = 0x03, MABBIPG = 0x04, MAIPGL = 0x06, MAIPGH = 0x07;
        public const int MACLCON1 = 0x08, MACLCON2 = 0x09, MAMXFLL = 0x0A, MAMXFLH = 0x0B;
        public const int MICMD = 0x12, MIREGADR = 0x14, MIWRL = 0x16, MIWRH = 0x17, MIRDL = 0x18, MIRDH = 0x19;

        // Bank 3 (MAADR1..6 sit at scrambled addresses, docs/enc28j60.md §2.1).
        public const int MAADR5 = 0x00, MAADR6 = 0x01, MAADR3 = 0x02, MAADR4 = 0x03, MAADR1 = 0x04, MAADR2 = 0x05;
        public const int EBSTSD = 0x06, EBSTCON = 0x07, EBSTCSL = 0x08, EBSTCSH = 0x09, MISTAT = 0x0A;
        public const int EREVID = 0x12, ECOCON = 0x15, EFLOCON = 0x17, EPAUSL = 0x18, EPAUSH = 0x19;

        // ECON1
        public const int ECON1_TXRST = 0x80, ECON1_RXRST = 0x40, ECON1_DMAST = 0x20, ECON1_CSUMEN = 0x10;
        public const int ECON1_TXRTS = 0x08, ECON1_RXEN = 0x04, ECON1_BSEL = 0x03;
        // ECON2
        public const int ECON2_AUTOINC = 0x80, ECON2_PKTDEC = 0x40, ECON2_PWRSV = 0x20, ECON2_VRPS = 0x08;
        // ESTAT
        public const int ESTAT_INT = 0x80, ESTAT_BUFER = 0x40, ESTAT_LATECOL = 0x10, ESTAT_RXBUSY = 0x04;
        public const int ESTAT_TXABRT = 0x02, ESTAT_CLKRDY = 0x01;
        // EIE / EIR
        public const int EIE_INTIE = 0x80;
        public const int EIR_PKTIF = 0x40, EIR_DMAIF = 0x20, EIR_LINKIF = 0x10, EIR_TXIF = 0x08;
        public const int EIR_TXERIF = 0x02, EIR_RXERIF = 0x01;
        // ERXFCON
        public const int ERXFCON_UCEN = 0x80, ERXFCON_ANDOR = 0x40, ERXFCON_CRCEN = 0x20, ERXFCON_PMEN = 0x10;
        public const int ERXFCON_MPEN = 0x08, ERXFCON_HTEN = 0x04, ERXFCON_MCEN = 0x02, ERXFCON_BCEN = 0x01;
        // MACON1 / MACON3
        public const int MACON1_TXPAUS = 0x08, MACON1_RXPAUS = 0x04, MACON1_PASSALL = 0x02, MACON1_MARXEN = 0x01;
        public const int MACON3_PADCFG = 0xE0, MACON3_TXCRCEN = 0x10, MACON3_PHDREN = 0x08, MACON3_HFRMEN = 0x04;
        public const int MACON3_FRMLNEN = 0x02, MACON3_FULDPX = 0x01;
        // MICMD / MISTAT
        public const int MICMD_MIISCAN = 0x02, MICMD_MIIRD = 0x01;
        public const int MISTAT_NVALID = 0x04, MISTAT_SCAN = 0x02, MISTAT_BUSY = 0x01;

        // PHY registers (docs/enc28j60.md §2.6).
        public const int PHCON1 = 0x00, PHSTAT1 = 0x01, PHID1 = 0x02, PHID2 = 0x03, PHCON2 = 0x10;
        public const int PHSTAT2 = 0x11, PHIE = 0x12, PHIR = 0x13, PHLCON = 0x14;
        public const int PHCON1_PRST = 0x8000, PHCON1_PLOOPBK = 0x4000, PHCON1_PPWRSV = 0x0800, PHCON1_PDPXMD = 0x0100;
        public const int PHSTAT1_PFDPX = 0x1000, PHSTAT1_PHDPX = 0x0800, PHSTAT1_LLSTAT = 0x0004, PHSTAT1_JBSTAT = 0x0002;
        public const int PHCON2_FRCLNK = 0x4000, PHCON2_TXDIS = 0x2000, PHCON2_JABBER = 0x0400, PHCON2_HDLDIS = 0x0100;
        public const int PHSTAT2_TXSTAT = 0x2000, PHSTAT2_RXSTAT = 0x1000, PHSTAT2_COLSTAT = 0x0800;
        public const int PHSTAT2_LSTAT = 0x0400, PHSTAT2_DPXSTAT = 0x0200;
        public const int PHIE_PLNKIE = 0x0010, PHIE_PGEIE = 0x0002;
        public const int PHIR_PLNKIF = 0x0010, PHIR_PGIF = 0x0004;

        // SPI opcodes (DS Table 4-1).
        public const int OP_RCR = 0x00, OP_RBM = 0x3A, OP_WCR = 0x40, OP_WBM = 0x7A, OP_BFS = 0x80, OP_BFC = 0xA0, OP_SRC = 0xFF;

        /// <summary>Size of the dual-port buffer; pointers are 13 bits (DS §3.2).</summary>
        public const int BufferSize = 8192;
        public const int PointerMask = 0x1FFF;

        /// <summary>True for the MAC/MII registers whose RCR shifts out a dummy byte first and that BFS/BFC must not touch (docs/enc28j60.md §1.1).</summary>
        public static bool IsMacMii(int bank, int address)
        {
            if (address >= 0x1A) return false;
            if (bank == 2) return true;
            if (bank == 3) return address <= 0x05 || address == MISTAT;
            return false;
        }
    }
}
