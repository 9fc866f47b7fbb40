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
    public static int Run()
    {
        TextWriter console = Console.Out;
        IReadOnlyList<KeyValuePair<string, double>> figures;
        Dictionary<string, InstrumentStats> stats;
        Console.SetOut(TextWriter.Null); // the firmware's banner-free app still prints link lines
        try
        {
            using var model = new CostModel();
            stats = model.Stats;
            figures = model.RunScenarios();
        }
        finally
        {
            Console.SetOut(console);
        }
        foreach (var s in stats)
            Console.WriteLine($"ilcost: {s.Key}: {s.Value.Methods} methods, {s.Value.Blocks} blocks, {s.Value.Instructions} IL instructions instrumented");
        foreach (var f in figures)
            Console.WriteLine("figure " + f.Key + " " + f.Value.ToString(f.Value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture));
        return 0;
    }
}
