namespace NanoStack.Http
{
    /// <summary>
    /// Optional for an <see cref="IHttpBodySource"/> whose content can change (a capture ring): the server says when a
    /// response starts streaming from it and when it stops, so the source can keep what it serves unchanged meanwhile.
    /// </summary>
    /// <remarks>
    /// <see cref="IHttpBodySource.Read"/> is positional and carries no connection, so a source shared by several
    /// connections cannot tell by itself when a download has ended or was abandoned. The calls are paired: one
    /// <see cref="Opened"/> when a connection takes the source for a body (never for HEAD), one <see cref="Closed"/>
    /// when that connection lets it go: body sent, connection closed, reset or evicted.
    /// </remarks>
    public interface IHttpBodySourceLifetime
    {
        void Opened();

        void Closed();
    }
}
