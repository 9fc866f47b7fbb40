using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NanoStack.HostTests.Foundation;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>
/// On Windows the portable tests run in nanoCLR, which cannot load an assembly that references
/// nanoFramework.Hardware.Esp32 (reference "Emulator limits"): NFUnitTest must not depend on the firmware app, directly
/// or through another project. That is why the HTTP server lives in its own library, http/.
/// </summary>
public class DeviceTestRunnerReferenceTests
{
    private static readonly XNamespace Ms = "http://schemas.microsoft.com/developer/msbuild/2003";

    [Fact]
    public void NfUnitTestReachesNoProjectReferencingHardwareEsp32()
    {
        var seen = new HashSet<string>();
        var todo = new Stack<string>();
        // Every device test project (one per layer folder of tests/UnitTests) is a start.
        foreach (string nf in Directory.GetFiles(Repo.PathOf("tests/UnitTests"), "NFUnitTest.*.nfproj", SearchOption.AllDirectories)) todo.Push(Path.GetFullPath(nf));
        Assert.True(todo.Count >= 8, "expected the device test projects in tests/UnitTests/<layer>/");
        while (todo.Count > 0)
        {
            string nf = todo.Pop();
            if (!seen.Add(nf)) continue;
            XElement root = XDocument.Load(nf).Root!;
            var refs = root.Descendants(Ms + "Reference").Select(r => ((string)r.Attribute("Include")!).Split(',')[0]).ToList();
            Assert.DoesNotContain("nanoFramework.Hardware.Esp32", refs);
            foreach (XElement p in root.Descendants(Ms + "ProjectReference"))
            {
                string target = ((string)p.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar);
                todo.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(nf)!, target)));
            }
        }
        Assert.Contains(seen, p => p.EndsWith(Path.Combine("http", "NanoStack.Http.nfproj")));
        Assert.DoesNotContain(seen, p => p.EndsWith("NanoStack.Firmware.nfproj"));
        // The firmware itself does reference it (the check would otherwise prove nothing).
        Assert.Contains("nanoFramework.Hardware.Esp32", File.ReadAllText(Repo.PathOf("firmware/NanoStack.Firmware.nfproj")));
    }

    [Fact]
    public void HostTwinOfNfUnitTestDoesNotReferenceTheFirmware()
    {
        XElement root = XDocument.Load(Repo.PathOf("tests/UnitTests/NanoStack.UnitTests.csproj")).Root!;
        var refs = root.Descendants("ProjectReference").Select(p => ((string)p.Attribute("Include")!).Replace('\\', '/')).ToList();
        Assert.Contains(refs, r => r.EndsWith("http/NanoStack.Http.csproj"));
        Assert.DoesNotContain(refs, r => r.Contains("firmware/"));
    }
}
