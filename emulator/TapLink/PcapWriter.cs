using System.Buffers.Binary;
using System.Diagnostics;

namespace NanoStack.TapLink;

/// <summary>
/// Classic libpcap file (magic a1b2c3d4, version 2.4, LINKTYPE_ETHERNET, microsecond timestamps): the format
/// every Wireshark/tshark reads. Thread-safe; each record is flushed so a crashed run still leaves a readable file.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly object _lock = new();
    private readonly byte[] _header = new byte[16];
    private readonly long _startUnixMicros;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    public int SnapLength { get; }
    public long Frames { get; private set; }

    public PcapWriter(string path, int snapLength = 65535) : this(File.Create(path), snapLength) { }

    public PcapWriter(Stream stream, int snapLength = 65535)
    {
        _stream = stream;
        SnapLength = snapLength;
        _startUnixMicros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var h = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0), 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), 4);
        // thiszone 0, sigfigs 0
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), (uint)snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(20), 1); // LINKTYPE_ETHERNET
        _stream.Write(h);
        _stream.Flush();
    }

    public void Write(byte[] frame, int offset, int length)
    {
        long us = _startUnixMicros + _clock.Elapsed.Ticks / 10;
        int captured = Math.Min(length, SnapLength);
        lock (_lock)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(0), (uint)(us / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), (uint)(us % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), (uint)captured);
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(12), (uint)length);
            _stream.Write(_header, 0, 16);
            _stream.Write(frame, offset, captured);
            _stream.Flush();
            Frames++;
        }
    }

    public void Dispose() { lock (_lock) _stream.Dispose(); }
}

/// <summary>Records every frame in both directions of the wire it wraps (what the board sends and what it receives).</summary>
public sealed class PcapWire : IWire
{
    private readonly IWire _inner;
    private readonly PcapWriter _pcap;

    public PcapWire(IWire inner, PcapWriter pcap) { _inner = inner; _pcap = pcap; }

    public bool Send(byte[] frame, int offset, int length)
    {
        _pcap.Write(frame, offset, length);
        return _inner.Send(frame, offset, length);
    }

    public int Receive(byte[] buffer, int offset, int capacity)
    {
        int n = _inner.Receive(buffer, offset, capacity);
        if (n > 0) _pcap.Write(buffer, offset, n);
        return n;
    }

    public bool WaitReadable(int timeoutMs) => _inner.WaitReadable(timeoutMs);

    public bool WaitReadableMicros(int timeoutMicros) => _inner.WaitReadableMicros(timeoutMicros);

    public void Dispose() => _inner.Dispose();
}
