using System;
using System.IO;
using System.Linq;
using Xunit;

namespace NanoStack.HostTests.Foundation;

/// <summary>README's quick start and layout table stay true to the tree (issue 16: the layout left out stack/Phy/ and
/// stack/Util/, and both quick-start commands began with a sudo that root machines without sudo do not have).</summary>
public class ReadmeLayoutTests
{
    private static string Section(string name)
    {
        string readme = File.ReadAllText(Repo.PathOf("README.md"));
        int start = readme.IndexOf("<!-- section:" + name + " -->", StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- /section:" + name + " -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has no section " + name);
        return readme.Substring(start, end - start);
    }

    [Fact]
    public void LayoutTableNamesEveryStackFolder()
    {
        string layout = Section("layout");
        var folders = Directory.GetDirectories(Repo.PathOf("stack"))
            .Select(Path.GetFileName)
            .Where(d => d != "bin" && d != "obj" && d != "Properties" && Directory.EnumerateFiles(Repo.PathOf("stack/" + d), "*.cs", SearchOption.AllDirectories).Any());
        foreach (string folder in folders)
            Assert.True(layout.Contains("`" + folder + "/`", StringComparison.Ordinal), "layout table does not name stack/" + folder + "/");
    }

    [Fact]
    public void QuickStartCommandsDoNotBeginWithSudo()
    {
        // The scripts ask sudo themselves when they must; a command that begins with it fails where there is none.
        string quick = Section("quickstart");
        Assert.Contains("bash tools/install-deps.sh && ./test.sh", quick);
        Assert.Contains("tools/virtual-board.sh", quick);
        foreach (string line in quick.Split('\n'))
            Assert.False(line.TrimStart().StartsWith("sudo ", StringComparison.Ordinal), "quick start command begins with sudo: " + line);
    }
}
