using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>One project compiled the way the device build compiles it.</summary>
    public sealed class DeviceAssembly
    {
        public DeviceAssembly(NfProject project, byte[] image, byte[] pdb, IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
        {
            Project = project;
            Image = image;
            Pdb = pdb;
            Errors = errors;
            Warnings = warnings;
        }

        public NfProject Project { get; }

        /// <summary>The assembly (null when it did not compile).</summary>
        public byte[] Image { get; }

        /// <summary>Its portable PDB (file:line for the guard).</summary>
        public byte[] Pdb { get; }

        /// <summary>Compiler errors as csc prints them (file(line,col): error CSxxxx: text).</summary>
        public IReadOnlyList<string> Errors { get; }

        public IReadOnlyList<string> Warnings { get; }
    }

    /// <summary>
    /// Compiles .nfproj files as Visual Studio's nanoFramework build does: C# 9, exactly the <c>&lt;Compile&gt;</c> list,
    /// no standard library (<c>-nostdlib</c>) but the real <c>mscorlib.dll</c> of nanoFramework.CoreLibrary 1.17.11,
    /// the other nanoFramework packages as <see cref="StandInReferences"/>, and the referenced projects' own device
    /// builds. What compiles here binds to the device's mscorlib overloads (e.g. <c>$"..."</c> to
    /// <c>String.Format(string, object[])</c>); what does not (List&lt;T&gt;, LINQ, Span&lt;T&gt;, int?) is a device build break.
    /// </summary>
    public sealed class DeviceCompiler
    {
        /// <summary>mscorlib.dll of the nanoFramework.CoreLibrary package, copied beside this tool at build time.</summary>
        public static string DefaultMscorlib => Path.Combine(AppContext.BaseDirectory, "nano", "mscorlib.dll");

        private readonly MetadataReference _mscorlib;
        private readonly Dictionary<string, MetadataReference> _packages;
        private readonly Dictionary<string, DeviceAssembly> _built = new Dictionary<string, DeviceAssembly>(StringComparer.Ordinal);

        public DeviceCompiler(string repoRoot, string mscorlibPath = null)
        {
            RepoRoot = Path.GetFullPath(repoRoot);
            _mscorlib = MetadataReference.CreateFromFile(mscorlibPath ?? DefaultMscorlib);
            _packages = StandInReferences.Build(RepoRoot, _mscorlib);
        }

        public string RepoRoot { get; }

        public static CSharpParseOptions Parse(bool debug)
            => new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: debug ? new[] { "DEBUG", "TRACE" } : new[] { "TRACE" });

        /// <summary>Compiles every .nfproj of the device solution (references first).</summary>
        public List<DeviceAssembly> CompileSolution(bool debug)
        {
            var all = NfProject.InSolution(Path.Combine(RepoRoot, "nanoStack.sln")).Select(NfProject.Load).ToList();
            return all.Select(p => Compile(p, debug)).ToList();
        }

        /// <summary>Compiles one project (and, first, the projects it references), once per configuration.</summary>
        public DeviceAssembly Compile(NfProject project, bool debug)
        {
            string key = project.Path + (debug ? "|Debug" : "|Release");
            if (_built.TryGetValue(key, out DeviceAssembly done)) return done;

            var trees = project.Sources.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f), System.Text.Encoding.UTF8), Parse(debug), f)).ToList();
            DeviceAssembly result = Compile(project, trees, debug);
            _built[key] = result;
            return result;
        }

        /// <summary>Compiles given syntax trees as if they were the project's Compile list (planted-violation tests).</summary>
        public DeviceAssembly Compile(NfProject project, IEnumerable<SyntaxTree> trees, bool debug)
        {
            var refs = new List<MetadataReference> { _mscorlib };
            var missing = new List<string>();
            foreach (string p in project.PackageAssemblies)
            {
                if (p == "mscorlib" || StandInReferences.RunnerOnly.Contains(p)) continue;
                if (_packages.TryGetValue(p, out MetadataReference r)) refs.Add(r);
                else missing.Add(p);
            }

            if (missing.Count > 0) throw new InvalidOperationException(project.Name + ": no stand-in for package assembly " + string.Join(", ", missing));
            foreach (string nfproj in project.ProjectReferences)
            {
                DeviceAssembly dep = Compile(NfProject.Load(nfproj), debug);
                if (dep.Image == null)
                {
                    return new DeviceAssembly(project, null, null, new[] { "referenced project " + dep.Project.Name + " does not compile" }, new string[0]);
                }

                refs.Add(MetadataReference.CreateFromImage(dep.Image));
            }

            var options = new CSharpCompilationOptions(
                project.IsExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: debug ? OptimizationLevel.Debug : OptimizationLevel.Release,
                deterministic: true,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: false);
            var compilation = CSharpCompilation.Create(project.AssemblyName, trees, refs, options);
            using var image = new MemoryStream();
            using var pdb = new MemoryStream();
            EmitResult emitted = compilation.Emit(image, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Relative).ToList();
            var warnings = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(Relative).ToList();
            return new DeviceAssembly(project, emitted.Success ? image.ToArray() : null, emitted.Success ? pdb.ToArray() : null, errors, warnings);
        }

        private string Relative(Diagnostic d)
        {
            string text = d.ToString();
            return text.StartsWith(RepoRoot, StringComparison.Ordinal) ? text.Substring(RepoRoot.Length + 1) : text;
        }
    }
}
