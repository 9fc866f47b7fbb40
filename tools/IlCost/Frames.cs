namespace NanoStack.Tools.IlCost;

/// <summary>Hand-built frames for the scenarios (built outside the measured parts, with their own checksum code).</summary>
internal static class Frames
{
    public static byte[] ArpRequest(byte[] senderMac, uint senderIp, uint targetIp)
    {
        var f = new byte[42];
        for (int i = 0; i < 6; i++) f[i] = 0xFF;
        Array.Copy(senderMac, 0, f, 6, 6);
        f[12] = 0x08; f[13] = 0x06;
        f[14] = 0; f[15] = 1; f[16] = 0x08; f[17] = 0; f[18] = 6; f[19] = 4; f[20] = 0; f[21] = 1;
        Array.Copy(senderMac, 0, f, 22, 6);
        Put32(f, 28, senderIp);
        Put32(f, 38, targetIp);
        return f;
    }

    /// <summary>Ethernet + IPv4 + ICMP echo request with <paramref name="payload"/> data bytes (ping's default is 56).</summary>
    public static byte[] EchoRequest(byte[] srcMac, byte[] dstMac, uint srcIp, uint dstIp, ushort seq, int payload)
    {
        int ipLength = 20 + 8 + payload;
        var f = new byte[14 + ipLength];
        Array.Copy(dstMac, 0, f, 0, 6);
        Array.Copy(srcMac, 0, f, 6, 6);
        f[12] = 0x08; f[13] = 0x00;
        f[14] = 0x45; f[16] = (byte)(ipLength >> 8); f[17] = (byte)ipLength;
        f[18] = (byte)(seq >> 8); f[19] = (byte)seq; f[20] = 0x40; f[22] = 64; f[23] = 1;
        Put32(f, 26, srcIp);
        Put32(f, 30, dstIp);
        ushort ipSum = Sum(f, 14, 20);
        f[24] = (byte)(ipSum >> 8); f[25] = (byte)ipSum;
        f[34] = 8; f[38] = 0x12; f[39] = 0x34; f[40] = (byte)(seq >> 8); f[41] = (byte)seq;
        for (int i = 0; i < payload; i++) f[42 + i] = (byte)(0x10 + i);
        ushort icmpSum = Sum(f, 34, 8 + payload);
        f[36] = (byte)(icmpSum >> 8); f[37] = (byte)icmpSum;
        return f;
    }

    private static void Put32(byte[] b, int o, uint v)
    {
        b[o] = (byte)(v >> 24); b[o + 1] = (byte)(v >> 16); b[o + 2] = (byte)(v >> 8); b[o + 3] = (byte)v;
    }

    private static ushort Sum(byte[] b, int o, int n)
    {
        uint s = 0;
        for (int i = 0; i + 1 < n; i += 2) s += (uint)(b[o + i] << 8 | b[o + i + 1]);
        if ((n & 1) != 0) s += (uint)(b[o + n - 1] << 8);
        while (s >> 16 != 0) s = (s & 0xFFFF) + (s >> 16);
        return (ushort)~s;
    }
}
