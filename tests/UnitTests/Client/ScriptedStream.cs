using NanoStack.Client.Sockets;

namespace NanoStack.Tests.Client
{
    /// <summary>
    /// A connection that delivers a scripted response at most <c>slice</c> bytes per Read (1 = every byte its own
    /// segment), then the end of the stream, or a reset (SocketException ConnectionReset) when asked to.
    /// </summary>
    public sealed class ScriptedStream : IByteStream
    {
        private readonly byte[] _data;
        private readonly int _slice;
        private readonly bool _resetAtEnd;
        private int _at;
        public int Written;

        public ScriptedStream(string response, int slice, bool resetAtEnd)
        {
            _data = new byte[response.Length];
            for (int i = 0; i < response.Length; i++) _data[i] = (byte)response[i];
            _slice = slice;
            _resetAtEnd = resetAtEnd;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _data.Length - _at;
            if (n == 0)
            {
                if (_resetAtEnd) throw new SocketException(SocketError.ConnectionReset);
                return 0;
            }
            if (n > count) n = count;
            if (n > _slice) n = _slice;
            System.Array.Copy(_data, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            Written += count;
        }
    }
}
