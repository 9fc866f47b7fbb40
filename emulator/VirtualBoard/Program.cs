using System.CommandLine;
using System.Net;
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
    public static int Main(string[] args)
    {
        var pcap = new Option<string>("--pcap") { Description = "Write every frame on the wire (both directions) to this pcap file" };
        var drop = new Option<double>("--drop") { Description = "Probability (0..1) that a frame is dropped, per direction" };
        var corrupt = new Option<double>("--corrupt") { Description = "Probability that one bit of a frame is flipped" };
        var duplicate = new Option<double>("--duplicate") { Description = "Probability that a frame is delivered twice" };
        var reorder = new Option<double>("--reorder") { Description = "Probability that a frame is held back behind the next" };
        var rate = new Option<long>("--rate") { Description = "Wire rate limit in bit/s per direction (0 = unlimited)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault injector and the chip model", DefaultValueFactory = _ => 1 };
        var revision = new Option<string>("--revision") { Description = "ENC28J60 silicon revision: B1, B4, B5 or B7", DefaultValueFactory = _ => "B7" };
        var noChip = new Option<bool>("--no-chip") { Description = "Run the stack straight on the TAP (no driver, no chip model)" };
        var ip = new Option<string>("--ip") { Description = "Board address (static; with --dhcp the fallback when no server answers)", DefaultValueFactory = _ => "192.0.2.2" };
        var dhcp = new Option<bool>("--dhcp") { Description = "Get the address by DHCP as the real board does (static --ip after ~1 min without a server); run a DHCP server in the namespace" };
        var prefix = new Option<int>("--prefix") { Description = "Prefix length", DefaultValueFactory = _ => 24 };
        var gateway = new Option<string>("--gateway") { Description = "Gateway (the host side of the TAP)", DefaultValueFactory = _ => "192.0.2.1" };
        var mac = new Option<string>("--mac") { Description = "Board MAC address", DefaultValueFactory = _ => "02:00:5e:10:00:02" };
        var tcpConnections = new Option<int>("--tcp-connections") { Description = "TCP connection table size", DefaultValueFactory = _ => 4 };
        var tcpBuffer = new Option<int>("--tcp-buffer") { Description = "TCP send/receive buffer per connection (bytes)", DefaultValueFactory = _ => 2048 };
        var spiClock = new Option<int>("--spi-clock") { Description = "SPI SCK in Hz", DefaultValueFactory = _ => 10_000_000 };
        var port = new Option<int>("--http-port") { Description = "HTTP port", DefaultValueFactory = _ => 80 };
        var duration = new Option<int>("--duration") { Description = "Stop after this many seconds (0 = until Ctrl-C)" };
        var captureBytes = new Option<int>("--capture-bytes") { Description = "On-board capture ring served as /capture.pcap (bytes; 0 = off as on the device)", DefaultValueFactory = _ => VirtualBoardOptions.DefaultCaptureBytes };
        var netnsFile = new Option<string>("--netns-file") { Description = "Write the namespace name to this file once the board is up" };

        var root = new RootCommand("nanoStack virtual board: the real firmware on the ENC28J60 model, wired to a TAP in a network namespace")
        {
            pcap, drop, corrupt, duplicate, reorder, rate, seed, revision, noChip, ip, dhcp, prefix, gateway, mac, tcpConnections, tcpBuffer,
            spiClock, port, duration, netnsFile, captureBytes
        };
        root.SetAction(r =>
        {
            var fw = VirtualBoardOptions.StaticFirmware();
            fw.UseDhcp = r.GetValue(dhcp);
            fw.Address = ParseIp(r.GetValue(ip)!);
            int p = r.GetValue(prefix);
            fw.Netmask = p == 0 ? 0 : 0xFFFFFFFFu << (32 - p);
            fw.Gateway = ParseIp(r.GetValue(gateway)!);
            fw.Mac = ParseMac(r.GetValue(mac)!);
            fw.TcpConnections = r.GetValue(tcpConnections);
            fw.TcpBufferSize = r.GetValue(tcpBuffer);
            fw.SpiClockHz = r.GetValue(spiClock);
            fw.HttpPort = (ushort)r.GetValue(port);
            fw.CaptureBytes = r.GetValue(captureBytes);
            if (fw.CaptureBytes != 0 && (fw.CaptureBytes < 16 + BoardConfig.CaptureSnapLength || fw.CaptureBytes > 1 << 24))
            {
                Console.Error.WriteLine("error: --capture-bytes " + fw.CaptureBytes + ": 0 (off) or " + (16 + BoardConfig.CaptureSnapLength) + ".." + (1 << 24));
                return 2;
            }
            int s = r.GetValue(seed);
            var options = new VirtualBoardOptions
            {
                Firmware = fw,
                Revision = Enum.Parse<ChipRevision>(r.GetValue(revision)!, ignoreCase: true),
                ChipSeed = (uint)s,
                UseChipModel = !r.GetValue(noChip),
                HostCidr = r.GetValue(gateway) + "/" + p,
                PcapPath = r.GetValue(pcap),
                Faults = new FaultOptions
                {
                    Drop = r.GetValue(drop), Corrupt = r.GetValue(corrupt), Duplicate = r.GetValue(duplicate),
                    Reorder = r.GetValue(reorder), RateBitsPerSecond = r.GetValue(rate), Seed = s,
                },
            };
            return Run(options, r.GetValue(duration), r.GetValue(netnsFile));
        });
        return root.Parse(args).Invoke();
    }

    private static int Run(VirtualBoardOptions options, int durationSeconds, string netnsFile)
    {
        if (geteuid() != 0)
        {
            Console.Error.WriteLine("the virtual board needs root (network namespaces and TAP devices)");
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
            string boardIp = new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(options.Firmware.Address))).ToString();
            if (options.Firmware.UseDhcp) boardIp = "by DHCP (fallback " + boardIp + ")";
            Console.WriteLine("[virtual board] up: namespace " + ns + ", host side " + options.HostCidr + " on tap0, board " + boardIp
                + (options.UseChipModel ? ", ENC28J60 " + options.Revision + " model" : ", no chip model")
                + (options.PcapPath != null ? ", capturing to " + options.PcapPath : ""));
            if (options.Firmware.UseDhcp) boardIp = "ADDRESS";
            Console.WriteLine("[virtual board] try: sudo ip netns exec " + ns + " ping -c 3 " + boardIp);
            Console.WriteLine("[virtual board]      sudo ip netns exec " + ns + " curl http://" + boardIp + "/api/status");
            Console.WriteLine("[virtual board] Ctrl-C stops the board and deletes the namespace");
            if (durationSeconds > 0) stop.Wait(TimeSpan.FromSeconds(durationSeconds));
            else stop.Wait();
            Console.WriteLine("[virtual board] stopping");
        }
        return board.FirmwareError == null ? 0 : 1;
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    private static uint ParseIp(string s)
    {
        var b = IPAddress.Parse(s).GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static byte[] ParseMac(string s)
    {
        var parts = s.Split(':', '-');
        if (parts.Length != 6) throw new ArgumentException("MAC must have 6 bytes: " + s);
        return parts.Select(x => Convert.ToByte(x, 16)).ToArray();
    }
}
