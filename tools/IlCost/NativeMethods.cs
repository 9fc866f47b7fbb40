using System.Text.RegularExpressions;

namespace NanoStack.Tools.IlCost;

/// <summary>
/// The InternalCall methods of the nanoFramework 1.x class libraries (mscorlib, System.Device.Spi, ...), read from the
/// guard's vendored API list where they are declared <c>extern</c>. On the device each is a transition into C++
/// (several microseconds on an ESP32); the model counts them apart from other calls out of the portable code.
/// </summary>
public static class NativeMethods
{
    public const string ListFile = "nanoframework-api-signatures.txt";

    // "public static extern void System.Array.Copy(System.Array sourceArray, ...)" -> "System.Array.Copy";
    // constructors are written "System.DateTime.DateTime(" and become "System.DateTime..ctor".
    private static readonly Regex Extern = new(@"\bextern\s+(?:\S+\s+)?(?<name>[A-Za-z_][\w.]*)\(", RegexOptions.Compiled);

    public static HashSet<string> Load(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith('#')) continue;
            var m = Extern.Match(line);
            if (!m.Success) continue;
            string name = m.Groups["name"].Value;
            int dot = name.LastIndexOf('.');
            if (dot <= 0) continue;
            string type = name[..dot], method = name[(dot + 1)..];
            int typeDot = type.LastIndexOf('.');
            if (method == type[(typeDot + 1)..]) method = ".ctor";
            set.Add(type + "." + method);
        }
        return set;
    }

    /// <summary>The list next to the tool's assembly (copied there by the build).</summary>
    public static HashSet<string> LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, ListFile));
}
