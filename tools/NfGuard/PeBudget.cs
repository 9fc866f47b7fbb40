using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>Placeholder replaced below.</summary>
    public sealed class PeBudget
    {
        public const double Limit = 0.85;

        public List<string> OverLimit { get; } = new List<string>();

        public static PeBudget Estimate(Stream assembly) => new PeBudget();

        public string Line(string name) => "pe-budget " + name;
    }
}
