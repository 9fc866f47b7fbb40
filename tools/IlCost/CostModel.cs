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
    private readonly List<long[]> _methodOps = new(), _methodEntries = new();
    public readonly Dictionary<string, InstrumentStats> Stats = new();

    /// <summary>"Assembly!Namespace.Type::Method" per per-method slot of <see cref="Snapshot"/> (with <c>perMethod</c>).</summary>
    public readonly List<string> MethodNames = new();

    /// <param name="perMethod">also count per method (self ops and entries); slower, for <c>--by-method</c></param>
    public CostModel(bool perMethod = false)
    {
        _dir = Path.Combine(Path.GetTempPath(), "nanostack-ilcost-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var natives = NativeMethods.LoadDefault();
        var portable = new HashSet<string>(Portable, StringComparer.Ordinal);
        string from = AppContext.BaseDirectory;
        foreach (string name in Portable)
        {
            string src = Path.Combine(Path.GetDirectoryName(typeof(CostModel).Assembly.Location) ?? from, name + ".dll");
            Stats[name] = Instrumenter.Instrument(src, Path.Combine(_dir, name + ".dll"), portable, natives, perMethod);
            foreach (string m in Stats[name].MethodNames) MethodNames.Add(name + "!" + m);
        }
        _context = new IsolatedContext(_dir, typeof(CostModel).Assembly.Location);
        foreach (string name in Portable)
        {
            var asm = _context.LoadFromAssemblyName(new AssemblyName(name));
            var t = asm.GetType(Instrumenter.CounterTypeName, throwOnError: true)!;
            _counters.Add(new[] { t.GetField("Ops")!, t.GetField("Calls")!, t.GetField("Natives")! });
            if (perMethod)
            {
                int n = Stats[name].MethodNames.Count;
                var ops = new long[n];
                var entries = new long[n];
                t.GetField("MethodOps")!.SetValue(null, ops);
                t.GetField("MethodEntries")!.SetValue(null, entries);
                _methodOps.Add(ops);
                _methodEntries.Add(entries);
            }
        }
    }

    /// <summary>Ops, calls out, native calls so far, summed over the instrumented assemblies; with per-method counting
    /// followed by each method's self ops (slots 3 .. 3+M-1) and entries (3+M .. 3+2M-1), M = <see cref="MethodNames"/>.Count.</summary>
    public long[] Snapshot()
    {
        int m = MethodNames.Count;
        var r = new long[3 + 2 * m];
        foreach (var f in _counters)
        {
            for (int i = 0; i < 3; i++) r[i] += (long)f[i].GetValue(null)!;
        }
        int at = 3;
        foreach (long[] ops in _methodOps)
        {
            Array.Copy(ops, 0, r, at, ops.Length);
            at += ops.Length;
        }
        foreach (long[] entries in _methodEntries)
        {
            Array.Copy(entries, 0, r, at, entries.Length);
            at += entries.Length;
        }
        return r;
    }

    /// <summary>Runs every scenario of <see cref="Scenarios"/> on the instrumented copies: name -> value.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> RunScenarios() => RunScenarios(out _);

    /// <summary>As <see cref="RunScenarios()"/>; <paramref name="byMethod"/> gets each scenario's per-unit cost by method
    /// (empty unless the model counts per method).</summary>
    public IReadOnlyList<KeyValuePair<string, double>> RunScenarios(out IReadOnlyList<ScenarioMethods> byMethod)
    {
        var asm = _context.LoadFromAssemblyName(typeof(Scenarios).Assembly.GetName());
        var type = asm.GetType(typeof(Scenarios).FullName!, throwOnError: true)!;
        var run = type.GetMethod(nameof(Scenarios.RunAll))!;
        Func<long[]> snapshot = Snapshot;
        var vectors = new List<(string Name, long[] Cost, double Units)>();
        Action<string, long[], double> report = (name, cost, units) => vectors.Add((name, cost, units));
        var result = (IReadOnlyList<KeyValuePair<string, double>>)run.Invoke(null, new object[] { snapshot, report })!;
        var list = new List<ScenarioMethods>();
        int m = MethodNames.Count;
        if (m > 0)
        {
            foreach (var (name, cost, units) in vectors)
            {
                var rows = new List<MethodCost>();
                for (int i = 0; i < m; i++)
                {
                    long ops = cost[3 + i], entries = cost[3 + m + i];
                    if (ops != 0 || entries != 0) rows.Add(new MethodCost(MethodNames[i], ops / units, entries / units));
                }
                rows.Sort((a, b) => b.Ops.CompareTo(a.Ops));
                list.Add(new ScenarioMethods(name, cost[0] / units, rows));
            }
        }
        byMethod = list;
        return result;
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

    /// <summary>One scenario's cost per unit (echo, segment, frame, byte), split by method.</summary>
    public sealed record ScenarioMethods(string Name, double Ops, IReadOnlyList<MethodCost> Methods);

    /// <summary>A method's self ops (its own instructions, not its callees') and entries, per unit of its scenario.</summary>
    public sealed record MethodCost(string Method, double Ops, double Entries);

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
