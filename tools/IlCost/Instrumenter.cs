using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace NanoStack.Tools.IlCost;

/// <summary>
/// Rewrites a copy of a portable assembly so that every basic block, when entered, adds to three static counters
/// injected into the module (<see cref="CounterTypeName"/>): <c>Ops</c> (the block's own IL instructions),
/// <c>Calls</c> (its calls that leave the portable assemblies: mscorlib and the nanoFramework class libraries) and
/// <c>Natives</c> (those of them that are InternalCall on nanoFramework 1.x, per the guard's API list). With
/// <c>perMethod</c>, each block also adds its instructions to its method's slot of <c>MethodOps</c> and each method
/// entry adds one to its slot of <c>MethodEntries</c> (arrays the host allocates; slot i is <see cref="InstrumentStats.MethodNames"/>[i]),
/// so a scenario's cost can be split by method (<c>bench -- ilops --by-method</c>).
/// </summary>
/// <remarks>
/// Why blocks: nanoCLR interprets one IL instruction at a time, so the instructions executed are the first-order
/// cost; a block is entered at its first instruction and left at its last, so one counter update per block counts
/// them exactly (an exception thrown mid-block would over-count the rest of that block; the stack's paths do not throw).
/// The counter code is put in front of the block's first instruction by turning that instruction into the first
/// counter instruction and re-appending the original after the counter code, so branch targets and exception-handler
/// boundaries that pointed at the block now enter through its counter.
/// </remarks>
public static class Instrumenter
{
    public const string CounterTypeName = "NanoStackIlCostCounters";

