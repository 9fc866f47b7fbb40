using System;
using System.Text;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>
/// The on-board capture (/capture.pcap) in the whole board application on a MemoryLink pair: off by default, no
/// allocation per captured frame or per download, and a download stays a well-formed pcap file while the board's
/// own traffic (the download itself) keeps arriving at a small ring.
/// </summary>
public class CaptureTests
{
    private static readonly byte[] Request = InMemoryBoard.Ascii("GET /capture.pcap HTTP/1.1\r\nHost: b\r\n\r\n");

    private static readonly byte[] Keep = new byte[1 << 20];
    private static readonly byte[] Rx = new byte[16384];
    private static readonly byte[] ContentLength = InMemoryBoard.Ascii("Content-Length: ");

    /// <summary>Sends the request and steps until the response (Content-Length framed) is complete; returns it.</summary>
    private static byte[] Download(InMemoryBoard b, TcpSocket s, byte[] request, TcpSocket other = null, int stallSteps = 0)
    {
        int got = Fetch(b, s, request, other, stallSteps);
        return Keep.AsSpan(0, got).ToArray();
    }

    /// <summary>Download into <see cref="Keep"/> without allocating; returns the response length.</summary>
    private static int Fetch(InMemoryBoard b, TcpSocket s, byte[] request, TcpSocket other = null, int stallSteps = 0)
    {
        int got = 0, sent = 0, total = -1;
        for (int i = 0; i < 200_000 && (total < 0 || got < total); i++)
        {
            if (sent < request.Length) sent += s.Send(request, sent, request.Length - sent);
            b.Step();
            if (i < stallSteps)
            {
                // A stalled client: it reads nothing, its window closes, the download waits while other traffic goes on.
                while (other != null && other.Receive(Rx, 0, Rx.Length) > 0) { }
                continue;
            }
            int n;
            while ((n = s.Receive(Rx, 0, Rx.Length)) > 0)
            {
                Array.Copy(Rx, 0, Keep, got, n);
                got += n;
            }
            if (other != null) while (other.Receive(Rx, 0, Rx.Length) > 0) { }
            if (total < 0) total = ResponseLength(Keep, got);
        }
        if (total <= 0 || got != total) throw new InvalidOperationException("incomplete response: " + got + " of " + total);
        return got;
    }

    /// <summary>Head + Content-Length once the head is in, else -1 (no allocation).</summary>
    private static int ResponseLength(byte[] buffer, int length)
    {
        int end = -1;
        for (int i = 0; i + 3 < length; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') { end = i; break; }
        }
        if (end < 0) return -1;
        int cl = buffer.AsSpan(0, end).IndexOf(ContentLength);
        int value = 0;
        for (int i = cl + ContentLength.Length; buffer[i] >= '0' && buffer[i] <= '9'; i++) value = value * 10 + buffer[i] - '0';
        return end + 4 + value;
    }

    /// <summary>Checks the pcap framing from the global header to the last byte; returns the number of records.</summary>
    private static int WalkPcap(byte[] response, int snapLength)
    {
        string text = Encoding.ASCII.GetString(response, 0, Math.Min(response.Length, 1024));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
        Assert.Contains("Content-Type: application/vnd.tcpdump.pcap\r\n", text);
        int at = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Equal(0xA1B2C3D4u, BitConverter.ToUInt32(response, at));
        Assert.Equal((uint)snapLength, BitConverter.ToUInt32(response, at + 16));
        Assert.Equal(1u, BitConverter.ToUInt32(response, at + 20));
        at += 24;
        int records = 0;
        long lastTs = 0;
        while (at < response.Length)
        {
            Assert.True(at + 16 <= response.Length, "record header cut at " + at);
            long ts = BitConverter.ToUInt32(response, at) * 1_000_000L + BitConverter.ToUInt32(response, at + 4);
            int incl = BitConverter.ToInt32(response, at + 8);
            int orig = BitConverter.ToInt32(response, at + 12);
            Assert.True(incl >= 14 && incl <= snapLength && incl <= orig && orig <= 1514, "record " + records + ": " + incl + "/" + orig);
            Assert.True(ts >= lastTs, "timestamps never go back");
            lastTs = ts;
            at += 16 + incl;
            records++;
        }
        Assert.Equal(response.Length, at);
        return records;
    }

