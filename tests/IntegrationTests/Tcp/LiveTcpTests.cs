using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using NanoStack.Sockets.Tcp;
using NanoStack.TapLink;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.IntegrationTests.Tcp;

/// <summary>
/// nanoStack's TCP against the Linux kernel through a TAP device in a namespace this test creates (kernel side
/// 192.0.2.1, our stack 192.0.2.2): the kernel as client (socat, curl) and as server (socat listeners), bulk
/// data both ways checked by SHA-256, graceful and abortive close, and `ss` showing how the kernel saw the end.
/// One poller thread owns the stack and runs the application step given to it; every loop is bounded.
/// </summary>
public class LiveTcpTests
{
    private const uint BoardIp = 0xC0000202;
    private const uint KernelIp = 0xC0000201;
    private readonly ITestOutputHelper _out;

    public LiveTcpTests(ITestOutputHelper output) => _out = output;

    /// <summary>A stack on TAP in a fresh namespace, polled on its own thread, running <see cref="App"/> each turn.</summary>
    private sealed class Rig : IDisposable
    {
        public readonly NetNamespace Ns;
        public readonly NetworkStack Stack;
        public readonly TcpStack Tcp;
        private readonly TapLinkDevice _device;
        private readonly Thread _poller;
        private volatile bool _stop;
        public volatile Exception Failure;
        /// <summary>Runs on the poller thread after each Poll; the only code that touches sockets.</summary>
        public volatile Action<long> App;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public Rig(string tag)
        {
            Ns = NetNamespace.Create(tag);
            try
            {
                var tap = Ns.CreateTap();
                _device = new TapLinkDevice(tap, 1, 1);
                Stack = new NetworkStack(_device, new StackConfig
                {
                    MacAddress = [0x02, 0x00, 0x5e, 0x00, 0x02, 0x02],
                    Address = BoardIp,
                    Netmask = 0xFFFFFF00,
                    Gateway = 0,
                    RandomSeed = 4242,
                });
                Tcp = new TcpStack(new TcpConfig(), 4242);
                Stack.Register(Tcp);
            }
            catch
            {
                Ns.Dispose();
                throw;
            }

            _poller = new Thread(Loop) { IsBackground = true, Name = "tcp-live-poll" };
            _poller.Start();
        }

        public long Now => _clock.ElapsedMilliseconds;

        private void Loop()
        {
            try
            {
                while (!_stop && _clock.ElapsedMilliseconds < 120_000)
                {
                    long now = _clock.ElapsedMilliseconds;
                    long next = Stack.Poll(now);
                    Action<long> app = App;
                    if (app != null)
                    {
                        app(now);
                        next = Stack.Poll(now);
                    }

                    _device.WaitReadable((int)Math.Clamp(next - now, 0, 5));
                }
            }
            catch (Exception e)
            {
                Failure = e;
            }
        }

