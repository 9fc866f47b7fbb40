namespace NanoStack.Http
{
    /// <summary>Request methods the server tells apart (RFC 9110 §9); anything else is <see cref="Other"/>.</summary>
    public enum HttpMethod
    {
        None,
        Get,
        Head,
        Post,
        Put,
        Delete,
        Options,
        Other
    }
}
