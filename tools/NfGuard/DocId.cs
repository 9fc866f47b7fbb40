using System.Text;
using Mono.Cecil;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>
    /// Cecil references → C# documentation-comment IDs (ECMA-334 annex D): nested types joined with '.', generic
    /// arity as `N, type/method generic parameters as `i / ``i, arrays as [] (multi-dimensional as [0:,0:]), by-ref
    /// as '@', pointers as '*', constructors as #ctor/#cctor, conversion operators suffixed ~ReturnType.
    /// </summary>
    public static class DocId
    {
        public static string OfType(TypeReference type) => "T:" + TypeName(type, forSignature: false);

        public static string OfField(FieldReference field) => "F:" + TypeName(field.DeclaringType, false) + "." + field.Name;

        public static string OfMethod(MethodReference method)
        {
            var sb = new StringBuilder("M:");
            sb.Append(TypeName(method.DeclaringType, false)).Append('.');
            sb.Append(method.Name switch { ".ctor" => "#ctor", ".cctor" => "#cctor", _ => method.Name });
            if (method.HasGenericParameters) sb.Append("``").Append(method.GenericParameters.Count);
            if (method.HasParameters)
            {
                sb.Append('(');
                for (int i = 0; i < method.Parameters.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append(TypeName(method.Parameters[i].ParameterType, true));
                }

                sb.Append(')');
            }

            if (method.Name == "op_Implicit" || method.Name == "op_Explicit") sb.Append('~').Append(TypeName(method.ReturnType, true));
            return sb.ToString();
        }

        /// <summary>Name of a type as it appears in a doc ID: in the T: form (forSignature false) a generic type is
        /// named by its arity (List`1); inside a parameter list its arguments are spelled out (List{System.Int32}).</summary>
        public static string TypeName(TypeReference type, bool forSignature)
        {
            switch (type)
            {
                case GenericParameter gp:
                    return (gp.Type == GenericParameterType.Method ? "``" : "`") + gp.Position;
                case ByReferenceType br:
                    return TypeName(br.ElementType, forSignature) + "@";
                case PointerType pt:
                    return TypeName(pt.ElementType, forSignature) + "*";
                case PinnedType pinned:
                    return TypeName(pinned.ElementType, forSignature);
                case IModifierType mod:
                    return TypeName(mod.ElementType, forSignature);
                case ArrayType at:
                    if (at.IsVector) return TypeName(at.ElementType, forSignature) + "[]";
                    var dims = new StringBuilder();
                    for (int i = 0; i < at.Rank; i++) dims.Append(i == 0 ? "0:" : ",0:");
                    return TypeName(at.ElementType, forSignature) + "[" + dims + "]";
                case GenericInstanceType git:
                    if (!forSignature) return TypeName(git.ElementType, false);
                    var args = new StringBuilder();
                    foreach (TypeReference a in git.GenericArguments)
                    {
                        if (args.Length > 0) args.Append(',');
                        args.Append(TypeName(a, true));
                    }

                    string open = TypeName(git.ElementType, false);
                    int tick = open.LastIndexOf('`');
                    return (tick >= 0 ? open.Substring(0, tick) : open) + "{" + args + "}";
                case FunctionPointerType:
                    return "=FUNC:" + type.FullName;
            }

            string name = type.Name;
            if (type.IsNested) return TypeName(type.DeclaringType, false) + "." + name;
            return string.IsNullOrEmpty(type.Namespace) ? name : type.Namespace + "." + name;
        }
    }
}
