using System;
using System.Text;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;

namespace NanoStack.HostTests.Board;

/// <summary>
/// The board application (stack + TCP + HTTP + demo routes) on one end of a <see cref="MemoryLink"/> pair and a
/// client made of the same portable stack on the other, driven in deterministic virtual time.
/// </summary>
internal sealed class InMemoryBoard
{
    public readonly BoardApp Server;
    public readonly NetworkStack ClientStack;
    public readonly TcpStack ClientTcp;
    public readonly QuietLed Led = new();
    public long Now = 1000;
    private readonly byte[] _rx = new byte[16384];

    /// <param name="captureBytes">BoardConfig.CaptureBytes: 0 = no on-board capture, as on the device</param>
    public InMemoryBoard(int captureBytes = 0)
    {
        var a = new MemoryLink(64);
        var b = new MemoryLink(64);
        MemoryLink.Connect(a, b);
        var cfg = BoardConfig.Default();
        cfg.UseDhcp = false; // static 192.0.2.2: the in-memory peer talks to it at once
        cfg.CaptureBytes = captureBytes;
        Server = new BoardApp(cfg, a, Led, Now);
        var cc = new StackConfig { MacAddress = new byte[] { 0x02, 0, 0x5e, 0, 0, 1 }, Address = 0xC0000201, Netmask = 0xFFFFFF00, RandomSeed = 7 };
        ClientStack = new NetworkStack(b, cc);
        ClientTcp = new TcpStack(new TcpConfig { MaxConnections = 4, ReceiveBufferSize = 8192, SendBufferSize = 4096 }, 99);
        ClientStack.Register(ClientTcp);
    }

    public void Step()
    {
        Now += 1;
        Server.Step(Now);
        ClientStack.Poll(Now);
    }

    public TcpSocket Connect()
    {
        var s = ClientTcp.Connect(0xC0000201, 0xC0000202, 80, Now);
        for (int i = 0; i < 1000 && s.State != TcpState.Established; i++) Step();
        if (s.State != TcpState.Established) throw new InvalidOperationException("no connection: " + s.State);
        return s;
    }

    /// <summary>Sends <paramref name="request"/> and reads until <paramref name="expectedBytes"/> response bytes arrived.</summary>
    public int Exchange(TcpSocket s, byte[] request, int expectedBytes, byte[] keep = null)
    {
        int sent = 0, got = 0;
        for (int i = 0; i < 200_000 && got < expectedBytes; i++)
        {
            if (sent < request.Length) sent += s.Send(request, sent, request.Length - sent);
            Step();
            int n;
            while ((n = s.Receive(_rx, 0, _rx.Length)) > 0)
            {
                if (keep != null) Array.Copy(_rx, 0, keep, got, Math.Min(n, keep.Length - got));
                got += n;
            }
        }
        return got;
    }

    public sealed class QuietLed : ILed
    {
        public bool IsOn { get; private set; }
        public void Set(bool on) => IsOn = on;
        public void Toggle() => IsOn = !IsOn;
    }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
