using System;
using System.Diagnostics;
using System.Threading;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Client;

/// <summary>
/// Issue 15: the blocking client must not cost the stack its zero allocation per frame. The board's rounds
/// (<see cref="NetworkLoop.RunOnce"/>: receive, TCP, ARP, DNS client, UDP delivery, ICMP echo client, transmit) run on
/// the measuring thread only; the application (HttpClient GET of a 128 KiB body, DNS look-ups, UDP echoes, pings) runs
/// on a thread of its own and the scripted peer on a third, so their allocations (strings, exceptions, the peer's
/// test code) are not counted. A warm-up workload first on the same threads, then the measured one.
/// </summary>
public class ClientAllocationTests
{
    private const int BodyBytes = 128 * 1024;
    private readonly ITestOutputHelper _out;

    public ClientAllocationTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void TheStacksRoundsAllocateNothingWhileAnAppThreadUsesTheClient()
    {
        using var net = new BlockingNet(peerThread: true)
        {
            HttpResponse = "HTTP/1.1 200 OK\r\nContent-Length: " + BodyBytes + "\r\n\r\n" + new string('n', BodyBytes),
        };
        net.DnsAnswers = new[] { ("peer.test", BlockingNet.PeerIp), ("a.test", BlockingNet.PeerIp), ("b.test", BlockingNet.PeerIp) };
        var warm = new Workload(net, "a.test");
        var measured = new Workload(net, "b.test");
        long allocated = -1, boardFramesOut = 0, boardFramesIn = 0, rounds = 0;
        AllocationMeter.RunOnDedicatedThread(() =>
        {
            warm.Go.Set();
            Poll(net, warm, ref rounds);
            rounds = 0;
            int outBefore = net.BoardLink.FramesTransmitted, inBefore = net.PeerLink.FramesTransmitted;
            long before = AllocationMeter.ThreadBytes;
            measured.Go.Set();
            Poll(net, measured, ref rounds);
            allocated = AllocationMeter.ThreadBytes - before;
            boardFramesOut = net.BoardLink.FramesTransmitted - outBefore;
            boardFramesIn = net.PeerLink.FramesTransmitted - inBefore;
        });
        Assert.Null(warm.Failure);
        Assert.Null(measured.Failure);
        _out.WriteLine($"measured: {rounds} rounds, board sent {boardFramesOut} frames, received {boardFramesIn}; allocated {allocated} B");
        Assert.True(measured.BodyRead == BodyBytes, "body " + measured.BodyRead);
        Assert.True(boardFramesIn > BodyBytes / 1500, "too few frames for the body: " + boardFramesIn);
        Assert.Equal(0, allocated);
    }

    /// <summary>The board's loop as NetworkLoop.Start runs it, on the calling (measured) thread, until the app is done.</summary>
    private static void Poll(BlockingNet net, Workload app, ref long rounds)
    {
        long giveUp = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency; // no Stopwatch object: this thread is measured
        while (!app.Done.IsSet && Stopwatch.GetTimestamp() < giveUp)
        {
            net.Loop.RunOnce(null);
            rounds++;
            Thread.Sleep(1);
        }
    }

    /// <summary>The application thread: made (and its closures) before the measured window opens; waits for Go.</summary>
    private sealed class Workload
    {
        public readonly ManualResetEventSlim Go = new(false);
        public readonly ManualResetEventSlim Done = new(false);
        public Exception Failure;
        public long BodyRead;

        public Workload(BlockingNet net, string name)
        {
            var t = new Thread(() =>
            {
                try
                {
                    Go.Wait();
                    Run(net, name);
                }
                catch (Exception e) { Failure = e; }
                finally { Done.Set(); }
            })
            { IsBackground = true, Name = "app " + name };
            t.Start();
        }

        private void Run(BlockingNet net, string name)
        {
            Assert.Equal(BlockingNet.PeerIp, NanoStack.Client.Sockets.Dns.Resolve(net.Loop, name, 5000));
            var http = new HttpClient(net.Loop, new byte[256]) { Timeout = 5000 };
            HttpClientResponse r = http.Get("http://" + name + "/big");
            byte[] buf = new byte[512];
            int n;
            while ((n = r.Read(buf, 0, buf.Length)) > 0) BodyRead += n;
            r.Close();
            var u = new UdpClient(net.Loop) { ReceiveTimeout = 2000 };
            for (int i = 0; i < 20; i++)
            {
                u.Send(buf, 0, 64, BlockingNet.PeerIp, 7);
                Assert.Equal(64, u.Receive(buf, 0, buf.Length, out _, out _));
            }
            u.Close();
            var p = new Ping(net.Loop);
            for (int i = 0; i < 5; i++) Assert.Equal(IPStatus.Success, p.Send(BlockingNet.PeerIp, 2000));
            p.Close();
        }
    }
}
