using System;

namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// One switch per silicon-errata workaround (numbering of DS80349C, see docs/enc28j60.md §9).
    /// All are on by default; the switches exist so that tests can remove one workaround at a time and
    /// prove, against the chip model with that erratum enabled, that the driver then fails.
    /// </summary>
    [Flags]
    public enum Enc28j60Workarounds
    {
        None = 0,

        /// <summary>Errata #2: CLKRDY is unreliable after SRC; wait ≥ 1 ms (we wait 2 ms, as Linux does).</summary>
        ResetDelay = 0x0001,

        /// <summary>Errata #19: SRC is ignored in power-save; clear ECON2.PWRSV and wait for CLKRDY first.</summary>
        LeavePowerSaveBeforeReset = 0x0002,

        /// <summary>Errata #5: writing ERXST/ERXND may load 0 into the RX write pointer; keep the RX FIFO at 0x0000.</summary>
        RxBufferAtZero = 0x0004,

        /// <summary>Errata #14: an even ERXRDPT may corrupt the RX buffer; always program next − 1 (odd), or ERXND.</summary>
        OddErxrdpt = 0x0008,

        /// <summary>Errata #6: EIR.PKTIF is unreliable; drive reception from EPKTCNT only.</summary>
        PacketCountNotPktif = 0x0010,

        /// <summary>Errata #12: after a half-duplex abort the TX logic can stall; toggle ECON1.TXRST before the next send.</summary>
        TxLogicReset = 0x0020,

        /// <summary>Errata #13: link pulses seen as late collisions; retransmit up to 16 times.</summary>
        LateCollisionRetry = 0x0040,

        /// <summary>Errata #15: ESTAT.LATECOL is unreliable; decide on the late-collision retry from TSV bit 29.</summary>
        LateCollisionFromTsv = 0x0080,

        /// <summary>Errata #9: half-duplex loopback is unreliable; set PHCON2.HDLDIS in half duplex.</summary>
        HalfDuplexLoopbackDisable = 0x0100,

        /// <summary>Errata #16: PDPXMD's strapped default is unreliable; write PHCON1.PDPXMD to match MACON3.FULDPX.</summary>
        ExplicitDuplex = 0x0200,

        /// <summary>Errata #13 (Microchip stack): MACLCON2 = 63 widens the collision window, fewer late-collision aborts.</summary>
        CollisionWindow63 = 0x0400,

        All = 0x07FF
    }
}
