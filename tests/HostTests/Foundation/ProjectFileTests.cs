using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NanoStack.Tools.NfGuard;
using Xunit;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// The device build's project files, checked on Linux where nothing else reads them: the .nfproj files follow
    /// the nanoFramework Visual Studio templates (docs/nanoframework.md §2), list exactly the .cs files on disk, reference
    /// the pinned 1.x packages through ..\packages HintPaths matching packages.config; the host .csproj twins import
    /// Portable.props and reference no host-only project.
    /// </summary>
    public class ProjectFileTests
    {
        private const string NfTypeGuid = "{11A8DD76-328B-46DF-9F39-F559912D0360}";
        private const string Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

        /// <summary>The pinned stable 1.x packages (issue 2) and the assembly each one provides.</summary>
        private static readonly Dictionary<string, (string Version, string[] Assemblies)> Pinned = new Dictionary<string, (string, string[])>
        {
            ["nanoFramework.CoreLibrary"] = ("1.17.11", new[] { "mscorlib" }),
            ["nanoFramework.System.Device.Spi"] = ("1.3.89", new[] { "System.Device.Spi" }),
            ["nanoFramework.System.Device.Gpio"] = ("1.1.62", new[] { "System.Device.Gpio" }),
            ["nanoFramework.Runtime.Events"] = ("1.11.37", new[] { "nanoFramework.Runtime.Events" }),
            ["nanoFramework.Runtime.Native"] = ("1.7.11", new[] { "nanoFramework.Runtime.Native" }),
            ["nanoFramework.Hardware.Esp32"] = ("1.6.40", new[] { "nanoFramework.Hardware.Esp32" }),
            ["nanoFramework.TestFramework"] = ("3.0.80", new[] { "nanoFramework.TestFramework", "nanoFramework.UnitTestLauncher" }),
        };

        /// <summary>Host projects the portable ones may reference: the stand-ins for the nanoFramework packages.</summary>
        private static readonly string[] StandIns = { "NanoFramework.Stubs", "NanoFramework.TestFramework.Host" };

        public static IEnumerable<object[]> Nfprojs() => AllNfprojs().Select(p => new object[] { Rel(p) });

        [Fact]
        public void EveryPortableProjectHasANfprojTwin()
        {
            var names = AllNfprojs().Select(p => Path.GetFileName(Path.GetDirectoryName(p))).ToList();
            Assert.True(AllNfprojs().Count >= 6, "expected the stack, drivers, http, firmware, chip model and unit-test .nfproj files");
            // Every portable test file belongs to exactly one device test project (issue 10: NFUnitTest split by layer).
            string unitTests = Repo.PathOf("tests/UnitTests");
            var owned = AllNfprojs().Where(IsDeviceTestProject)
                .SelectMany(nf => OwnCompileItems(nf).Select(i => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(nf), i.Replace('\\', '/'))))).ToList();
            Assert.Equal(owned.Count, owned.Distinct().Count());
            var testFiles = Directory.EnumerateFiles(unitTests, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Rel(f).Contains("/bin/") && !Rel(f).Contains("/obj/") && !Rel(f).Contains("/Properties/")).ToList();
            Assert.Empty(testFiles.Except(owned));
            foreach (string nf in AllNfprojs())
            {
                Assert.True(CsprojBeside(nf) != null, Rel(nf) + " has no SDK .csproj over the same files");
            }
        }

        [Theory]
        [MemberData(nameof(Nfprojs))]
        public void CompileListEqualsTheCsFilesOnDisk(string nfproj)
        {
            string path = Repo.PathOf(nfproj);
            string dir = Path.GetDirectoryName(path);
            var listed = OwnCompileItems(path).Select(i => i.Replace('\\', '/')).ToList();
            foreach (string linked in LinkedCompileItems(path))
            {
                // Shared helpers of another test folder (and the one AssemblyInfo.cs) are linked, never copied.
                Assert.True(File.Exists(linked), nfproj + ": linked file " + linked + " does not exist");
                Assert.StartsWith(Path.GetDirectoryName(dir), linked);
            }

            var onDisk = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .ToList();
            var missing = onDisk.Except(listed).OrderBy(x => x).ToList();
            var stale = listed.Except(onDisk).OrderBy(x => x).ToList();
            Assert.True(missing.Count == 0 && stale.Count == 0 && listed.Count == listed.Distinct().Count(),
                nfproj + " <Compile> list differs from disk (the device build would break or miss files). Run: python3 tools/nfproj-sync.py\n"
                + "  on disk, not in .nfproj: " + string.Join(", ", missing) + "\n  in .nfproj, not on disk: " + string.Join(", ", stale));
        }

        [Theory]
        [MemberData(nameof(Nfprojs))]
        public void NfprojFollowsTheNanoFrameworkTemplate(string nfproj)
        {
            string path = Repo.PathOf(nfproj);
            XDocument doc = XDocument.Load(path);
            XElement root = doc.Root;
            XNamespace ns = Msbuild;
            Assert.Equal(ns + "Project", root.Name);
            Assert.Equal("Current", (string)root.Attribute("ToolsVersion"));
            Assert.Equal("Build", (string)root.Attribute("DefaultTargets"));
            Assert.Null(root.Attribute("Sdk")); // legacy project system, not SDK style

            XElement globals = root.Elements(ns + "PropertyGroup").First();
            Assert.Equal("Globals", (string)globals.Attribute("Label"));
            Assert.Equal(@"$(MSBuildExtensionsPath)\nanoFramework\v1.0\", (string)globals.Element(ns + "NanoFrameworkProjectSystemPath"));

            // The three NFProjectSystem imports, in order, each guarded by Exists so the file still loads without the extension.
            var imports = root.Elements(ns + "Import").ToList();
            string[] expected = { "NFProjectSystem.Default.props", "NFProjectSystem.props", "NFProjectSystem.CSharp.targets" };
            Assert.Equal(expected.Length, imports.Count);
            for (int i = 0; i < expected.Length; i++)
            {
                string project = "$(NanoFrameworkProjectSystemPath)" + expected[i];
                Assert.Equal(project, (string)imports[i].Attribute("Project"));
                Assert.Equal("Exists('" + project + "')", (string)imports[i].Attribute("Condition"));
            }

            Assert.True(Before(root, imports[0], Prop(root, "ProjectTypeGuids").Parent) && Before(root, Prop(root, "ProjectTypeGuids").Parent, imports[1]), "properties belong between Default.props and NFProjectSystem.props");
            Assert.Equal(NfTypeGuid + ";{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}", Value(root, "ProjectTypeGuids"));
            Assert.Matches("^\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}$", Value(root, "ProjectGuid"));
            Assert.Equal("v1.0", Value(root, "TargetFrameworkVersion"));
            Assert.Equal("Properties", Value(root, "AppDesignerFolder"));
            Assert.Equal("512", Value(root, "FileAlignment"));
            Assert.Contains(Items(path, "None"), n => n == "packages.config");
            Assert.True(Items(path, "Compile").Contains(@"Properties\AssemblyInfo.cs") || LinkedCompileItems(path).Any(f => f.EndsWith(Path.Combine("Properties", "AssemblyInfo.cs"), StringComparison.Ordinal)), nfproj + " compiles no Properties/AssemblyInfo.cs");

            string csproj = CsprojBeside(path);
            string hostAssembly = Value(XDocument.Load(csproj).Root, "AssemblyName", optional: true) ?? Path.GetFileNameWithoutExtension(csproj);
            Assert.Equal(hostAssembly, Value(root, "AssemblyName")); // the guard and the tests see the same assembly the device builds

            bool isTest = Value(root, "AssemblyName") == "NFUnitTest";
            bool isApp = nfproj.StartsWith("firmware/", StringComparison.Ordinal);
            Assert.Equal(isApp ? "Exe" : "Library", Value(root, "OutputType")); // a test project is a Library too
            if (isTest)
            {
                Assert.Contains(root.Descendants(ns + "ProjectCapability"), e => (string)e.Attribute("Include") == "TestContainer");
                Assert.Equal("true", Value(root, "IsTestProject"));
                Assert.Equal("UnitTest", Value(root, "TestProjectType"));
                // One nano.runsettings for all device test projects, in tests/UnitTests beside the host twin.
                Assert.Equal(@"$(MSBuildProjectDirectory)\..\nano.runsettings", Value(root, "RunSettingsFilePath"));
                Assert.Contains(Items(path, "None"), n => n == @"..\nano.runsettings");
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(path)), "nano.runsettings")));
            }

            XElement ext = root.Element(ns + "ProjectExtensions");
            Assert.NotNull(ext?.Element(ns + "ProjectCapabilities")?.Element(ns + "ProjectConfigurationsDeclaredAsItems"));
        }

        [Theory]
        [MemberData(nameof(Nfprojs))]
        public void ReferencesMatchPackagesConfigAndThePinnedVersions(string nfproj)
        {
            string path = Repo.PathOf(nfproj);
            string dir = Path.GetDirectoryName(path);
            string config = Path.Combine(dir, "packages.config");
            Assert.True(File.Exists(config), nfproj + ": no packages.config");
            var packages = XDocument.Load(config).Root.Elements("package").ToList();
            Assert.NotEmpty(packages);
            foreach (XElement p in packages)
            {
                string id = (string)p.Attribute("id");
                Assert.True(Pinned.ContainsKey(id), config + ": package " + id + " is not one of the pinned 1.x packages");
                Assert.Equal(Pinned[id].Version, (string)p.Attribute("version"));
                Assert.Equal("netnano1.0", (string)p.Attribute("targetFramework"));
            }

            Assert.Contains(packages, p => (string)p.Attribute("id") == "nanoFramework.CoreLibrary");
            bool isTest = nfproj.StartsWith("tests/", StringComparison.Ordinal);
            Assert.Equal(isTest, packages.Any(p => (string)p.Attribute("id") == "nanoFramework.TestFramework"));

            // Packages restore into <solution dir>\packages; every reference points there, at a package of packages.config.
            string up = string.Concat(Enumerable.Repeat(@"..\", Path.GetRelativePath(Repo.Root, dir).Split(Path.DirectorySeparatorChar).Length));
            XNamespace ns = Msbuild;
            var references = XDocument.Load(path).Root.Descendants(ns + "Reference").ToList();
            var covered = new HashSet<string>();
            foreach (XElement r in references)
            {
                string include = (string)r.Attribute("Include");
                string assembly = include.Split(',')[0].Trim();
                string hint = (string)r.Element(ns + "HintPath");
                Assert.True(hint != null, nfproj + ": reference " + assembly + " has no HintPath");
                var m = Regex.Match(hint, "^" + Regex.Escape(up) + @"packages\\([A-Za-z0-9.]+?)\.(\d+\.\d+\.\d+)\\lib\\([A-Za-z0-9.]+)\.(dll|exe)$");
                Assert.True(m.Success, nfproj + ": HintPath " + hint + " is not " + up + @"packages\<id>.<version>\lib\<assembly>.dll");
                string id = m.Groups[1].Value, version = m.Groups[2].Value;
                Assert.True(packages.Any(p => (string)p.Attribute("id") == id && (string)p.Attribute("version") == version), nfproj + ": " + hint + " is not a package of packages.config");
                Assert.Contains(assembly, Pinned[id].Assemblies);
                Assert.Equal(assembly, m.Groups[3].Value);
                Assert.Contains("PublicKeyToken=c07d481e9758c731", include);
                if (assembly != "nanoFramework.UnitTestLauncher") Assert.Contains("Version=" + version + ".0", include);
                Assert.Equal("True", (string)r.Element(ns + "Private"));
                covered.Add(id);
            }

            foreach (XElement p in packages) Assert.Contains((string)p.Attribute("id"), covered);
        }

        [Theory]
        [MemberData(nameof(Nfprojs))]
        public void ProjectReferencesMatchTheHostTwin(string nfproj)
        {
            string path = Repo.PathOf(nfproj);
            string dir = Path.GetDirectoryName(path);
            XNamespace ns = Msbuild;
            var nfRefs = XDocument.Load(path).Root.Descendants(ns + "ProjectReference")
                .Select(e => Path.GetFullPath(Path.Combine(dir, ((string)e.Attribute("Include")).Replace('\\', '/'))))
                .Select(p => Path.GetDirectoryName(p)).OrderBy(x => x).ToList();
            foreach (string r in nfRefs) Assert.True(Directory.GetFiles(r, "*.nfproj").Length == 1, nfproj + " references a missing project in " + r);

            string csproj = CsprojBeside(path);
            var hostRefs = XDocument.Load(csproj).Root.Descendants("ProjectReference")
                .Select(e => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj), (string)e.Attribute("Include"))))
                .Where(p => !StandIns.Contains(Path.GetFileNameWithoutExtension(p)))
                .Select(p => Path.GetDirectoryName(p)).OrderBy(x => x).ToList();
            if (!IsDeviceTestProject(path))
            {
                Assert.Equal(hostRefs, nfRefs);
                return;
            }

            // A device test project references what its layer's tests use; together they reference what the host twin does.
            Assert.Empty(nfRefs.Except(hostRefs));
            var union = AllNfprojs().Where(IsDeviceTestProject).SelectMany(nf => XDocument.Load(nf).Root.Descendants(ns + "ProjectReference")
                .Select(e => Path.GetDirectoryName(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(nf), ((string)e.Attribute("Include")).Replace('\\', '/'))))))
                .Distinct().OrderBy(x => x).ToList();
            Assert.Equal(hostRefs, union);
        }

        [Fact]
        public void PortableCsprojsImportPortablePropsAndReferenceNoHostOnlyProject()
        {
            string props = File.ReadAllText(Repo.PathOf("build/Portable.props"));
            XElement p = XDocument.Parse(props).Root;
            Assert.Equal("9", p.Descendants("LangVersion").Single().Value);
            Assert.Equal("false", p.Descendants("AllowUnsafeBlocks").Single().Value);
            Assert.DoesNotContain(p.Descendants("DefineConstants"), d => d.Value.Contains("NANOFRAMEWORK_1_0")); // the device build's symbol, never defined on host

            var portableDirs = AllNfprojs().Select(Path.GetDirectoryName).ToList();
            foreach (string nf in AllNfprojs())
            {
                string csproj = CsprojBeside(nf);
                string text = File.ReadAllText(csproj);
                XElement root = XDocument.Parse(text).Root;
                Assert.Contains(root.Elements("Import"), i => ((string)i.Attribute("Project")).Replace('\\', '/').EndsWith("build/Portable.props", StringComparison.Ordinal));
                Assert.Empty(root.Descendants("LangVersion")); // Portable.props decides
                Assert.DoesNotContain(root.Descendants("DefineConstants"), d => d.Value.Contains("NANOFRAMEWORK_1_0"));
                Assert.Empty(root.Descendants("AllowUnsafeBlocks"));
                foreach (XElement r in root.Descendants("ProjectReference"))
                {
                    string target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj), (string)r.Attribute("Include")));
                    bool ok = portableDirs.Contains(Path.GetDirectoryName(target)) || StandIns.Contains(Path.GetFileNameWithoutExtension(target));
                    Assert.True(ok, Rel(csproj) + " references host-only project " + Rel(target) + " (portable code must build for the device)");
                }
            }
        }

        [Fact]
        public void EachPortableAssemblyUsesOnlyPackagesItsNfprojReferences()
        {
            // A list ID lives in one (or, for System.Device.Gpio's pulse counter, two) of the list's assembly sections;
            // the .nfproj must reference a package providing it, or the device build cannot resolve the type.
            var sectionOf = new Dictionary<string, HashSet<string>>();
            foreach (var kv in ApiListFile.Get.BySection)
            {
                foreach (string id in kv.Value)
                {
                    if (!sectionOf.TryGetValue(id, out var set)) sectionOf[id] = set = new HashSet<string>();
                    set.Add(kv.Key);
                }
            }

            var guard = new Guard(Repo.Api);
            var problems = new List<string>();
            foreach (string nf in AllNfprojs())
            {
                string assembly = Value(XDocument.Load(nf).Root, "AssemblyName");
                string dll = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
                Assert.True(File.Exists(dll), dll);
                var referenced = new HashSet<string>(XDocument.Load(Path.Combine(Path.GetDirectoryName(nf), "packages.config")).Root.Elements("package")
                    .SelectMany(p => Pinned.TryGetValue((string)p.Attribute("id"), out var pin) ? pin.Assemblies : Array.Empty<string>()));
                foreach (string id in guard.Analyze(dll).UsedApis.OrderBy(x => x))
                {
                    if (!sectionOf[id].Any(referenced.Contains)) problems.Add(Rel(nf) + " uses " + id + " from " + string.Join("/", sectionOf[id]) + ", a package its packages.config/.nfproj does not reference");
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void DeviceSolutionListsEveryNfprojAndDeploysOnlyTheApp()
        {
            string slnPath = Repo.PathOf("nanoStack.sln");
            Assert.True(File.Exists(slnPath), "nanoStack.sln (device solution) missing");
            string sln = File.ReadAllText(slnPath);
            Assert.Equal("Microsoft Visual Studio Solution File, Format Version 12.00", sln.TrimStart('\uFEFF').TrimStart().Split('\n')[0].TrimEnd('\r'));
            Assert.Contains("\r\n", sln); // Visual Studio writes CRLF
            var projects = Regex.Matches(sln, "Project\\(\"(\\{[^}]+\\})\"\\) = \"([^\"]+)\", \"([^\"]+)\", \"(\\{[^}]+\\})\"")
                .Select(m => (Type: m.Groups[1].Value, Name: m.Groups[2].Value, Path: m.Groups[3].Value.Replace('\\', '/'), Guid: m.Groups[4].Value)).ToList();
            var nfprojs = AllNfprojs().Select(Rel).OrderBy(x => x).ToList();
            Assert.Equal(nfprojs, projects.Where(p => p.Type == NfTypeGuid).Select(p => p.Path).OrderBy(x => x).ToList());
            Assert.All(projects, p => Assert.True(p.Type == NfTypeGuid || p.Type == "{2150E333-8FDC-42A3-9474-1A3956D46DE8}", p.Name + " is not a nanoFramework project")); // solution folders allowed

            foreach (var p in projects.Where(p => p.Type == NfTypeGuid))
            {
                string guid = Value(XDocument.Load(Repo.PathOf(p.Path)).Root, "ProjectGuid");
                Assert.Equal(guid.ToUpperInvariant(), p.Guid.ToUpperInvariant());
                bool app = Value(XDocument.Load(Repo.PathOf(p.Path)).Root, "OutputType") == "Exe";
                foreach (string cfg in new[] { "Debug|Any CPU", "Release|Any CPU" })
                {
                    Assert.Contains(p.Guid + "." + cfg + ".ActiveCfg = " + cfg, sln);
                    Assert.Contains(p.Guid + "." + cfg + ".Build.0 = " + cfg, sln);
                    Assert.Equal(app, sln.Contains(p.Guid + "." + cfg + ".Deploy.0 = " + cfg));
                }
            }

            Assert.Single(projects, p => p.Type == NfTypeGuid && Value(XDocument.Load(Repo.PathOf(p.Path)).Root, "OutputType") == "Exe");
        }

        [Fact]
        public void NugetConfigNamesThePublicFeed()
        {
            XElement root = XDocument.Load(Repo.PathOf("nuget.config")).Root;
            Assert.Contains(root.Element("packageSources").Elements("add"), a => (string)a.Attribute("value") == "https://api.nuget.org/v3/index.json");
        }

        private static List<string> AllNfprojs()
        {
            var result = new List<string>();
            foreach (string f in Directory.EnumerateFiles(Repo.Root, "*.nfproj", SearchOption.AllDirectories))
            {
                string rel = Rel(f);
                if (rel.Split('/').Any(s => s == "bin" || s == "obj" || s == ".git" || s == "packages")) continue;
                result.Add(f);
            }

            result.Sort(StringComparer.Ordinal);
            return result;
        }

        private static string CsprojBeside(string nfproj)
        {
            string[] found = Directory.GetFiles(Path.GetDirectoryName(nfproj), "*.csproj");
            if (found.Length == 1) return found[0];
            // The device test projects (one per layer folder of tests/UnitTests, issue 10) share one host twin, the
            // xUnit project one folder up that compiles all of their files into the host NFUnitTest.
            string parent = Path.GetDirectoryName(Path.GetDirectoryName(nfproj));
            found = IsDeviceTestProject(nfproj) ? Directory.GetFiles(parent, "*.csproj") : found;
            return found.Length == 1 ? found[0] : null;
        }

        private static bool IsDeviceTestProject(string nfproj) => Rel(nfproj).StartsWith("tests/UnitTests/", StringComparison.Ordinal) && Rel(nfproj).Count(c => c == '/') == 3;

        /// <summary>&lt;Compile&gt; items of the project's own folder (the sync script's block), without the linked shared files.</summary>
        private static List<string> OwnCompileItems(string nfproj)
        {
            XNamespace ns = Msbuild;
            return XDocument.Load(nfproj).Root.Elements(ns + "ItemGroup").Where(g => (string)g.Attribute("Label") == "Compile")
                .SelectMany(g => g.Elements(ns + "Compile")).Select(e => (string)e.Attribute("Include")).ToList();
        }

        /// <summary>Linked &lt;Compile&gt; items (Include outside the project folder, with a Link), as full paths.</summary>
        private static List<string> LinkedCompileItems(string nfproj)
        {
            XNamespace ns = Msbuild;
            return XDocument.Load(nfproj).Root.Elements(ns + "ItemGroup").Where(g => (string)g.Attribute("Label") == "Shared")
                .SelectMany(g => g.Elements(ns + "Compile"))
                .Select(e => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(nfproj), ((string)e.Attribute("Include")).Replace('\\', '/')))).ToList();
        }

        private static string Rel(string path) => Path.GetRelativePath(Repo.Root, path).Replace('\\', '/');

        private static List<string> Items(string nfproj, string kind)
        {
            XNamespace ns = Msbuild;
            return XDocument.Load(nfproj).Root.Descendants(ns + kind).Select(e => (string)e.Attribute("Include")).ToList();
        }

        private static XElement Prop(XElement root, string name) => root.Descendants(root.Name.Namespace + name).First();

        private static string Value(XElement root, string name, bool optional = false)
        {
            XElement e = root.Descendants(root.Name.Namespace + name).FirstOrDefault();
            if (e == null && !optional) throw new Xunit.Sdk.XunitException(name + " missing");
            return e?.Value;
        }

        private static bool Before(XElement root, XElement a, XElement b)
        {
            var all = root.Elements().ToList();
            return all.IndexOf(a) < all.IndexOf(b);
        }
    }
}
