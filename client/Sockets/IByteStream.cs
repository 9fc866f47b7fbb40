namespace NanoStack.Client.Sockets
{
    /// <summary>What the HTTP client needs of a connection (NetworkStream; tests script one in memory).</summary>
    public interface IByteStream
    {
        /// <summary>At least 1 byte, or 0 at the end of the stream; throws <see cref="SocketException"/> on reset or timeout.</summary>
        int Read(byte[] buffer, int offset, int count);

        void Write(byte[] buffer, int offset, int count);
    }
}
