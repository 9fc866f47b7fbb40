using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NanoStack.Tools.NfGuard;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// Demonstrates the device compile and the guard: into an in-memory copy of the driver project (exactly its
    /// .nfproj Compile list, compiled by <see cref="DeviceCompiler"/> against the real nanoFramework mscorlib and the
    /// device build of NanoStack) one violation is planted at a time. An API the device does not have (List&lt;int&gt;,
    /// LINQ, Span&lt;T&gt;, int?, Buffer.BlockCopy, ...) must now fail the real compile at the planted line; what compiles
    /// but the 1.x runtime cannot run (generic definitions, multi-dimensional arrays, a NUL in a string literal) must
    /// be rejected by the guard, naming file, line, API and why. The unplanted copy passes, and so do the constructs
    /// the guard used to flag on host builds only ($"..." and string.Format with one argument bind to
    /// String.Format(string, object[]) against the device mscorlib).
    /// </summary>
    public class PlantedViolationTests
    {
        private readonly ITestOutputHelper _out;

        public PlantedViolationTests(ITestOutputHelper output) => _out = output;

        /// <summary>name, planted method body, text the compiler error must contain.</summary>
        public static IEnumerable<object[]> CompileBreaks() => new[]
        {
            new object[] { "ListOfInt", "var l = new System.Collections.Generic.List<int>(); l.Add(1); return l.Count;", "Generic" },
            new object[] { "LinqCall", "int[] a = { 1, 2, 3 }; return System.Linq.Enumerable.Count(a);", "Linq" },
            new object[] { "SpanOfByte", "System.Span<byte> s = new byte[4]; s[0] = 1; return s.Length;", "Span<>" },
            new object[] { "NullableInt", "int? x = null; if (x.HasValue) return 0; return 1;", "Nullable" },
            new object[] { "BufferBlockCopy", "byte[] a = new byte[2], b = new byte[2]; System.Buffer.BlockCopy(a, 0, b, 0, 2); return b[0];", "Buffer" },
            new object[] { "StackAlloc", "System.Span<byte> s = stackalloc byte[4]; return s.Length;", "Span<>" },
            new object[] { "ValueTupleUse", "var t = (1, 2); return t.Item1 + t.Item2;", "ValueTuple" },
            new object[] { "ReadOnlySpanOfChar", "System.ReadOnlySpan<char> s = \"ab\"; return s.Length;", "ReadOnlySpan<>" },
            new object[] { "AggressiveInlining", "return Inl(); } [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] public static int Inl() { return 1;", "AggressiveInlining" },
            new object[] { "MathPi", "return (int)(System.Math.PI * 2);", "Math" },
        };

        /// <summary>name, planted body, API the finding must name, words the reason must contain.</summary>
        public static IEnumerable<object[]> GuardBreaks() => new[]
        {
            new object[] { "GenericMethod", "return Id(3); } public static T Id<T>(T x) { return x;", "M:NanoStack.Drivers.Planted.Plant.Id``1(``0)", "generic method definition" },
            new object[] { "GenericType", "return new Box<int>().V; } public sealed class Box<T> { public T V = default(T);", "T:NanoStack.Drivers.Planted.Plant.Box`1", "generic type definition" },
            new object[] { "MultiDimArray", "var m = new int[2, 2]; m[1, 1] = 3; return m[1, 1];", "System.Int32[0:,0:]", "multi-dimensional" },
            new object[] { "NulInStringLiteral", "string s = \"A\\u0000B\"; return s.Length;", "ldstr", "U+0000" },
            new object[] { "NulInAttributeString", "return 1; } [System.Obsolete(\"x\\0y\")] public static int Old() { return 2;", "System.ObsoleteAttribute", "U+0000" },
        };

        /// <summary>Constructs the guard rejected on host builds only; against the device mscorlib they are fine.</summary>
        public static IEnumerable<object[]> FormerFalseAlarms() => new[]
        {
            new object[] { "InterpolationCSharp9", "int n = 3; string s = $\"n={n}\"; return s.Length;", 9 },
            new object[] { "InterpolationCSharp10", "int n = 3; string s = $\"n={n} m={n + 1}\"; return s.Length;", 10 },
            new object[] { "StringFormatOneArg", "int n = 3; string s = string.Format(\"n={0}\", n); return s.Length;", 9 },
        };

        [Fact]
        public void CleanCopyOfTheDriverPasses()
        {
            DeviceAssembly built = Compile(null, LanguageVersion.CSharp9);
            Assert.True(built.Errors.Count == 0, string.Join("\n", built.Errors));
            IReadOnlyList<Finding> findings = GuardOver(built);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.Empty(findings);
        }

        [Fact]
        public void CompilerLoweringsWithADeviceFallbackPass()
        {
            // lock, a field-like event, string + char, an empty params call: against nano mscorlib the compiler uses
            // the 1.x members (Monitor.Enter(object, ref bool) or Enter(object), Delegate.Combine, String.Concat(string,
            // string), new object[0]). Not violations.
            string code = "namespace NanoStack.Drivers.Planted\n{\n    public delegate void Changed(int v);\n    public sealed class Idioms\n    {\n"
                + "        private readonly object _gate = new object();\n        public event Changed OnChanged;\n"
                + "        public int Locked() { lock (_gate) { return 1; } }\n"
                + "        public void Raise() { OnChanged?.Invoke(2); }\n"
                + "        public static string Join(string s, char c) { return s + c + s; }\n"
                + "        public static int Count(params object[] xs) { return xs.Length; }\n"
                + "        public static int None() { return Count(); }\n    }\n}\n";
            DeviceAssembly built = Compile(Parse(code, "Idioms.cs", LanguageVersion.CSharp9), LanguageVersion.CSharp9);
            Assert.True(built.Errors.Count == 0, string.Join("\n", built.Errors));
            IReadOnlyList<Finding> findings = GuardOver(built);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.Empty(findings);
        }

        [Theory]
        [MemberData(nameof(CompileBreaks))]
        public void DeviceCompileRejectsPlantedApi(string name, string body, string what)
        {
            string file = "Planted" + name + ".cs";
            string code = Wrap(body);
            int plantedLine = PlantedLine(code);
            DeviceAssembly built = Compile(Parse(code, file, LanguageVersion.CSharp9), LanguageVersion.CSharp9);
            foreach (string e in built.Errors) _out.WriteLine(e);
            Assert.Null(built.Image);
            string hit = built.Errors.FirstOrDefault(e => e.Contains(file + "(" + plantedLine + ",", StringComparison.Ordinal) && e.Contains(what, StringComparison.Ordinal));
            Assert.True(hit != null, "no compile error at " + file + ":" + plantedLine + " mentioning '" + what + "' among:\n" + string.Join("\n", built.Errors));
            Assert.All(built.Errors, e => Assert.Contains(file, e)); // nothing in the clean sources is blamed
        }

        [Theory]
        [MemberData(nameof(GuardBreaks))]
        public void GuardRejectsPlantedViolation(string name, string body, string api, string why)
        {
            string file = "Planted" + name + ".cs";
            string code = Wrap(body);
            int plantedLine = PlantedLine(code);
            DeviceAssembly built = Compile(Parse(code, file, LanguageVersion.CSharp9), LanguageVersion.CSharp9);
            Assert.True(built.Errors.Count == 0, "the plant should compile for the device:\n" + string.Join("\n", built.Errors));

            IReadOnlyList<Finding> findings = GuardOver(built);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Finding hit = findings.FirstOrDefault(f => f.Api.Contains(api, StringComparison.Ordinal) && f.Reason.Contains(why, StringComparison.Ordinal) && f.Line == plantedLine);
            Assert.True(hit != null, "no finding at line " + plantedLine + " naming '" + api + "' because '" + why + "' among:\n" + string.Join("\n", findings));
            string message = hit.ToString();
            Assert.Contains(file, message);
            Assert.Contains(api, message);
            Assert.Contains(why, message);
            Assert.All(findings, f => Assert.EndsWith(file, f.File)); // nothing in the clean sources is blamed
        }

        [Theory]
        [MemberData(nameof(FormerFalseAlarms))]
        public void FormerFalseAlarmPassesAgainstTheDeviceMscorlib(string name, string body, int langVersion)
        {
            LanguageVersion lv = langVersion == 10 ? LanguageVersion.CSharp10 : LanguageVersion.CSharp9;
            DeviceAssembly built = Compile(Parse(Wrap(body), "Planted" + name + ".cs", lv), lv);
            Assert.True(built.Errors.Count == 0, string.Join("\n", built.Errors));
            IReadOnlyList<Finding> findings = GuardOver(built);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.Empty(findings);
        }

        private static int PlantedLine(string code) => code.Split('\n').ToList().FindIndex(l => l.Contains("// planted")) + 1;

        private static string Wrap(string body) =>
            "namespace NanoStack.Drivers.Planted\n{\n    public static class Plant\n    {\n        public static int Run()\n        {\n            "
            + body + " // planted\n        }\n    }\n}\n";

        private static SyntaxTree Parse(string code, string fileName, LanguageVersion lv) =>
            CSharpSyntaxTree.ParseText(code, DeviceCompiler.Parse(true).WithLanguageVersion(lv), Path.Combine(Repo.Root, "drivers", "Planted", fileName), System.Text.Encoding.UTF8);

        /// <summary>The driver's exact Compile list (+ the plant) compiled for the device (Debug, so file:line is exact).</summary>
        private static DeviceAssembly Compile(SyntaxTree plant, LanguageVersion lv)
        {
            NfProject drivers = NfProject.Load(Repo.PathOf("drivers/NanoStack.Enc28j60.nfproj"));
            var trees = drivers.Sources.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), DeviceCompiler.Parse(true).WithLanguageVersion(lv), f, System.Text.Encoding.UTF8)).ToList();
            if (plant != null) trees.Add(plant);
            return DeviceBuildFixture.Compiler.Compile(drivers, trees, debug: true);
        }

        private static IReadOnlyList<Finding> GuardOver(DeviceAssembly built)
        {
            Assert.NotNull(built.Image);
            return new Guard(Repo.Api).Check(new MemoryStream(built.Image), new MemoryStream(built.Pdb));
        }
    }
}
