namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>Every fault and recovery the driver sees, plus traffic totals. Plain fields: no allocation.</summary>
    public sealed class Enc28j60Counters
    {
        public int RxFrames;
        public int RxBytes;
        /// <summary>Header failed the sanity check (next pointer, byte count, RXOK, status bit 31): RX reset.</summary>
        public int RxHeaderErrors;
        /// <summary>Frames the chip marked not Received-OK (only reachable with CRC filtering off), skipped.</summary>
        public int RxNotOk;
        /// <summary>EIR.RXERIF seen: the FIFO was full or EPKTCNT saturated, frames were lost by the chip.</summary>
        public int RxOverflows;
        public int RxResets;
        public int RxReleases;
        public int TxFrames;
        public int TxBytes;
        public int TxAborts;
        public int TxLateCollisionRetries;
        /// <summary>Frames not sent: link down, bad length, aborted without retry or after 16 retries, timed out.</summary>
        public int TxDropped;
        public int TxTimeouts;
        public int TxResets;
        public int LinkChanges;
        public int Interrupts;
        /// <summary>Health tick found frames waiting that no interrupt announced.</summary>
        public int MissedInterrupts;
        /// <summary>Health tick found the chip's configuration gone (spontaneous reset / brown-out).</summary>
        public int ChipResetsDetected;
        public int WatchdogEscalations;
        public int FullReinits;
        public int ReinitFailures;
    }
}
