using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>Console entry: NfGuard assembly.dll... — prints each finding, exits 1 if any.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "--device") return DeviceBuild.Run(args.Skip(1).ToArray());
            if (args.Length == 0)
            {
                Console.Error.WriteLine("usage: NfGuard <portable assembly.dll>... (portable PDB next to each for file:line)\n       NfGuard --device [--debug] [--repo DIR] [--out DIR] [--project X.nfproj]   (compile every .nfproj against the real mscorlib, guard, .pe budget)");
                return 2;
            }

            var guard = new Guard(ApiList.Embedded());
            int count = 0;
            foreach (string path in args)
            {
                IReadOnlyList<Finding> findings = guard.Check(path);
                foreach (Finding f in findings) Console.WriteLine(f);
                count += findings.Count;
            }

            Console.WriteLine(count + " finding(s)");
            return count == 0 ? 0 : 1;
        }
    }
}
