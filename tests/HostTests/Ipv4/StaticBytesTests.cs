using System;
using NanoStack.Phy;
using Xunit;

namespace NanoStack.HostTests.Ipv4;

/// <summary>The static RAM figure the README quotes, and a cross-check of StaticBytes against what the constructor really allocates.</summary>
public class StaticBytesTests
{
    /// <summary>README.md (section "config") quotes this number; change both together.</summary>
    public const int DefaultStaticBytes = 13428;

    [Fact]
    public void DefaultConfigurationReportsTheFigureQuotedInTheReadme()
    {
        var link = new MemoryLink(1);
        var stack = new NetworkStack(link, FuzzSupport.BoardConfig());
        Assert.Equal(DefaultStaticBytes, stack.StaticBytes);
        Assert.Contains(DefaultStaticBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), ReadmeConfigSection());
    }

    [Theory]
    [InlineData(4096, 4, 2048, 8, 2)]
    [InlineData(2048, 2, 1024, 4, 1)]
    [InlineData(8192, 8, 4096, 16, 4)]
    public void StaticBytesAccountsForWhatTheConstructorAllocates(int reassembly, int sockets, int queueBytes, int arpEntries, int pending)
    {
        var config = FuzzSupport.BoardConfig();
        config.ReassemblyBufferBytes = reassembly;
        config.UdpSockets = sockets;
        config.UdpReceiveQueueBytes = queueBytes;
        config.ArpCacheEntries = arpEntries;
        config.ArpPendingFrames = pending;
        var link = new MemoryLink(1);
        new NetworkStack(link, config); // warm up type initialisation
        long before = GC.GetAllocatedBytesForCurrentThread();
        var stack = new NetworkStack(link, config);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // StaticBytes counts array payloads; the runtime adds object and array headers (about 24 bytes each on
        // 64-bit .NET, 12-16 in nanoCLR) for some 60-100 objects.
        Assert.InRange(allocated - stack.StaticBytes, 0, 4096);
    }

    private static string ReadmeConfigSection([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        string dir = System.IO.Path.GetDirectoryName(source);
        while (dir != null && !System.IO.File.Exists(System.IO.Path.Combine(dir, "README.md")))
            dir = System.IO.Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        string text = System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "README.md"));
        int start = text.IndexOf("<!-- section:config -->", StringComparison.Ordinal);
        int end = text.IndexOf("<!-- /section:config -->", start < 0 ? 0 : start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no config section");
        return text.Substring(start, end - start);
    }
}
