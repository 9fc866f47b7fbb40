using System;
using NanoStack.TapLink;

namespace NanoStack.IntegrationTests.Board;

/// <summary>Runs Wireshark's dissectors over a capture with checksum validation on.</summary>
internal static class Tshark
{
    private static readonly string[] Checks =
        ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"];

    /// <summary>Frame numbers flagged malformed, with a bad checksum, or with an expert error; empty when clean.</summary>
    public static string Problems(string pcap)
    {
        var args = new System.Collections.Generic.List<string> { "-r", pcap };
        args.AddRange(Checks);
        args.AddRange(["-Y", "_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || icmp.checksum.status == 0",
            "-T", "fields", "-e", "frame.number", "-e", "_ws.col.Info"]);
        var r = NetNamespace.Run("tshark", args, 120_000);
        if (r.ExitCode != 0) return "tshark failed: " + r.Stderr;
        return r.Stdout.Trim();
    }

    public static int Count(string pcap, string filter)
    {
        var r = NetNamespace.Run("tshark", ["-r", pcap, "-Y", filter], 120_000);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
