namespace NanoStack.Emulator
{
    /// <summary>Why the receive engine did not store a frame (counted per reason).</summary>
    public enum RxDropReason
    {
        Disabled = 0,      // RXEN/MARXEN clear, RXRST held, power-save or link down
        Filter = 1,        // rejected by ERXFCON
        CrcError = 2,      // CRCEN post-filter
        TooLong = 3,       // longer than MAMXFL without HFRMEN
        ControlFrame = 4,  // MAC control frame without PASSALL
        BufferFull = 5,    // would reach ERXRDPT: RXERIF
        CountFull = 6,     // EPKTCNT already 255: RXERIF
        DmaChecksum = 7,   // errata #17
        WireQueueFull = 8, // timed wire: more frames in flight than the model queues
        Count = 9
    }

    /// <summary>
    /// The receive path (DS §7.2): wire frame + FCS → filters → 6-byte header (next pointer, RSV) and the frame
    /// into the circular FIFO ERXST..ERXND, never writing at or past ERXRDPT, next header on an even address.
    /// ERXWRPT and EPKTCNT move only when a frame is complete.
    /// </summary>
    internal sealed class RxEngine
    {
        public const int MaxFrame = 8192;
        private readonly Enc28j60Chip _chip;
        public const int WireQueueSlots = 4;
        private readonly byte[] _instant = new byte[MaxFrame + 64];
        private byte[] _frame;

        // Optional wire timing: frames occupy the cable for their duration and complete at its end.
        private byte[][] _slots;
        private readonly int[] _slotLength = new int[WireQueueSlots];
        private readonly long[] _slotStart = new long[WireQueueSlots];
        private readonly long[] _slotEnd = new long[WireQueueSlots];
        private int _head;
        private int _queued;
        private long _wireFreeAtNs;
        private readonly int[] _drops = new int[(int)RxDropReason.Count];

        /// <summary>Internal write pointer (ERXWRPT mirrors it; it only moves on frame completion).</summary>
        public int WritePointer;
        public int PacketCount;
        public int FramesStored;
        private bool _dropEvent;

        public RxEngine(Enc28j60Chip chip)
        {
            _chip = chip;
            _frame = _instant;
        }

        /// <summary>When set, a frame completes (and RXBUSY clears) only after its wire time; otherwise at once.</summary>
        public bool WireTiming
        {
            get { return _slots != null; }
            set
            {
                if (value && _slots == null)
                {
                    _slots = new byte[WireQueueSlots][];
                    for (int i = 0; i < WireQueueSlots; i++) _slots[i] = new byte[MaxFrame + 64];
                }
                else if (!value)
                {
                    _slots = null;
                    _queued = 0;
                }
            }
        }

        /// <summary>ESTAT.RXBUSY: a frame is coming in right now (only with wire timing).</summary>
        public bool Busy(long nowNs)
        {
            return _queued > 0 && nowNs >= _slotStart[_head];
        }

        public void Update(long nowNs)
        {
            while (_queued > 0 && _slotEnd[_head] <= nowNs)
            {
                _frame = _slots[_head];
                Store(_slotLength[_head], _slotStart[_head], _slotEnd[_head]);
                _head = (_head + 1) % WireQueueSlots;
                _queued--;
            }
            _frame = _instant;
        }

        public int Drops(RxDropReason reason)
        {
            return _drops[(int)reason];
        }

        public void ResetCounters()
        {
            for (int i = 0; i < _drops.Length; i++) _drops[i] = 0;
            FramesStored = 0;
        }

        /// <summary>RXRST or System Reset: back to ERXST with nothing pending.</summary>
        public void Reset(int writePointer)
        {
            _queued = 0;
            WritePointer = writePointer;
            PacketCount = 0;
            _dropEvent = false;
        }