        public void Dispose()
        {
            _stop = true;
            _poller.Join(5_000);
            _device.Dispose();
            Ns.Dispose();
        }
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string Hex(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

    private static bool WaitFor(Func<bool> condition, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }

    /// <summary>Echo server on one port: whatever arrives goes back; FIN after the peer's FIN and all echoed.</summary>
    private sealed class EchoServer
    {
        private readonly TcpListener _listener;
        private TcpSocket _socket;
        private readonly byte[] _buffer = new byte[1024];
        private int _pending, _pendingOffset;
        public long Echoed;
        public volatile bool Closed;

        public EchoServer(TcpStack tcp, ushort port) => _listener = tcp.Listen(port);

        public void Step(long now)
        {
            _socket ??= _listener.Accept();
            if (_socket == null || Closed)
            {
                return;
            }

            while (true)
            {
                if (_pending > 0)
                {
                    int n = _socket.Send(_buffer, _pendingOffset, _pending);
                    _pending -= n;
                    _pendingOffset += n;
                    Echoed += n;
                    if (_pending > 0)
                    {
                        return;
                    }
                }

                int r = _socket.Receive(_buffer, 0, _buffer.Length);
                if (r == 0)
                {
                    break;
                }

                _pending = r;
                _pendingOffset = 0;
            }

            if (_socket.IsReceiveFinished && _pending == 0)
            {
                _socket.Close();
                Closed = true;
            }
        }
    }

    [Fact]
    public void KernelClientEchoesBulkDataBothWaysThroughSocat()
    {
        using var rig = new Rig("tcpecho");
        var echo = new EchoServer(rig.Tcp, 5001);
        rig.App = echo.Step;
        byte[] data = RandomBytes(300_000, 1);
        string input = Path.Combine(Path.GetTempPath(), "tcp-echo-in-" + Environment.ProcessId);
        string output = input + ".out";
        File.WriteAllBytes(input, data);
        try
        {
            var r = rig.Ns.Exec(60_000, "sh", "-c", $"socat -t 20 -T 30 - TCP4:192.0.2.2:5001 < {input} > {output}");
            _out.WriteLine($"socat rc={r.ExitCode} {r.Stderr}");
            Assert.Equal(0, r.ExitCode);
            byte[] back = File.ReadAllBytes(output);
            Assert.Equal(data.Length, back.Length);
            Assert.Equal(Hex(data), Hex(back));
            Assert.True(WaitFor(() => echo.Closed, 5_000));
            // The kernel's view: no connection left half-open on its side (TIME-WAIT is the graceful end).
            Assert.True(WaitFor(() => !KernelHasOpenConnection(rig.Ns), 5_000), Ss(rig.Ns));
            Assert.Null(rig.Failure);
            _out.WriteLine($"retransmits={rig.Tcp.Counters.Retransmits} segsIn={rig.Tcp.Counters.SegmentsIn} segsOut={rig.Tcp.Counters.SegmentsOut} drops={rig.Tcp.Counters.TotalDrops}");
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [Fact]
    public void CurlDownloadsABodyServedByTheStack()
    {
        using var rig = new Rig("tcpcurl");
        byte[] body = RandomBytes(100_000, 2);
        byte[] header = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] response = new byte[header.Length + body.Length];
        header.CopyTo(response, 0);
        body.CopyTo(response, header.Length);
        TcpListener listener = rig.Tcp.Listen(8080);
        TcpSocket s = null;
        int requestBytes = 0, sent = 0;
        var request = new byte[2048];
        bool closed = false;
        rig.App = now =>
        {
            s ??= listener.Accept();
            if (s == null || closed)
            {
                return;
            }

            requestBytes += s.Receive(request, requestBytes, request.Length - requestBytes);
            bool complete = System.Text.Encoding.ASCII.GetString(request, 0, requestBytes).Contains("\r\n\r\n");
            if (complete && sent < response.Length)
            {
                sent += s.Send(response, sent, response.Length - sent);
            }

            if (sent == response.Length)
            {
                s.Close();
                closed = true;
            }
        };
        string output = Path.Combine(Path.GetTempPath(), "tcp-curl-" + Environment.ProcessId);
        try
        {
            var r = rig.Ns.Exec(30_000, "curl", "-s", "-S", "--max-time", "20", "-o", output, "http://192.0.2.2:8080/file");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(Hex(body), Hex(File.ReadAllBytes(output)));
            Assert.True(WaitFor(() => !KernelHasOpenConnection(rig.Ns), 5_000), Ss(rig.Ns));
            Assert.Null(rig.Failure);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void StackConnectsToKernelServerAndUploadsThenDownloads()
    {
        using var rig = new Rig("tcpcli");
        byte[] upload = RandomBytes(200_000, 3);
        byte[] download = RandomBytes(150_000, 4);
        string uploaded = Path.Combine(Path.GetTempPath(), "tcp-up-" + Environment.ProcessId);
        string source = Path.Combine(Path.GetTempPath(), "tcp-down-" + Environment.ProcessId);
        File.WriteAllBytes(source, download);
        try
        {
            // Kernel as server: one listener stores what we send, another serves a file to us.
            Task<ProcessResult> sink = Task.Run(() => rig.Ns.Exec(40_000, "socat", "-u", "-T", "30", "TCP4-LISTEN:6000,reuseaddr", "CREATE:" + uploaded));
            Task<ProcessResult> server = Task.Run(() => rig.Ns.Exec(40_000, "socat", "-u", "-T", "30", "OPEN:" + source, "TCP4-LISTEN:6001,reuseaddr"));
            Assert.True(WaitFor(() => { string l = rig.Ns.Exec(5_000, "ss", "-tln").Stdout; return l.Contains(":6000") && l.Contains(":6001"); }, 10_000), "socat listeners did not start");

            TcpSocket up = null, down = null;
            int sent = 0, received = 0;
            bool upClosed = false;
            var into = new byte[download.Length + 1];
            var done = new ManualResetEventSlim();
            rig.App = now =>
            {
                up ??= rig.Tcp.Connect(BoardIp, KernelIp, 6000, now);
                down ??= rig.Tcp.Connect(BoardIp, KernelIp, 6001, now);
                if (up.State == TcpState.Established && sent < upload.Length)
                {
                    sent += up.Send(upload, sent, upload.Length - sent);
                }

                if (sent == upload.Length && !upClosed)
                {
                    up.Close();
                    upClosed = true;
                }

                int n;
                while ((n = down.Receive(into, received, into.Length - received)) > 0)
                {
                    received += n;
                }

                if (down.IsReceiveFinished && down.State != TcpState.Closed && down.State != TcpState.TimeWait && down.State != TcpState.LastAck)
                {
                    down.Close();
                }

                if (upClosed && down.IsReceiveFinished)
                {
                    done.Set();
                }
            };
            Assert.True(done.Wait(40_000), $"sent {sent}/{upload.Length} received {received}/{download.Length} up={up?.State}/{up?.Error} down={down?.State}/{down?.Error}");
            bool sinkDone = sink.Wait(20_000), serverDone = server.Wait(20_000);
            _out.WriteLine($"sink done={sinkDone} server done={serverDone} up={up.State} down={down.State} ss:\n{Ss(rig.Ns)}");
            Assert.True(sinkDone && serverDone, "socat did not finish");
            Assert.True(sink.Result.ExitCode == 0, sink.Result.Stderr);
            Assert.Equal(download.Length, received);
            Assert.Equal(Hex(download), Hex(into.AsSpan(0, received).ToArray()));
            Assert.Equal(Hex(upload), Hex(File.ReadAllBytes(uploaded)));
            Assert.Equal(TcpError.None, up.Error);
            Assert.Equal(TcpError.None, down.Error);
            Assert.True(WaitFor(() => !KernelHasOpenConnection(rig.Ns), 5_000), Ss(rig.Ns));
            Assert.Null(rig.Failure);
        }
        finally
        {
            File.Delete(uploaded);
            File.Delete(source);
        }
    }

    [Fact]
    public void AbortResetsTheKernelsConnection()
    {
        using var rig = new Rig("tcprst");
        TcpListener listener = rig.Tcp.Listen(7000);
        TcpSocket s = null;
        bool aborted = false;
        var buffer = new byte[100];
        rig.App = now =>
        {
            s ??= listener.Accept();
            if (s != null && !aborted && s.Receive(buffer, 0, buffer.Length) > 0)
            {
                s.Abort();
                aborted = true;
            }
        };
        // The client sends a line and keeps reading: our RST must end it with an error, not EOF.
        var r = rig.Ns.Exec(20_000, "sh", "-c", "(printf 'hello\\n'; sleep 3) | socat -T 10 - TCP4:192.0.2.2:7000; echo rc=$?");
        _out.WriteLine(r.Stdout + r.Stderr);
        string nstat = rig.Ns.Exec(5_000, "nstat", "-az", "TcpEstabResets").Stdout;
        _out.WriteLine($"rstOut={rig.Tcp.Counters.RstOut} state={s?.State} {nstat}");
        Assert.True(aborted);
        Assert.Equal(TcpError.Aborted, s.Error);
        // The kernel's own counter: one established connection ended by a RST (our abort).
        Assert.Matches(@"TcpEstabResets\s+1\s", nstat);
        Assert.True(WaitFor(() => !KernelHasOpenConnection(rig.Ns), 5_000), Ss(rig.Ns));
        Assert.True(rig.Tcp.Counters.RstOut >= 1);
    }

    [Fact]
    public void ClosedPortRefusesKernelConnect()
    {
        using var rig = new Rig("tcpref");
        var r = rig.Ns.Exec(10_000, "sh", "-c", "socat -T 2 - TCP4:192.0.2.2:9 </dev/null; echo rc=$?");
        Assert.Contains("Connection refused", r.Stderr + r.Stdout);
    }

    private static string Ss(NetNamespace ns) => ns.Exec(5_000, "ss", "-tan").Stdout;

    /// <summary>True while the kernel has a TCP connection to us in a state other than TIME-WAIT / LISTEN.</summary>
    private static bool KernelHasOpenConnection(NetNamespace ns)
    {
        foreach (string line in Ss(ns).Split('\n'))
        {
            if (line.Contains("192.0.2.2") && !line.StartsWith("TIME-WAIT") && !line.StartsWith("LISTEN"))
            {
                return true;
            }
        }

        return false;
    }
}
