using NanoStack.Http;

namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The access log on the console, one line per request:
    /// <c>[http] 192.0.2.1:51234 GET /api/status 200 1873 B 3 ms</c>. The line is assembled in a fixed buffer; printing it
    /// makes one string (Console has no byte overload), which is why it is switchable (BoardConfig.AccessLog).
    /// </summary>
    public sealed class ConsoleAccessLog : IHttpAccessLog
    {
        private readonly AsciiWriter _w = new AsciiWriter();
        private readonly byte[] _line = new byte[160];
        private readonly char[] _chars = new char[160];

        public void Completed(uint clientAddress, ushort clientPort, HttpRequest request, int status, long bytesSent, long elapsedMs)
        {
            Format(_w, _line, clientAddress, clientPort, request, status, bytesSent, elapsedMs);
            int n = _w.Length;
            for (int i = 0; i < n; i++) _chars[i] = (char)_line[i];
            System.Console.WriteLine(new string(_chars, 0, n));
        }

        /// <summary>Writes the line (without newline) into <paramref name="line"/> through <paramref name="w"/>.</summary>
        public static void Format(AsciiWriter w, byte[] line, uint clientAddress, ushort clientPort, HttpRequest request, int status, long bytesSent, long elapsedMs)
        {
            w.Attach(line, 0, line.Length);
            w.Write("[http] ").WriteIpv4(clientAddress).WriteByte((byte)':').WriteDecimal(clientPort).WriteByte((byte)' ')
                .Write(MethodName(request.Method)).WriteByte((byte)' ');
            int path = request.TargetLength;
            if (path > 64) path = 64; // a long target is cut: the line stays one line
            if (path == 0) w.WriteByte((byte)'-');
            else w.WriteBytes(request.Target, 0, path);
            w.WriteByte((byte)' ').WriteDecimal(status).WriteByte((byte)' ').WriteDecimal(bytesSent).Write(" B ").WriteDecimal(elapsedMs).Write(" ms");
        }

        private static string MethodName(HttpMethod m)
        {
            switch (m)
            {
                case HttpMethod.Get: return "GET";
                case HttpMethod.Head: return "HEAD";
                case HttpMethod.Post: return "POST";
                case HttpMethod.Put: return "PUT";
                case HttpMethod.Delete: return "DELETE";
                case HttpMethod.Options: return "OPTIONS";
                case HttpMethod.Other: return "OTHER";
                default: return "-";
            }
        }
    }
}
