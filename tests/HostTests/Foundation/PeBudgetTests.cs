using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NanoStack.Tools.NfGuard;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// The .pe budget estimate (issue 10): the byte-code rewrite follows the metadata processor's rules method by
    /// method, and an assembly planted past 85 % of the string table or of the byte code is rejected.
    /// </summary>
    public class PeBudgetTests
    {
        private readonly ITestOutputHelper _out;

        public PeBudgetTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void ByteCodeFollowsTheMetadataProcessorRewrite()
        {
            // Release IL of Lit(): ldstr (1 + 4) ret (1) = 6 bytes; the MDP writes the string token in 2 bytes -> 4.
            // Guarded(): a try/catch adds its clause after the code: 12 bytes + 1 count byte.
            PeBudget without = Budget(string.Empty); // the same planted class, empty
            PeBudget with = Budget("public static string Lit() { return \"budget-probe\"; }");
            Assert.Equal(4, with["bytecode"] - without["bytecode"]);
            Assert.Equal(Encoding.UTF8.GetByteCount("budget-probe") + 1 + Encoding.UTF8.GetByteCount("Lit") + 1, with["strings"] - without["strings"]);

            string guarded = "public static int Guarded(int x) { try { return 10 / x; } catch (System.Exception) { return 0; } }";
            PeBudget eh = Budget(guarded);
            PeBudget noEh = Budget("public static int Guarded(int x) { { return 10 / x; } }");
            _out.WriteLine(eh.Line("with-eh") + "\n" + noEh.Line("without-eh"));
            Assert.True(eh["bytecode"] - noEh["bytecode"] >= 13, "an exception clause costs 12 bytes + the count byte");
        }

        [Fact]
        public void AssemblyOverTheStringBudgetIsRejected()
        {
            // 2,600 distinct 24-byte literals (+ NUL) = 65,000 bytes: past 85 % (and past the limit itself).
            var b = new StringBuilder();
            for (int i = 0; i < 2600; i++) b.Append("public static string S").Append(i).Append("() { return \"planted-literal-").Append(i.ToString("D8")).Append("\"; }\n");
            PeBudget budget = Budget(b.ToString());
            _out.WriteLine(budget.Line("planted-strings"));
            Assert.Contains(budget.OverLimit, t => t.StartsWith("strings ", System.StringComparison.Ordinal));
        }

        [Fact]
        public void AssemblyOverTheByteCodeBudgetIsRejected()
        {
            // 400 methods of 40 array updates: each ldarg ldc ldarg ldc ldelem.u1 ldc add conv.u1 stelem.i1 ~ 14 bytes.
            var b = new StringBuilder();
            for (int i = 0; i < 400; i++)
            {
                b.Append("public static void B").Append(i).Append("(byte[] a) {");
                for (int j = 0; j < 40; j++) b.Append(" a[").Append(j).Append("] = (byte)(a[").Append(j).Append("] + ").Append(i + j).Append(");");
                b.Append(" }\n");
            }

            PeBudget budget = Budget(b.ToString());
            _out.WriteLine(budget.Line("planted-bytecode"));
            Assert.Contains(budget.OverLimit, t => t.StartsWith("bytecode ", System.StringComparison.Ordinal));
            Assert.DoesNotContain(budget.OverLimit, t => t.StartsWith("strings ", System.StringComparison.Ordinal));
        }

        [Fact]
        public void TheRealAssembliesAreWellInside()
        {
            // The clean driver copy is the baseline of the plants above: it must pass, or they prove nothing.
            Assert.Empty(Budget(null).OverLimit);
        }

        /// <summary>The driver project (Release, device compile) with one planted class of the given members.</summary>
        private static PeBudget Budget(string members)
        {
            NfProject drivers = NfProject.Load(Repo.PathOf("drivers/NanoStack.Enc28j60.nfproj"));
            var trees = drivers.Sources.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), DeviceCompiler.Parse(false), f, Encoding.UTF8)).ToList();
            if (members != null)
            {
                string code = "namespace NanoStack.Drivers.Planted\n{\n    public static class Plant\n    {\n" + members + "\n    }\n}\n";
                trees.Add(CSharpSyntaxTree.ParseText(code, DeviceCompiler.Parse(false), Path.Combine(Repo.Root, "drivers", "Planted", "Plant.cs"), Encoding.UTF8));
            }

            DeviceAssembly built = DeviceBuildFixture.Compiler.Compile(drivers, trees, debug: false);
            Assert.True(built.Errors.Count == 0, string.Join("\n", built.Errors));
            return PeBudget.Estimate(new MemoryStream(built.Image));
        }
    }
}
