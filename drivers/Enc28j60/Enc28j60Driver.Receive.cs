namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>Receive path (DS §7.2, docs/enc28j60.md §4).</summary>
    public sealed partial class Enc28j60Driver
    {
        private int _rxNext;        // address of the next frame's header == ERDPT between frames
        private int _rxUnreleased;  // FIFO bytes consumed but not yet given back through ERXRDPT
        private int _pending;       // frames known to be waiting (last EPKTCNT read minus frames taken)

        /// <summary>
        /// Takes the next frame. Cost: one RBM for the 6-byte header, one RBM for the frame plus its FCS and
        /// alignment pad (so ERDPT lands on the next header and is never rewritten), one BFS PKTDEC, and an
        /// EPKTCNT read when no frames are known to be waiting. ERXRDPT is given back in batches (see
        /// <see cref="Enc28j60Options.RxReleaseThreshold"/>) because it lives in bank 0 and EPKTCNT in bank 1.
        /// </summary>
        public int Receive()
        {
            if ((_flags & FlagInitialized) == 0)
            {
                return 0;
            }

            if (_pending == 0)
            {
                if ((_wa & Enc28j60Workarounds.PacketCountNotPktif) == 0)
                {
                    // The naive driver errata #6 warns about: trust EIR.PKTIF.
                    if ((_bus.Read(Reg.EIR) & Bits.PKTIF) == 0)
                    {
                        return 0;
                    }
                }
                else if (_options.InterruptMode && (_flags & FlagRxCheck) == 0)
                {
                    return 0;
                }

                _pending = _bus.Read(Reg.EPKTCNT);
                if (_pending > 1 && _rxUnreleased > 0)
                {
                    ReleaseRx(); // a backlog: the chip is filling the FIFO, give space back now
                }

                if (_pending == 0)
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

                    if (_rxUnreleased > _options.RxReleaseThreshold)
                    {
                        ReleaseRx();
                    }

                    return 0;
                }
            }

            // Header: next pointer (2), RSV byte count (2), RSV status (2); little-endian (DS Table 7-3).
            _bus.ReadBuffer(_hdrMosi, _hdr, 0, 6);
            int next = _hdr[1] | (_hdr[2] << 8);
            int count = _hdr[3] | (_hdr[4] << 8);
            int status = _hdr[5] | (_hdr[6] << 8);

            int dataStart = Wrap(_rxNext + 6);
            int readLength = count + (count & 1); // hardware pads to an even next header (DS §7.2.2)
            bool sane = count >= 18 && count <= MaxFrame
                && (next & 1) == 0 && next >= _rxStart && next <= _rxEnd
                && next == Wrap(dataStart + readLength)
                && (status & 0x8000) == 0;
            if (!sane)
            {
                _counters.RxHeaderErrors++;
                OnFault();
                return 0;
            }

            if ((status & 0x0080) == 0)
            {
                // Not Received-OK (CRC/symbol error; only reachable with CRCEN off): skip it.
                _counters.RxNotOk++;
                WritePair(Reg.ERDPTL, next);
                ConsumeFrame(next, 6 + readLength);
                return 0;
            }

            // Frame + FCS + pad in one RBM; the RBM opcode slot lands in _rxBuffer[0], the frame at 1.
            _bus.ReadBuffer(_txBuffer, _rxBuffer, 0, readLength);
            ConsumeFrame(next, 6 + readLength);
            int length = count - 4;
            _counters.RxFrames++;
            _counters.RxBytes += length;
            _faultStreak = 0;
            return length;
        }

        private void ConsumeFrame(int next, int bytes)
        {
            _rxNext = next;
            _rxUnreleased += bytes;
            _pending--;
            _bus.BitSet(Reg.ECON2, Bits.PKTDEC);
            if (_rxUnreleased > _options.RxReleaseThreshold)
            {
                ReleaseRx();
            }

            if (_pending == 0 && (_flags & FlagRearmPending) != 0)
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

        private int Wrap(int address)
        {
            return address > _rxEnd ? address - (_rxEnd - _rxStart + 1) : address;
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
