namespace NanoStack.Http
{
    /// <summary>The application side of the server: turns one request into one response (the routes).</summary>
    public interface IHttpHandler
    {
        /// <summary>
        /// Fills <paramref name="response"/> for <paramref name="request"/>. HEAD arrives as itself; the server
        /// drops the body of a HEAD response on its own. Must not block.
        /// </summary>
        void Handle(HttpRequest request, HttpResponse response, long nowMs);
    }
}
