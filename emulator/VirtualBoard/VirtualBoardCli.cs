using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NanoStack.Emulator;
using NanoStack.TapLink;

namespace NanoStack.VirtualBoard;

/// <summary>What the command line asked for, validated: the board's options plus how long to run.</summary>
public sealed class VirtualBoardSettings
{
    public VirtualBoardOptions Options { get; init; }
    public int DurationSeconds { get; init; }
    public string NetnsFile { get; init; }
}

/// <summary>An IPv4 address as the command line shows it (dotted, also in --help's defaults).</summary>
public readonly record struct Ipv4Text(uint Value)
{
    public override string ToString() => VirtualBoardCli.Dotted(Value);
}

/// <summary>A MAC address as the command line shows it.</summary>
public sealed record MacText(byte[] Bytes)
{
    public override string ToString() => string.Join(":", Bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}

/// <summary>
/// nanostack-vboard's command line. Every option has a parser that knows what is allowed, so a bad value ends in one
/// line "error: --OPTION VALUE: what is allowed" and exit code <see cref="UsageError"/> before anything starts,
/// never in a stack trace or a board that quietly does something else.
/// </summary>
public static class VirtualBoardCli
{
    /// <summary>Exit code of a bad command line (the shell convention for usage errors).</summary>
    public const int UsageError = 2;

    public const int MinTcpConnections = 2;   // the HTTP server keeps one slot free for a newcomer (BoardApp)
    public const int MaxTcpConnections = 64;
    public const int MinTcpBuffer = 256;      // smallest ring the TCP simulations cover
    public const int MaxTcpBuffer = 65535;    // no window scaling: a larger receive window cannot be announced
    public const int MinSpiClockHz = 100_000;
    public const int MaxSpiClockHz = 20_000_000;        // DS p.1; the chip model's strict mode stops above it
    public const int MinSpiClockHzB1B4 = 8_000_000;     // errata #1

    private const string Probability = "a probability from 0 to 1, e.g. 0.01";
    private const string Ipv4 = "an IPv4 unicast address a.b.c.d, e.g. ";

