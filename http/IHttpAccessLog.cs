namespace NanoStack.Http
{
    /// <summary>
    /// Told once per answered request, when its response has been handed to the transport (or the connection ended
    /// mid-response): who asked what, the status, the bytes sent and how long it took from the request's first byte.
    /// </summary>
    public interface IHttpAccessLog
    {
        void Completed(uint clientAddress, ushort clientPort, HttpRequest request, int status, long bytesSent, long elapsedMs);
    }
}
