namespace NanoStack.Http
{
    /// <summary>
    /// A body produced piece by piece while it is sent (e.g. /bytes/N), so its size is not bounded by any buffer.
    /// </summary>
    public interface IHttpBodySource
    {
        /// <summary>
        /// Writes up to <paramref name="count"/> bytes of the body starting at <paramref name="position"/> into
        /// <paramref name="buffer"/> and returns how many it wrote (0 = end of body).
        /// </summary>
        int Read(long position, byte[] buffer, int offset, int count);
    }
}
