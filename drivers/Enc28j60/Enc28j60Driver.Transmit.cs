namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>Transmit path (DS §7.1, docs/enc28j60.md §5, errata #12/#13/#15).</summary>
    public sealed partial class Enc28j60Driver
    {
        private readonly byte[] _tsv = new byte[8];
        private int _ewrpt = -1;      // EWRPT as we last left it (-1 unknown): rewrite only changed bytes
        private int _etxnd = -1;      // ETXND as last written
        private int _txLength;
        private int _txRetries;
        private long _txStartedMicros;
        private long _txExpectedMicros;
        private int _txQueuedLength;  // length of the frame queued in the other slot (FlagTxQueued)

        /// <summary>True while a frame is in the chip's TX slot (on the wire or queued behind it) and its completion has not been seen yet.</summary>
        public bool TransmitPending { get { return (_flags & FlagTxBusy) != 0; } }

        /// <summary>
        /// Sends TransmitBuffer[3 .. 3 + length). Cost: EWRPT (1–2 WCR), one WBM for control byte + frame, ETXSTH and
        /// ETXND (1–3 WCR), BFS TXRTS; completion is one EIR read + one BFC, done here for the previous frame or by
        /// Poll/HandleInterrupt. While the previous frame is still on the wire the new one is written into the other
        /// slot (DS §7.1: only the bytes being sent and the TX registers are off limits during TXRTS). In interrupt
        /// mode it is then left there, queued: TXIE is set, and the TXIF interrupt of the frame ahead (serviced by
        /// the loop through HandleInterrupt and Receive) starts it, so Transmit never waits for the wire while one
        /// slot is free (issue 13). In polling mode, with chip checksums, or with a third frame (both slots taken),
        /// Transmit waits for the frame ahead (bounded by the TX timeout) instead.
        /// </summary>
        public bool Transmit(int length)
        {
            if ((_flags & FlagInitialized) == 0 || (_flags & FlagLinkUp) == 0 || length < 14 || length > MaxFrameNoFcs)
            {
                _csumLength = 0;
                _counters.TxDropped++;
                return false;
            }

            if ((_flags & FlagTxQueued) != 0)
            {
                WaitTransmitDone(); // both slots taken: the frame on the wire leaves, the queued one starts, its slot is free
            }

            // Idle transmitter: the same slot again (ETXST/ETXND mostly unchanged, fewer WCR); busy: the other slot.
            int slot = (_flags & FlagTxBusy) != 0 ? OtherSlot() : _txSlot;
            if ((_flags & FlagTxBusy) != 0 && (slot == _txSlot || _options.ResetTxLogicBeforeEverySend))
            {
                WaitTransmitDone(); // one slot only, or a TX reset to do: the frame in flight must finish first
            }

            if (_options.ResetTxLogicBeforeEverySend)
            {
                ResetTransmitter();
            }

            if (_rxUnreleased > _options.RxReleaseThreshold / 2)
            {
                ReleaseRx(); // in bank 0 anyway: the release costs its two WCR only
            }

            SetPair(Reg.EWRPTL, slot, _ewrpt);
            _txBuffer[2] = 0x00; // per-packet control byte: use MACON3 (pad to 60, append CRC)
            _bus.WriteBuffer(_txBuffer, 1, 1 + length);
            _ewrpt = slot + 1 + length;
            if ((_flags & FlagTxBusy) != 0)
            {
                if ((_flags & FlagInterruptMode) != 0 && _csumLength == 0
                    && (_clock.NowMicros < _txExpectedMicros || !CheckTransmit(_bus.Read(Reg.EIR))))
                {
                    // Still on the wire (or being retried, errata #13, whole in its own slot): queue this one.
                    _txQueuedLength = length;
                    _flags |= FlagTxQueued;
                    _bus.BitSet(Reg.EIE, Bits.TXIE);
                    return true;
                }

                WaitTransmitDone();
            }

            StartSlot(slot, length);
            return true;
        }

        /// <summary>
        /// Points ETXST/ETXND at the frame in <paramref name="slot"/> (only the bytes that change) and sets TXRTS, after
        /// the TX reset a timeout or an abort left due (errata #12: without it the frame would stall too).
        /// </summary>
        private void StartSlot(int slot, int length)
        {
            if ((_flags & FlagTxNeedsReset) != 0)
            {
                ResetTransmitter();
            }

            SetPair(Reg.ETXSTL, slot, _txSlot);
            _txSlot = slot;
            int end = slot + length; // last frame byte; TSV follows at end + 1
            SetPair(Reg.ETXNDL, end, _etxnd);
            _etxnd = end;
            if (_csumLength > 0)
            {
                ChecksumInChip(length);
            }

            _txRetries = 0;
            StartTransmit(length);
        }

        /// <summary>
        /// The frame ahead is done with (sent, dropped or timed out): start the one queued in the other slot, if any.
        /// TXIE goes off again: an idle transmitter costs no interrupt.
        /// </summary>
        private void StartQueued()
        {
            if ((_flags & FlagTxQueued) == 0)
            {
                return;
            }

            _flags &= ~FlagTxQueued;
            _bus.BitClear(Reg.EIE, Bits.TXIE);
            StartSlot(OtherSlot(), _txQueuedLength);
        }

        /// <summary>The TX slot the next frame goes to: the one ETXST does not point at (the same one in the one-slot layout).</summary>
        private int OtherSlot()
        {
            if (_rxStart != 0)
            {
                return _txSlot;
            }

            return _txSlot == RxRingSize ? RxRingSize + TxSlotSize : RxRingSize;
        }

        private void StartTransmit(int length)
        {
            _txLength = length;
            _bus.BitSet(Reg.ECON1, Bits.TXRTS);
            _flags |= FlagTxBusy;
            _txStartedMicros = _clock.NowMicros;
            // Preamble + SFD 8, FCS 4, IFG 12 byte times at 0.8 µs per byte (10 Mb/s); pad to 60.
            int wire = length < 60 ? 60 : length;
            _txExpectedMicros = _txStartedMicros + (wire + 24) * 8 / 10 + 1;
        }

        /// <summary>Writes a register pair, skipping bytes equal to the known current value.</summary>
        private void SetPair(int lowReg, int value, int current)
        {
            if (current < 0 || (current & 0xFF) != (value & 0xFF))
            {
                _bus.Write(lowReg, (byte)value);
            }

            if (current < 0 || (current >> 8) != (value >> 8))
            {
                _bus.Write(lowReg + 1, (byte)(value >> 8));
            }
        }

        /// <summary>
        /// Blocks until the frame in flight is done, retried out or timed out (bounded by TxTimeoutMicros). A frame
        /// queued behind it is started then (<see cref="StartQueued"/>); that one is not waited for.
        /// </summary>
        private void WaitTransmitDone()
        {
            if ((_flags & FlagTxBusy) == 0)
            {
                return;
            }

            long now = _clock.NowMicros;
            if (now < _txExpectedMicros)
            {
                _clock.DelayMicros((int)(_txExpectedMicros - now));
            }

            for (int guard = 0; guard < 100000; guard++)
            {
                if (CheckTransmit(_bus.Read(Reg.EIR)))
                {
                    return;
                }

                _clock.DelayMicros(50);
            }
        }

        /// <summary>
        /// Handles TX completion given a fresh EIR value. Returns true when no frame is in flight any more
        /// (success, drop, timeout), false while it is still being (re)transmitted.
        /// </summary>
        private bool CheckTransmit(byte eir)
        {
            if ((_flags & FlagTxBusy) == 0)
            {
                return true;
            }

            if ((eir & (Bits.TXIF | Bits.TXERIF)) == 0)
            {
                if (_clock.NowMicros - _txStartedMicros > _options.TxTimeoutMicros)
                {
                    OnTransmitTimeout();
                    StartQueued();
                    return true;
                }

                return false;
            }

            _bus.BitClear(Reg.EIR, Bits.TXIF | Bits.TXERIF);
            if ((eir & Bits.TXERIF) == 0)
            {
                _flags &= ~FlagTxBusy;
                _counters.TxFrames++;
                _counters.TxBytes += _txLength;
                _faultStreak = 0;
                StartQueued();
                return true;
            }

            if (!OnTransmitAbort())
            {
                return false;
            }

            StartQueued();
            return true;
        }

        /// <summary>
        /// TXERIF: the MAC gave up on the frame (DS §7.1; it never retries by itself). Errata #13: link pulses
        /// cause spurious late collisions in half duplex, so retransmit up to 16 times; errata #15: only TSV bit
        /// 29 says reliably that it was a late collision. Errata #12: the TX logic must be reset after an abort.
        /// </summary>
        private bool OnTransmitAbort()
        {
            _counters.TxAborts++;
            bool late;
            if ((_wa & Enc28j60Workarounds.LateCollisionFromTsv) != 0)
            {
                ReadStatusVector();
                late = (_tsv[4] & 0x20) != 0; // TSV bit 29 = byte 3 bit 5 (_tsv[0] is the RBM slot)
            }
            else
            {
                late = (_bus.Read(Reg.ESTAT) & Bits.LATECOL) != 0;
            }

            if ((_wa & Enc28j60Workarounds.TxLogicReset) != 0)
            {
                ResetTransmitter();
            }
            else
            {
                _bus.BitClear(Reg.ESTAT, Bits.TXABRT);
            }

            if (late && (_wa & Enc28j60Workarounds.LateCollisionRetry) != 0 && _txRetries < _options.MaxLateCollisionRetries)
            {
                _txRetries++;
                _counters.TxLateCollisionRetries++;
                StartTransmit(_txLength); // the frame is still in the slot: ETXST/ETXND unchanged
                return false;
            }

            _flags &= ~FlagTxBusy;
            _txRetries = 0;
            _counters.TxDropped++;
            return true;
        }

        /// <summary>Reads the 7-byte TSV at ETXND + 1 (error path only), then puts ERDPT back on the RX ring.</summary>
        private void ReadStatusVector()
        {
            WritePair(Reg.ERDPTL, _etxnd + 1);
            _hdrMosi[0] = Bits.OpRbm;
            _bus.ReadBuffer(_hdrMosi, _tsv, 0, 7);
            WritePair(Reg.ERDPTL, _rxNext);
        }

        /// <summary>Errata #12: a stalled TXRTS. Cancel, reset the TX logic, drop the frame.</summary>
        private void OnTransmitTimeout()
        {
            _bus.BitClear(Reg.ECON1, Bits.TXRTS);
            _counters.TxTimeouts++;
            _counters.TxDropped++;
            _flags = (_flags & ~FlagTxBusy) | FlagTxNeedsReset;
            _txRetries = 0;
            OnFault();
        }

        /// <summary>Toggle ECON1.TXRST, then clear the flags the reset itself may raise (errata #12).</summary>
        private void ResetTransmitter()
        {
            _bus.BitSet(Reg.ECON1, Bits.TXRST);
            _bus.BitClear(Reg.ECON1, Bits.TXRST);
            _bus.BitClear(Reg.EIR, Bits.TXERIF | Bits.TXIF);
            _bus.BitClear(Reg.ESTAT, Bits.TXABRT | Bits.LATECOL);
            _flags &= ~FlagTxNeedsReset;
            _counters.TxResets++;
        }
    }
}
