namespace NanoStack.Http
{
    public enum HttpParseResult
    {
        /// <summary>All input consumed; the request is not complete yet.</summary>
        NeedMore,
        /// <summary>A whole request is in <see cref="HttpRequest"/>; bytes after it were not consumed.</summary>
        Complete,
        /// <summary>The request is unacceptable; <see cref="HttpRequestParser.ErrorStatus"/> says how to answer.</summary>
        Error
    }
}
