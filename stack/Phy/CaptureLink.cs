namespace NanoStack.Phy
{
    /// <summary>
    /// An <see cref="ILinkDevice"/> in front of another that records every frame passing through it, both directions,
    /// into a <see cref="CaptureRing"/>: the board's own tcpdump. Buffers, offsets and the link state are the inner
    /// device's, so the stack still parses and serialises in place; the only cost per frame is the copy into the ring.
    /// </summary>
    /// <remarks>
    /// A transmitted frame is recorded as the stack handed it to the device, before <see cref="Transmit"/> (like
    /// Linux's packet taps), so a frame the device then fails to send is in the capture too. With the ENC28J60's
    /// optional checksum offload the chip fills the checksum after that point: such frames show the pseudo-header
    /// sum, as offloaded frames do in any host capture. Multicast filter calls pass through to a filtering device.
    /// </remarks>
    public class CaptureLink : ILinkDevice, IMulticastFilter, ILinkUpkeep
    {
        private readonly ILinkDevice _inner;
        private readonly CaptureRing _ring;

        public CaptureLink(ILinkDevice inner, CaptureRing ring)
        {
            _inner = inner;
            _ring = ring;
        }

        public ILinkDevice Inner { get { return _inner; } }

        /// <summary>Passes the scheduler's upkeep on to the wrapped device, if it needs any.</summary>
        public void Upkeep(long nowMs)
        {
            ILinkUpkeep inner = _inner as ILinkUpkeep;
            if (inner != null) inner.Upkeep(nowMs);
        }

        public CaptureRing Ring { get { return _ring; } }

        public bool IsLinkUp { get { return _inner.IsLinkUp; } }

        public int Receive()
        {
            int n = _inner.Receive();
            if (n > 0) _ring.Append(_inner.ReceiveBuffer, _inner.ReceiveOffset, n);
            return n;
        }

        public byte[] ReceiveBuffer { get { return _inner.ReceiveBuffer; } }

        public int ReceiveOffset { get { return _inner.ReceiveOffset; } }

        public byte[] TransmitBuffer { get { return _inner.TransmitBuffer; } }

        public int TransmitOffset { get { return _inner.TransmitOffset; } }

        public int TransmitCapacity { get { return _inner.TransmitCapacity; } }

        public bool Transmit(int length)
        {
            if (length > 0) _ring.Append(_inner.TransmitBuffer, _inner.TransmitOffset, length);
            return _inner.Transmit(length);
        }

        public void AddMulticastAddress(byte[] mac, int offset)
        {
            IMulticastFilter f = _inner as IMulticastFilter;
            if (f != null) f.AddMulticastAddress(mac, offset);
        }

        public void RemoveMulticastAddress(byte[] mac, int offset)
        {
            IMulticastFilter f = _inner as IMulticastFilter;
            if (f != null) f.RemoveMulticastAddress(mac, offset);
        }
    }
}
