namespace NanoStack.Http
{
    /// <summary>
    /// A constant ASCII body served straight from a string (a static asset: CSS, JavaScript). On nanoFramework a
    /// literal's text stays in the assembly in flash, so the body costs no heap however long it is; each Read copies
    /// only the window the socket can take.
    /// </summary>
    public sealed class StringSource : IHttpBodySource
    {
        private readonly string _text;

        public StringSource(string text)
        {
            _text = text;
        }

        public int Length { get { return _text.Length; } }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (position < 0 || position >= _text.Length) return 0;
            int start = (int)position;
            int n = _text.Length - start;
            if (n > count) n = count;
            for (int i = 0; i < n; i++) buffer[offset + i] = (byte)_text[start + i];
            return n;
        }
    }
}
