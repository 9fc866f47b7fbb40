namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// Optional TX checksum offload through the DMA checksum engine (DS §13.2, docs/enc28j60.md §8). Off by default.
    /// Trade-off (errata #17): a DMA checksum running while the receiver takes a frame aborts that frame, so a frame
    /// arriving during the ≈ 40 ns/byte window (60 µs for 1,500 bytes) may be lost. What it buys: on the device a
    /// managed one's-complement loop over 1,500 bytes costs milliseconds of interpreted IL, the DMA engine 60 µs
    /// plus ~12 SPI assertions. Receive checksums stay in software: the frame crosses SPI anyway.
    /// </summary>
    public sealed partial class Enc28j60Driver
    {
        private readonly byte[] _csumWrite = new byte[3];
        private int _csumStart, _csumLength, _csumField;

        /// <summary>
        /// Asks the next <see cref="Transmit"/> to let the chip compute an RFC 1071 checksum over frame bytes
        /// [start, start + length) and store it big-endian at frame offset <paramref name="field"/>. The caller writes
        /// into the field beforehand the folded pseudo-header sum (or 0), which the sum then includes. Returns false
        /// (compute it in software) when <see cref="Enc28j60Options.ChecksumOffload"/> is off or the range is invalid.
        /// </summary>
        public bool RequestTransmitChecksum(int start, int length, int field)
        {
            if (!_options.ChecksumOffload || length < 2 || start < 0 || start + length > MaxFrameNoFcs
                || field < start || field + 2 > start + length)
            {
                return false;
            }

            _csumStart = start;
            _csumLength = length;
            _csumField = field;
            return true;
        }

        /// <summary>Runs the DMA checksum over the frame in the TX slot and writes the result into it (bank 0).</summary>
        private void ChecksumInChip(int frameLength)
        {
            int length = _csumLength;
            _csumLength = 0;
            if (_csumStart + length > frameLength)
            {
                return;
            }

            int first = _txSlot + 1 + _csumStart;
            WritePair(Reg.EDMASTL, first);
            WritePair(Reg.EDMANDL, first + length - 1);
            _bus.BitSet(Reg.ECON1, Bits.CSUMEN | Bits.DMAST);
            _clock.DelayMicros(length / 25 + 1); // one main clock (40 ns) per byte
            for (int i = 0; i < 50 && (_bus.Read(Reg.ECON1) & Bits.DMAST) != 0; i++)
            {
                _clock.DelayMicros(5);
            }

            int lo = _bus.Read(Reg.EDMACSL);
            int hi = _bus.Read(Reg.EDMACSH);
            _bus.BitClear(Reg.ECON1, Bits.CSUMEN);
            int field = _txSlot + 1 + _csumField;
            SetPair(Reg.EWRPTL, field, _ewrpt);
            _csumWrite[1] = (byte)hi;
            _csumWrite[2] = (byte)lo;
            _bus.WriteBuffer(_csumWrite, 0, 2);
            _ewrpt = field + 2;
        }
    }
}
