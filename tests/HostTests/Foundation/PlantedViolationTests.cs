using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using NanoStack.Tools.NfGuard;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// Demonstrates the guard: into an in-memory copy of the driver project (its .cs files and its reference to the
    /// built NanoStack.dll, LangVersion 9, portable PDB, compiled by Roslyn) one violation is planted at a time; the
    /// guard must reject each with a message naming the planted file and line, the API and why. The unplanted copy
    /// must pass. Roslyn in memory (and the driver, the smallest portable project) keeps this to seconds instead of
    /// one dotnet build per plant.
    /// </summary>
    public class PlantedViolationTests
    {
        private static readonly Lazy<CSharpCompilation> Clean9 = new Lazy<CSharpCompilation>(() => CopyOfDrivers(LanguageVersion.CSharp9));
        private static readonly Lazy<CSharpCompilation> Clean10 = new Lazy<CSharpCompilation>(() => CopyOfDrivers(LanguageVersion.CSharp10));

        private readonly ITestOutputHelper _out;

        public PlantedViolationTests(ITestOutputHelper output) => _out = output;

        /// <summary>name, planted method body or members, API the finding must name, words the reason must contain, C# version.</summary>
        public static IEnumerable<object[]> Plants() => new[]
        {
            Plant("ListOfInt", "var l = new System.Collections.Generic.List<int>(); l.Add(1); return l.Count;", "System.Collections.Generic.List`1", "generic"),
            Plant("LinqCall", "int[] a = { 1, 2, 3 }; return System.Linq.Enumerable.Count(System.Linq.Enumerable.Where(a, x => x > 1));", "System.Linq.Enumerable", "LINQ"),
            Plant("SpanOfByte", "System.Span<byte> s = new byte[4]; s[0] = 1; return s.Length;", "System.Span`1", "Span<T>"),
            Plant("GenericMethod", "return Id(3); } public static T Id<T>(T x) { return x;", "M:NanoStack.Drivers.Planted.Plant.Id``1(``0)", "generic method definition"),
            Plant("NullableInt", "int? x = null; if (x.HasValue) return 0; return 1;", "System.Nullable`1", "Nullable"),
            Plant("BufferBlockCopy", "byte[] a = new byte[2], b = new byte[2]; System.Buffer.BlockCopy(a, 0, b, 0, 2); return b[0];", "M:System.Buffer.BlockCopy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)", "not in the nanoFramework 1.x API list"),
            Plant("MultiDimArray", "var m = new int[2, 2]; m[1, 1] = 3; return m[1, 1];", "System.Int32[0:,0:]", "multi-dimensional"),
            Plant("InterpolationHandler", "int n = 3; string s = $\"n={n}\"; return s.Length;", "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", "handler", 10),
            // With LangVersion 9 Roslyn still lowers to the handler whenever the references define it (they do on
            // .NET 10); on the device, where it does not exist, C# 9 falls back to string.Format(string, object) —
            // also not on the list. Both host bindings are rejected; the explicit call is the second case.
            Plant("InterpolationCSharp9", "int n = 3; string s = $\"n={n}\"; return s.Length;", "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler", "handler"),
            Plant("StringFormatOneArg", "int n = 3; string s = string.Format(\"n={0}\", n); return s.Length;", "M:System.String.Format(System.String,System.Object)", "params object[]"),
            Plant("StackAlloc", "System.Span<byte> s = stackalloc byte[4]; return s.Length;", "localloc", "stackalloc"),
            Plant("ValueTupleUse", "var t = (1, 2); return t.Item1 + t.Item2;", "System.ValueTuple`2", "ValueTuple"),
            Plant("ReadOnlySpanOfChar", "System.ReadOnlySpan<char> s = \"ab\"; return s.Length + (\"x\" + 'c').Length;", "System.ReadOnlySpan`1", "Span<T>"),
            Plant("AggressiveInlining", "return Inl(); } [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] public static int Inl() { return 1;", "F:System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining", "not in the nanoFramework 1.x API list"),
            Plant("GenericType", "return new Box<int>().V; } public sealed class Box<T> { public T V = default(T);", "T:NanoStack.Drivers.Planted.Plant.Box`1", "generic type definition"),
        };

        [Fact]
        public void CleanCopyOfTheDriverPasses()
        {
            IReadOnlyList<Finding> findings = GuardOver(Clean9.Value);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.Empty(findings);
        }

        [Fact]
        public void CleanPlantPasses()
        {
            // The harness itself: a planted file using only list APIs (Array.Copy, string.Concat) is accepted.
            string code = Wrap("byte[] a = new byte[2], b = new byte[2]; System.Array.Copy(a, 0, b, 0, 2); string s = \"n=\" + b[0].ToString(); return s.Length;");
            IReadOnlyList<Finding> findings = GuardOver(Clean9.Value.AddSyntaxTrees(Parse(code, "CleanPlant.cs", LanguageVersion.CSharp9)));
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.Empty(findings);
        }

        [Fact]
        public void CompilerLoweringsWithADeviceFallbackPass()
        {
            // lock, a field-like event, string + char, an empty params call: on .NET 10 Roslyn lowers these to
            // Monitor.Enter(object, ref bool), Interlocked.CompareExchange<T>, String.Concat(ReadOnlySpan<char>...) and
            // Array.Empty<T>(); against nano mscorlib the same compiler falls back to 1.x members. Not violations.
            string code = "namespace NanoStack.Drivers.Planted\n{\n    public delegate void Changed(int v);\n    public sealed class Idioms\n    {\n"
                + "        private readonly object _gate = new object();\n        public event Changed OnChanged;\n"
                + "        public int Locked() { lock (_gate) { return 1; } }\n"
                + "        public void Raise() { OnChanged?.Invoke(2); }\n"
                + "        public static string Join(string s, char c) { return s + c + s; }\n"
                + "        public static int Count(params object[] xs) { return xs.Length; }\n"
                + "        public static int None() { return Count(); }\n    }\n}\n";
            IReadOnlyList<Finding> findings = GuardOver(Clean9.Value.AddSyntaxTrees(Parse(code, "Idioms.cs", LanguageVersion.CSharp9)));
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.Empty(findings);
        }

        [Theory]
        [MemberData(nameof(Plants))]
        public void GuardRejectsPlantedViolation(string name, string body, string api, string why, int langVersion)
        {
            LanguageVersion lv = langVersion == 10 ? LanguageVersion.CSharp10 : LanguageVersion.CSharp9;
            string file = "Planted" + name + ".cs";
            string code = Wrap(body);
            int plantedLine = code.Split('\n').ToList().FindIndex(l => l.Contains("// planted")) + 1;
            CSharpCompilation compilation = (lv == LanguageVersion.CSharp10 ? Clean10.Value : Clean9.Value).AddSyntaxTrees(Parse(code, file, lv));

            IReadOnlyList<Finding> findings = GuardOver(compilation);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());

            Finding hit = findings.FirstOrDefault(f => f.Api.Contains(api, StringComparison.Ordinal) && f.Reason.Contains(why, StringComparison.Ordinal) && f.Line == plantedLine);
            Assert.True(hit != null, "no finding at line " + plantedLine + " naming '" + api + "' because '" + why + "' among:\n" + string.Join("\n", findings));
            string message = hit.ToString();
            Assert.Contains(file, message);
            Assert.Contains(api, message);
            Assert.Contains(why, message);
            Assert.All(findings, f => Assert.EndsWith(file, f.File)); // nothing in the clean sources is blamed
        }

        private static object[] Plant(string name, string body, string api, string why, int langVersion = 9) => new object[] { name, body, api, why, langVersion };

        private static string Wrap(string body) =>
            "namespace NanoStack.Drivers.Planted\n{\n    public static class Plant\n    {\n        public static int Run()\n        {\n            "
            + body + " // planted\n        }\n    }\n}\n";

        private static SyntaxTree Parse(string code, string fileName, LanguageVersion lv) =>
            CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(lv), Path.Combine(Repo.Root, "drivers", "Planted", fileName), System.Text.Encoding.UTF8);

        private static CSharpCompilation CopyOfDrivers(LanguageVersion lv)
        {
            string dir = Repo.PathOf("drivers");
            var trees = new List<SyntaxTree>();
            foreach (string f in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(dir, f).Replace('\\', '/');
                if (rel.StartsWith("bin/", StringComparison.Ordinal) || rel.StartsWith("obj/", StringComparison.Ordinal)) continue;
                trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(lv), f, System.Text.Encoding.UTF8));
            }

            // The runtime's own assemblies stand in for the net10.0 reference pack (same API surface for this purpose).
            string[] wanted = { "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Linq", "System.Console", "System.Threading", "System.Memory", "System.Runtime.InteropServices" };
            var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator)
                .Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p)))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "NanoStack.dll"))); // drivers.csproj → stack
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug, allowUnsafe: false, nullableContextOptions: NullableContextOptions.Disable);
            return CSharpCompilation.Create("NanoStack.Enc28j60", trees, refs, options);
        }

        private static IReadOnlyList<Finding> GuardOver(CSharpCompilation compilation)
        {
            using var dll = new MemoryStream();
            using var pdb = new MemoryStream();
            EmitResult result = compilation.Emit(dll, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            Assert.True(result.Success, "copy does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            dll.Position = 0;
            pdb.Position = 0;
            return new Guard(Repo.Api).Check(dll, pdb);
        }
    }
}
