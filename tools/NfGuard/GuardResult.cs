using System.Collections.Generic;

namespace NanoStack.Tools.NfGuard
{
    /// <summary>What the guard saw in one assembly: the findings, and the list IDs (platform APIs) it uses.</summary>
    public sealed class GuardResult
    {
        public GuardResult(IReadOnlyList<Finding> findings, IReadOnlyCollection<string> usedApis)
        {
            Findings = findings;
            UsedApis = usedApis;
        }

        public IReadOnlyList<Finding> Findings { get; }

        public IReadOnlyCollection<string> UsedApis { get; }
    }
}
