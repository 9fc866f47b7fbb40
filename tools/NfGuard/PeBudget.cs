using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>
    /// Estimates, from a compiled assembly, the tables the nanoFramework metadata processor (MDP 3.0.x, 1.x line) writes
    /// into its <c>.pe</c>, and checks each against its limit: the MDP addresses the string table and the byte code
    /// with 16-bit offsets (a string index, a method's RVA), so each holds at most 65,535 bytes; records are
    /// addressed by 16-bit indices whose top bits tag the table in compressed tokens, so counts are bounded too.
    /// Past a limit the device build stops ("String table overflow ... Can't use so many strings") while every host
    /// test is green. How each figure is derived and how close it lands to the real MDP is in README (device section).
    /// </summary>
    public sealed class PeBudget
    {
        /// <summary>Share of a limit an assembly may use before the guard fails it (room to grow, issue 10).</summary>
        public const double Limit = 0.85;

        private readonly List<(string Name, int Used, int Max)> _tables = new List<(string, int, int)>();

        /// <summary>Every table as (name, estimated bytes or records, limit).</summary>
        public IReadOnlyList<(string Name, int Used, int Max)> Tables => _tables;

        /// <summary>Estimated size of the whole .pe file in bytes.</summary>
        public int PeBytes { get; private set; }

        /// <summary>"strings 61234/65535 (93 %)" for each table above <see cref="Limit"/>.</summary>
        public List<string> OverLimit => _tables.Where(t => t.Used > t.Max * Limit).Select(Describe).ToList();

        public int this[string table] => _tables.First(t => t.Name == table).Used;

        /// <summary>The line CI prints per assembly: <c>pe-budget NAME strings=N/65535 bytecode=N/65535 ...</c>.</summary>
        public string Line(string name)
        {
            var b = new StringBuilder("pe-budget ").Append(name);
            foreach (var t in _tables) b.Append(' ').Append(t.Name).Append('=').Append(t.Used).Append('/').Append(t.Max);
            b.Append(" pe=").Append(PeBytes);
            b.Append(" max=").Append(_tables.Max(t => (int)Math.Round(100.0 * t.Used / t.Max))).Append('%');
            return b.ToString();
        }

        private static string Describe((string Name, int Used, int Max) t) => t.Name + " " + t.Used + "/" + t.Max + " (" + Math.Round(100.0 * t.Used / t.Max) + " %)";

        public static PeBudget Estimate(Stream assembly)
        {
            using ModuleDefinition module = ModuleDefinition.ReadModule(assembly, new ReaderParameters { ReadingMode = ReadingMode.Immediate });
            return Estimate(module);
        }

        public static PeBudget Estimate(ModuleDefinition module)
        {
            var strings = new HashSet<string>(StringComparer.Ordinal); // metadata names: built-in ones cost nothing
            var literals = new HashSet<string>(StringComparer.Ordinal); // ldstr: always stored (MDP merges them without the built-in table)
            var signatures = new HashSet<string>(StringComparer.Ordinal);
            int signatureBytes = 0;
            void Str(string s)
            {
                if (!string.IsNullOrEmpty(s)) strings.Add(s);
            }

            void Sig(string key, int bytes)
            {
                if (signatures.Add(key)) signatureBytes += bytes;
            }

            List<TypeDefinition> types = module.GetTypes().Where(t => t.Name != "<Module>").ToList();
            Str(module.Assembly.Name.Name);
            foreach (AssemblyNameReference a in module.AssemblyReferences) Str(a.Name);
            foreach (TypeReference t in module.GetTypeReferences())
            {
                Str(t.Name);
                Str(t.Namespace);
            }

            var methodRefs = new HashSet<string>(StringComparer.Ordinal);
            var fieldRefs = new HashSet<string>(StringComparer.Ordinal);
            foreach (MemberReference m in module.GetMemberReferences())
            {
                Str(m.Name);
                if (m is MethodReference mr)
                {
                    methodRefs.Add(mr.FullName);
                    Sig(MethodSigKey(mr), MethodSigBytes(mr));
                }
                else if (m is FieldReference fr)
                {
                    fieldRefs.Add(fr.FullName);
                    Sig("F " + fr.FieldType.FullName, 1 + TypeBytes(fr.FieldType));
                }
            }

            int fieldDefs = 0, methodDefs = 0, attributes = 0, byteCode = 0, typeSpecs = 0;
            var typeSpecKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (TypeDefinition t in types)
            {
                Str(t.Name);
                Str(t.Namespace);
                if (t.HasInterfaces) Sig("I " + string.Join(",", t.Interfaces.Select(i => i.InterfaceType.FullName)), 1 + 2 * t.Interfaces.Count);
                attributes += Attributes(t, Str, Sig);
                foreach (FieldDefinition f in t.Fields)
                {
                    // Constants are inlined by the compiler; the MDP keeps literal fields only for enums.
                    if (f.IsLiteral && !t.IsEnum) continue;
                    fieldDefs++;
                    Str(f.Name);
                    Sig("F " + f.FieldType.FullName, 1 + TypeBytes(f.FieldType));
                    // Array-initializer data (<PrivateImplementationDetails> RVA fields) is a Signatures blob: u16 length + bytes.
                    if (f.InitialValue != null && f.InitialValue.Length > 0) Sig("D " + f.FullName, 2 + f.InitialValue.Length);
                    attributes += Attributes(f, Str, Sig);
                }

                foreach (MethodDefinition m in t.Methods)
                {
                    methodDefs++;
                    Str(m.Name);
                    Sig(MethodSigKey(m), MethodSigBytes(m));
                    attributes += Attributes(m, Str, Sig);
                    if (!m.HasBody) continue;
                    if (m.Body.HasVariables)
                    {
                        Sig("L " + string.Join(",", m.Body.Variables.Select(v => v.VariableType.FullName)), 1 + m.Body.Variables.Sum(v => TypeBytes(v.VariableType)));
                    }

                    byteCode += MethodByteCode(m.Body, l => literals.Add(l), typeSpecKeys);
                }
            }

            foreach (string spec in typeSpecKeys) Sig("S " + spec, 4);
            typeSpecs = typeSpecKeys.Count;
            HashSet<string> builtIn = BuiltInStrings.Value;
            int stringBytes = 1 + strings.Where(s => !builtIn.Contains(s)).Union(literals).Sum(s => Encoding.UTF8.GetByteCount(s) + 1);

            var budget = new PeBudget();
            budget._tables.Add(("strings", stringBytes, 65535));
            budget._tables.Add(("bytecode", byteCode, 65535));
            budget._tables.Add(("signatures", signatureBytes, 65535));
            budget._tables.Add(("typedefs", types.Count, 16383));
            budget._tables.Add(("methoddefs", methodDefs, 32767));
            budget._tables.Add(("fielddefs", fieldDefs, 32767));
            budget._tables.Add(("typerefs", module.GetTypeReferences().Count(), 16383));
            budget._tables.Add(("methodrefs", methodRefs.Count, 32767));
            budget._tables.Add(("fieldrefs", fieldRefs.Count, 32767));
            budget.PeBytes = HeaderBytes
                + R4(12 * module.AssemblyReferences.Count)
                + R4(8 * module.GetTypeReferences().Count())
                + R4(8 * fieldRefs.Count)
                + R4(8 * methodRefs.Count)
                + R4(TypeDefBytes * types.Count)
                + R4(8 * fieldDefs)
                + R4(MethodDefBytes * methodDefs)
                + R4(8 * attributes)
                + R4(4 * typeSpecs)
                + R4(stringBytes) + R4(signatureBytes) + R4(byteCode);
            return budget;
        }

        private static int R4(int x) => (x + 3) & ~3; // each table starts 4-aligned

        // CLR_RECORD_ASSEMBLY of the 1.x line (marker, CRCs, flags, version, 16 table offsets, 16 pad bytes) and the
        // fixed record sizes of CLR_RECORD_TYPEDEF / CLR_RECORD_METHODDEF (nf-interpreter nanoCLR_Types.h).
        private const int HeaderBytes = 124;
        private const int TypeDefBytes = 24;
        private const int MethodDefBytes = 16;

        /// <summary>
        /// Byte code of one method as the MDP writes it (CodeWriter): IL opcodes unchanged, method/field/type/string
        /// tokens (4 bytes in IL) become 2-byte compressed indices, long branch offsets 2 bytes, switch a 1-byte count
        /// and 2-byte targets, ldtoken keeps 4 bytes; no method header (locals and stack depth live in the MethodDef
        /// record); the exception clauses follow the code (12 bytes each, CLR_RECORD_EH) and then a count byte.
        /// </summary>
        private static int MethodByteCode(MethodBody body, Action<string> ldstr, HashSet<string> typeSpecs)
        {
            int bytes = 0;
            foreach (Instruction ins in body.Instructions)
            {
                bytes += ins.OpCode.Size;
                switch (ins.OpCode.OperandType)
                {
                    case OperandType.InlineNone: break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        bytes += 1;
                        break;
                    case OperandType.InlineBrTarget:
                    case OperandType.InlineVar:
                        bytes += 2;
                        break;
                    case OperandType.InlineI:
                    case OperandType.ShortInlineR:
                        bytes += 4;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        bytes += 8;
                        break;
                    case OperandType.InlineSwitch:
                        bytes += 1 + 2 * ((Instruction[])ins.Operand).Length;
                        break;
                    case OperandType.InlineString:
                        ldstr((string)ins.Operand);
                        bytes += 2;
                        break;
                    case OperandType.InlineTok:
                        bytes += 4; // ldtoken keeps a full token
                        break;
                    case OperandType.InlineSig:
                        break; // calli: operand dropped (and rejected by the guard)
                    default:
                        // Field, method, type, token, signature: a 2-byte index. Arrays and other constructed types
                        // referenced from code are TypeSpecs (a signature each).
                        if (ins.Operand is TypeReference tr && (tr.IsArray || tr.IsGenericInstance)) typeSpecs.Add(tr.FullName);
                        bytes += 2;
                        break;
                }
            }

            if (body.HasExceptionHandlers) bytes += 1 + 12 * body.ExceptionHandlers.Count;
            return bytes;
        }

        private static int Attributes(ICustomAttributeProvider provider, Action<string> str, Action<string, int> sig)
        {
            if (!provider.HasCustomAttributes) return 0;
            int count = 0;
            foreach (CustomAttribute a in provider.CustomAttributes)
            {
                if (IgnoredAttributes.Contains(a.AttributeType.Name)) continue;
                count++;
                int blob = 2;
                foreach (CustomAttributeArgument arg in a.ConstructorArguments) blob += ArgBytes(arg, str);
                foreach (var na in a.Properties.Concat(a.Fields)) blob += 3 + ArgBytes(na.Argument, str);
                sig("A " + count + " " + a.GetHashCode(), blob);
            }

            return count;
        }

        private static int ArgBytes(CustomAttributeArgument arg, Action<string> str)
        {
            switch (arg.Value)
            {
                case string s:
                    str(s); // attribute strings live in the string table, the blob holds their index
                    return 3;
                case CustomAttributeArgument boxed: return 1 + ArgBytes(boxed, str);
                case CustomAttributeArgument[] items: return 3 + items.Sum(i => ArgBytes(i, str));
                case TypeReference _: return 3;
                case long _:
                case ulong _:
                case double _: return 9;
                default: return 5;
            }
        }

        private static string MethodSigKey(MethodReference m) => "M " + m.HasThis + " " + m.ReturnType.FullName + "(" + string.Join(",", m.Parameters.Select(p => p.ParameterType.FullName)) + ")";

        private static int MethodSigBytes(MethodReference m) => 2 + TypeBytes(m.ReturnType) + m.Parameters.Sum(p => TypeBytes(p.ParameterType));

        /// <summary>A type in a signature: 1 byte for a primitive, +2 for a class/value type index, arrays and by-refs add a byte.</summary>
        private static int TypeBytes(TypeReference t)
        {
            if (t is ArrayType a) return 1 + TypeBytes(a.ElementType);
            if (t is ByReferenceType r) return 1 + TypeBytes(r.ElementType);
            if (t is PointerType p) return 1 + TypeBytes(p.ElementType);
            if (t is GenericInstanceType g) return 3 + g.GenericArguments.Sum(TypeBytes);
            if (t.IsPrimitive || t.MetadataType == MetadataType.Void || t.MetadataType == MetadataType.String || t.MetadataType == MetadataType.Object) return 1;
            return 3;
        }

        /// <summary>Attributes the MDP never emits (its ignore list); assembly-level attributes are not emitted either.</summary>
        private static readonly HashSet<string> IgnoredAttributes = new HashSet<string>(StringComparer.Ordinal)
        {
            "AssemblyFileVersionAttribute", "ComVisibleAttribute", "GuidAttribute", "DebuggableAttribute", "DebuggerBrowsableAttribute",
            "DebuggerBrowsableState", "DebuggerHiddenAttribute", "DebuggerNonUserCodeAttribute", "DebuggerStepThroughAttribute",
            "DebuggerDisplayAttribute", "AttributeUsageAttribute", "CLSCompliantAttribute", "FlagsAttribute", "ObsoleteAttribute",
            "ConditionalAttribute", "EditorBrowsableAttribute", "DefaultMemberAttribute", "MTAThreadAttribute", "STAThreadAttribute",
        };

        /// <summary>
        /// Names the nanoCLR already holds in its built-in string table (860 mscorlib type, namespace and member names):
        /// the MDP refers to them by a reserved index instead of storing them. Approximated by every type, namespace and
        /// member name (private ones included) of the real nanoFramework mscorlib beside this tool (README gives the resulting error).
        /// </summary>
        private static readonly Lazy<HashSet<string>> BuiltInStrings = new Lazy<HashSet<string>>(() =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal) { ".ctor", ".cctor", "value__" };
            if (!File.Exists(DeviceCompiler.DefaultMscorlib)) return names;
            using ModuleDefinition corlib = ModuleDefinition.ReadModule(DeviceCompiler.DefaultMscorlib);
            foreach (TypeDefinition t in corlib.GetTypes())
            {
                names.Add(t.Name);
                names.Add(t.Namespace);
                foreach (IMemberDefinition m in t.Methods.Cast<IMemberDefinition>().Concat(t.Fields).Concat(t.Properties)) names.Add(m.Name);
            }

            return names;
        });
    }
}
