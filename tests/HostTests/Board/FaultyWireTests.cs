using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>The fault injector replays from its seed and does what each knob says; the pcap writer writes libpcap.</summary>
public class FaultyWireTests
{
    private sealed class QueueWire : IWire
    {
        public readonly Queue<byte[]> In = new();
        public readonly List<byte[]> Out = new();
        public bool Send(byte[] f, int o, int l) { Out.Add(f.AsSpan(o, l).ToArray()); return true; }
        public int Receive(byte[] b, int o, int c)
        {
            if (!In.TryDequeue(out var f)) return 0;
            f.CopyTo(b, o);
            return f.Length;
        }
        public bool WaitReadable(int t) => In.Count > 0;
        public void Dispose() { }
    }

    private static byte[] Frame(int i)
    {
        var f = new byte[64];
        f[14] = (byte)i; f[15] = (byte)(i >> 8);
        return f;
    }

    private static List<byte[]> Run(FaultOptions o, int frames)
    {
        var inner = new QueueWire();
        var w = new FaultyWire(inner, o);
        for (int i = 0; i < frames; i++) w.Send(Frame(i), 0, 64);
        return inner.Out;
    }

    [Fact]
    public void SameSeedGivesTheSameFaults()
    {
        var o = new FaultOptions { Drop = 0.1, Corrupt = 0.1, Duplicate = 0.1, Reorder = 0.1, Seed = 42 };
        var a = Run(o, 1000);
        var b = Run(o, 1000);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i], b[i]);
        var c = Run(o with { Seed = 43 }, 1000);
        bool same = a.Count == c.Count && a.Zip(c).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        Assert.False(same);
    }

    [Fact]
    public void DropRateIsRoughlyAsAsked()
    {
        var outFrames = Run(new FaultOptions { Drop = 0.3, Seed = 1 }, 10_000);
        Assert.InRange(outFrames.Count, 6700, 7300);
    }

    [Fact]
    public void CorruptionFlipsOneBitAfterTheEthernetHeader()
    {
        var outFrames = Run(new FaultOptions { Corrupt = 1.0, Seed = 5 }, 200);
        Assert.Equal(200, outFrames.Count);
        for (int i = 0; i < outFrames.Count; i++)
        {
            var clean = Frame(i);
            int bits = 0;
            for (int j = 0; j < 64; j++) bits += System.Numerics.BitOperations.PopCount((uint)(clean[j] ^ outFrames[i][j]));
            Assert.Equal(1, bits);
            for (int j = 0; j < 14; j++) Assert.Equal(clean[j], outFrames[i][j]);
        }
    }

    [Fact]
    public void DuplicateAndReorderKeepEveryFrame()
    {
        var dup = Run(new FaultOptions { Duplicate = 1.0, Seed = 2 }, 100);
        Assert.Equal(200, dup.Count);
        var re = Run(new FaultOptions { Reorder = 0.5, Seed = 3 }, 1000);
        var seen = new HashSet<int>();
        bool outOfOrder = false;
        int last = -1;
        foreach (var f in re)
        {
            int n = f[14] | f[15] << 8;
            seen.Add(n);
            if (n < last) outOfOrder = true;
            last = n;
        }
        Assert.True(outOfOrder);
        Assert.True(seen.Count >= 999); // at most the last held frame is still waiting
    }

    [Fact]
    public void ReceiveDirectionIsImpairedToo()
    {
        var inner = new QueueWire();
        for (int i = 0; i < 1000; i++) inner.In.Enqueue(Frame(i));
        var w = new FaultyWire(inner, new FaultOptions { Drop = 0.5, Seed = 9 });
        var buf = new byte[2048];
        int got = 0;
        while (w.Receive(buf, 0, buf.Length) > 0) got++;
        Assert.InRange(got, 430, 570);
        Assert.Equal(1000 - got, w.Dropped);
    }

    [Fact]
    public void PcapFileHasTheLibpcapHeaderAndOneRecordPerFrame()
    {
        var ms = new MemoryStream();
        var p = new PcapWriter(ms);
        p.Write(Frame(1), 0, 64);
        p.Write(Frame(2), 0, 60);
        var b = ms.ToArray();
        Assert.Equal(new byte[] { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0 }, b[..8]);
        Assert.Equal(1u, BitConverter.ToUInt32(b, 20)); // LINKTYPE_ETHERNET
        Assert.Equal(24 + 16 + 64 + 16 + 60, b.Length);
        Assert.Equal(64u, BitConverter.ToUInt32(b, 24 + 8));
        Assert.Equal(60u, BitConverter.ToUInt32(b, 24 + 16 + 64 + 12));
    }
}
