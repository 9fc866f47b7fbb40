namespace NanoStack.Tools.NfGuard
{
    /// <summary>One reason the device build would reject (or misrun) a portable assembly.</summary>
    public sealed class Finding
    {
        public Finding(string assembly, string file, int line, string api, string reason)
        {
            Assembly = assembly;
            File = file;
            Line = line;
            Api = api;
            Reason = reason;
        }

        public string Assembly { get; }

        /// <summary>Source file from the portable PDB ("?" when the construct has no sequence point).</summary>
        public string File { get; }

        public int Line { get; }

        /// <summary>The offending API as a doc-comment ID (or the IL construct).</summary>
        public string Api { get; }

        public string Reason { get; }

        public override string ToString() => File + "(" + Line + "): [" + Assembly + "] " + Api + " — " + Reason;
    }
}
