namespace NanoStack.Firmware.Client
{
    /// <summary>
    /// Where the client demo also hands each body it reads, piece by piece as it streams through the demo's small
    /// buffer (none on the device: the body is only counted and CRC'd there). The virtual board saves bodies to files
    /// with it so the live tests compare their sha256 with the source files' (issue 15).
    /// </summary>
    public interface IBodySink
    {
        /// <summary>A response to GET <paramref name="url"/> arrived; its body follows.</summary>
        void Begin(string url);

        /// <summary>The next <paramref name="count"/> body bytes, valid only during the call.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>The body ended: <paramref name="complete"/> is false when it failed midway.</summary>
        void End(bool complete);
    }
}
