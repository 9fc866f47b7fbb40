using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>
    /// Drives the chip model byte by byte as the data sheet describes each SPI command (DS Table 4-1), without
    /// any driver code in between, so the tests state the chip's behaviour directly.
    /// </summary>
    public sealed class ChipProbe
    {
        public readonly Enc28j60Chip Chip;
        public readonly byte[] Mosi = new byte[8200];
        public readonly byte[] Miso = new byte[8200];
        public static readonly byte[] Mac = new byte[] { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x01 };
        public static readonly byte[] Peer = new byte[] { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x02 };

        public ChipProbe() : this(new Enc28j60Chip())
        {
        }

        public ChipProbe(Enc28j60Chip chip)
        {
            Chip = chip;
        }

        public static ChipProbe Ideal()
        {
            Enc28j60Chip chip = new Enc28j60Chip();
            chip.Errata = Enc28j60Errata.None();
            return new ChipProbe(chip);
        }

        public void Raw(int length)
        {
            Chip.Transfer(Mosi, 0, Miso, 0, length);
        }

        public void Cmd(int b0, int b1)
        {
            Mosi[0] = (byte)b0;
            Mosi[1] = (byte)b1;
            Raw(2);
        }

        public void Bank(int bank)
        {
            Cmd(ChipRegisters.OP_BFC | ChipRegisters.ECON1, 0x03);
            if (bank != 0) Cmd(ChipRegisters.OP_BFS | ChipRegisters.ECON1, bank);
        }

        /// <summary>RCR of an ETH register: 2 bytes, value in the second.</summary>
        public int Rcr(int address)
        {
            Mosi[0] = (byte)(ChipRegisters.OP_RCR | address);
            Mosi[1] = 0;
            Raw(2);
            return Miso[1];
        }

        /// <summary>RCR of a MAC/MII register: 3 bytes, dummy in the second, value in the third.</summary>
        public int RcrMac(int address)
        {
            Mosi[0] = (byte)(ChipRegisters.OP_RCR | address);
            Mosi[1] = 0;
            Mosi[2] = 0;
            Raw(3);
            return Miso[2];
        }

        public void Wcr(int address, int value)
        {
            Cmd(ChipRegisters.OP_WCR | address, value);
        }

        public void Bfs(int address, int mask)
        {
            Cmd(ChipRegisters.OP_BFS | address, mask);
        }

        public void Bfc(int address, int mask)
        {
            Cmd(ChipRegisters.OP_BFC | address, mask);
        }

        /// <summary>Writes a bank-0 pointer pair, low byte first.</summary>
        public void Pointer(int lowAddress, int value)
        {
            Wcr(lowAddress, value & 0xFF);
            Wcr(lowAddress + 1, value >> 8);
        }

        public int ReadPointer(int lowAddress)
        {
            return Rcr(lowAddress) | (Rcr(lowAddress + 1) << 8);
        }

        public void Wbm(byte[] data, int offset, int length)
        {
            Mosi[0] = ChipRegisters.OP_WBM;
            for (int i = 0; i < length; i++) Mosi[1 + i] = data[offset + i];
            Raw(1 + length);
        }

        /// <summary>RBM of n bytes; the data is in Miso[1..n].</summary>
        public void Rbm(int n)
        {
            Mosi[0] = ChipRegisters.OP_RBM;
            for (int i = 1; i <= n; i++) Mosi[i] = 0;
            Raw(1 + n);
        }

        public void Reset()
        {
            Mosi[0] = 0xFF;
            Mosi[1] = 0xFF;
            Raw(2);
            Chip.AdvanceMicros(2000);
        }

        public void PhyWrite(int register, int value)
        {
            Bank(2);
            Wcr(ChipRegisters.MIREGADR, register);
            Wcr(ChipRegisters.MIWRL, value & 0xFF);
            Wcr(ChipRegisters.MIWRH, value >> 8);
            Chip.AdvanceMicros(11);
            Bank(0);
        }

        public int PhyRead(int register)
        {
            Bank(2);
            Wcr(ChipRegisters.MIREGADR, register);
            Wcr(ChipRegisters.MICMD, ChipRegisters.MICMD_MIIRD);
            Chip.AdvanceMicros(11);
            Wcr(ChipRegisters.MICMD, 0);
            int v = RcrMac(ChipRegisters.MIRDL) | (RcrMac(ChipRegisters.MIRDH) << 8);
            Bank(0);
            return v;
        }

        /// <summary>
        /// The Linux init sequence (docs/enc28j60.md §6) (half duplex, RX 0x0000-0x19FF, TX 0x1A00-0x1FFF,
        /// ERXFCON 0xA1), leaving bank 0 selected and RX enabled.
        /// </summary>
        public void InitLinuxStyle()
        {
            Reset();
            Wcr(ChipRegisters.ECON1, 0);
            Wcr(ChipRegisters.ECON2, ChipRegisters.ECON2_AUTOINC | ChipRegisters.ECON2_VRPS);
            Pointer(ChipRegisters.ERXSTL, 0x0000);
            Pointer(ChipRegisters.ERXRDPTL, 0x19FF);
            Pointer(ChipRegisters.ERXNDL, 0x19FF);
            Pointer(ChipRegisters.ETXSTL, 0x1A00);
            Pointer(ChipRegisters.ETXNDL, 0x1FFF);
            Bank(1);
            Wcr(ChipRegisters.ERXFCON, 0xA1);
            Bank(2);
            Wcr(ChipRegisters.MACON1, 0x0D);
            Wcr(ChipRegisters.MACON3, 0x32);
            Wcr(ChipRegisters.MACON4, 0x40);
            Wcr(ChipRegisters.MAIPGL, 0x12);
            Wcr(ChipRegisters.MAIPGH, 0x0C);
            Wcr(ChipRegisters.MABBIPG, 0x12);
            Wcr(ChipRegisters.MAMXFLL, 0xEE);
            Wcr(ChipRegisters.MAMXFLH, 0x05);
            Bank(3);
            Wcr(ChipRegisters.MAADR1, Mac[0]);
            Wcr(ChipRegisters.MAADR2, Mac[1]);
            Wcr(ChipRegisters.MAADR3, Mac[2]);
            Wcr(ChipRegisters.MAADR4, Mac[3]);
            Wcr(ChipRegisters.MAADR5, Mac[4]);
            Wcr(ChipRegisters.MAADR6, Mac[5]);
            PhyWrite(ChipRegisters.PHLCON, 0x3476);
            PhyWrite(ChipRegisters.PHCON1, 0x0000);
            PhyWrite(ChipRegisters.PHCON2, ChipRegisters.PHCON2_HDLDIS);
            Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
        }

        /// <summary>Builds a frame: destination, our peer as source, EtherType, payload bytes = index.</summary>
        public static byte[] Frame(byte[] destination, int type, int length)
        {
            byte[] f = new byte[length];
            for (int i = 0; i < 6; i++)
            {
                f[i] = destination[i];
                f[6 + i] = Peer[i];
            }
            f[12] = (byte)(type >> 8);
            f[13] = (byte)type;
            for (int i = 14; i < length; i++) f[i] = (byte)(i * 3 + 1);
            return f;
        }

        public void Receive(byte[] frame)
        {
            Chip.ReceiveFromWire(frame, 0, frame.Length);
        }

        /// <summary>Reads the 6-byte receive header at address (little-endian fields, DS §7.2.2).</summary>
        public void Header(int address, out int next, out int count, out int status)
        {
            Bank(0);
            Pointer(ChipRegisters.ERDPTL, address);
            Rbm(6);
            next = Miso[1] | (Miso[2] << 8);
            count = Miso[3] | (Miso[4] << 8);
            status = Miso[5] | (Miso[6] << 8);
        }

        /// <summary>Writes control byte + frame at 0x1A00, sets ETXND and TXRTS (bank 0 left selected).</summary>
        public void Transmit(byte[] frame, int control)
        {
            Bank(0);
            Pointer(ChipRegisters.EWRPTL, 0x1A00);
            Mosi[0] = ChipRegisters.OP_WBM;
            Mosi[1] = (byte)control;
            for (int i = 0; i < frame.Length; i++) Mosi[2 + i] = frame[i];
            Raw(2 + frame.Length);
            Pointer(ChipRegisters.ETXSTL, 0x1A00);
            Pointer(ChipRegisters.ETXNDL, 0x1A00 + frame.Length);
            Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS);
        }

        /// <summary>Reads the 7-byte TSV the chip wrote after ETXND into Miso[1..7].</summary>
        public void Tsv(int frameLength)
        {
            Bank(0);
            Pointer(ChipRegisters.ERDPTL, 0x1A00 + frameLength + 1);
            Rbm(7);
        }
    }

    /// <summary>Collects frames put on the wire (copies).</summary>
    public sealed class WireLog : IWireSink
    {
        public readonly byte[] Last = new byte[8192];
        public int LastLength;
        public int Count;

        public void FrameTransmitted(byte[] frame, int offset, int length)
        {
            for (int i = 0; i < length; i++) Last[i] = frame[offset + i];
            LastLength = length;
            Count++;
        }
    }
}
