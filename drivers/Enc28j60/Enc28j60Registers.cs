namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// Register addresses (DS39662E Table 3-1). Encoding of each constant: bits 4:0 = address, bits 6:5 =
    /// bank, bit 7 = MAC/MII register (RCR clocks a dummy byte first, BFS/BFC forbidden; DS Fig. 4-4).
    /// Addresses 0x1B–0x1F exist in every bank and never need a bank switch.
    /// </summary>
    internal static class Reg
    {
        public const int MacMii = 0x80;
        private const int B0 = 0x00, B1 = 0x20, B2 = 0x40, B3 = 0x60;

        // Common to all banks.
        public const int EIE = 0x1B, EIR = 0x1C, ESTAT = 0x1D, ECON2 = 0x1E, ECON1 = 0x1F;

        // Bank 0: buffer pointers.
        public const int ERDPTL = B0 | 0x00, ERDPTH = B0 | 0x01, EWRPTL = B0 | 0x02, EWRPTH = B0 | 0x03;
        public const int ETXSTL = B0 | 0x04, ETXSTH = B0 | 0x05, ETXNDL = B0 | 0x06, ETXNDH = B0 | 0x07;
        public const int ERXSTL = B0 | 0x08, ERXSTH = B0 | 0x09, ERXNDL = B0 | 0x0A, ERXNDH = B0 | 0x0B;
        public const int ERXRDPTL = B0 | 0x0C, ERXRDPTH = B0 | 0x0D;
        public const int EDMASTL = B0 | 0x10, EDMASTH = B0 | 0x11, EDMANDL = B0 | 0x12, EDMANDH = B0 | 0x13;
        public const int EDMACSL = B0 | 0x16, EDMACSH = B0 | 0x17;

        // Bank 1: filters.
        public const int EHT0 = B1 | 0x00;
        public const int ERXFCON = B1 | 0x18, EPKTCNT = B1 | 0x19;

        // Bank 2: MAC and MII (all need the dummy byte).
        public const int MACON1 = B2 | MacMii | 0x00, MACON3 = B2 | MacMii | 0x02, MACON4 = B2 | MacMii | 0x03;
        public const int MABBIPG = B2 | MacMii | 0x04, MAIPGL = B2 | MacMii | 0x06, MAIPGH = B2 | MacMii | 0x07;
        public const int MACLCON1 = B2 | MacMii | 0x08, MACLCON2 = B2 | MacMii | 0x09;
        public const int MAMXFLL = B2 | MacMii | 0x0A, MAMXFLH = B2 | MacMii | 0x0B;
        public const int MICMD = B2 | MacMii | 0x12, MIREGADR = B2 | MacMii | 0x14;
        public const int MIWRL = B2 | MacMii | 0x16, MIWRH = B2 | MacMii | 0x17;
        public const int MIRDL = B2 | MacMii | 0x18, MIRDH = B2 | MacMii | 0x19;

        // Bank 3. MAADR1 (first octet on the wire) sits at 0x04, see docs/enc28j60.md §2.1.
        public const int MAADR5 = B3 | MacMii | 0x00, MAADR6 = B3 | MacMii | 0x01, MAADR3 = B3 | MacMii | 0x02;
        public const int MAADR4 = B3 | MacMii | 0x03, MAADR1 = B3 | MacMii | 0x04, MAADR2 = B3 | MacMii | 0x05;
        public const int MISTAT = B3 | MacMii | 0x0A;
        public const int EREVID = B3 | 0x12, ECOCON = B3 | 0x15;
    }

    /// <summary>Register bits (DS39662E §3, docs/enc28j60.md §2.3–2.6).</summary>
    internal static class Bits
    {
        // ECON1
        public const byte TXRST = 0x80, RXRST = 0x40, DMAST = 0x20, CSUMEN = 0x10, TXRTS = 0x08, RXEN = 0x04;
        public const byte BSEL1 = 0x02, BSEL0 = 0x01;
        // ECON2
        public const byte AUTOINC = 0x80, PKTDEC = 0x40, PWRSV = 0x20, VRPS = 0x08;
        // ESTAT
        public const byte INT = 0x80, BUFER = 0x40, LATECOL = 0x10, RXBUSY = 0x04, TXABRT = 0x02, CLKRDY = 0x01;
        // EIE / EIR
        public const byte INTIE = 0x80, PKTIE = 0x40, DMAIE = 0x20, LINKIE = 0x10, TXIE = 0x08, TXERIE = 0x02, RXERIE = 0x01;
        public const byte PKTIF = 0x40, DMAIF = 0x20, LINKIF = 0x10, TXIF = 0x08, TXERIF = 0x02, RXERIF = 0x01;
        // ERXFCON
        public const byte UCEN = 0x80, ANDOR = 0x40, CRCEN = 0x20, PMEN = 0x10, MPEN = 0x08, HTEN = 0x04, MCEN = 0x02, BCEN = 0x01;
        // MACON1
        public const byte TXPAUS = 0x08, RXPAUS = 0x04, MARXEN = 0x01;
        // MACON3: PADCFG0 = pad to 60 and append CRC.
        public const byte PADCFG0 = 0x20, TXCRCEN = 0x10, FRMLNEN = 0x02, FULDPX = 0x01;
        // MACON4
        public const byte DEFER = 0x40;
        // MICMD / MISTAT
        public const byte MIIRD = 0x01, MISTAT_BUSY = 0x01;

        // SPI opcodes (DS Table 4-1).
        public const byte OpRcr = 0x00, OpRbm = 0x3A, OpWcr = 0x40, OpWbm = 0x7A, OpBfs = 0x80, OpBfc = 0xA0, OpSrc = 0xFF;
    }

    /// <summary>PHY registers (reached through MII) and their bits, DS §3.3 and docs/enc28j60.md §2.6.</summary>
    internal static class Phy
    {
        public const int PHCON1 = 0x00, PHSTAT1 = 0x01, PHCON2 = 0x10, PHSTAT2 = 0x11, PHIE = 0x12, PHIR = 0x13, PHLCON = 0x14;
        public const int PDPXMD = 0x0100, HDLDIS = 0x0100, LSTAT = 0x0400, DPXSTAT = 0x0200;
        public const int PGEIE = 0x0002, PLNKIE = 0x0010;
        /// <summary>LEDA = link status, LEDB = TX/RX activity, stretched (the Linux driver's choice, not errata #11's 1110).</summary>
        public const int LedConfig = 0x3476;
    }
}
