using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using NanoStack.Client.Sockets;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Sockets.Dns;
using NanoStack.Sockets.Tcp;

namespace NanoStack.HostTests.Client;

/// <summary>
/// The board (192.0.2.2, gateway 192.0.2.1) and a scripted peer (192.0.2.1) as two whole NetworkStacks on a
/// MemoryLink pair, both polled by one <see cref="NetworkLoop"/> thread on the wall clock, so the blocking API runs
/// from the test's own thread exactly as an app thread would. The peer serves: UDP echo on 7, DNS on 53 (names in
/// <see cref="DnsAnswers"/>, NXDOMAIN for the rest, silence for "silent.test"), and HTTP on 80 (one canned response,
/// then FIN or RST). Port 81 is closed (RST); 192.0.2.9 is nobody.
/// </summary>
public sealed class BlockingNet : IPollable, IClock, IDisposable
{
    public const uint BoardIp = 0xC0000202;
    public const uint PeerIp = 0xC0000201;
    public const uint NobodyIp = 0xC0000209;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    public readonly NetworkStack Board;
    public readonly TcpStack BoardTcp;
    public readonly DnsClient BoardDns;
    public readonly NetworkStack Peer;
    public readonly TcpStack PeerTcp;
    public readonly MemoryLink BoardLink;
    public readonly MemoryLink PeerLink;
    public readonly NetworkLoop Loop;
    private readonly UdpSocket _echo;
    private readonly UdpSocket _dns;
    private readonly TcpListener _http;
    private readonly byte[] _scratch = new byte[2048];
    private TcpSocket _conn;
    private int _sent;
    private byte[] _response;
    private readonly StringBuilder _request = new StringBuilder();

    /// <summary>What the HTTP server answers (bytes as Latin-1) once a request head arrived.</summary>
    public string HttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    /// <summary>After the response: false = FIN (Close), true = RST (Abort).</summary>
    public bool HttpResetAfter;
    /// <summary>True: the HTTP server accepts but never answers.</summary>
    public bool HttpSilent;
    public string LastRequest = "";
    /// <summary>Request heads the HTTP server has answered (or is answering).</summary>
    public int Requests;
    public (string Name, uint Address)[] DnsAnswers = { ("peer.test", PeerIp) };

    /// <param name="peerThread">True: the peer runs on a thread of its own (every 1 ms, until Dispose) and the board is
    /// polled by nobody yet: the test polls it, with <see cref="Loop"/> or a NetworkLoop of its own (the README example,
    /// ClientAllocationTests). The two stacks then share only the MemoryLink pair, guarded by a lock of its own.</param>
    public BlockingNet(int waiters = 8, DnsConfig dnsConfig = null, bool peerThread = false)
    {
        BoardLink = new MemoryLink(32, 1);
        PeerLink = new MemoryLink(32);
        MemoryLink.Connect(BoardLink, PeerLink);
        object wire = new object();
        Board = new NetworkStack(peerThread ? new WireLockedLink(BoardLink, wire) : BoardLink, Config(new byte[] { 2, 0, 0, 0, 0, 2 }, BoardIp));
        BoardTcp = new TcpStack(new TcpConfig(), 7);
        Board.Register(BoardTcp);
        BoardDns = new DnsClient(new UdpDatagramSocket(Board.OpenUdp()), dnsConfig ?? new DnsConfig(), 9);
        Board.AddTask(BoardDns);
        BoardDns.SetServers(PeerIp, 0);
        Peer = new NetworkStack(peerThread ? new WireLockedLink(PeerLink, wire) : PeerLink, Config(new byte[] { 2, 0, 0, 0, 0, 1 }, PeerIp));
        PeerTcp = new TcpStack(new TcpConfig(), 11);
        Peer.Register(PeerTcp);
        _echo = Peer.OpenUdp();
        _echo.Bind(7);
        _dns = Peer.OpenUdp();
        _dns.Bind(53);
        _http = PeerTcp.Listen(80);
        Loop = new NetworkLoop(Board, BoardTcp, BoardDns, this, null, waiters);
        if (!peerThread)
        {
            Loop.Start(this, 5);
            return;
        }
        _peerThread = new Thread(() =>
        {
            while (Volatile.Read(ref _stopPeer) == 0)
            {
                lock (_peerLock)
                {
                    long now = NowMs;
                    Peer.Poll(now);
                    ServeUdp(now);
                    ServeHttp();
                    Peer.Poll(now);
                }
                Thread.Sleep(1);
            }
        })
        { IsBackground = true, Name = "peer" };
        _peerThread.Start();
    }

    private readonly Thread _peerThread;
    private readonly object _peerLock = new object();
    private int _stopPeer;

    /// <summary>A link whose Receive and Transmit hold a lock shared with its peer's, so two threads may each poll one stack.</summary>
    private sealed class WireLockedLink : ILinkDevice
    {
        private readonly MemoryLink _link;
        private readonly object _wire;

