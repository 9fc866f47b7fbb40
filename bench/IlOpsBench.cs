using System.Globalization;
using NanoStack.Tools.IlCost;

namespace NanoStack.Bench;

/// <summary>
/// bench ilops (issue 13): the interpreter cost model (tools/IlCost). IL instructions executed, calls out of the
/// portable code (mscorlib, nanoFramework class libraries) and native (InternalCall) calls per echo, segment, frame
/// and byte, counted in instrumented copies of the portable assemblies. Deterministic: the same figures every run.
/// </summary>
public static class IlOpsBench
{
    /// <param name="byMethod">also print, per scenario, the methods that spent the most (<c>--by-method [N]</c>, top N, 0 = all)</param>
    public static int Run(int? byMethod = null)
    {
        TextWriter console = Console.Out;
        IReadOnlyList<KeyValuePair<string, double>> figures;
        IReadOnlyList<CostModel.ScenarioMethods> methods;
        Dictionary<string, InstrumentStats> stats;
        Console.SetOut(TextWriter.Null); // the firmware's banner-free app still prints link lines
        try
        {
            using var model = new CostModel(perMethod: byMethod != null);
            stats = model.Stats;
            figures = model.RunScenarios(out methods);
        }
        finally
        {
            Console.SetOut(console);
        }
        foreach (var s in stats)
            Console.WriteLine($"ilcost: {s.Key}: {s.Value.Methods} methods, {s.Value.Blocks} blocks, {s.Value.Instructions} IL instructions instrumented");
        foreach (var f in figures)
            Console.WriteLine("figure " + f.Key + " " + f.Value.ToString(f.Value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture));
        foreach (var sc in methods)
        {
            // Self ops: each method's own instructions (not its callees'), per unit of the figure; entries: calls into it.
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"by method: ilops.{sc.Name} {sc.Ops:F2} (self ops, entries per unit)"));
            int shown = 0;
            foreach (var m in sc.Methods)
            {
                if (byMethod > 0 && shown++ >= byMethod) break;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Ops,10:F2} {m.Entries,8:F2}  {m.Method}"));
            }
        }
        return 0;
    }
}
