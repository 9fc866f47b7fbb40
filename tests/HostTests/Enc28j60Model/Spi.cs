using NanoStack.Emulator;

namespace NanoStack.HostTests.Enc28j60Model;

/// <summary>Minimal host-side SPI access to the chip model (one Transfer per command, as the data sheet frames them).</summary>
internal sealed class Spi
{
    public readonly Enc28j60Chip Chip;
    public readonly byte[] Mosi = new byte[8200];
    public readonly byte[] Miso = new byte[8200];

    public Spi(Enc28j60Chip chip) => Chip = chip;

    public void Cmd(int b0, int b1)
    {
        Mosi[0] = (byte)b0;
        Mosi[1] = (byte)b1;
        Chip.Transfer(Mosi, 0, Miso, 0, 2);
    }

    public void Bank(int bank)
    {
        Cmd(ChipRegisters.OP_BFC | ChipRegisters.ECON1, 3);
        if (bank != 0) Cmd(ChipRegisters.OP_BFS | ChipRegisters.ECON1, bank);
    }

    public void Wcr(int a, int v) => Cmd(ChipRegisters.OP_WCR | a, v);
    public void Bfs(int a, int v) => Cmd(ChipRegisters.OP_BFS | a, v);
    public void Bfc(int a, int v) => Cmd(ChipRegisters.OP_BFC | a, v);

    public int Rcr(int a)
    {
        Cmd(ChipRegisters.OP_RCR | a, 0);
        return Miso[1];
    }

    public void Pointer(int low, int value)
    {
        Wcr(low, value & 0xFF);
        Wcr(low + 1, value >> 8);
    }

    public int ReadPointer(int low) => Rcr(low) | (Rcr(low + 1) << 8);

    public void Rbm(int n)
    {
        Mosi[0] = ChipRegisters.OP_RBM;
        Chip.Transfer(Mosi, 0, Miso, 0, n + 1);
    }

    public void Wbm(byte[] data, int offset, int n)
    {
        Mosi[0] = ChipRegisters.OP_WBM;
        System.Array.Copy(data, offset, Mosi, 1, n);
        Chip.Transfer(Mosi, 0, null, 0, n + 1);
    }

    /// <summary>Reset, RX FIFO 0..rxEnd (odd), TX above, promiscuous or unicast filter, half duplex, RX on.</summary>
    public void Init(int rxEnd, int erxfcon)
    {
        Mosi[0] = 0xFF;
        Chip.Transfer(Mosi, 0, null, 0, 1);
        Chip.AdvanceMicros(1500);
        Pointer(ChipRegisters.ERXSTL, 0);
        Pointer(ChipRegisters.ERXRDPTL, rxEnd);
        Pointer(ChipRegisters.ERXNDL, rxEnd);
        Bank(1);
        Wcr(ChipRegisters.ERXFCON, erxfcon);
        Bank(2);
        Wcr(ChipRegisters.MACON1, ChipRegisters.MACON1_MARXEN);
        Wcr(ChipRegisters.MACON3, 0x32);
        Wcr(ChipRegisters.MAMXFLL, 0xEE);
        Wcr(ChipRegisters.MAMXFLH, 0x05);
        Bank(3);
        int[] at = { ChipRegisters.MAADR1, ChipRegisters.MAADR2, ChipRegisters.MAADR3, ChipRegisters.MAADR4, ChipRegisters.MAADR5, ChipRegisters.MAADR6 };
        for (int i = 0; i < 6; i++) Wcr(at[i], Mac[i]);
        Bank(2);
        Wcr(ChipRegisters.MIREGADR, ChipRegisters.PHCON2);
        Wcr(ChipRegisters.MIWRL, 0x00);
        Wcr(ChipRegisters.MIWRH, 0x01); // HDLDIS
        Chip.AdvanceMicros(11);
        Bank(0);
        Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
    }

    public static readonly byte[] Mac = { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x01 };

    public static byte[] Frame(int length, int seq)
    {
        var f = new byte[length];
        System.Array.Copy(Mac, f, 6);
        f[6] = 0x02;
        f[11] = 0x02;
        f[12] = 0x88;
        f[13] = 0xB5;
        for (int i = 14; i < length; i++) f[i] = (byte)(seq * 131 + i * 7 + (i >> 8));
        return f;
    }
}
