namespace NanoStack.Client.Sockets
{
    /// <summary>
    /// The byte stream of a <see cref="TcpClient"/> connection, with System.Net.Sockets.NetworkStream's members
    /// (nanoFramework 1.x's mscorlib has no System.IO.Stream to derive from). Read returns what has arrived (at least
    /// 1 byte), 0 at the end of the stream (the peer's FIN), and throws <see cref="SocketException"/> on a reset or a
    /// timeout; Write returns once everything is queued in the send ring.
    /// </summary>
    public sealed class NetworkStream : IByteStream
    {
        private readonly TcpClient _client;

        internal NetworkStream(TcpClient client)
        {
            _client = client;
        }

        /// <summary>See <see cref="TcpClient.ReceiveTimeout"/>.</summary>
        public int ReadTimeout { get { return _client.ReceiveTimeout; } set { _client.ReceiveTimeout = value; } }

        /// <summary>See <see cref="TcpClient.SendTimeout"/>.</summary>
        public int WriteTimeout { get { return _client.SendTimeout; } set { _client.SendTimeout = value; } }

        public bool DataAvailable { get { return _client.Available > 0; } }

        public int Read(byte[] buffer, int offset, int count)
        {
            return _client.Read(buffer, offset, count);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _client.Write(buffer, offset, count);
        }

        /// <summary>Nothing to do: Write hands bytes to TCP at once (as NetworkStream.Flush).</summary>
        public void Flush()
        {
        }

        /// <summary>Closes the connection (as closing the stream of a TcpClient does).</summary>
        public void Close()
        {
            _client.Close();
        }
    }
}