    /// <summary>Parses and validates <paramref name="args"/>; on success calls <paramref name="start"/> and returns its
    /// exit code. --help goes to <paramref name="output"/>; every error is one line on <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Func<VirtualBoardSettings, int> start)
    {
        var pcap = Opt("--pcap", "Write every frame on the wire (both directions) to this pcap file",
            "a file in an existing directory", TryFile, (string)null);
        var drop = Opt("--drop", "Probability that a frame is dropped, per direction", Probability, TryProbability, 0.0);
        var corrupt = Opt("--corrupt", "Probability that one bit of a frame is flipped", Probability, TryProbability, 0.0);
        var duplicate = Opt("--duplicate", "Probability that a frame is delivered twice", Probability, TryProbability, 0.0);
        var reorder = Opt("--reorder", "Probability that a frame is held back behind the next", Probability, TryProbability, 0.0);
        var rate = Opt("--rate", "Wire rate limit per direction", "bits per second as a whole number, 0 = no limit, e.g. 10000000",
            (string s, out long v) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v), 0L);
        var seed = Opt("--seed", "Seed of the fault injector and the chip model", "a whole number from -2147483648 to 2147483647",
            (string s, out int v) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v), 1);
        var revision = Opt("--revision", "ENC28J60 silicon revision of the chip model, with its errata", "one of B1, B4, B5, B7",
            TryRevision, ChipRevision.B7);
        var noChip = new Option<bool>("--no-chip") { Description = "Run the stack straight on the TAP (no driver, no chip model)" };
        var ip = Opt("--ip", "Board address (static; with --dhcp the fallback when no server answers)", Ipv4 + "192.0.2.2", TryUnicast,
            new Ipv4Text(0xC0000202u));
        var dhcp = new Option<bool>("--dhcp") { Description = "Get the address by DHCP as the real board does (static --ip after ~1 min without a server)" };
        var prefix = Opt("--prefix", "Prefix length of the board's and the host side's subnet", "a whole number from 1 to 30",
            (string s, out int v) => TryRange(s, 1, 30, out v), 24);
        var gateway = Opt("--gateway", "Gateway, the host side of the TAP", Ipv4 + "192.0.2.1", TryUnicast, new Ipv4Text(0xC0000201u));
        var mac = Opt("--mac", "Board MAC address", "six hex bytes like 02:00:5e:10:00:02 (':' or '-'), unicast (first byte even), not all zero",
            TryMac, new MacText(new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x00, 0x02 }));
        var tcpConnections = Opt("--tcp-connections", "TCP connection table size (HTTP keeps one slot free for a newcomer)",
            "a whole number from " + MinTcpConnections + " to " + MaxTcpConnections,
            (string s, out int v) => TryRange(s, MinTcpConnections, MaxTcpConnections, out v), 4);
        var tcpBuffer = Opt("--tcp-buffer", "TCP send and receive ring per connection, bytes",
            "bytes from " + MinTcpBuffer + " to " + MaxTcpBuffer + " (no window scaling)",
            (string s, out int v) => TryRange(s, MinTcpBuffer, MaxTcpBuffer, out v), 2048);
        var spiClock = Opt("--spi-clock", "SPI SCK", "Hz from " + MinSpiClockHz + " to " + MaxSpiClockHz + " (the ENC28J60's maximum)",
            (string s, out int v) => TryRange(s, MinSpiClockHz, MaxSpiClockHz, out v), 10_000_000);
        var port = Opt("--http-port", "HTTP port", "a TCP port from 1 to 65535", (string s, out int v) => TryRange(s, 1, 65535, out v), 80);
        var duration = Opt("--duration", "Stop after this many seconds", "seconds as a whole number, 0 = until Ctrl-C",
            (string s, out int v) => TryRange(s, 0, int.MaxValue / 1000, out v), 0);
        int minCapture = 16 + NanoStack.Firmware.BoardConfig.CaptureSnapLength;
        var captureBytes = Opt("--capture-bytes", "On-board capture ring served as /capture.pcap (bytes)",
            "0 (off, as on the device) or bytes from " + minCapture + " to " + (1 << 24),
            (string s, out int v) => TryRange(s, 0, 1 << 24, out v) && (v == 0 || v >= minCapture), VirtualBoardOptions.DefaultCaptureBytes);
        var netnsFile = Opt("--netns-file", "Write the namespace name to this file once the board is up",
            "a file in an existing directory", TryFile, (string)null);

        var get = new Option<string[]>("--get")
        {
            Description = "Client demo: GET this URL (http://host[:port]/path) every 2 s until the first success or 60 s, printing "
                + "'get URL -> STATUS, N bytes, crc32 X' or 'get URL -> error: REASON' (repeatable; needs the chip model)",
            HelpName = "URL",
            AllowMultipleArgumentsPerToken = false,
        };
        var ping = Opt("--ping", "Client demo: ping this address 4 times and print 'ping A: R/S replies, rtt min/avg/max' (needs the chip model)",
            Ipv4 + "192.0.2.1", TryUnicast, new Ipv4Text(0));
        var udp = Opt("--udp", "Client demo: send a datagram to HOST:PORT and print the reply's size and time, or the reason (needs the chip model)",
            "HOST:PORT, e.g. 192.0.2.1:7", TryHostPort, (string)null);
        var saveBodies = Opt("--save-bodies", "Client demo: save each complete --get body to DIR/NAME, NAME the URL without http:// "
            + "and with every character but letters, digits, '.' and '-' as '_' (e.g. 192.0.2.1_8000_big.bin)",
            "an existing directory", TryDirectory, (string)null);

        var root = new RootCommand("nanoStack virtual board: the real firmware on the ENC28J60 model, wired to a TAP in a network namespace")
        {
            pcap, drop, corrupt, duplicate, reorder, rate, seed, revision, noChip, ip, dhcp, prefix, gateway, mac, tcpConnections, tcpBuffer,
            spiClock, port, duration, netnsFile, captureBytes, get, ping, udp, saveBodies
        };
        root.SetAction(r =>
        {
            var fw = VirtualBoardOptions.StaticFirmware();
            fw.UseDhcp = r.GetValue(dhcp);
            fw.Address = r.GetValue(ip).Value;
            int p = r.GetValue(prefix);
            fw.Netmask = 0xFFFFFFFFu << (32 - p);
            fw.Gateway = r.GetValue(gateway).Value;
            fw.Mac = r.GetValue(mac).Bytes;
            fw.TcpConnections = r.GetValue(tcpConnections);
            fw.TcpBufferSize = r.GetValue(tcpBuffer);
            fw.SpiClockHz = r.GetValue(spiClock);
            fw.HttpPort = (ushort)r.GetValue(port);
            fw.CaptureBytes = r.GetValue(captureBytes);
            string[] urls = r.GetValue(get);
            uint pingAddress = r.GetValue(ping).Value;
            string udpTarget = r.GetValue(udp);
            NanoStack.Firmware.Client.ClientDemoConfig demo = null;
            if ((urls != null && urls.Length > 0) || pingAddress != 0 || udpTarget != null)
            {
                demo = new NanoStack.Firmware.Client.ClientDemoConfig
                {
                    Urls = urls != null && urls.Length > 0 ? urls : null,
                    PingAddress = pingAddress == 0 ? 0xFFFFFFFFu : pingAddress,
                    UntilSuccessMs = 60_000,
                    RetryMs = 2000,
                };
                string bodies = r.GetValue(saveBodies);
                if (bodies != null) demo.BodySink = new FileBodySink(bodies);
                if (udpTarget != null)
                {
                    int colon = udpTarget.LastIndexOf(':');
                    demo.UdpHost = udpTarget.Substring(0, colon);
                    demo.UdpPort = int.Parse(udpTarget.Substring(colon + 1), CultureInfo.InvariantCulture);
                }
            }
            int s = r.GetValue(seed);
            return start(new VirtualBoardSettings
            {
                Options = new VirtualBoardOptions
                {
                    Firmware = fw,
                    Revision = r.GetValue(revision),
                    ChipSeed = (uint)s,
                    UseChipModel = !r.GetValue(noChip),
                    HostCidr = Dotted(fw.Gateway) + "/" + p,
                    PcapPath = r.GetValue(pcap),
                    ClientDemo = demo,
                    Faults = new FaultOptions
                    {
                        Drop = r.GetValue(drop),
                        Corrupt = r.GetValue(corrupt),
                        Duplicate = r.GetValue(duplicate),
                        Reorder = r.GetValue(reorder),
                        RateBitsPerSecond = r.GetValue(rate),
                        Seed = s,
                    },
                },
                DurationSeconds = r.GetValue(duration),
                NetnsFile = r.GetValue(netnsFile),
            });
        });

        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            error.WriteLine("error: " + OneLine(result.Errors[0]));
            return UsageError;
        }
        // Checks between options, once each one parsed on its own (defaults applied).
        string mismatch = null;
        if (result.Action == root.Action) // not --help or --version
        {
            uint a = result.GetValue(ip).Value, g = result.GetValue(gateway).Value;
            int p = result.GetValue(prefix);
            uint mask = 0xFFFFFFFFu << (32 - p);
            string subnet = Dotted(g & mask) + "/" + p;
            if ((a & mask) != (g & mask))
                mismatch = "--ip " + Dotted(a) + ": an address in the gateway's subnet " + subnet + " (--gateway, --prefix)";
            else if (a == g)
                mismatch = "--ip " + Dotted(a) + ": an address other than the gateway's (the host side of the TAP), e.g. " + Dotted(g ^ 3);
            else if ((a & ~mask) == 0 || (a & ~mask) == ~mask)
                mismatch = "--ip " + Dotted(a) + ": a host address of " + subnet + ", not its network or broadcast address";
            else if ((g & ~mask) == 0 || (g & ~mask) == ~mask)
                mismatch = "--gateway " + Dotted(g) + ": a host address of " + subnet + ", not its network or broadcast address";
            string[] urls = result.GetValue(get) ?? Array.Empty<string>();
            foreach (string u in urls)
                if (mismatch == null && NanoStack.Client.Http.HttpUrl.Parse(u) == null)
                    mismatch = "--get " + Show(u) + ": an http:// URL, http://HOST[:PORT][/PATH]";
            if (mismatch == null && result.GetValue(saveBodies) != null && urls.Length == 0)
                mismatch = "--save-bodies " + Show(result.GetValue(saveBodies)) + ": saves the bodies --get fetches, give at least one --get URL";
            if (mismatch == null && result.GetValue(noChip) && (urls.Length > 0 || result.GetValue(ping).Value != 0 || result.GetValue(udp) != null))
                mismatch = "--no-chip: the client demo (--get, --ping, --udp) runs in the firmware, which needs the chip model";
            ChipRevision rev = result.GetValue(revision);
            int sck = result.GetValue(spiClock);
            if (mismatch == null && !result.GetValue(noChip) && (rev == ChipRevision.B1 || rev == ChipRevision.B4) && sck < MinSpiClockHzB1B4)
                mismatch = "--spi-clock " + sck + ": at least " + MinSpiClockHzB1B4 + " Hz on " + rev + " silicon (errata #1)";
        }
        if (mismatch != null)
        {
            error.WriteLine("error: " + mismatch);
            return UsageError;
        }
        return result.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The lines the board prints once up: how to reach it from another terminal.</summary>
    public static string[] Hints(string ns, string boardIp, int httpPort, bool sudo)
    {
        string run = (sudo ? "sudo " : "") + "ip netns exec " + ns + " ";
        return new[]
        {
            "[virtual board] try: " + run + "ping -c 3 " + boardIp,
            "[virtual board]      " + run + "curl " + BaseUrl(boardIp, httpPort) + "api/status",
            "[virtual board] Ctrl-C stops the board and deletes the namespace",
        };
    }

    /// <summary>http://HOST/ or http://HOST:PORT/ when the port is not 80.</summary>
    public static string BaseUrl(string host, int port) => "http://" + host + (port == 80 ? "" : ":" + port) + "/";

    public static string Dotted(uint a) => (a >> 24) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>An option whose parser reports "--name VALUE: allowed" for anything it does not take.</summary>
    private static Option<T> Opt<T>(string name, string description, string allowed, TryParse<T> parse, T defaultValue)
    {
        var o = new Option<T>(name)
        {
            Description = description + ": " + allowed,
            DefaultValueFactory = _ => defaultValue,
            HelpName = name switch
            {
                "--pcap" or "--netns-file" => "FILE",
                "--save-bodies" => "DIR",
                "--drop" or "--corrupt" or "--duplicate" or "--reorder" => "P",
                "--rate" => "BITS_PER_S",
                "--revision" => "B1|B4|B5|B7",
                "--ip" or "--gateway" or "--ping" => "A.B.C.D",
                "--udp" => "HOST:PORT",
                "--mac" => "XX:XX:XX:XX:XX:XX",
                "--tcp-buffer" => "BYTES",
                "--spi-clock" => "HZ",
                "--http-port" => "PORT",
                "--duration" => "SECONDS",
                _ => "N",
            },
        };
        o.CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return defaultValue;
            string text = r.Tokens[r.Tokens.Count - 1].Value;
            if (parse(text, out T value)) return value;
            r.AddError(name + " " + Show(text) + ": " + allowed);
            return defaultValue;
        };
        return o;
    }

    private static string Show(string token) => token.Length == 0 || token.Any(char.IsWhiteSpace) ? "'" + token + "'" : token;

    private static string OneLine(ParseError e)
    {
        string m = e.Message.Replace('\r', ' ').Replace('\n', ' ');
        // Our own parsers already say "--option VALUE: allowed"; System.CommandLine's own messages get the option in front.
        if (m.StartsWith("--", StringComparison.Ordinal)) return m;
        if (e.SymbolResult is OptionResult o)
            return o.Option.Name + ": " + (o.Tokens.Count == 0 ? "needs a value (see --help)"
                : o.Tokens.Count > 1 ? "given " + o.Tokens.Count + " times, give it once" : m);
        const string unrecognized = "Unrecognized command or argument '";
        if (m.StartsWith(unrecognized, StringComparison.Ordinal))
        {
            string token = m.Substring(unrecognized.Length).TrimEnd('.').TrimEnd('\'');
            return token + ": not an option of nanostack-vboard (see --help)";
        }
        return m + " (see --help)";
    }

    private static bool TryHostPort(string s, out string value)
    {
        value = s;
        int colon = s.LastIndexOf(':');
        return colon > 0 && TryRange(s.Substring(colon + 1), 1, 65535, out _) && !s.Substring(0, colon).Any(char.IsWhiteSpace);
    }

    private static bool TryRange(string s, int min, int max, out int value) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool TryProbability(string s, out double value) =>
        double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && value >= 0 && value <= 1;

    private static bool TryRevision(string s, out ChipRevision value)
    {
        foreach (ChipRevision r in Enum.GetValues<ChipRevision>())
            if (string.Equals(r.ToString(), s, StringComparison.OrdinalIgnoreCase)) { value = r; return true; }
        value = default;
        return false;
    }

    /// <summary>Strict a.b.c.d (IPAddress.Parse also takes "1.2" and "0x7f.1"), not 0.x, loopback, multicast or broadcast.</summary>
    private static bool TryUnicast(string s, out Ipv4Text address)
    {
        address = default;
        uint value = 0;
        string[] parts = s.Split('.');
        if (parts.Length != 4) return false;
        foreach (string part in parts)
        {
            if (part.Length == 0 || part.Length > 3 || !part.All(char.IsAsciiDigit)) return false;
            int b = int.Parse(part, CultureInfo.InvariantCulture);
            if (b > 255) return false;
            value = value << 8 | (uint)b;
        }
        uint first = value >> 24;
        address = new Ipv4Text(value);
        return first != 0 && first != 127 && first < 224;
    }

    private static bool TryMac(string s, out MacText value)
    {
        value = null;
        string[] parts = s.Split(':', '-');
        if (parts.Length != 6) return false;
        var mac = new byte[6];
        for (int i = 0; i < 6; i++)
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mac[i]))
                return false;
        if ((mac[0] & 1) != 0 || mac.All(b => b == 0)) return false;
        value = new MacText(mac);
        return true;
    }

    private static bool TryDirectory(string s, out string value)
    {
        value = s;
        return s.Length > 0 && Directory.Exists(s);
    }

    private static bool TryFile(string s, out string value)
    {
        value = s;
        if (s.Length == 0 || Directory.Exists(s)) return false;
        string dir = Path.GetDirectoryName(Path.GetFullPath(s));
        return dir != null && Directory.Exists(dir);
    }
}