    [Fact]
    public void CaptureIsOffByDefaultAnd404SaysHowToTurnItOn()
    {
        var b = new InMemoryBoard();
        Assert.Null(b.Server.Capture);
        var s = b.Connect();
        var keep = new byte[4096];
        int n = b.Exchange(s, Request, 150, keep);
        string text = Encoding.ASCII.GetString(keep, 0, n);
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", text);
        Assert.Contains("capture is off: set BoardConfig.CaptureBytes", text);
    }

    [Fact]
    public void DownloadIsAPcapFileOfTheBoardsOwnFrames()
    {
        var b = new InMemoryBoard(16384);
        var s = b.Connect();
        byte[] response = Download(b, s, Request);
        int records = WalkPcap(response, 256);
        Assert.True(records >= 4, "ARP + handshake + request at least: " + records);
        Assert.Equal(1, b.Server.Http.Counters.Requests);
    }

    [Fact]
    public void ADownloadStalledWhileABulkTransferGoesOnStaysWhole()
    {
        // The 32 KiB file is more than the client's 8 KiB window and the server's 2 KiB send ring take, so most of it
        // is still in the capture ring while the client reads nothing and a second connection's bulk download goes
        // on. Without the server holding the ring, those frames would overwrite the unread part and the file would
        // end short; held, they are counted as missed instead.
        var b = new InMemoryBoard(32768);
        var bulk = b.Connect();
        var s = b.Connect();
        byte[] big = InMemoryBoard.Ascii("GET /bytes/100000000 HTTP/1.1\r\nHost: b\r\n\r\n");
        Assert.Equal(big.Length, bulk.Send(big, 0, big.Length));
        for (int i = 0; i < 2000; i++) { b.Step(); while (bulk.Receive(Rx, 0, Rx.Length) > 0) { } }
        CaptureRing ring = b.Server.Capture;
        Assert.True(ring.FramesOverwritten > 0, "the ring is full before the download");
        WalkPcap(Download(b, s, Request, bulk, stallSteps: 5000), 256);
        Assert.True(ring.FramesMissed > 0, "the held ring refused frames: " + ring.FramesMissed);
        Assert.Equal(0, ring.Holders);
        long missed = ring.FramesMissed;
        for (int i = 0; i < 200; i++) { b.Step(); while (bulk.Receive(Rx, 0, Rx.Length) > 0) { } }
        Assert.Equal(missed, ring.FramesMissed); // released: capture goes on
    }

    [Fact]
    public void CapturedFramesAndCaptureDownloadsAllocateNothing()
    {
        InMemoryBoard b = null;
        TcpSocket s = null;
        byte[] bulk = InMemoryBoard.Ascii("GET /bytes/100000 HTTP/1.1\r\nHost: b\r\n\r\n");
        int bulkLength = 0;
        long capturedBefore = 0;
        long allocated = AllocationMeter.Measure(
            () =>
            {
                b = new InMemoryBoard(16384);
                s = b.Connect();
                bulkLength = Download(b, s, bulk).Length;
                Download(b, s, Request);
                for (int i = 0; i < 3; i++) { b.Exchange(s, bulk, bulkLength); Fetch(b, s, Request); }
                for (int i = 0; i < 500; i++) b.Step();
                while (s.Receive(new byte[4096], 0, 4096) > 0) { }
                capturedBefore = b.Server.Capture.FramesCaptured;
            },
            () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    b.Exchange(s, bulk, bulkLength);
                    Fetch(b, s, Request);
                }
            });
        Assert.Equal(0, allocated);
        Assert.True(b.Server.Capture.FramesCaptured - capturedBefore > 300, "frames went through the capture");
        Assert.Equal(TcpState.Established, s.State);
    }
}
