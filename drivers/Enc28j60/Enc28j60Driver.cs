using System;
using NanoStack.Phy;

namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// ENC28J60 10BASE-T controller behind SPI as an <see cref="ILinkDevice"/>. This file: construction,
    /// buffer layout and initialisation; Receive/Transmit/Events live in the partial files beside it.
    /// </summary>
    /// <remarks>
    /// Buffer memory (8 KiB): RX FIFO 0x0000–0x13FF (errata #5: RX at 0, ERXND odd for errata #14; 5 KiB, three
    /// full frames), two TX slots at 0x1400 and 0x1A00 (control byte, frame ≤ 1514, 7-byte TSV: each ends ≤ 0x5F1
    /// into its 0x600). Two slots because at 10 MHz SCK writing a frame over SPI takes as long as putting it on the
    /// wire: frame N+1 is written into one slot while frame N leaves from the other, and frame N stays in its slot
    /// until its status vector says no late-collision retry is needed (errata #13). With the errata-#5 layout off
    /// (TX low, RX high) there is one slot at 0x0000.
    /// Host buffers: the receive buffer holds the RBM opcode slot + byte count + pad (frame at offset 1); the
    /// transmit buffer holds [0] RBM opcode, [1] WBM opcode, [2] per-packet control byte, frame at offset 3, and
    /// doubles as the MOSI source of the frame RBM (the chip ignores MOSI after the RBM opcode), so no third
    /// 1.5 KiB array is needed.
    /// </remarks>
    public sealed partial class Enc28j60Driver : ILinkDevice, IMulticastFilter, ILinkUpkeep
    {
        private const int RxRingSize = 0x1400;
        private const int TxSlotSize = 0x0600;
        private const int MaxFrame = 1518;          // with FCS (MAMXFL)
        private const int MaxFrameNoFcs = 1514;
        private const int ReadSlack = 2;            // RBM opcode slot + alignment pad byte

        private readonly RegisterBus _bus;
        private readonly IDriverClock _clock;
        private readonly Enc28j60Options _options;
        private readonly Enc28j60Workarounds _wa;
        private readonly Enc28j60Counters _counters = new Enc28j60Counters();
        private readonly byte[] _rxBuffer = new byte[MaxFrame + ReadSlack];
        private readonly byte[] _txBuffer = new byte[MaxFrame + ReadSlack];
        private readonly byte[] _hdrMosi = new byte[8];
        private readonly byte[] _hdr = new byte[8];
        private readonly byte[] _mac = new byte[6];
        private readonly byte[] _hashTable = new byte[8];

        /// <summary>Group MACs the filter was asked for, each with its count of Adds (two IPv4 groups can share one).</summary>
        public const int MulticastSlots = 8;
        private readonly byte[] _groupMacs = new byte[MulticastSlots * 6];
        private readonly int[] _groupRefs = new int[MulticastSlots];
        private int _groupOverflow;

        private int _rxStart, _rxEnd, _txSlot; // _txSlot: the slot ETXST points at (the frame started last)
        private int _revision;

        // The driver's nine yes/no states in one int: on the device every field is a 12-byte heap block (issue 17).
        // Read and written with inline bit operations, not properties, so the frame paths pay no extra calls.
        private int _flags;
        private const int FlagInitialized = 1;     // Initialize succeeded; cleared by a fault until re-initialised
        private const int FlagLinkUp = 2;          // PHSTAT2.LSTAT as last read
        private const int FlagTxBusy = 4;          // a frame is on the wire (TXRTS set by us, completion not yet seen)
        private const int FlagTxNeedsReset = 8;    // errata #12/#13: reset the TX logic before the next frame
        private const int FlagRxCheck = 16;        // interrupt mode: EPKTCNT worth reading
        private const int FlagEventCheck = 32;     // interrupt mode: EIR flags not yet looked at
        private const int FlagRearmPending = 64;   // INTIE to be set again once the pending frames are taken
        private const int FlagInterruptMode = 128; // Enc28j60Options.InterruptMode, copied: one flag test per Receive
        private const int FlagTrustPktif = 256;    // without the errata #6 workaround (PacketCountNotPktif), copied too
        private const int FlagTxQueued = 512;      // interrupt mode: a frame waits in the other TX slot for the one in flight

        public Enc28j60Driver(ISpiTransport spi, IDriverClock clock, Enc28j60Options options)
        {
            _options = options == null ? new Enc28j60Options() : options;
            _wa = _options.Workarounds;
            _clock = clock;
            _bus = new RegisterBus(spi, clock);
            if (_options.InterruptMode)
            {
                _flags = FlagInterruptMode;
            }

            if ((_wa & Enc28j60Workarounds.PacketCountNotPktif) == 0)
            {
                _flags |= FlagTrustPktif;
            }

            _hdrMosi[0] = Bits.OpRbm;
            _txBuffer[0] = Bits.OpRbm;
            if ((_wa & Enc28j60Workarounds.RxBufferAtZero) != 0)
            {
                _rxStart = 0x0000;
                _rxEnd = RxRingSize - 1;
                _txSlot = RxRingSize;
            }
            else
            {
                // The layout errata #5 warns against: TX low, RX high.
                _txSlot = 0x0000;
                _rxStart = TxSlotSize;
                _rxEnd = 0x1FFF;
            }
        }

        /// <summary>EREVID as read at initialisation (B1 = 2, B4 = 4, B5 = 5, B7 = 6).</summary>
        public int Revision { get { return _revision; } }

        /// <summary>Silicon revision name for logs ("B1", "B4", "B5", "B7" or "unknown").</summary>
        public string RevisionName
        {
            get
            {
                switch (_revision)
                {
                    case 0x02: return "B1";
                    case 0x04: return "B4";
                    case 0x05: return "B5";
                    case 0x06: return "B7";
                    default: return "unknown";
                }
            }
        }

        public Enc28j60Counters Counters { get { return _counters; } }

        public bool IsInitialized { get { return (_flags & FlagInitialized) != 0; } }

        public bool IsFullDuplex { get { return _options.FullDuplex; } }

        /// <summary>Bytes of buffers and scratch allocated by the constructor (no allocation afterwards). The constant
        /// includes the register bus's scratch: +8 when its two 4-byte arrays became one 16-byte array.</summary>
        public int StaticBytes
        {
            get { return _rxBuffer.Length + _txBuffer.Length + _hdrMosi.Length + _hdr.Length + _mac.Length + _hashTable.Length + _groupMacs.Length + _groupRefs.Length * 4 + _tsv.Length + _csumWrite.Length + 24; }
        }

        public bool IsLinkUp { get { return (_flags & FlagLinkUp) != 0; } }

        public byte[] ReceiveBuffer { get { return _rxBuffer; } }

        public int ReceiveOffset { get { return 1; } }

        public byte[] TransmitBuffer { get { return _txBuffer; } }

        public int TransmitOffset { get { return 3; } }

        public int TransmitCapacity { get { return MaxFrameNoFcs; } }

        /// <summary>
        /// Accepts frames to a multicast group MAC (e.g. 01:00:5e:00:00:fb for mDNS) through the hash filter.
        /// May be called before or after <see cref="Initialize"/>. The hash lets some other groups through too; the
        /// stack drops those. Adds are counted per MAC; when all <see cref="MulticastSlots"/> are taken the driver
        /// accepts every multicast frame (ERXFCON.MCEN) rather than lose a group.
        /// </summary>
        public void AddMulticastAddress(byte[] mac, int offset)
        {
            int slot = FindGroup(mac, offset);
            if (slot < 0)
            {
                for (int i = 0; i < MulticastSlots && slot < 0; i++)
                {
                    if (_groupRefs[i] == 0)
                    {
                        slot = i;
                        System.Array.Copy(mac, offset, _groupMacs, i * 6, 6);
                    }
                }
            }

            if (slot < 0)
            {
                _groupOverflow++;
            }
            else
            {
                _groupRefs[slot]++;
            }

            ApplyMulticastFilter();
        }

        /// <summary>
        /// Undoes one <see cref="AddMulticastAddress"/>. A hash bit can be shared by several groups, so the table is
        /// recomputed from the groups that remain rather than clearing the removed group's bit.
        /// </summary>
        public void RemoveMulticastAddress(byte[] mac, int offset)
        {
            int slot = FindGroup(mac, offset);
            if (slot >= 0)
            {
                _groupRefs[slot]--;
            }
            else if (_groupOverflow > 0)
            {
                _groupOverflow--;
            }
            else
            {
                return;
            }

            ApplyMulticastFilter();
        }

        /// <summary>Multicast MACs currently accepted by the hash filter (distinct addresses).</summary>
        public int MulticastAddressCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < MulticastSlots; i++)
                {
                    if (_groupRefs[i] > 0)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        private int FindGroup(byte[] mac, int offset)
        {
            for (int i = 0; i < MulticastSlots; i++)
            {
                if (_groupRefs[i] == 0)
                {
                    continue;
                }

                int j = 0;
                while (j < 6 && _groupMacs[i * 6 + j] == mac[offset + j])
                {
                    j++;
                }

                if (j == 6)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Rebuilds EHT0..EHT7 from the remaining groups and, once running, writes them and ERXFCON.</summary>
        private void ApplyMulticastFilter()
        {
            for (int i = 0; i < 8; i++)
            {
                _hashTable[i] = 0;
            }

            for (int i = 0; i < MulticastSlots; i++)
            {
                if (_groupRefs[i] > 0)
                {
                    int index = MulticastHash.Index(_groupMacs, i * 6);
                    _hashTable[index >> 3] |= (byte)(1 << (index & 7));
                }
            }

            if ((_flags & FlagInitialized) != 0)
            {
                for (int i = 0; i < 8; i++)
                {
                    _bus.Write(Reg.EHT0 + i, _hashTable[i]);
                }

                _bus.Write(Reg.ERXFCON, FilterValue());
            }
        }

        /// <summary>
        /// Resets and configures the chip (DS §6 and docs/enc28j60.md §6, with the errata of §9.1) and enables reception.
        /// Throws <see cref="Enc28j60NotFoundException"/> when EREVID reads 0x00 or 0xFF.
        /// </summary>
        public void Initialize(byte[] mac)
        {
            for (int i = 0; i < 6; i++)
            {
                _mac[i] = mac[i];
            }

            Configure();
        }

        private void Configure()
        {
            _flags &= ~FlagInitialized;
            ResetChip();

            _revision = _bus.Read(Reg.EREVID);
            if (_revision == 0x00 || _revision == 0xFF)
            {
                throw new Enc28j60NotFoundException("ENC28J60 not found: EREVID read 0x" + _revision.ToString("X2")
                    + " (0x00: MISO stuck low or no power; 0xFF: MISO floating or CS not wired). Check the wiring in hardware/README.md, the 3.3 V supply (~180 mA) and SPI mode 0.");
            }

            if ((_revision == 0x02 || _revision == 0x04) && _options.SpiClockHz > 0 && _options.SpiClockHz < 8000000)
            {
                // errata #1: MAC/MII accesses are unreliable below 8 MHz on B1/B4 (unless SCK comes from CLKOUT).
                throw new InvalidOperationException("ENC28J60 " + RevisionName + " needs SCK >= 8 MHz (errata #1); configured "
                    + _options.SpiClockHz.ToString() + " Hz");
            }

            // ECON1 = 0: RX off, TX idle, bank 0. ECON2: AUTOINC (VRPS only matters in power-save).
            _bus.Write(Reg.ECON1, 0);
            _bus.SetBankCache(0);
            _bus.Write(Reg.ECON2, Bits.AUTOINC | Bits.VRPS);

            ConfigureRxFifo();
            WritePair(Reg.ETXSTL, _txSlot);
            _ewrpt = -1;
            _etxnd = -1;
            if ((_flags & FlagTxQueued) != 0)
            {
                _counters.TxDropped++; // the frame queued behind the one in flight: the chip's buffer starts afresh
            }

            _flags &= ~(FlagTxBusy | FlagTxNeedsReset | FlagTxQueued);

            // Bank 1: filters. CRCEN is a post-filter: bad frames never reach the FIFO.
            for (int i = 0; i < 8; i++)
            {
                if (_hashTable[i] != 0)
                {
                    _bus.Write(Reg.EHT0 + i, _hashTable[i]);
                }
            }

            _bus.Write(Reg.ERXFCON, FilterValue());

            // Bank 2: MAC. Duplex must agree with PHCON1.PDPXMD (errata #16, DS §6.5).
            bool fd = _options.FullDuplex;
            _bus.Write(Reg.MACON1, (byte)(Bits.MARXEN | (fd ? Bits.TXPAUS | Bits.RXPAUS : 0)));
            _bus.Write(Reg.MACON3, (byte)(Bits.PADCFG0 | Bits.TXCRCEN | Bits.FRMLNEN | (fd ? Bits.FULDPX : 0)));
            if (fd)
            {
                _bus.Write(Reg.MABBIPG, 0x15);
                _bus.Write(Reg.MAIPGL, 0x12);
            }
            else
            {
                _bus.Write(Reg.MACON4, Bits.DEFER);
                _bus.Write(Reg.MABBIPG, 0x12);
                _bus.Write(Reg.MAIPGL, 0x12);
                _bus.Write(Reg.MAIPGH, 0x0C);
            }

            if ((_wa & Enc28j60Workarounds.CollisionWindow63) != 0)
            {
                _bus.Write(Reg.MACLCON2, 63); // errata #13: fewer link pulses mistaken for late collisions
            }

            _bus.Write(Reg.MAMXFLL, (byte)(MaxFrame & 0xFF));
            _bus.Write(Reg.MAMXFLH, (byte)(MaxFrame >> 8));

            // Bank 3: station address (MAADR1 = first octet on the wire), CLKOUT off (unused, less EMI).
            _bus.Write(Reg.MAADR1, _mac[0]);
            _bus.Write(Reg.MAADR2, _mac[1]);
            _bus.Write(Reg.MAADR3, _mac[2]);
            _bus.Write(Reg.MAADR4, _mac[3]);
            _bus.Write(Reg.MAADR5, _mac[4]);
            _bus.Write(Reg.MAADR6, _mac[5]);
            _bus.Write(Reg.ECOCON, 0);

            // PHY.
            if (fd || (_wa & Enc28j60Workarounds.ExplicitDuplex) != 0)
            {
                _bus.PhyWrite(Phy.PHCON1, fd ? Phy.PDPXMD : 0);
            }

            _bus.PhyWrite(Phy.PHCON2, !fd && (_wa & Enc28j60Workarounds.HalfDuplexLoopbackDisable) != 0 ? Phy.HDLDIS : 0);
            _bus.PhyWrite(Phy.PHLCON, Phy.LedConfig);
            _bus.PhyWrite(Phy.PHIE, Phy.PGEIE | Phy.PLNKIE); // LINKIF in EIR, polled or as interrupt
            _bus.PhyRead(Phy.PHIR);                            // clear a stale link interrupt

            _bus.BitClear(Reg.EIR, Bits.DMAIF | Bits.LINKIF | Bits.TXIF | Bits.TXERIF | Bits.RXERIF);
            _bus.Write(Reg.EIE, _options.InterruptMode
                ? (byte)(Bits.INTIE | Bits.PKTIE | Bits.LINKIE | Bits.TXERIE | Bits.RXERIE)
                : (byte)0);

            _flags = ((_bus.PhyRead(Phy.PHSTAT2) & Phy.LSTAT) != 0) ? _flags | FlagLinkUp : _flags & ~FlagLinkUp;
            _bus.BitSet(Reg.ECON1, Bits.RXEN);
            _flags = (_flags & ~(FlagRearmPending | FlagEventCheck)) | FlagRxCheck;
            _faultStreak = 0;
            _flags |= FlagInitialized;
        }

        /// <summary>Leave power-save (errata #19), SRC, then wait (errata #2: CLKRDY lies after SRC).</summary>
        private void ResetChip()
        {
            if ((_wa & Enc28j60Workarounds.LeavePowerSaveBeforeReset) != 0)
            {
                _bus.BitClear(Reg.ECON2, Bits.PWRSV);
                WaitClockReady();
            }

            _bus.SystemReset();
            if ((_wa & Enc28j60Workarounds.ResetDelay) != 0)
            {
                _clock.DelayMicros(2000);
            }
            else
            {
                WaitClockReady(); // the naive way errata #2 warns about
            }
        }

        /// <summary>Polls ESTAT.CLKRDY, bounded to ~2 ms (oscillator start-up is ~300 µs).</summary>
        private void WaitClockReady()
        {
            for (int i = 0; i < 40; i++)
            {
                if ((_bus.Read(Reg.ESTAT) & Bits.CLKRDY) != 0)
                {
                    return;
                }

                _clock.DelayMicros(50);
            }
        }

        private byte FilterValue()
        {
            int v = Bits.UCEN | Bits.CRCEN | Bits.BCEN;
            if (_options.AcceptAllMulticast || _groupOverflow > 0)
            {
                v |= Bits.MCEN;
            }

            for (int i = 0; i < 8; i++)
            {
                if (_hashTable[i] != 0)
                {
                    v |= Bits.HTEN;
                }
            }

            return (byte)v;
        }

        /// <summary>RX FIFO bounds and pointers; only while RXEN = 0 (DS §6.1).</summary>
        private void ConfigureRxFifo()
        {
            WritePair(Reg.ERXSTL, _rxStart);
            WritePair(Reg.ERXRDPTL, ReadPointerFor(_rxStart));
            WritePair(Reg.ERXNDL, _rxEnd);
            WritePair(Reg.ERDPTL, _rxStart);
            _rxNext = _rxStart;
            _rxUnreleased = 0;
            _pending = 0;
        }

        /// <summary>Writes a 16-bit register pair low then high (ERXRDPT commits on the high byte).</summary>
        private void WritePair(int lowReg, int value)
        {
            _bus.Write(lowReg, (byte)value);
            _bus.Write(lowReg + 1, (byte)(value >> 8));
        }
    }
}
