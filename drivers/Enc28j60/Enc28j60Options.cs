namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>Driver configuration; read once by the constructor and by every (re)initialisation.</summary>
    public class Enc28j60Options
    {
        /// <summary>
        /// Full duplex only for a peer port forced to full duplex. The PHY has no auto-negotiation, so an
        /// auto-negotiating switch detects it by parallel detection as half duplex (docs/enc28j60.md §6.1): default false.
        /// </summary>
        public bool FullDuplex;

        /// <summary>
        /// True: the INT pin is wired and the board calls <see cref="Enc28j60Driver.HandleInterrupt"/> after each
        /// falling edge; <see cref="Enc28j60Driver.Receive"/> then reads EPKTCNT only after an interrupt.
        /// False: polling mode (EIR is polled by <see cref="Enc28j60Driver.Poll"/>).
        /// </summary>
        public bool InterruptMode;

        /// <summary>Errata workarounds; all on unless a test removes one.</summary>
        public Enc28j60Workarounds Workarounds = Enc28j60Workarounds.All;

        /// <summary>
        /// Toggle TXRST before every send (Microchip/EtherCard style) instead of only after an abort or a
        /// timeout, which is when errata #12 can leave the TX logic stalled. Costs 3 SPI assertions per frame.
        /// </summary>
        public bool ResetTxLogicBeforeEverySend;

        /// <summary>Accept every multicast frame (ERXFCON.MCEN) instead of the hash-table groups only.</summary>
        public bool AcceptAllMulticast;

        /// <summary>
        /// ERXRDPT is advanced once more than this many consumed RX-FIFO bytes have accumulated (and on a transmit
        /// past half of it, an RX error, a backlog of 2+ frames and a health tick), so that a frame rarely costs the
        /// bank-0 round trip (4 SPI assertions). 0 = after every frame. Default: 3 KiB of the 5 KiB FIFO.
        /// </summary>
        public int RxReleaseThreshold = 3072;

        /// <summary>A frame whose TXRTS has not cleared after this long is cancelled (errata #12 stall).</summary>
        public int TxTimeoutMicros = 30000;

        /// <summary>Polling mode: EIR (link, RX error, TX abort) is read at most this often by Poll.</summary>
        public int EventPollIntervalMs = 10;

        /// <summary>Health watchdog period (ERXRDPT release, chip-reset detection, missed interrupts, wedged RX).</summary>
        public int HealthIntervalMs = 1000;

        /// <summary>
        /// Allow <see cref="Enc28j60Driver.RequestTransmitChecksum"/> (DMA checksum of outgoing frames). Off by default:
        /// errata #17 — a frame being received while the DMA checksum runs is lost.
        /// </summary>
        public bool ChecksumOffload;

        /// <summary>
        /// The SCK the transport runs at, in Hz (0 = not stated). Errata #1: B1/B4 silicon corrupts MAC/MII accesses
        /// below 8 MHz, so <see cref="Enc28j60Driver.Initialize"/> refuses such a clock on those revisions.
        /// </summary>
        public int SpiClockHz;

        /// <summary>Late-collision retransmissions per frame (errata #13).</summary>
        public int MaxLateCollisionRetries = 16;
    }
}
