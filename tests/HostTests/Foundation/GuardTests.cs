using System;
using System.Collections.Generic;
using System.IO;
using NanoStack.Tools.NfGuard;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// The guard over the real host builds of the portable assemblies: every external type and member they use must
    /// be on the nanoFramework 1.x list, and no IL feature the 1.x runtime lacks may appear. This is how CI on Linux
    /// stands in for the device build that only Visual Studio on Windows can run.
    /// </summary>
    public class GuardTests
    {
        private readonly ITestOutputHelper _out;

        public GuardTests(ITestOutputHelper output) => _out = output;

        public static IEnumerable<object[]> Portable()
        {
            foreach (string name in Guard.PortableAssemblies) yield return new object[] { name };
        }

        [Theory]
        [MemberData(nameof(Portable))]
        public void PortableAssemblyUsesOnlyNanoFrameworkApis(string assembly)
        {
            // HostTests references every portable project, so their .dll and .pdb sit next to this test assembly.
            string path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
            Assert.True(File.Exists(path), path + " not found next to the tests");
            Assert.True(File.Exists(Path.ChangeExtension(path, ".pdb")), "no portable PDB for " + assembly + ": findings would have no file:line");

            IReadOnlyList<Finding> findings = new Guard(Repo.Api).Check(path);
            foreach (Finding f in findings) _out.WriteLine(f.ToString());
            Assert.True(findings.Count == 0, assembly + ": " + findings.Count + " use(s) of APIs or features nanoFramework 1.x does not have:\n" + string.Join("\n", findings));
        }

        [Fact]
        public void VendoredListIsTheReferenceList()
        {
            // The guard embeds tools/NfGuard/nanoframework-api.txt; it must be the whole list, not a trimmed copy.
            Assert.True(Repo.Api.Count > 2000, "API list has only " + Repo.Api.Count + " entries");
            Assert.True(Repo.Api.Contains("M:System.Array.Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)"));
            Assert.False(Repo.Api.Contains("M:System.Buffer.BlockCopy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)"));
        }
    }
}
