using System;
using System.IO;
using System.Runtime.CompilerServices;
using NanoStack.Tools.NfGuard;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>Locations in the source tree. Found from this file's compile-time path, because test binaries may
    /// live outside the tree (dotnet test --artifacts-path ...).</summary>
    internal static class Repo
    {
        public static readonly string Root = FindRoot();

        public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public static ApiList Api => LazyApi.Value;

        private static readonly Lazy<ApiList> LazyApi = new Lazy<ApiList>(ApiList.Embedded);

        private static string FindRoot([CallerFilePath] string here = "")
        {
            string dir = Path.GetDirectoryName(here);
            while (dir != null && !File.Exists(Path.Combine(dir, "nanoStack.Host.slnx"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root (nanoStack.Host.slnx) not found above " + here);
        }
    }
}
