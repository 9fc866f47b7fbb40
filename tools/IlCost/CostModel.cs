using System.Reflection;
using System.Runtime.Loader;

namespace NanoStack.Tools.IlCost;

/// <summary>
/// Instruments the portable assemblies (stack, driver, HTTP server, firmware) into a temporary folder, loads them with
/// this tool's own scenarios into a private <see cref="AssemblyLoadContext"/>, and runs the scenarios there. Everything
/// else (the chip model, the nanoFramework stand-ins, the BCL) is shared with the caller and not counted: the chip model
/// is hardware, the stand-ins are native code on the device.
/// </summary>
public sealed class CostModel : IDisposable
{
    /// <summary>The assemblies that run as IL on the device and are counted.</summary>
    public static readonly string[] Portable = { "NanoStack", "NanoStack.Enc28j60", "NanoStack.Http", "NanoStack.Firmware" };

    private readonly string _dir;
    private readonly IsolatedContext _context;
    private readonly List<FieldInfo[]> _counters = new();
    public readonly Dictionary<string, InstrumentStats> Stats = new();

    public CostModel()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nanostack-ilcost-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var natives = NativeMethods.LoadDefault();
        var portable = new HashSet<string>(Portable, StringComparer.Ordinal);
        string from = AppContext.BaseDirectory;
        foreach (string name in Portable)
        {
            string src = Path.Combine(Path.GetDirectoryName(typeof(CostModel).Assembly.Location) ?? from, name + ".dll");
            Stats[name] = Instrumenter.Instrument(src, Path.Combine(_dir, name + ".dll"), portable, natives);
        }
        _context = new IsolatedContext(_dir, typeof(CostModel).Assembly.Location);
        foreach (string name in Portable)
        {
            var asm = _context.LoadFromAssemblyName(new AssemblyName(name));
            var t = asm.GetType(Instrumenter.CounterTypeName, throwOnError: true)!;
            _counters.Add(new[] { t.GetField("Ops")!, t.GetField("Calls")!, t.GetField("Natives")! });
        }
    }

    /// <summary>Ops, calls out, native calls so far, summed over the instrumented assemblies.</summary>
    public long[] Snapshot()
    {
        var r = new long[3];
        foreach (var f in _counters)
        {
            for (int i = 0; i < 3; i++) r[i] += (long)f[i].GetValue(null)!;
        }
        return r;
    }

    /// <summary>Runs every scenario of <see cref="Scenarios"/> on the instrumented copies: name -> value.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> RunScenarios()
    {
        var asm = _context.LoadFromAssemblyName(typeof(Scenarios).Assembly.GetName());
        var type = asm.GetType(typeof(Scenarios).FullName!, throwOnError: true)!;
        var run = type.GetMethod(nameof(Scenarios.RunAll))!;
        Func<long[]> snapshot = Snapshot;
        return (IReadOnlyList<KeyValuePair<string, double>>)run.Invoke(null, new object[] { snapshot })!;
    }

    /// <summary>Invokes a public static method of an instrumented assembly and returns what it cost (ops, calls, natives).</summary>
    public long[] Measure(string assembly, string typeName, string method, params object[] args)
    {
        var t = _context.LoadFromAssemblyName(new AssemblyName(assembly)).GetType(typeName, throwOnError: true)!;
        var m = t.GetMethods().First(x => x.Name == method && x.GetParameters().Length == args.Length);
        long[] before = Snapshot();
        m.Invoke(null, args);
        long[] after = Snapshot();
        return new[] { after[0] - before[0], after[1] - before[1], after[2] - before[2] };
    }

    public void Dispose()
    {
        _context.Unload();
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Resolves the portable assemblies to the instrumented copies and this tool to itself (so its scenarios bind
    /// to the copies); everything else falls through to the default context.</summary>
    private sealed class IsolatedContext : AssemblyLoadContext
    {
        private readonly string _dir;
        private readonly string _self;

        public IsolatedContext(string dir, string self) : base("ilcost", isCollectible: true)
        {
            _dir = dir;
            _self = self;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (Array.IndexOf(Portable, name.Name) >= 0) return LoadFromAssemblyPath(Path.Combine(_dir, name.Name + ".dll"));
            if (name.Name == typeof(CostModel).Assembly.GetName().Name) return LoadFromAssemblyPath(_self);
            return null;
        }
    }
}