        /// <summary>
        /// A frame arrives from the wire (without FCS). Short frames are zero-padded to 60 bytes as the sending
        /// MAC would have done; the model appends the FCS and lets the fault hook corrupt the result.
        /// </summary>
        public void FromWire(byte[] frame, int offset, int length, bool ownLoopback)
        {
            if (length > MaxFrame - 4) length = MaxFrame - 4;
            _chip.NoteRxActivity(); // the RX LED shows cable activity, filtered or not
            byte[] buf = _instant;
            int slot = 0;
            if (_slots != null)
            {
                if (_queued == WireQueueSlots)
                {
                    CountDrop(RxDropReason.WireQueueFull);
                    return;
                }
                slot = (_head + _queued) % WireQueueSlots;
                buf = _slots[slot];
            }
            for (int i = 0; i < length; i++) buf[i] = frame[offset + i];
            int n = length;
            while (n < 60) buf[n++] = 0;
            Crc32.Append(buf, 0, n);
            n += 4;
            if (!ownLoopback && _chip.RxFaultHook != null) _chip.RxFaultHook.BeforeReceive(buf, n);
            if (ownLoopback && _chip.Errata.HalfDuplexLoopbackUnreliable && _chip.LoopbackIsHalfDuplex)
            {
                buf[n - 1] ^= 0x5A; // errata #9: the echoed copy arrives damaged
            }
            long now = _chip.NowNs;
            long duration = n * Enc28j60Chip.WireByteNs;
            if (_slots == null)
            {
                _frame = _instant;
                Store(n, now - duration, now);
                return;
            }
            long start = (_wireFreeAtNs > now ? _wireFreeAtNs : now) + 8 * Enc28j60Chip.WireByteNs; // after the preamble
            _slotLength[slot] = n;
            _slotStart[slot] = start;
            _slotEnd[slot] = start + duration;
            _wireFreeAtNs = start + duration + 12 * Enc28j60Chip.WireByteNs; // inter-frame gap
            _queued++;
        }

        public void CountDrop(RxDropReason reason)
        {
            _drops[(int)reason]++;
        }

        private void Drop(RxDropReason reason, bool rxerif)
        {
            _drops[(int)reason]++;
            if (rxerif)
            {
                _chip.SetEirFlag(ChipRegisters.EIR_RXERIF);
                _dropEvent = true;
            }
        }

        private void Store(int total, long fromNs, long toNs)
        {
            RegisterFile r = _chip.Regs;
            if (!_chip.ReceiverEnabled)
            {
                Drop(RxDropReason.Disabled, false);
                return;
            }
            if (_chip.Errata.DmaChecksumAbortsRx && _chip.DmaChecksumOverlaps(fromNs, toNs))
            {
                Drop(RxDropReason.DmaChecksum, false); // errata #17
                return;
            }
            bool crcOk = Crc32.Check(_frame, 0, total);
            int filters = r.Get(1, ChipRegisters.ERXFCON);
            if ((filters & ChipRegisters.ERXFCON_CRCEN) != 0 && !crcOk)
            {
                Drop(RxDropReason.CrcError, false);
                return;
            }
            if (!RxFilter.Accept(_chip, _frame, total, filters))
            {
                Drop(RxDropReason.Filter, false);
                return;
            }
            int macon3 = r.Get(2, ChipRegisters.MACON3);
            int maxLength = r.Word(2, ChipRegisters.MAMXFLL);
            if (total > maxLength && (macon3 & ChipRegisters.MACON3_HFRMEN) == 0)
            {
                Drop(RxDropReason.TooLong, false);
                return;
            }
            int type = (_frame[12] << 8) | _frame[13];
            bool control = type == 0x8808;
            if (control && (r.Get(2, ChipRegisters.MACON1) & ChipRegisters.MACON1_PASSALL) == 0)
            {
                Drop(RxDropReason.ControlFrame, false);
                return;
            }
            if (PacketCount >= 255)
            {
                Drop(RxDropReason.CountFull, true); // DS §7.2.4: EPKTCNT saturates, frame aborted, RXERIF
                return;
            }
            int needed = 6 + total;
            if (needed > FreeSpace())
            {
                Drop(RxDropReason.BufferFull, true); // DS §7.2.4: would overwrite ERXRDPT
                return;
            }

            int start = _chip.RxStart;
            int end = _chip.RxEnd;
            int p = WritePointer;
            int header = p;
            for (int i = 0; i < 6; i++) p = BufferMemory.NextInFifo(p, start, end);
            byte[] mem = _chip.Memory;
            for (int i = 0; i < total; i++)
            {
                mem[p] = _frame[i];
                p = BufferMemory.NextInFifo(p, start, end);
            }
            if ((p & 1) != 0) p = BufferMemory.NextInFifo(p, start, end); // DS §7.2.2: next header on an even address

            int status = Status(total, crcOk, type, control);
            int next = p;
            if (_chip.Errata.EvenErxrdptCorruptsBuffer && (_chip.Erxrdpt & 1) == 0)
            {
                // errata #14: with an even ERXRDPT the hardware damages next pointers and status vectors.
                next = (int)(_chip.Random.NextUInt() & 0x1FFF) | 1;
                status = (int)(_chip.Random.NextUInt() & 0x7F7F);
            }
            int q = header;
            WriteAdvance(mem, ref q, next & 0xFF, start, end);
            WriteAdvance(mem, ref q, (next >> 8) & 0xFF, start, end);
            WriteAdvance(mem, ref q, total & 0xFF, start, end);
            WriteAdvance(mem, ref q, (total >> 8) & 0xFF, start, end);
            WriteAdvance(mem, ref q, status & 0xFF, start, end);
            WriteAdvance(mem, ref q, (status >> 8) & 0xFF, start, end);

            WritePointer = p;
            PacketCount++;
            FramesStored++;
            _dropEvent = false;
        }

