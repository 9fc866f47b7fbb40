using System;
using System.IO;
using System.Threading;
using System.Buffers.Binary;
using NanoStack.TapLink;

namespace NanoStack.IntegrationTests.Board;

/// <summary>
/// A deliberately tiny ARP + ICMP echo responder written from RFC 826 and RFC 792, independent of the stack,
/// so the TAP plumbing (namespace, TAP, pcap, faults) can be proven on its own.
/// </summary>
internal sealed class MiniResponder : IDisposable
{
    private readonly IWire _wire;
    private readonly byte[] _mac = [0x02, 0x00, 0x5e, 0x00, 0x02, 0x02];
    private readonly uint _ip;
    private readonly Thread _thread;
    private volatile bool _stop;
    public int ArpReplies, EchoReplies;

    public MiniResponder(IWire wire, uint ip)
    {
        _wire = wire; _ip = ip;
        _thread = new Thread(Run) { IsBackground = true, Name = "mini-responder" };
        _thread.Start();
    }

    private void Run()
    {
        var rx = new byte[2048];
        var tx = new byte[2048];
        while (!_stop)
        {
            if (!_wire.WaitReadable(50)) continue;
            int n;
            while ((n = _wire.Receive(rx, 0, rx.Length)) > 0)
            {
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(rx.AsSpan(12));
                if (type == 0x0806 && n >= 42 && BinaryPrimitives.ReadUInt16BigEndian(rx.AsSpan(20)) == 1
                    && BinaryPrimitives.ReadUInt32BigEndian(rx.AsSpan(38)) == _ip)
                {
                    Array.Copy(rx, 6, tx, 0, 6); _mac.CopyTo(tx, 6);
                    tx[12] = 0x08; tx[13] = 0x06;
                    Array.Copy(rx, 14, tx, 14, 6); // htype, ptype, hlen, plen
                    tx[20] = 0; tx[21] = 2;        // reply
                    _mac.CopyTo(tx, 22); Array.Copy(rx, 38, tx, 28, 4);
                    Array.Copy(rx, 22, tx, 32, 10);
                    _wire.Send(tx, 0, 42);
                    Interlocked.Increment(ref ArpReplies);
                }
                else if (type == 0x0800 && n >= 34 && rx[23] == 1 && BinaryPrimitives.ReadUInt32BigEndian(rx.AsSpan(30)) == _ip)
                {
                    int ihl = (rx[14] & 0x0f) * 4;
                    int total = BinaryPrimitives.ReadUInt16BigEndian(rx.AsSpan(16));
                    int icmp = 14 + ihl;
                    if (rx[icmp] != 8 || 14 + total > n) continue;
                    Array.Copy(rx, 0, tx, 0, 14 + total);
                    Array.Copy(rx, 6, tx, 0, 6); _mac.CopyTo(tx, 6);
                    Array.Copy(rx, 26, tx, 30, 4); Array.Copy(rx, 30, tx, 26, 4);
                    tx[24] = 0; tx[25] = 0;
                    BinaryPrimitives.WriteUInt16BigEndian(tx.AsSpan(24), Checksum(tx, 14, ihl));
                    tx[icmp] = 0; tx[icmp + 2] = 0; tx[icmp + 3] = 0;
                    BinaryPrimitives.WriteUInt16BigEndian(tx.AsSpan(icmp + 2), Checksum(tx, icmp, total - ihl));
                    _wire.Send(tx, 0, 14 + total);
                    Interlocked.Increment(ref EchoReplies);
                }
            }
        }
    }

    private static ushort Checksum(byte[] b, int off, int len)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += (uint)(b[off + i] << 8 | b[off + i + 1]);
        if ((len & 1) != 0) sum += (uint)(b[off + len - 1] << 8);
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    public void Dispose() { _stop = true; _thread.Join(2000); }
}
