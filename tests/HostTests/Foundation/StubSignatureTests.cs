using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using NanoStack.Tools.NfGuard;
using Xunit;
using Xunit.Abstractions;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// The host stand-ins must have exactly the public/protected surface of the real nanoFramework 1.x assemblies
    /// (nanoframework-api.txt): a member the device lacks would let host-built code pass that cannot build for the
    /// board; a missing one would break code that is correct for the device. Compared as doc-comment IDs, per type.
    /// [Obsolete] members of the TestFramework (the xUnit-style Assert.Equal/True/... names) are deliberately not
    /// provided: portable tests must use the current names, so their absence is accepted (only for [Obsolete] ones).
    /// </summary>
    public class StubSignatureTests
    {
        private readonly ITestOutputHelper _out;

        public StubSignatureTests(ITestOutputHelper output) => _out = output;

        public static IEnumerable<object[]> StubTypes() => TypesOf(typeof(NanoFramework.Host.HostBoard).Assembly.Location, "NanoFramework.Host");

        public static IEnumerable<object[]> TestFrameworkTypes() => TypesOf(typeof(nanoFramework.TestFramework.Assert).Assembly.Location, null);

        [Theory]
        [MemberData(nameof(StubTypes))]
        public void StandInTypeHasExactlyTheDeviceMembers(string typeName) => CompareType(typeof(NanoFramework.Host.HostBoard).Assembly.Location, typeName);

        [Theory]
        [MemberData(nameof(TestFrameworkTypes))]
        public void TestFrameworkStandInTypeHasExactlyTheDeviceMembers(string typeName) => CompareType(typeof(nanoFramework.TestFramework.Assert).Assembly.Location, typeName);

        [Theory]
        [MemberData(nameof(StubTypes))]
        public void StandInTypeDeclarationMatchesTheDevice(string typeName) => CompareDeclaration(typeof(NanoFramework.Host.HostBoard).Assembly.Location, typeName);

        [Theory]
        [MemberData(nameof(TestFrameworkTypes))]
        public void TestFrameworkStandInTypeDeclarationMatchesTheDevice(string typeName) => CompareDeclaration(typeof(nanoFramework.TestFramework.Assert).Assembly.Location, typeName);

        [Fact]
        public void StandInsCoverEverySpiAndGpioTypeAndTheNamedOthers()
        {
            var stubbed = new HashSet<string>(StubTypes().Select(r => "T:" + (string)r[0]));
            var required = new List<string>();
            required.AddRange(ApiListFile.Get.BySection["System.Device.Spi"].Where(id => id.StartsWith("T:")));
            required.AddRange(ApiListFile.Get.BySection["System.Device.Gpio"].Where(id => id.StartsWith("T:")));
            required.AddRange(new[]
            {
                "T:System.SpanByte", "T:nanoFramework.Runtime.Events.BaseEvent", "T:nanoFramework.Hardware.Esp32.Configuration",
                "T:nanoFramework.Hardware.Esp32.DeviceFunction", "T:nanoFramework.Hardware.Esp32.DeviceTypes", "T:nanoFramework.Hardware.Esp32.Gpio",
            });
            Assert.Empty(required.Where(t => !stubbed.Contains(t)));
        }

        [Fact]
        public void TestFrameworkStandInCoversEveryTestFrameworkType()
        {
            var stubbed = new HashSet<string>(TestFrameworkTypes().Select(r => "T:" + (string)r[0]));
            string section = ApiListFile.Get.BySection.Keys.Single(k => k == "nanoFramework.TestFramework");
            Assert.Empty(ApiListFile.Get.BySection[section].Where(id => id.StartsWith("T:") && !stubbed.Contains(id)));
        }

        [Fact]
        public void EnumValuesMatchTheDevice()
        {
            // Doc IDs carry names only; the signature list carries values ("public enum X : Member = value").
            int checkedCount = 0;
            foreach (string line in System.IO.File.ReadLines(Repo.PathOf("tools/NfGuard/nanoframework-api-signatures.txt")))
            {
                var m = System.Text.RegularExpressions.Regex.Match(line, @"^\s+public enum ([\w.]+) : (\w+) = (-?\d+)$");
                if (!m.Success) continue;
                Type t = typeof(NanoFramework.Host.HostBoard).Assembly.GetType(m.Groups[1].Value);
                if (t == null) continue;
                object value = Enum.Parse(t, m.Groups[2].Value);
                Assert.Equal(long.Parse(m.Groups[3].Value), Convert.ToInt64(value));
                checkedCount++;
            }

            Assert.True(checkedCount > 100, "only " + checkedCount + " enum values compared");
        }

        private void CompareType(string assemblyPath, string typeName)
        {
            using ModuleDefinition module = ModuleDefinition.ReadModule(assemblyPath);
            TypeDefinition type = module.GetTypes().Single(t => DocId.TypeName(t, false) == typeName);
            Assert.Contains("T:" + typeName, ApiListFile.Get.All);

            var actual = new SortedSet<string>(VisibleMembers(type), StringComparer.Ordinal);
            var expected = new SortedSet<string>(ApiListFile.Get.MembersOf(typeName).Where(id => !IsObsolete(id)), StringComparer.Ordinal);
            var extra = actual.Except(expected).ToList();
            var missing = expected.Except(actual).ToList();
            foreach (string e in extra) _out.WriteLine("extra (not on the device): " + e);
            foreach (string m in missing) _out.WriteLine("missing (the device has it): " + m);
            Assert.True(extra.Count == 0 && missing.Count == 0, typeName + ": extra [" + string.Join(", ", extra) + "] missing [" + string.Join(", ", missing) + "]");
        }

        /// <summary>Kind, modifiers (sealed/static/abstract, readonly/ref struct), base type and interfaces, as the
        /// signature list declares them: a host stand-in that is not sealed where the device type is would let host
        /// code derive from it, and so on. Leading attributes are not compared.</summary>
        private static void CompareDeclaration(string assemblyPath, string typeName)
        {
            string expected = null;
            foreach (string line in System.IO.File.ReadLines(Repo.PathOf("tools/NfGuard/nanoframework-api-signatures.txt")))
            {
                if (line.StartsWith(" ", StringComparison.Ordinal) || line.StartsWith("#", StringComparison.Ordinal)) continue;
                string decl = System.Text.RegularExpressions.Regex.Replace(line, @"^(\[[^\]]*\]\s*)+", "");
                var m = System.Text.RegularExpressions.Regex.Match(decl, @"^public (?:[a-z]+ )*(?:class|struct|enum|interface|delegate \S+) ([\w.]+)");
                if (m.Success && m.Groups[1].Value == typeName)
                {
                    expected = decl.StartsWith("public delegate ", StringComparison.Ordinal) ? "public delegate " + typeName : decl.Trim();
                    break;
                }
            }

            Assert.True(expected != null, typeName + " has no declaration in the signature list");
            using ModuleDefinition module = ModuleDefinition.ReadModule(assemblyPath);
            TypeDefinition type = module.GetTypes().Single(t => DocId.TypeName(t, false) == typeName);
            Assert.Equal(expected, Declaration(type));
        }

        private static string Declaration(TypeDefinition t)
        {
            string name = DocId.TypeName(t, false);
            if (t.BaseType?.FullName == "System.MulticastDelegate") return "public delegate " + name;
            if (t.IsEnum)
            {
                string underlying = t.Fields.Single(f => f.IsRuntimeSpecialName).FieldType.FullName switch
                {
                    "System.Int32" => "int",
                    "System.UInt64" => "ulong",
                    "System.Byte" => "byte",
                    "System.Int64" => "long",
                    "System.UInt32" => "uint",
                    var x => x,
                };
                return "public enum " + name + " : " + underlying;
            }

            var bases = new List<string>();
            string kind;
            if (t.IsInterface) kind = "interface";
            else if (t.IsValueType)
            {
                bool ro = t.CustomAttributes.Any(a => a.AttributeType.Name == "IsReadOnlyAttribute");
                bool byRefLike = t.CustomAttributes.Any(a => a.AttributeType.Name == "IsByRefLikeAttribute");
                kind = (ro ? "readonly " : "") + (byRefLike ? "ref " : "") + "struct";
            }
            else
            {
                kind = (t.IsAbstract && t.IsSealed ? "static " : t.IsSealed ? "sealed " : t.IsAbstract ? "abstract " : "") + "class";
                if (t.BaseType != null && t.BaseType.FullName != "System.Object") bases.Add(DocId.TypeName(t.BaseType, false));
            }

            bases.AddRange(t.Interfaces.Select(i => DocId.TypeName(i.InterfaceType, false)));
            return "public " + kind + " " + name + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
        }

        private static bool IsObsolete(string id)
        {
            if (!id.StartsWith("M:", StringComparison.Ordinal)) return false;
            string body = id.Substring(2);
            int paren = body.IndexOf('(');
            return ApiListFile.Get.ObsoleteMethodNames.Contains(paren < 0 ? body : body.Substring(0, paren));
        }

        private static IEnumerable<string> VisibleMembers(TypeDefinition type)
        {
            string tn = DocId.TypeName(type, false);
            foreach (MethodDefinition m in type.Methods)
            {
                if (Visible(m)) yield return DocId.OfMethod(m);
            }

            foreach (FieldDefinition f in type.Fields)
            {
                if ((f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsRuntimeSpecialName) yield return "F:" + tn + "." + f.Name;
            }

            foreach (PropertyDefinition p in type.Properties)
            {
                if (!Visible(p.GetMethod) && !Visible(p.SetMethod)) continue;
                string args = p.HasParameters ? "(" + string.Join(",", p.Parameters.Select(x => DocId.TypeName(x.ParameterType, true))) + ")" : "";
                yield return "P:" + tn + "." + p.Name + args;
            }

            foreach (EventDefinition e in type.Events)
            {
                if (Visible(e.AddMethod) || Visible(e.RemoveMethod)) yield return "E:" + tn + "." + e.Name;
            }
        }

        private static bool Visible(MethodDefinition m) => m != null && (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);

        private static IEnumerable<object[]> TypesOf(string assemblyPath, string skipNamespace)
        {
            using ModuleDefinition module = ModuleDefinition.ReadModule(assemblyPath);
            foreach (TypeDefinition t in module.GetTypes())
            {
                bool visible = t.IsPublic || (t.IsNestedPublic && t.DeclaringType.IsPublic);
                if (!visible) continue;
                string ns = t.IsNested ? t.DeclaringType.Namespace : t.Namespace;
                if (ns == skipNamespace) continue;
                yield return new object[] { DocId.TypeName(t, false) };
            }
        }
    }
}
