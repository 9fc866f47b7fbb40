using NanoStack.Http;
using NanoStack.Phy;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The board's packet capture: a <see cref="CaptureLink"/> in front of the driver that also serves its ring as the
    /// body of /capture.pcap. One object plays both parts so that a board without capture pays nothing for it: no
    /// field anywhere points to it, the route finds it as the stack's device.
    /// </summary>
    /// <remarks>
    /// Consistency: the route takes the file's length from <see cref="CaptureRing.BeginFile"/> (a snapshot of the
    /// records present), and the HTTP server's <see cref="IHttpBodySourceLifetime"/> calls hold the ring while a
    /// connection streams the file, so no record of it is overwritten mid-download; frames that find the ring full
    /// meanwhile are counted as missed. Reads copy straight from the ring into the server's stream buffer.
    /// </remarks>
    public sealed class BoardCapture : CaptureLink, IHttpBodySource, IHttpBodySourceLifetime
    {
        public BoardCapture(ILinkDevice inner, CaptureRing ring) : base(inner, ring)
        {
        }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            return Ring.ReadFile(position, buffer, offset, count);
        }

        public void Opened()
        {
            Ring.Hold();
        }

        public void Closed()
        {
            Ring.Release();
        }
    }
}
