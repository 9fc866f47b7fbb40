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
        // Linux itself sometimes emits TCP checksum 0xFFFF where Wireshark computes 0x0000: the same value in
        // one's complement (RFC 1624 §3), flagged as an expert error. Only that case, only from the kernel side, is excused.
        args.AddRange(["-Y", "(_ws.malformed || _ws.expert.severity >= error || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || icmp.checksum.status == 0)"
            + " && !(ip.src == 192.0.2.1 && tcp.checksum == 0xffff)",
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
