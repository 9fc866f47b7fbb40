namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>Receive path (DS §7.2, docs/enc28j60.md §4).</summary>
    public sealed partial class Enc28j60Driver
    {
        private int _rxNext;        // address of the next frame's header == ERDPT between frames
        private int _rxUnreleased;  // FIFO bytes consumed but not yet given back through ERXRDPT
        private int _pending;       // frames known to be waiting (last EPKTCNT read minus frames taken)

        /// <summary>
        /// Takes the next frame, stepping over any not received OK before it (RSV bit 23). Cost: one RBM for the
        /// 6-byte header, one RBM for the frame plus its FCS and alignment pad (so ERDPT lands on the next header and
        /// is never rewritten), one BFS PKTDEC, and an EPKTCNT read when no frames are known to be waiting. ERXRDPT
        /// is given back in batches (see <see cref="Enc28j60Options.RxReleaseThreshold"/>) because it lives in bank 0
        /// and EPKTCNT in bank 1.
        /// </summary>
        public int Receive()
        {
            int flags = _flags;
            if (_pending == 0)
            {
                if ((flags & (FlagInitialized | FlagInterruptMode | FlagRxCheck | FlagTrustPktif)) == (FlagInitialized | FlagInterruptMode))
                {
                    return 0; // interrupt mode, no edge since EPKTCNT last read 0: the caller's "any more?" costs this
                }

                if ((flags & (FlagInitialized | FlagTrustPktif)) != FlagInitialized)
                {
                    // One test on the usual path; apart: not initialised, or the naive driver errata #6 warns about,
                    // which trusts EIR.PKTIF.
                    if ((flags & FlagInitialized) == 0 || (_bus.Read(Reg.EIR) & Bits.PKTIF) == 0)
                    {
                        return 0;
                    }
                }

                int waiting = _bus.ReadPacketCount();
                _pending = waiting;
                if (waiting == 0)
                {
                    NothingWaiting();
                    return 0;
                }

                if (waiting > 1 && _rxUnreleased > 0)
                {
                    ReleaseRx(); // a backlog: the chip is filling the FIFO, give space back now
                }
            }
            else if ((flags & FlagInitialized) == 0)
            {
                return 0;
            }

            // Frames skipped as not received OK are stepped over in this loop; every other way out returns.
            while (true)
            {
                // Header: next pointer (2), RSV byte count (2), RSV status (2); little-endian (DS Table 7-3).
                byte[] h = _hdr;
                _bus.ReadBuffer(_hdrMosi, h, 0, 6);
                int next = h[1] | (h[2] << 8);
                int count = h[3] | (h[4] << 8);
                int readLength = count + (count & 1); // hardware pads to an even next header (DS §7.2.2)

                // The next header must follow this frame exactly: header, frame, pad, wrapped once at ERXND (a frame is
                // far shorter than the ring). _rxNext is even and inside the ring (ERXST, or a next pointer that passed
                // this test), so an equal next pointer is even and inside the ring too. RSV bit 31 is zero (DS Table 7-3).
                int expected = _rxNext + 6 + readLength;
                if (expected > _rxEnd)
                {
                    expected -= _rxEnd - _rxStart + 1;
                }

                if ((uint)(count - 18) > MaxFrame - 18 || next != expected || (h[6] & 0x80) != 0)
                {
                    _counters.RxHeaderErrors++;
                    OnFault();
                    return 0;
                }

                if ((h[5] & 0x80) == 0)
                {
                    // RSV bit 23, Received OK, clear (CRC/symbol error; only reachable with CRCEN off): skip it.
                    _counters.RxNotOk++;
                    WritePair(Reg.ERDPTL, next);
                    ConsumeFrame(next, 6 + readLength);
                    if (_pending == 0)
                    {
                        return 0;
                    }

                    continue; // the frames behind it are read now: INTIE is still held, no edge would ask for them
                }

                // Frame + FCS + pad in one RBM; the RBM opcode slot lands in _rxBuffer[0], the frame at 1. Then as
                // ConsumeFrame, inline: PKTDEC, space back past the threshold, INTIE again after the last frame.
                _bus.ReadBuffer(_txBuffer, _rxBuffer, 0, readLength);
                _rxNext = next;
                int unreleased = _rxUnreleased + 6 + readLength;
                _rxUnreleased = unreleased;
                int pending = _pending - 1;
                _pending = pending;
                _bus.Fixed(RegisterBus.DecrementPacketCount);
                if (unreleased > _options.RxReleaseThreshold)
                {
                    ReleaseRx();
                }

                if (pending == 0 && (_flags & FlagRearmPending) != 0)
                {
                    _flags &= ~(FlagRearmPending | FlagRxCheck); // Rearm, inline
                    _bus.Fixed(RegisterBus.SetIntie);
                }

                int length = count - 4;
                Enc28j60Counters counters = _counters;
                counters.RxFrames++;
                counters.RxBytes += length;
                _faultStreak = 0;
                return length;
            }
        }

        /// <summary>
        /// EPKTCNT read 0: the edge's other events and INTIE again. (No space to give back here: every path that
        /// consumes a frame gives it back as soon as more than the threshold is held.)
        /// </summary>
        private void NothingWaiting()
        {
            _flags &= ~FlagRxCheck;
            if ((_flags & FlagEventCheck) != 0)
            {
                _flags &= ~FlagEventCheck;
                ServiceEvents(_bus.Read(Reg.EIR));
            }

            if ((_flags & FlagRearmPending) != 0)
            {
                Rearm();
            }
        }

        private void ConsumeFrame(int next, int bytes)
        {
            _rxNext = next;
            int unreleased = _rxUnreleased + bytes;
            _rxUnreleased = unreleased;
            int pending = _pending - 1;
            _pending = pending;
            _bus.Fixed(RegisterBus.DecrementPacketCount);
            if (unreleased > _options.RxReleaseThreshold)
            {
                ReleaseRx();
            }

            if (pending == 0 && (_flags & FlagRearmPending) != 0)
            {
                Rearm();
            }
        }

        /// <summary>Gives consumed FIFO space back to the hardware: ERXRDPT = odd value behind the next header.</summary>
        private void ReleaseRx()
        {
            if (_rxUnreleased == 0)
            {
                return;
            }

            WritePair(Reg.ERXRDPTL, ReadPointerFor(_rxNext));
            _rxUnreleased = 0;
            _counters.RxReleases++;
        }

        /// <summary>
        /// Errata #14: ERXRDPT must be odd: next − 1, or ERXND when next − 1 leaves the FIFO (next == ERXST).
        /// Without the workaround: next itself (even), as NuttX and a 2020 Zephyr driver did.
        /// </summary>
        private int ReadPointerFor(int next)
        {
            if ((_wa & Enc28j60Workarounds.OddErxrdpt) == 0)
            {
                return next;
            }

            return next == _rxStart ? _rxEnd : next - 1;
        }

        /// <summary>RX logic reset (docs/enc28j60.md §4.3, as the Linux driver does): FIFO back to empty, EPKTCNT drained.</summary>
        private void ResetReceiver()
        {
            _bus.BitClear(Reg.ECON1, Bits.RXEN);
            _bus.BitSet(Reg.ECON1, Bits.RXRST);
            _bus.BitClear(Reg.ECON1, Bits.RXRST);
            ConfigureRxFifo();
            int n = _bus.Read(Reg.EPKTCNT);
            for (int i = 0; i < n && i < 255; i++)
            {
                _bus.BitSet(Reg.ECON2, Bits.PKTDEC);
            }

            _bus.BitClear(Reg.EIR, Bits.RXERIF);
            _bus.BitSet(Reg.ECON1, Bits.RXEN);
            _counters.RxResets++;
        }
    }
}