    /// <summary>Instruments <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="portable">simple names of every assembly being instrumented: calls into them are not "calls out"</param>
    /// <param name="natives">"Namespace.Type.Method" names of InternalCall methods on the device</param>
    public static InstrumentStats Instrument(string source, string destination, ISet<string> portable, ISet<string> natives, bool perMethod = false)
    {
        var stats = new InstrumentStats();
        using var module = ModuleDefinition.ReadModule(source, new ReaderParameters { ReadSymbols = false, InMemory = true });
        var counters = new TypeDefinition("", CounterTypeName,
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class, module.TypeSystem.Object);
        var ops = new FieldDefinition("Ops", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
        var calls = new FieldDefinition("Calls", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
        var nats = new FieldDefinition("Natives", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
        counters.Fields.Add(ops);
        counters.Fields.Add(calls);
        counters.Fields.Add(nats);
        FieldDefinition? methodOps = null, methodEntries = null;
        if (perMethod)
        {
            var array = new ArrayType(module.TypeSystem.Int64);
            methodOps = new FieldDefinition("MethodOps", FieldAttributes.Public | FieldAttributes.Static, array);
            methodEntries = new FieldDefinition("MethodEntries", FieldAttributes.Public | FieldAttributes.Static, array);
            counters.Fields.Add(methodOps);
            counters.Fields.Add(methodEntries);
        }

        foreach (TypeDefinition type in AllTypes(module))
        {
            foreach (MethodDefinition method in type.Methods)
            {
                if (!method.HasBody) continue;
                var slot = perMethod ? new MethodSlot(methodOps!, methodEntries!, stats.MethodNames.Count, module.TypeSystem.Int64) : null;
                if (perMethod) stats.MethodNames.Add(type.FullName + "::" + method.Name);
                InstrumentMethod(method, portable, natives, ops, calls, nats, stats, slot);
            }
        }

        module.Types.Add(counters);
        module.Write(destination);
        return stats;
    }

    private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module)
    {
        var stack = new Stack<TypeDefinition>(module.Types);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            yield return t;
            foreach (var n in t.NestedTypes) stack.Push(n);
        }
    }

    private static void InstrumentMethod(MethodDefinition method, ISet<string> portable, ISet<string> natives,
        FieldDefinition ops, FieldDefinition calls, FieldDefinition nats, InstrumentStats stats, MethodSlot? slot)
    {
        MethodBody body = method.Body;
        body.SimplifyMacros(); // long branch forms: the inserted code may push targets out of short range
        var instructions = body.Instructions.ToList();
        var leaders = Leaders(body, instructions);
        stats.Methods++;

        // Count per block before anything changes.
        var blocks = new List<(Instruction Leader, int Ops, int Calls, int Natives)>();
        for (int i = 0; i < instructions.Count;)
        {
            int start = i;
            int c = 0, n = 0;
            do
            {
                var ins = instructions[i];
                if (ins.Operand is MethodReference target && IsCall(ins.OpCode) && !IsPortable(target, method.Module, portable))
                {
                    c++;
                    if (natives.Contains(NativeKey(target))) n++;
                }
                i++;
            } while (i < instructions.Count && !leaders.Contains(instructions[i]));
            blocks.Add((instructions[start], i - start, c, n));
        }

        ILProcessor il = body.GetILProcessor();
        foreach (var b in blocks)
        {
            stats.Blocks++;
            stats.Instructions += b.Ops;
            var code = new List<Instruction>();
            Add(code, ops, b.Ops);
            if (b.Calls > 0) Add(code, calls, b.Calls);
            if (b.Natives > 0) Add(code, nats, b.Natives);
            if (slot != null) AddElement(code, slot.Ops, slot, b.Ops);

            // The leader becomes the first counter instruction; the original is appended after the counter code.
            Instruction leader = b.Leader;
            Instruction original = Instruction.Create(OpCodes.Nop);
            original.OpCode = leader.OpCode;
            original.Operand = leader.Operand;
            leader.OpCode = code[0].OpCode;
            leader.Operand = code[0].Operand;
            Instruction at = leader;
            for (int k = 1; k < code.Count; k++)
            {
                il.InsertAfter(at, code[k]);
                at = code[k];
            }
            il.InsertAfter(at, original);
        }

        if (slot != null)
        {
            // Entries: in front of everything, so a branch back to the first block does not count as an entry
            // (branch targets point at the block's counter code, which now follows this).
            var entry = new List<Instruction>();
            AddElement(entry, slot.Entries, slot, 1);
            Instruction first = body.Instructions[0];
            foreach (var ins in entry) il.InsertBefore(first, ins);
        }

        body.OptimizeMacros();
    }

    /// <summary>Where one method's per-method counts go.</summary>
    private sealed record MethodSlot(FieldDefinition Ops, FieldDefinition Entries, int Index, TypeReference Int64);

    private static void AddElement(List<Instruction> code, FieldDefinition array, MethodSlot slot, int amount)
    {
        code.Add(Instruction.Create(OpCodes.Ldsfld, array));
        code.Add(Instruction.Create(OpCodes.Ldc_I4, slot.Index));
        code.Add(Instruction.Create(OpCodes.Ldelema, slot.Int64));
        code.Add(Instruction.Create(OpCodes.Dup));
        code.Add(Instruction.Create(OpCodes.Ldind_I8));
        code.Add(Instruction.Create(OpCodes.Ldc_I8, (long)amount));
        code.Add(Instruction.Create(OpCodes.Add));
        code.Add(Instruction.Create(OpCodes.Stind_I8));
    }

    private static void Add(List<Instruction> code, FieldDefinition field, int amount)
    {
        code.Add(Instruction.Create(OpCodes.Ldsfld, field));
        code.Add(Instruction.Create(OpCodes.Ldc_I8, (long)amount));
        code.Add(Instruction.Create(OpCodes.Add));
        code.Add(Instruction.Create(OpCodes.Stsfld, field));
    }

    private static bool IsCall(OpCode op) => op.Code == Code.Call || op.Code == Code.Callvirt || op.Code == Code.Newobj;

    private static bool IsPortable(MethodReference target, ModuleDefinition self, ISet<string> portable)
    {
        IMetadataScope scope = target.DeclaringType.Scope;
        if (scope is ModuleDefinition) return true;
        return scope is AssemblyNameReference a && portable.Contains(a.Name);
    }

    /// <summary>"System.Array.Copy", "System.Device.Spi.SpiDevice.TransferFullDuplex", constructors as ".ctor".</summary>
    public static string NativeKey(MethodReference m) => m.DeclaringType.FullName + "." + m.Name;

    /// <summary>Basic-block leaders: the first instruction, branch targets, the instruction after a branch,
    /// return or throw, and every exception-handler boundary.</summary>
    private static HashSet<Instruction> Leaders(MethodBody body, List<Instruction> instructions)
    {
        var leaders = new HashSet<Instruction> { instructions[0] };
        for (int i = 0; i < instructions.Count; i++)
        {
            var ins = instructions[i];
            if (ins.Operand is Instruction t) leaders.Add(t);
            if (ins.Operand is Instruction[] ts) foreach (var x in ts) leaders.Add(x);
            var flow = ins.OpCode.FlowControl;
            if ((flow == FlowControl.Branch || flow == FlowControl.Cond_Branch || flow == FlowControl.Return || flow == FlowControl.Throw)
                && i + 1 < instructions.Count)
            {
                leaders.Add(instructions[i + 1]);
            }
        }
        foreach (var h in body.ExceptionHandlers)
        {
            foreach (var x in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
            {
                if (x != null) leaders.Add(x);
            }
        }
        return leaders;
    }
}

/// <summary>What one assembly's instrumentation touched (for the report).</summary>
public sealed class InstrumentStats
{
    public int Methods;
    public int Blocks;
    public int Instructions;

    /// <summary>"Namespace.Type::Method" per slot of the per-method counters (empty without per-method counting).</summary>
    public readonly List<string> MethodNames = new();
}
