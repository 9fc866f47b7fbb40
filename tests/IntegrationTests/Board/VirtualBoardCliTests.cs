using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NanoStack.TapLink;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>
/// The CLI as a user runs it, in its own process: an impaired wire (drop, duplicate, reorder, corrupt; seeded),
/// TCP still delivers a verified download, and SIGTERM tears everything down, namespace included.
/// </summary>
public class VirtualBoardCliTests
{
    [Fact]
    public void ImpairedWireStillDeliversAndSigtermRemovesTheNamespace()
    {
        string nsFile = Path.GetTempFileName();
        string download = Path.GetTempFileName();
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nanostack-vboard"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--drop", "0.02", "--duplicate", "0.02", "--reorder", "0.02", "--corrupt", "0.01", "--seed", "7",
                     "--netns-file", nsFile, "--duration", "150" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        string ns = null;
        try
        {
            for (int i = 0; i < 300 && string.IsNullOrWhiteSpace(ns); i++)
            {
                Thread.Sleep(100);
                ns = File.ReadAllText(nsFile).Trim();
                Assert.False(p.HasExited, output.ToString());
            }
            Assert.False(string.IsNullOrWhiteSpace(ns), output.ToString());
            string[] inNs = { "netns", "exec", ns };
            var ping = NetNamespace.Run("ip", [.. inNs, "ping", "-c", "20", "-i", "0.05", "-W", "2", "-q", "192.0.2.2"], 30_000);
            Assert.Contains("received", ping.Stdout);
            var curl = NetNamespace.Run("ip", [.. inNs, "curl", "-sS", "-m", "100", "--retry", "3", "-o", download, "-w", "%{http_code}", "http://192.0.2.2/bytes/300000"], 110_000);
            Assert.True(curl.Stdout == "200", curl.Stdout + curl.Stderr + output);
            var bytes = File.ReadAllBytes(download);
            Assert.Equal(300000, bytes.Length);
            for (int i = 0; i < bytes.Length; i++)
                if (bytes[i] != (byte)(i % 251)) Assert.Fail("byte " + i + " differs");
        }
        finally
        {
            if (!p.HasExited) Process.Start("kill", new[] { "-TERM", p.Id.ToString() })!.WaitForExit(5000);
            bool exited = p.WaitForExit(20_000);
            if (!exited) p.Kill(true);
            p.WaitForExit(); // drains the redirected output: WaitForExit(ms) does not wait for its last lines
            File.Delete(nsFile);
            File.Delete(download);
            Assert.True(exited, "the virtual board did not stop on SIGTERM");
        }
        Assert.Contains("nanoStack stopped", output.ToString());
        if (ns != null) Assert.DoesNotContain(ns, NetNamespace.Run("ip", ["netns", "list"], 5000).Stdout);
    }
}
