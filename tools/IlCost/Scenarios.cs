using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;
using NanoStack.Wire;

namespace NanoStack.Tools.IlCost;

/// <summary>
/// The fixed scenarios of the cost model (issue 13). Runs inside <see cref="CostModel"/>'s load context, bound to the
/// instrumented assemblies; <c>snapshot</c> reads their counters (ops, calls out, native calls). Everything is seeded and
/// in virtual time, so every run gives the same figures. Only the side named by each figure is counted.
/// </summary>
public static class Scenarios
{
    private static Func<long[]> s_snapshot = () => new long[3];

    /// <summary>name -> value, in the order bench prints them; <paramref name="report"/> gets each scenario's whole
    /// cost vector (as <see cref="CostModel.Snapshot"/> lays it out) and its units, for the per-method table.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> RunAll(Func<long[]> snapshot, Action<string, long[], double> report)
    {
        s_snapshot = snapshot;
        var per = new List<(string Name, Tally Cost, double Units)>();
        per.Add(("echo", Echo(), 1));
        var (rxSegment, segments) = ReceivedSegments();
        per.Add(("rx.segment", rxSegment, segments));
        var (sender, receiver, bytes) = Bulk(2048);
        per.Add(("tcp.byte", sender.Plus(receiver), bytes));
        per.Add(("tcp.byte.sender", sender, bytes));
        per.Add(("tcp.byte.receiver", receiver, bytes));
        var (rx, tx, frames) = DriverFrames();
        per.Add(("driver.rx.frame", rx, frames));
        per.Add(("driver.tx.frame", tx, frames));
        var (http, body) = HttpBytes();
        per.Add(("http.byte", http, body));
        var (request, requests, idle, idleSteps) = HttpRequests();
        per.Add(("http.request", request, requests));
        per.Add(("idle.step", idle, idleSteps));
        per.Add(("checksum.byte", ChecksumBytes(out int n), n));

        var result = new List<KeyValuePair<string, double>>();
        foreach (var p in per) result.Add(new("ilops." + p.Name, p.Cost.Ops / p.Units));
        foreach (var p in per) result.Add(new("calls." + p.Name, p.Cost.Calls / p.Units));
        foreach (var p in per) result.Add(new("native." + p.Name, p.Cost.Natives / p.Units));
        foreach (var p in per) report(p.Name, p.Cost.Vector, p.Units);
        return result;
    }

    /// <summary>Costs accumulated over the measured parts of a scenario.</summary>
    public sealed class Tally
    {
        /// <summary>Ops, calls out, natives, then (per-method counting) each method's ops and entries.</summary>
        public long[] Vector = Array.Empty<long>();
        private long[] _at = Array.Empty<long>();

        public long Ops => Vector.Length > 0 ? Vector[0] : 0;
        public long Calls => Vector.Length > 1 ? Vector[1] : 0;
        public long Natives => Vector.Length > 2 ? Vector[2] : 0;

        public void Begin() => _at = s_snapshot();

        public void End()
        {
            long[] now = s_snapshot();
            if (Vector.Length == 0) Vector = new long[now.Length];
            for (int i = 0; i < now.Length; i++) Vector[i] += now[i] - _at[i];
        }

        /// <summary>Calls the counters cannot see (the SPI transport below the driver is native on the device).</summary>
        public void AddNative(long n)
        {
            Vector[1] += n;
            Vector[2] += n;
        }

        public Tally Plus(Tally o)
        {
            var sum = new long[Math.Max(Vector.Length, o.Vector.Length)];
            for (int i = 0; i < Vector.Length; i++) sum[i] += Vector[i];
            for (int i = 0; i < o.Vector.Length; i++) sum[i] += o.Vector[i];
            return new Tally { Vector = sum };
        }
    }

    // ---- one ICMP echo: request in, reply out, through NetworkStack.Poll on a MemoryLink ---------------------

