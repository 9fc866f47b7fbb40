using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>
    /// Reference assemblies for the nanoFramework packages other than mscorlib (System.Device.Spi, Gpio, Runtime.Events,
    /// Hardware.Esp32, Runtime.Native, TestFramework), made from our host stand-ins and compiled against the REAL
    /// nanoFramework mscorlib. Only the public surface is kept (it equals the API list, StubSignatureTests): private
    /// and internal members are dropped and every body becomes <c>throw null</c>, because the bodies drive the host
    /// simulation (dictionaries, HostBoard) and never run on the device. Each gets its real assembly name, so a
    /// device-compiled assembly references exactly the assemblies the device build would.
    /// </summary>
    public static class StandInReferences
    {
        /// <summary>Package assembly → stand-in source folder(s), relative to the repository, in dependency order.</summary>
        public static readonly (string Assembly, string[] Sources)[] Map =
        {
            ("nanoFramework.Runtime.Events", new[] { "emulator/NanoFramework.Stubs/nanoFramework.Runtime.Events" }),
            ("System.Device.Gpio", new[] { "emulator/NanoFramework.Stubs/System.Device.Gpio" }),
            ("nanoFramework.Runtime.Native", new[] { "emulator/NanoFramework.Stubs/nanoFramework.Runtime.Native" }),
            ("System.Device.Spi", new[] { "emulator/NanoFramework.Stubs/System.Device.Spi" }),
            ("nanoFramework.Hardware.Esp32", new[] { "emulator/NanoFramework.Stubs/nanoFramework.Hardware.Esp32" }),
            ("nanoFramework.TestFramework", new[] { "emulator/NanoFramework.TestFramework.Host/Assert.cs", "emulator/NanoFramework.TestFramework.Host/Attributes.cs" }),
        };

        /// <summary>Package assemblies a test project lists but whose types no test code uses (the runner itself).</summary>
        public static readonly string[] RunnerOnly = { "nanoFramework.UnitTestLauncher" };

        /// <summary>Compiles every stand-in; returns name → image, or throws with the compiler's errors.</summary>
        public static Dictionary<string, MetadataReference> Build(string repoRoot, MetadataReference mscorlib)
        {
            var built = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
            foreach ((string name, string[] sources) in Map)
            {
                var files = new List<string>();
                foreach (string s in sources)
                {
                    string full = Path.Combine(repoRoot, s);
                    if (Directory.Exists(full)) files.AddRange(Directory.GetFiles(full, "*.cs").OrderBy(f => f, StringComparer.Ordinal));
                    else files.Add(full);
                }

                var trees = files.Select(f => (SyntaxTree)CSharpSyntaxTree.Create(
                    (CSharpSyntaxNode)new SurfaceOnly().Visit(CSharpSyntaxTree.ParseText(File.ReadAllText(f), DeviceCompiler.Parse(false), f).GetRoot()),
                    DeviceCompiler.Parse(false), f)).ToList();
                var refs = new List<MetadataReference> { mscorlib };
                refs.AddRange(built.Values);
                var compilation = CSharpCompilation.Create(name, trees, refs,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true));
                using var image = new MemoryStream();
                var result = compilation.Emit(image);
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (!result.Success || errors.Count > 0)
                {
                    throw new InvalidOperationException("stand-in " + name + " does not compile against the nanoFramework mscorlib:\n" + string.Join("\n", errors));
                }

                built[name] = MetadataReference.CreateFromImage(image.ToArray());
            }

            return built;
        }

        /// <summary>Keeps declarations visible outside the assembly; bodies become <c>throw null</c>.</summary>
        private sealed class SurfaceOnly : CSharpSyntaxRewriter
        {
            private static readonly string[] HostOnlyNamespaces = { "NanoFramework.Host", "System.Collections.Generic", "System.Linq", "System.Threading.Tasks" };

            private static readonly BlockSyntax Throw = SyntaxFactory.Block(SyntaxFactory.ParseStatement("throw null;"));

            public override SyntaxNode VisitCompilationUnit(CompilationUnitSyntax node)
            {
                // Namespaces only the bodies use: the host simulation (HostBoard, the SPI peripheral seam) and .NET's
                // generic collections, which the nanoFramework mscorlib does not have.
                node = node.WithUsings(SyntaxFactory.List(node.Usings.Where(u => !HostOnlyNamespaces.Contains(u.Name.ToString()))));
                return base.VisitCompilationUnit(node);
            }

            public override SyntaxNode VisitClassDeclaration(ClassDeclarationSyntax node) => base.VisitClassDeclaration(node.WithMembers(Visible(node.Members, node.Keyword)));

            public override SyntaxNode VisitStructDeclaration(StructDeclarationSyntax node) => base.VisitStructDeclaration(node.WithMembers(Visible(node.Members, node.Keyword)));

            public override SyntaxNode VisitMethodDeclaration(MethodDeclarationSyntax node)
                => node.Body == null && node.ExpressionBody == null ? node : node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw);

            public override SyntaxNode VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
                => node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw);

            public override SyntaxNode VisitDestructorDeclaration(DestructorDeclarationSyntax node)
                => node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw);

            public override SyntaxNode VisitOperatorDeclaration(OperatorDeclarationSyntax node)
                => node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw);

            public override SyntaxNode VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node)
                => node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw);

            public override SyntaxNode VisitPropertyDeclaration(PropertyDeclarationSyntax node)
            {
                if (node.ExpressionBody != null)
                {
                    // int X => expr;  →  int X { get { throw null; } }
                    var get = SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, Throw);
                    return node.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(get)));
                }

                return base.VisitPropertyDeclaration(node.WithInitializer(null).WithSemicolonToken(default));
            }

            public override SyntaxNode VisitAccessorDeclaration(AccessorDeclarationSyntax node)
                => node.Body == null && node.ExpressionBody == null ? node : node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw);

            public override SyntaxNode VisitVariableDeclarator(VariableDeclaratorSyntax node)
            {
                // Constant and enum values stay (they are part of the surface); other field initializers go.
                bool isConst = node.Parent?.Parent is FieldDeclarationSyntax f && f.Modifiers.Any(m => m.IsKind(SyntaxKind.ConstKeyword));
                return isConst ? node : node.WithInitializer(null);
            }

            private static SyntaxList<MemberDeclarationSyntax> Visible(SyntaxList<MemberDeclarationSyntax> members, SyntaxToken keyword)
            {
                return SyntaxFactory.List(members.Where(m =>
                {
                    var mods = m.Modifiers;
                    if (mods.Any(t => t.IsKind(SyntaxKind.PublicKeyword) || t.IsKind(SyntaxKind.ProtectedKeyword))) return true;
                    // Explicit interface implementations have no modifier and are part of the surface.
                    if (m is MethodDeclarationSyntax md && md.ExplicitInterfaceSpecifier != null) return true;
                    if (m is PropertyDeclarationSyntax pd && pd.ExplicitInterfaceSpecifier != null) return true;
                    // A destructor has no modifier; the real SpiDevice declares one.
                    return m is DestructorDeclarationSyntax;
                }));
            }
        }
    }
}
