using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>
    /// <c>NfGuard --device</c>: the Linux stand-in for Visual Studio's device build. Compiles every .nfproj of
    /// nanoStack.sln against the real mscorlib, runs the guard on each result and prints its .pe budget line.
    /// Exit 1 on any compile error, guard finding or table above <see cref="PeBudget.Limit"/>.
    /// </summary>
    public static class DeviceBuild
    {
        public static int Run(string[] args)
        {
            bool debug = args.Contains("--debug");
            string repo = Option(args, "--repo") ?? FindRepo(Directory.GetCurrentDirectory());
            string outDir = Option(args, "--out");
            if (repo == null)
            {
                Console.Error.WriteLine("nanoStack.sln not found above the current directory; pass --repo DIR");
                return 2;
            }

            var compiler = new DeviceCompiler(repo);
            var guard = new Guard(ApiList.Embedded());
            int problems = 0;
            string only = Option(args, "--project");
            List<DeviceAssembly> built = only == null ? compiler.CompileSolution(debug) : new List<DeviceAssembly> { compiler.Compile(NfProject.Load(only), debug) };
            foreach (DeviceAssembly a in built)
            {
                foreach (var e in a.Errors) Console.WriteLine(a.Project.Name + ": " + e);
                problems += a.Errors.Count;
                if (a.Image == null) continue;
                if (outDir != null)
                {
                    string dir = Path.Combine(outDir, a.Project.Name);
                    Directory.CreateDirectory(dir);
                    File.WriteAllBytes(Path.Combine(dir, a.Project.AssemblyName + ".dll"), a.Image);
                    File.WriteAllBytes(Path.Combine(dir, a.Project.AssemblyName + ".pdb"), a.Pdb);
                }

                foreach (Finding f in guard.Check(new MemoryStream(a.Image), new MemoryStream(a.Pdb)))
                {
                    Console.WriteLine(f);
                    problems++;
                }

                PeBudget budget = PeBudget.Estimate(new MemoryStream(a.Image));
                Console.WriteLine(budget.Line(a.Project.Name));
                problems += budget.OverLimit.Count;
                Console.WriteLine(a.Project.Name + ": " + a.Errors.Count + " error(s), " + a.Warnings.Count + " warning(s)");
            }

            Console.WriteLine(problems == 0 ? "device build: ok" : "device build: " + problems + " problem(s)");
            return problems == 0 ? 0 : 1;
        }

        private static string Option(string[] args, string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        private static string FindRepo(string dir)
        {
            for (var d = new DirectoryInfo(dir); d != null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "nanoStack.sln"))) return d.FullName;
            }

            return null;
        }
    }
}