        public WireLockedLink(MemoryLink link, object wire) { _link = link; _wire = wire; }

        public bool IsLinkUp { get { lock (_wire) return _link.IsLinkUp; } }
        public int Receive() { lock (_wire) return _link.Receive(); }
        public byte[] ReceiveBuffer => _link.ReceiveBuffer;
        public int ReceiveOffset => _link.ReceiveOffset;
        public byte[] TransmitBuffer => _link.TransmitBuffer;
        public int TransmitOffset => _link.TransmitOffset;
        public int TransmitCapacity => _link.TransmitCapacity;
        public bool Transmit(int length) { lock (_wire) return _link.Transmit(length); }
    }

    private static StackConfig Config(byte[] mac, uint ip)
    {
        var c = new StackConfig { MacAddress = mac, Address = ip, Netmask = 0xFFFFFF00, Gateway = PeerIp, RandomSeed = ip };
        return c;
    }

    public long NowMs => _clock.ElapsedMilliseconds;

    public long Poll(long nowMs)
    {
        long next = Board.Poll(nowMs);
        long p = Peer.Poll(nowMs);
        ServeUdp(nowMs);
        ServeHttp();
        Peer.Poll(nowMs);
        return Math.Min(Math.Min(next, p), nowMs + 5);
    }

    private void ServeUdp(long nowMs)
    {
        int n;
        while ((n = _echo.ReceiveFrom(_scratch, 0, _scratch.Length, out uint a, out ushort port)) >= 0)
        {
            _echo.SendTo(a, port, _scratch, 0, n, nowMs);
        }
        while ((n = _dns.ReceiveFrom(_scratch, 0, 512, out uint a, out ushort port)) >= 0)
        {
            string name = QuestionName(_scratch, n);
            if (name == "silent.test") continue;
            uint address = 0;
            foreach (var (nm, ad) in DnsAnswers) if (nm == name) address = ad;
            // RFC 1035 §4.1.1: the query back with QR, RA and the RCODE; one A answer pointing at the question name.
            _scratch[2] = 0x81;
            _scratch[3] = (byte)(address == 0 ? 0x83 : 0x80);
            int len = n;
            if (address != 0)
            {
                _scratch[7] = 1;
                byte[] rr = { 0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address };
                Array.Copy(rr, 0, _scratch, n, rr.Length);
                len += rr.Length;
            }
            _dns.SendTo(a, port, _scratch, 0, len, nowMs);
        }
    }

    private static string QuestionName(byte[] m, int n)
    {
        var sb = new StringBuilder();
        int i = 12;
        while (i < n && m[i] != 0)
        {
            if (sb.Length > 0) sb.Append('.');
            sb.Append(Encoding.ASCII.GetString(m, i + 1, m[i]));
            i += m[i] + 1;
        }
        return sb.ToString();
    }

    private void ServeHttp()
    {
        if (_conn == null)
        {
            _conn = _http.Accept();
            _sent = -1;
            _request.Clear();
            if (_conn == null) return;
        }
        int n;
        while ((n = _conn.Receive(_scratch, 0, _scratch.Length)) > 0) _request.Append(Encoding.Latin1.GetString(_scratch, 0, n));
        if (_sent < 0 && _request.ToString().Contains("\r\n\r\n") && !HttpSilent)
        {
            LastRequest = _request.ToString();
            Requests++;
            _sent = 0;
            // Taken now: the test may set the next response while this one is still being sent.
            _response = Encoding.Latin1.GetBytes(HttpResponse);
        }
        if (_sent >= 0)
        {
            byte[] all = _response;
            if (_sent < all.Length) _sent += _conn.Send(all, _sent, all.Length - _sent);
            if (_sent == all.Length && (_conn.SendQueued == 0 || _conn.State == TcpState.CloseWait))
            {
                if (HttpResetAfter) _conn.Abort(); else _conn.Close();
                _conn = null;
            }
        }
        else if (_conn.State == TcpState.Closed || _conn.State == TcpState.CloseWait)
        {
            _conn.Abort();
            _conn = null;
        }
    }

    public string ServerState => Locked(() => $"conn={(_conn == null ? "none" : _conn.State.ToString())} sent={_sent} request={_request.Length} listenerPending={_http.Pending} peerSlots={PeerTcp.SlotsInUse}");

    /// <summary>Runs <paramref name="a"/> holding the loop's lock (to touch either stack from the test thread).</summary>
    public T Locked<T>(Func<T> a)
    {
        lock (Loop.SyncRoot) lock (_peerLock) return a();
    }

    public void Dispose()
    {
        Loop.Stop();
        if (_peerThread != null)
        {
            Volatile.Write(ref _stopPeer, 1);
            _peerThread.Join(5000);
        }
    }
}
