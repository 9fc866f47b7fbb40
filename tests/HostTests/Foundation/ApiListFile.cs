using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>The vendored API list read per assembly section ("# assembly NAME VERSION" headers), plus the
    /// [Obsolete] members named in the vendored signature list (the stand-ins may omit those).</summary>
    internal sealed class ApiListFile
    {
        private static readonly Lazy<ApiListFile> Instance = new Lazy<ApiListFile>(() => new ApiListFile());

        private ApiListFile()
        {
            string section = null;
            foreach (string raw in File.ReadLines(Repo.PathOf("tools/NfGuard/nanoframework-api.txt")))
            {
                string line = raw.Trim();
                Match m = Regex.Match(line, @"^# assembly (\S+)");
                if (m.Success)
                {
                    section = m.Groups[1].Value;
                    BySection[section] = new List<string>();
                    continue;
                }

                if (line.Length == 0 || line[0] == '#') continue;
                All.Add(line);
                BySection[section].Add(line);
            }

            // "    [Obsolete(...)] public static void nanoFramework.TestFramework.Assert.Equal(...)" → "nanoFramework.TestFramework.Assert.Equal"
            foreach (string line in File.ReadLines(Repo.PathOf("tools/NfGuard/nanoframework-api-signatures.txt")))
            {
                if (!line.TrimStart().StartsWith("[Obsolete", StringComparison.Ordinal)) continue;
                Match m = Regex.Match(line, @"\s([\w.]+)\(");
                if (m.Success) ObsoleteMethodNames.Add(m.Groups[1].Value);
            }
        }

        public static ApiListFile Get => Instance.Value;

        public HashSet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal);

        public Dictionary<string, List<string>> BySection { get; } = new Dictionary<string, List<string>>();

        public HashSet<string> ObsoleteMethodNames { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The list's members of one type (not of its nested types): IDs "X:Type.Member...".</summary>
        public SortedSet<string> MembersOf(string typeName)
        {
            var result = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string id in All)
            {
                if (id.StartsWith("T:", StringComparison.Ordinal)) continue;
                string body = id.Substring(2);
                if (!body.StartsWith(typeName + ".", StringComparison.Ordinal)) continue;
                string rest = body.Substring(typeName.Length + 1);
                int paren = rest.IndexOf('(');
                string name = paren < 0 ? rest : rest.Substring(0, paren);
                int tilde = name.IndexOf('~');
                if (tilde >= 0) name = name.Substring(0, tilde);
                if (name.Contains('.')) continue; // a member of a nested type
                result.Add(id);
            }

            return result;
        }
    }
}