    private static readonly byte[] BoardMac = { 0x02, 0x00, 0x5E, 0x10, 0x00, 0x02 };
    private static readonly byte[] PeerMac = { 0x02, 0x00, 0x5E, 0x00, 0x00, 0x01 };
    private const uint BoardIp = 0xC0000202, PeerIp = 0xC0000201;

    /// <summary>The responder's cost of one 56-byte ping (as <c>ping</c> sends it), ARP already resolved.</summary>
    public static Tally Echo()
    {
        var link = new MemoryLink(16);
        var peer = new MemoryLink(16);
        MemoryLink.Connect(link, peer);
        var stack = new NetworkStack(link, new StackConfig { MacAddress = BoardMac, Address = BoardIp, Netmask = 0xFFFFFF00, RandomSeed = 1 });
        byte[] arp = Frames.ArpRequest(PeerMac, PeerIp, BoardIp);
        peer.Send(arp, 0, arp.Length);
        stack.Poll(0);
        while (peer.Receive() > 0) { }
        var cost = new Tally();
        const int warm = 16;
        for (int seq = 0; seq <= warm; seq++)
        {
            byte[] req = Frames.EchoRequest(PeerMac, BoardMac, PeerIp, BoardIp, (ushort)seq, 56);
            peer.Send(req, 0, req.Length);
            if (seq == warm) cost.Begin();
            stack.Poll(seq + 1);
            if (seq == warm) cost.End();
            int replies = 0;
            while (peer.Receive() > 0) replies++;
            if (replies != 1) throw new InvalidOperationException("echo " + seq + ": " + replies + " replies");
        }
        return cost;
    }

    // ---- TCP between two NetworkStacks on MemoryLinks -----------------------------------------------------------

    private sealed class TcpPair
    {
        public readonly NetworkStack A, B;
        public readonly TcpSocket Sender, Receiver;
        public long Now = 1;

        public TcpPair(int senderRing, int receiverRing)
        {
            var la = new MemoryLink(64);
            var lb = new MemoryLink(64);
            MemoryLink.Connect(la, lb);
            A = new NetworkStack(la, new StackConfig { MacAddress = PeerMac, Address = PeerIp, Netmask = 0xFFFFFF00, RandomSeed = 3 });
            B = new NetworkStack(lb, new StackConfig { MacAddress = BoardMac, Address = BoardIp, Netmask = 0xFFFFFF00, RandomSeed = 5 });
            var ta = new TcpStack(new TcpConfig { ReceiveBufferSize = senderRing, SendBufferSize = senderRing }, 7);
            var tb = new TcpStack(new TcpConfig { ReceiveBufferSize = receiverRing, SendBufferSize = receiverRing }, 11);
            A.Register(ta);
            B.Register(tb);
            TcpListener l = tb.Listen(5001) ?? throw new InvalidOperationException("listen");
            Sender = ta.Connect(PeerIp, BoardIp, 5001, Now);
            TcpSocket? r = null;
            for (int i = 0; i < 1000 && (r == null || Sender.State != TcpState.Established); i++)
            {
                Now++;
                A.Poll(Now);
                B.Poll(Now);
                r ??= l.Accept();
            }
            Receiver = r ?? throw new InvalidOperationException("no connection");
        }
    }

