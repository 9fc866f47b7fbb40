using System;
using System.IO;
using System.Linq;
using Xunit;

namespace NanoStack.HostTests.Foundation;

/// <summary>
/// Issue 12: comments cited a reference note kept beside the repository (by path and by section number), which a
/// person who clones the repository does not have. The chip knowledge now lives in docs/enc28j60.md (and docs/nanoframework.md); every .cs and .md file
/// must cite those, the datasheet (DS39662E) or the errata (DS80349C) instead.
/// </summary>
public class ChipDocsCitationTests
{
    // Built from pieces so that this file does not cite what it forbids.
    private static readonly string[] Forbidden = { "shared" + "/reference", "reference" + " §" };

    [Fact]
    public void NoFileCitesReferenceNotesOutsideTheRepository()
    {
        var offenders = (from file in SourceFiles()
                         let lines = File.ReadAllLines(file)
                         from i in Enumerable.Range(0, lines.Length)
                         where Forbidden.Any(f => lines[i].Contains(f, StringComparison.Ordinal))
                         select Path.GetRelativePath(Repo.Root, file) + ":" + (i + 1) + ": " + lines[i].Trim()).ToList();
        Assert.True(offenders.Count == 0, "cite docs/enc28j60.md §N or the Microchip document instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void CitedChipDocsExistInTheRepository()
    {
        Assert.True(File.Exists(Repo.PathOf("docs/enc28j60.md")), "docs/enc28j60.md is missing");
        Assert.True(File.Exists(Repo.PathOf("docs/nanoframework.md")), "docs/nanoframework.md is missing");
    }

    private static string[] SourceFiles()
    {
        return Directory.EnumerateFiles(Repo.Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(Repo.Root, f).Split(Path.DirectorySeparatorChar)
                .Any(part => part == "bin" || part == "obj" || part == ".git" || part == "node_modules"))
            .ToArray();
    }
}
