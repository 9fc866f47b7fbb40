namespace NanoStack.Client.Sockets
{
    /// <summary>A blocking call failed: <see cref="SocketErrorCode"/> says why (as System.Net.Sockets.SocketException).</summary>
    public class SocketException : System.Exception
    {
        private readonly SocketError _code;

        public SocketException(SocketError code) : base(Describe(code))
        {
            _code = code;
        }

        public SocketError SocketErrorCode { get { return _code; } }

        /// <summary>Native error number as System.Net reports it (WSA codes).</summary>
        public int ErrorCode { get { return (int)_code; } }

        /// <summary>The reason in words, as the client demo prints it.</summary>
        public static string Describe(SocketError code)
        {
            switch (code)
            {
                case SocketError.Success: return "success";
                case SocketError.TimedOut: return "timeout";
                case SocketError.ConnectionRefused: return "connection refused (RST)";
                case SocketError.ConnectionReset: return "connection reset by peer";
                case SocketError.ConnectionAborted: return "connection aborted";
                case SocketError.HostNotFound: return "NXDOMAIN (name not found)";
                case SocketError.TryAgain: return "no DNS answer";
                case SocketError.HostUnreachable: return "ARP timeout (host unreachable)";
                case SocketError.NetworkDown: return "network down (no link or no address)";
                case SocketError.NetworkUnreachable: return "network unreachable (no route)";
                case SocketError.TooManyOpenSockets: return "no free socket";
                case SocketError.NotConnected: return "not connected";
                case SocketError.MessageSize: return "message too long";
                case SocketError.InvalidArgument: return "invalid argument";
                case SocketError.Shutdown: return "socket closed";
                default: return "socket error";
            }
        }
    }
}
