namespace NanoStack.Http
{
    /// <summary>Helpers for <see cref="IHttpSectionSource"/> bodies.</summary>
    public static class HttpSections
    {
        /// <summary>Renders every section, in order, into one writer (a whole page for a test, a bench or a log).</summary>
        public static void RenderAll(IHttpSectionSource source, AsciiWriter w, long nowMs)
        {
            for (int i = 0; i < source.SectionCount; i++) source.RenderSection(i, w, nowMs);
        }
    }
}
