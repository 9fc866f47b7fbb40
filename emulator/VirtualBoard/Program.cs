using System.Runtime.InteropServices;
using NanoStack.Emulator;
using NanoStack.Firmware;
using NanoStack.TapLink;

namespace NanoStack.VirtualBoard;

/// <summary>
/// nanostack-vboard: the virtual board. Creates a network namespace with a TAP (host side 192.0.2.1/24), puts the
/// ENC28J60 model on it, runs the firmware, and stays up until Ctrl-C (or --duration), then deletes everything.
/// </summary>
public static class Program
{
    public static int Main(string[] args) =>
        VirtualBoardCli.Run(args, Console.Out, Console.Error, s => Run(s.Options, s.DurationSeconds, s.NetnsFile));

    private static int Run(VirtualBoardOptions options, int durationSeconds, string netnsFile)
    {
        if (geteuid() != 0)
        {
            Console.Error.WriteLine("error: the virtual board needs root (it creates a network namespace and a TAP device): "
                + "run tools/virtual-board.sh, which asks sudo, or sudo " + Environment.ProcessPath);
            return 2;
        }
        using var stop = new ManualResetEventSlim(false);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        VirtualBoardHost board;
        try
        {
            board = VirtualBoardHost.Start(options);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("[virtual board] could not start: " + e.Message);
            return 1;
        }
        using (board)
        {
            string ns = board.Namespace.Name;
            if (netnsFile != null) File.WriteAllText(netnsFile, ns + "\n");
            string boardIp = VirtualBoardCli.Dotted(options.Firmware.Address);
            if (options.Firmware.UseDhcp) boardIp = "by DHCP (fallback " + boardIp + ")";
            Console.WriteLine("[virtual board] up: namespace " + ns + ", host side " + options.HostCidr + " on tap0, board " + boardIp
                + (options.UseChipModel ? ", ENC28J60 " + options.Revision + " model" : ", no chip model")
                + (options.PcapPath != null ? ", capturing to " + options.PcapPath : ""));
            if (options.Firmware.UseDhcp) boardIp = "ADDRESS";
            // Started through sudo (tools/virtual-board.sh as a normal user): the user's own shell needs it too.
            bool sudo = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SUDO_USER"));
            foreach (string line in VirtualBoardCli.Hints(ns, boardIp, options.Firmware.HttpPort, sudo)) Console.WriteLine(line);
            if (durationSeconds > 0) stop.Wait(TimeSpan.FromSeconds(durationSeconds));
            else stop.Wait();
            Console.WriteLine("[virtual board] stopping");
        }
        return board.FirmwareError == null ? 0 : 1;
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
