namespace NanoStack.TapLink;

/// <summary>
/// A host-side Ethernet wire: frames (no preamble, no FCS) go out with <see cref="Send"/> and come in with
/// <see cref="Receive"/>. The TAP device, the pcap tap and the fault injector all have this shape, so they stack:
/// <c>new FaultyWire(new PcapWire(tap, pcap), faults)</c>. Whatever sits at the far end of the chain (the stack
/// through <see cref="TapLinkDevice"/>, or the chip model through a bridge) only ever sees an <see cref="IWire"/>.
/// </summary>
public interface IWire : IDisposable
{
    /// <summary>Sends one frame towards the far side. Returns false when it could not be handed over.</summary>
    bool Send(byte[] frame, int offset, int length);

    /// <summary>Copies the next waiting frame into <paramref name="buffer"/>; returns its length or 0 when none. Never blocks.</summary>
    int Receive(byte[] buffer, int offset, int capacity);

    /// <summary>Blocks up to <paramref name="timeoutMs"/> until a frame may be waiting (false on timeout).</summary>
    bool WaitReadable(int timeoutMs);

    /// <summary>
    /// As <see cref="WaitReadable"/> with a timeout in microseconds, for a caller that must wake at a sub-millisecond
    /// deadline (the chip model's TX completion). Wires without a finer wait round it up to whole milliseconds.
    /// </summary>
    bool WaitReadableMicros(int timeoutMicros) => WaitReadable((timeoutMicros + 999) / 1000);
}