        private static void WriteAdvance(byte[] mem, ref int p, int value, int start, int end)
        {
            mem[p] = (byte)value;
            p = BufferMemory.NextInFifo(p, start, end);
        }

        /// <summary>RSV bits 31:16 (DS Table 7-3) as a 16-bit value: bit 0 here is RSV bit 16.</summary>
        private int Status(int total, bool crcOk, int type, bool control)
        {
            int s = 0;
            if (_dropEvent) s |= 1 << 0;                 // 16 long event / drop event
            if (!crcOk) s |= 1 << 4;                      // 20 CRC error
            int macon3 = _chip.Regs.Get(2, ChipRegisters.MACON3);
            if (type > 1500)
            {
                s |= 1 << 6;                              // 22 length out of range (every Ethernet-II frame)
            }
            else if ((macon3 & ChipRegisters.MACON3_FRMLNEN) != 0)
            {
                int data = total - 18;
                bool mismatch = data > 46 ? type != data : type > data;
                if (mismatch) s |= 1 << 5;                // 21 length check error
            }
            if (crcOk) s |= 1 << 7;                       // 23 received OK
            bool broadcast = RxFilter.IsBroadcast(_frame);
            if ((_frame[0] & 1) != 0 && !broadcast) s |= 1 << 8; // 24 multicast
            if (broadcast) s |= 1 << 9;                   // 25 broadcast
            if (control)
            {
                s |= 1 << 11;                             // 27 control frame
                int opcode = (_frame[14] << 8) | _frame[15];
                if (opcode == 0x0001) s |= 1 << 12;       // 28 pause control frame
                else s |= 1 << 13;                        // 29 unknown opcode
            }
            if (type == 0x8100) s |= 1 << 14;             // 30 VLAN tagged
            return s;
        }

        /// <summary>DS §7.2.4 free-space equation (also used by drivers): bytes the hardware may still write.</summary>
        public int FreeSpace()
        {
            int start = _chip.RxStart;
            int end = _chip.RxEnd;
            int rd = _chip.Erxrdpt;
            int wr = WritePointer;
            int size = end - start;
            if (size < 0) size += ChipRegisters.BufferSize;
            if (wr > rd) return size - (wr - rd);
            if (wr == rd) return size;
            return rd - wr - 1;
        }
    }
}
