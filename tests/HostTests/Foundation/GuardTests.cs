using System.Collections.Generic;
using System.IO;
using System.Linq;
using NanoStack.Tools.NfGuard;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// The Linux stand-in for Visual Studio's device build (issue 10): every .nfproj of nanoStack.sln compiled from its
    /// exact Compile list against the real nanoFramework mscorlib (CoreLibrary 1.17.11) with 0 errors, in Debug and
    /// Release; the guard over each result (APIs not on the 1.x list, IL the 1.x runtime cannot run, NUL in strings);
    /// and each assembly's .pe budget line, every table at or under <see cref="PeBudget.Limit"/> of its limit.
    /// </summary>
    public class GuardTests
    {
        private readonly ITestOutputHelper _out;

        public GuardTests(ITestOutputHelper output) => _out = output;

        public static IEnumerable<object[]> Configurations() => new[] { new object[] { "Debug" }, new object[] { "Release" } };

        [Theory]
        [MemberData(nameof(Configurations))]
        public void EveryNfprojCompilesAgainstTheRealMscorlib(string configuration)
        {
            List<DeviceAssembly> built = DeviceBuildFixture.Solution(configuration == "Debug");
            Assert.True(built.Count >= 15, "expected the five libraries/app and the ten device test projects, got " + built.Count);
            foreach (DeviceAssembly a in built)
            {
                _out.WriteLine(a.Project.Name + ": " + a.Errors.Count + " error(s), " + a.Warnings.Count + " warning(s)");
                foreach (string w in a.Warnings) _out.WriteLine("  " + w);
            }

            var errors = built.SelectMany(a => a.Errors.Select(e => a.Project.Name + ": " + e)).ToList();
            Assert.True(errors.Count == 0, "the device build fails:\n" + string.Join("\n", errors));
        }

        [Theory]
        [MemberData(nameof(Configurations))]
        public void GuardFindsNothingInTheDeviceBuilds(string configuration)
        {
            var guard = new Guard(Repo.Api);
            var findings = new List<string>();
            foreach (DeviceAssembly a in DeviceBuildFixture.Solution(configuration == "Debug"))
            {
                Assert.True(a.Image != null, a.Project.Name + " did not compile");
                findings.AddRange(guard.Check(new MemoryStream(a.Image), new MemoryStream(a.Pdb)).Select(f => a.Project.Name + ": " + f));
            }

            foreach (string f in findings) _out.WriteLine(f);
            Assert.True(findings.Count == 0, findings.Count + " use(s) of APIs or features nanoFramework 1.x does not have:\n" + string.Join("\n", findings));
        }

        [Theory]
        [MemberData(nameof(Configurations))]
        public void EveryAssemblyStaysWithinItsPeBudget(string configuration)
        {
            var over = new List<string>();
            foreach (DeviceAssembly a in DeviceBuildFixture.Solution(configuration == "Debug"))
            {
                PeBudget budget = PeBudget.Estimate(new MemoryStream(a.Image));
                _out.WriteLine(budget.Line(a.Project.Name + " (" + configuration + ")"));
                over.AddRange(budget.OverLimit.Select(t => a.Project.Name + ": " + t));
            }

            Assert.True(over.Count == 0, "over " + (PeBudget.Limit * 100) + " % of a .pe table limit (split the assembly, README device section):\n" + string.Join("\n", over));
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
