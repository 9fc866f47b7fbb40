using System;
using System.Collections.Generic;
using System.IO;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>
    /// The nanoFramework 1.x public API as documentation-comment IDs (T:, M:, P:, F:, E:), one per line, '#'
    /// comments. The vendored copy (nanoframework-api.txt, embedded) is compiled from the sources of the pinned
    /// packages: if an ID is not here, the device build does not have it.
    /// </summary>
    public sealed class ApiList
    {
        private readonly HashSet<string> _ids;

        private ApiList(HashSet<string> ids) => _ids = ids;

        public int Count => _ids.Count;

        public static ApiList Embedded()
        {
            using Stream s = typeof(ApiList).Assembly.GetManifestResourceStream("nanoframework-api.txt")
                ?? throw new InvalidOperationException("nanoframework-api.txt is not embedded in NfGuard");
            using var reader = new StreamReader(s);
            return Parse(reader);
        }

        public static ApiList Load(string path)
        {
            using var reader = new StreamReader(path);
            return Parse(reader);
        }

        public bool Contains(string docId) => _ids.Contains(docId);

        private static ApiList Parse(TextReader reader)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            string line;
            while ((line = reader.ReadLine()) != null)
            {
                line = line.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                ids.Add(line);
            }

            return new ApiList(ids);
        }
    }
}
