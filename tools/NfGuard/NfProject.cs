using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>
    /// What the device build reads from one <c>.nfproj</c>: the assembly name and kind, the exact <c>&lt;Compile&gt;</c>
    /// list (own files and linked ones), the projects it references and the nanoFramework package assemblies it
    /// references through HintPaths. Nothing is globbed: the nanoFramework project system compiles exactly this list.
    /// </summary>
    public sealed class NfProject
    {
        private static readonly XNamespace Ns = "http://schemas.microsoft.com/developer/msbuild/2003";

        private NfProject(string path, string assemblyName, bool isExe, bool isTest, List<string> sources, List<string> projectReferences, List<string> packageAssemblies)
        {
            Path = path;
            AssemblyName = assemblyName;
            IsExe = isExe;
            IsTest = isTest;
            Sources = sources;
            ProjectReferences = projectReferences;
            PackageAssemblies = packageAssemblies;
        }

        /// <summary>Full path of the .nfproj.</summary>
        public string Path { get; }

        /// <summary>File name without extension, unique in the solution (test projects share the assembly name NFUnitTest).</summary>
        public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

        public string AssemblyName { get; }

        public bool IsExe { get; }

        public bool IsTest { get; }

        /// <summary>Full paths of every <c>&lt;Compile Include&gt;</c>, in file order.</summary>
        public IReadOnlyList<string> Sources { get; }

        /// <summary>Full paths of the referenced .nfproj files.</summary>
        public IReadOnlyList<string> ProjectReferences { get; }

        /// <summary>Assembly names of the referenced package assemblies (mscorlib, System.Device.Spi, ...).</summary>
        public IReadOnlyList<string> PackageAssemblies { get; }

        public static NfProject Load(string path)
        {
            path = System.IO.Path.GetFullPath(path);
            string dir = System.IO.Path.GetDirectoryName(path);
            XElement root = XDocument.Load(path).Root;
            string Value(string name) => root.Descendants(Ns + name).Select(e => e.Value.Trim()).FirstOrDefault();
            string Resolve(string include) => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, include.Replace('\\', '/')));

            var sources = root.Descendants(Ns + "Compile").Select(e => Resolve((string)e.Attribute("Include"))).ToList();
            var projects = root.Descendants(Ns + "ProjectReference").Select(e => Resolve((string)e.Attribute("Include"))).ToList();
            // <Reference Include="mscorlib, Version=1.17.11.0, ..."> — the simple name is the first comma field.
            var packages = root.Descendants(Ns + "Reference").Select(e => ((string)e.Attribute("Include")).Split(',')[0].Trim()).ToList();
            return new NfProject(path, Value("AssemblyName"), string.Equals(Value("OutputType"), "Exe", StringComparison.OrdinalIgnoreCase),
                string.Equals(Value("IsTestProject"), "true", StringComparison.OrdinalIgnoreCase), sources, projects, packages);
        }

        /// <summary>The .nfproj files a Visual Studio solution lists, in solution order.</summary>
        public static List<string> InSolution(string slnPath)
        {
            string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(slnPath));
            var found = new List<string>();
            foreach (string line in File.ReadAllLines(slnPath))
            {
                if (!line.StartsWith("Project(", StringComparison.Ordinal)) continue;
                string[] parts = line.Split('"');
                // Project("{type}") = "Name", "path\to\X.nfproj", "{guid}"
                if (parts.Length > 5 && parts[5].EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, parts[5].Replace('\\', '/'))));
                }
            }

            return found;
        }
    }
}
