namespace NanoStack.Http
{
    /// <summary>Where an <see cref="AsciiWriter"/> in sink mode empties its small staging buffer (a transport, a counter).</summary>
    public interface IByteSink
    {
        void Write(byte[] buffer, int offset, int count);
    }
}
