namespace NanoStack.Http
{
    /// <summary>
    /// A body rendered section by section straight into the connection's send buffer (status pages, JSON reports):
    /// no response buffer holds the whole body. The server renders a section twice in the same poll, first only to
    /// count its bytes, then, once that many bytes of send space are free, for real; nothing can change in between,
    /// so each section is consistent in itself (sections rendered in later polls may show later values). A section
    /// must fit the transport's send buffer (<see cref="HttpServerConfig.MaxSectionBytes"/>). Sent chunked on
    /// HTTP/1.1 (one chunk per section, RFC 9112 §7.1), delimited by closing the connection on HTTP/1.0.
    /// </summary>
    public interface IHttpSectionSource
    {
        /// <summary>How many sections the body has (fixed for one response).</summary>
        int SectionCount { get; }

        /// <summary>Writes section <paramref name="section"/> (0-based) with <paramref name="w"/>; must not allocate.</summary>
        void RenderSection(int section, AsciiWriter w, long nowMs);
    }
}
