using NanoStack.Phy;

namespace NanoStack.TapLink;

/// <summary>
/// The stack's <see cref="ILinkDevice"/> straight on a host wire (TAP, possibly behind pcap/faults): the board
/// "without the chip model in the loop". Owns the frame buffers, as the device seam requires.
/// </summary>
public sealed class TapLinkDevice : ILinkDevice, IDisposable
{
    private readonly IWire _wire;
    public const int MaxFrame = 1514;

    public TapLinkDevice(IWire wire, int receiveOffset = 0, int transmitOffset = 0)
    {
        _wire = wire;
        ReceiveOffset = receiveOffset;
        TransmitOffset = transmitOffset;
        ReceiveBuffer = new byte[receiveOffset + MaxFrame + 4];
        TransmitBuffer = new byte[transmitOffset + MaxFrame];
    }

    public bool IsLinkUp { get; set; } = true;
    public byte[] ReceiveBuffer { get; }
    public int ReceiveOffset { get; }
    public byte[] TransmitBuffer { get; }
    public int TransmitOffset { get; }
    public int TransmitCapacity => MaxFrame;
    public long FramesReceived { get; private set; }
    public long FramesTransmitted { get; private set; }
    public long OversizeDropped { get; private set; }

    public int Receive()
    {
        while (true)
        {
            int n = _wire.Receive(ReceiveBuffer, ReceiveOffset, ReceiveBuffer.Length - ReceiveOffset);
            if (n == 0) return 0;
            if (!IsLinkUp) continue;
            if (n < 14 || n > MaxFrame) { OversizeDropped++; continue; }
            FramesReceived++;
            return n;
        }
    }

    public bool Transmit(int length)
    {
        if (!IsLinkUp || length < 14 || length > MaxFrame) return false;
        // Ethernet minimum frame: pad to 60 bytes (without FCS) as a NIC does.
        int send = length;
        if (send < 60)
        {
            Array.Clear(TransmitBuffer, TransmitOffset + length, 60 - length);
            send = 60;
        }
        FramesTransmitted++;
        return _wire.Send(TransmitBuffer, TransmitOffset, send);
    }

    public bool WaitReadable(int timeoutMs) => _wire.WaitReadable(timeoutMs);

    public void Dispose() => _wire.Dispose();
}