    /// <summary>Bulk transfer; the sender's (app Send + its stack's Poll) and the receiver's (Poll + app Receive) costs.</summary>
    private static (Tally Sender, Tally Receiver, long Bytes, int Segments) Transfer(TcpPair p, long warmBytes, long bytes)
    {
        var data = new byte[4096];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7);
        var sink = new byte[4096];
        var sender = new Tally();
        var receiver = new Tally();
        long sent = 0, got = 0, end = warmBytes + bytes, gotAtStart = 0;
        int segmentsAtStart = 0;
        bool measuring = false;
        for (int round = 0; round < 10_000_000 && got < end; round++)
        {
            if (!measuring && got >= warmBytes)
            {
                measuring = true;
                segmentsAtStart = p.Receiver.SegmentsIn;
                gotAtStart = got; // a flight may carry the count past warmBytes
            }
            p.Now++;
            if (measuring) sender.Begin();
            if (sent < end)
            {
                int want = (int)Math.Min(data.Length, end - sent);
                sent += p.Sender.Send(data, 0, want);
            }
            p.A.Poll(p.Now);
            if (measuring) { sender.End(); receiver.Begin(); }
            p.B.Poll(p.Now);
            int n;
            while ((n = p.Receiver.Receive(sink, 0, sink.Length)) > 0) got += n;
            if (measuring) receiver.End();
        }
        if (got < end) throw new InvalidOperationException("transfer stalled at " + got);
        return (sender, receiver, got - gotAtStart, p.Receiver.SegmentsIn - segmentsAtStart);
    }

    /// <summary>TCP bulk between two stacks, rings of <paramref name="ring"/> bytes on both (the nanoCLR run: 2,048).</summary>
    public static (Tally Sender, Tally Receiver, long Bytes) Bulk(int ring)
    {
        var r = Transfer(new TcpPair(ring, ring), 64 * 1024, 256 * 1024);
        return (r.Sender, r.Receiver, r.Bytes);
    }

    /// <summary>The receiver's cost per full-size (1,460-byte) segment, its ACKs included (one per two segments,
    /// RFC 1122 §4.2.3.2), with 8 KiB rings so that every segment is full.</summary>
    public static (Tally Receiver, int Segments) ReceivedSegments()
    {
        var r = Transfer(new TcpPair(8192, 8192), 64 * 1460, 256 * 1460);
        if (r.Bytes != (long)r.Segments * 1460) throw new InvalidOperationException("segments not all full-size: " + r.Bytes + " B in " + r.Segments);
        return (r.Receiver, r.Segments);
    }

    // ---- the ENC28J60 driver on the chip model -------------------------------------------------------------------

    /// <summary>The driver on the model with the virtual clock; SPI calls counted (each is a native call on the device).</summary>
    private sealed class Rig : ISpiTransport, IDriverClock, IWireSink
    {
        public readonly Enc28j60Chip Chip = new(ChipRevision.B7, 0x1234567u);
        public long SpiCalls;
        public int WireFrames;

        public Rig() => Chip.WireSink = this;

        public void Write(byte[] buffer, int offset, int length)
        {
            SpiCalls++;
            Chip.Transfer(buffer, offset, null, 0, length);
        }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length)
        {
            SpiCalls++;
            Chip.Transfer(write, writeOffset, read, readOffset, length);
        }

        public long NowMicros => Chip.NowMicros;
        public void DelayMicros(int us) => Chip.AdvanceMicros(us);
        public void FrameTransmitted(byte[] frame, int offset, int length) => WireFrames++;
    }

    /// <summary>Full-size frames (1,514 bytes) received and sent through the driver as the firmware runs it
    /// (interrupt mode, 10 MHz SCK): RX = HandleInterrupt when INT is low, then Receive until it returns 0;
    /// TX = Transmit, including any wait for the frame before it.</summary>
    public static (Tally Rx, Tally Tx, int Frames) DriverFrames()
    {
        var rig = new Rig();
        var driver = new Enc28j60Driver(rig, rig, new Enc28j60Options { InterruptMode = true, SpiClockHz = 10_000_000 });
        driver.Initialize(BoardMac);
        rig.Chip.AdvanceMicros(10_000);
        var frame = new byte[1514];
        Array.Copy(BoardMac, 0, frame, 0, 6);
        Array.Copy(PeerMac, 0, frame, 6, 6);
        frame[12] = 0x88;
        frame[13] = 0xB5;
        for (int i = 14; i < frame.Length; i++) frame[i] = (byte)i;
        var rx = new Tally();
        var tx = new Tally();
        const int warm = 16, frames = 64;
        for (int k = 0; k < warm + frames; k++)
        {
            bool measure = k >= warm;
            rig.Chip.ReceiveFromWire(frame, 0, frame.Length);
            long spi = rig.SpiCalls;
            if (measure) rx.Begin();
            if (rig.Chip.IntPinAsserted) driver.HandleInterrupt();
            int received = 0;
            while (driver.Receive() > 0) received++;
            if (measure) { rx.End(); rx.AddNative(rig.SpiCalls - spi); }
            if (received != 1) throw new InvalidOperationException("driver received " + received + " frames");

            Array.Copy(frame, 0, driver.TransmitBuffer, driver.TransmitOffset, frame.Length);
            spi = rig.SpiCalls;
            if (measure) tx.Begin();
            if (!driver.Transmit(frame.Length)) throw new InvalidOperationException("transmit refused");
            if (measure) { tx.End(); tx.AddNative(rig.SpiCalls - spi); }
            rig.Chip.AdvanceMicros(300); // the stack's own work between frames
        }
        return (rx, tx, frames);
    }

    // ---- GET /bytes/N through the firmware's BoardApp --------------------------------------------------------------

    private sealed class Led : ILed
    {
        public bool IsOn { get; private set; }
        public void Set(bool on) => IsOn = on;
        public void Toggle() => IsOn = !IsOn;
    }

    /// <summary>The default firmware (static address) on a MemoryLink and a client stack with <paramref name="clientTcp"/>,
    /// connected to the board's HTTP port; <paramref name="now"/> advances one ms per round of the handshake.</summary>
    private static (BoardApp Board, NetworkStack Client, TcpSocket Socket) BoardWithClient(TcpConfig clientTcp, ref long now)
    {
        var a = new MemoryLink(64);
        var b = new MemoryLink(64);
        MemoryLink.Connect(a, b);
        var cfg = BoardConfig.Default();
        cfg.UseDhcp = false;
        var board = new BoardApp(cfg, a, new Led(), now);
        var client = new NetworkStack(b, new StackConfig { MacAddress = PeerMac, Address = PeerIp, Netmask = 0xFFFFFF00, RandomSeed = 7 });
        var ctcp = new TcpStack(clientTcp, 99);
        client.Register(ctcp);
        TcpSocket s = ctcp.Connect(PeerIp, BoardIp, cfg.HttpPort, now);
        for (int i = 0; i < 1000 && s.State != TcpState.Established; i++)
        {
            now++;
            board.Step(now);
            client.Poll(now);
        }
        return (board, client, s);
    }

    /// <summary>The board's cost (BoardApp.Step only) per body byte of <c>GET /bytes/1048576</c> on a MemoryLink, default
    /// firmware configuration with a static address (2 KiB TCP rings); the client is the same stack, not counted.</summary>
    public static (Tally Board, long Bytes) HttpBytes()
    {
        const int body = 1048576;
        long now = 1000;
        var (board, client, s) = BoardWithClient(new TcpConfig { ReceiveBufferSize = 8192, SendBufferSize = 2048 }, ref now);
        byte[] request = System.Text.Encoding.ASCII.GetBytes("GET /bytes/" + body + " HTTP/1.1\r\nHost: board\r\n\r\n");
        if (s.Send(request, 0, request.Length) != request.Length) throw new InvalidOperationException("request not queued");
        var cost = new Tally();
        var sink = new byte[8192];
        long got = 0;
        int headerEnd = -1;
        var head = new List<byte>();
        for (int round = 0; round < 5_000_000 && (headerEnd < 0 || got - headerEnd < body); round++)
        {
            now++;
            cost.Begin();
            board.Step(now);
            cost.End();
            client.Poll(now);
            int n;
            while ((n = s.Receive(sink, 0, sink.Length)) > 0)
            {
                for (int i = 0; i < n && headerEnd < 0; i++)
                {
                    head.Add(sink[i]);
                    int c = head.Count;
                    if (c >= 4 && head[c - 4] == '\r' && head[c - 3] == '\n' && head[c - 2] == '\r' && head[c - 1] == '\n') headerEnd = c;
                }
                got += n;
            }
        }
        if (headerEnd < 0 || got - headerEnd != body) throw new InvalidOperationException("download incomplete: " + got);
        return (cost, body);
    }

    /// <summary>
    /// The board's cost per small request on a kept-alive connection (what <c>ab -k</c> or a page polling
    /// <c>/api/led</c> costs it): <c>GET /api/led</c> in, the JSON answer out, the client's ACKs in, through
    /// <c>BoardApp.Step</c> (default firmware, static address, MemoryLink). Only the steps in which the board received
    /// or sent a frame count: the firmware's loop sleeps between them. The others give <c>idle.step</c>, one step with a
    /// kept-alive connection open and nothing to do (a wake-up for a timer or a frame not for us costs at least that).
    /// </summary>
    public static (Tally Board, int Requests, Tally Idle, int IdleSteps) HttpRequests()
    {
        long now = 1000;
        var (board, client, s) = BoardWithClient(new TcpConfig(), ref now);
        byte[] request = System.Text.Encoding.ASCII.GetBytes("GET /api/led HTTP/1.1\r\nHost: board\r\n\r\n");
        var cost = new Tally();
        var idle = new Tally();
        int idleSteps = 0;
        var sink = new byte[2048];
        const int warm = 4, measured = 32;
        Interface iface = board.Stack.Interface;
        for (int k = 0; k < warm + measured; k++)
        {
            if (s.Send(request, 0, request.Length) != request.Length) throw new InvalidOperationException("request not queued");
            var response = new List<byte>();
            int need = -1;
            // Until the whole response has arrived, then 100 ms more so that every ACK of it is in (delayed ACKs).
            long quietUntil = long.MaxValue;
            for (int round = 0; round < 10_000 && now < quietUntil; round++)
            {
                now++;
                long frames = iface.FramesReceived + iface.FramesTransmitted;
                cost.Begin();
                idle.Begin();
                board.Step(now);
                if (k >= warm && iface.FramesReceived + iface.FramesTransmitted != frames) cost.End();
                else if (k >= warm)
                {
                    idle.End();
                    idleSteps++;
                }
                client.Poll(now);
                int n;
                while ((n = s.Receive(sink, 0, sink.Length)) > 0)
                {
                    for (int i = 0; i < n; i++) response.Add(sink[i]);
                }
                if (need < 0) need = ResponseLength(response);
                if (need > 0 && response.Count >= need && quietUntil == long.MaxValue) quietUntil = now + 100;
            }
            if (need <= 0 || response.Count != need || response[9] != (byte)'2') throw new InvalidOperationException("request " + k + ": " + response.Count + " of " + need + " bytes");
        }
        return (cost, measured, idle, idleSteps);
    }

    /// <summary>Header length + Content-Length once the header has arrived, else -1.</summary>
    private static int ResponseLength(List<byte> r)
    {
        for (int i = 3; i < r.Count; i++)
        {
            if (r[i - 3] != '\r' || r[i - 2] != '\n' || r[i - 1] != '\r' || r[i] != '\n') continue;
            string head = System.Text.Encoding.ASCII.GetString(r.ToArray(), 0, i + 1);
            int at = head.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
            if (at < 0) throw new InvalidOperationException("no Content-Length: " + head);
            int eol = head.IndexOf('\r', at);
            return i + 1 + int.Parse(head.Substring(at + 15, eol - at - 15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return -1;
    }

    // ---- the Internet checksum ---------------------------------------------------------------------------------------

    /// <summary>Checksum.Compute over a 1,500-byte buffer (an MTU-sized datagram), call and fold included.</summary>
    public static Tally ChecksumBytes(out int bytes)
    {
        bytes = 1500;
        var buffer = new byte[bytes];
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(i * 13 + 1);
        var cost = new Tally();
        cost.Begin();
        Checksum.Compute(buffer, 0, buffer.Length);
        cost.End();
        return cost;
    }
}
