using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NanoStack.Emulator;
using NanoStack.VirtualBoard;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>
/// Every nanostack-vboard option is checked before anything starts: a bad value ends in one line
/// "error: --OPTION VALUE: what is allowed" on stderr and exit code 2, never a stack trace and never a board that
/// silently does something else (issue 16: --http-port 70000 became 4464, --drop 5 dropped every frame).
/// Parsing runs in-process; no root, no namespace.
/// </summary>
public class VirtualBoardCliValidationTests
{
    private sealed class Outcome
    {
        public int Exit;
        public string Stdout = "";
        public string Stderr = "";
        public VirtualBoardSettings Started;
    }

    private static Outcome Parse(params string[] args)
    {
        var o = new Outcome();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        o.Exit = VirtualBoardCli.Run(args, stdout, stderr, s => { o.Started = s; return 0; });
        o.Stdout = stdout.ToString();
        o.Stderr = stderr.ToString();
        return o;
    }

    private static void AssertOneLineError(Outcome o, string expectedStart)
    {
        Assert.True(o.Exit == VirtualBoardCli.UsageError, "exit " + o.Exit + ", stderr: " + o.Stderr);
        Assert.Equal(2, VirtualBoardCli.UsageError);
        Assert.Null(o.Started);
        string[] lines = o.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "more than one line:\n" + o.Stderr);
        Assert.StartsWith(expectedStart, lines[0]);
        Assert.True(lines[0].Length > expectedStart.Length + 3, "no word on what is allowed: " + lines[0]);
        Assert.DoesNotContain("   at ", o.Stderr);
        Assert.DoesNotContain("Exception", o.Stderr);
        Assert.Equal("", o.Stdout);
    }

    [Theory]
    // The values issue 16 lists, then their neighbours.
    [InlineData("--revision", "B9")]
    [InlineData("--revision", "7")]
    [InlineData("--ip", "300.1.1.1")]
    [InlineData("--ip", "192.0.2")]
    [InlineData("--ip", "0.0.0.0")]
    [InlineData("--ip", "224.0.0.251")]
    [InlineData("--ip", "board")]
    [InlineData("--gateway", "1.2.3.4.5")]
    [InlineData("--mac", "zz:00")]
    [InlineData("--mac", "02:00:5e:10:00")]
    [InlineData("--mac", "02:00:5e:10:00:1ff")]
    [InlineData("--mac", "01:00:5e:00:00:fb")]
    [InlineData("--mac", "00:00:00:00:00:00")]
    [InlineData("--http-port", "70000")]
    [InlineData("--http-port", "0")]
    [InlineData("--http-port", "http")]
    [InlineData("--drop", "5")]
    [InlineData("--drop", "-0.1")]
    [InlineData("--corrupt", "NaN")]
    [InlineData("--duplicate", "1.5")]
    [InlineData("--reorder", "often")]
    [InlineData("--rate", "-1")]
    [InlineData("--rate", "10M")]
    [InlineData("--seed", "1.5")]
    [InlineData("--prefix", "0")]
    [InlineData("--prefix", "31")]
    [InlineData("--tcp-connections", "0")]
    [InlineData("--tcp-connections", "1")]
    [InlineData("--tcp-connections", "65")]
    [InlineData("--tcp-buffer", "100")]
    [InlineData("--tcp-buffer", "70000")]
    [InlineData("--spi-clock", "0")]
    [InlineData("--spi-clock", "30000000")]
    [InlineData("--duration", "-1")]
    [InlineData("--pcap", "/nonexistent-dir-of-nanostack/run.pcap")]
    [InlineData("--netns-file", "/nonexistent-dir-of-nanostack/ns")]
    [InlineData("--save-bodies", "/nonexistent-dir-of-nanostack")]
    public void BadValueGivesOneLineNamingOptionAndValueAndExitCode2(string option, string value)
    {
        AssertOneLineError(Parse(option, value), "error: " + option + " " + value + ": ");
    }

    [Fact]
    public void EqualsFormIsReportedTheSameWay()
    {
        AssertOneLineError(Parse("--http-port=70000"), "error: --http-port 70000: ");
    }

    [Fact]
    public void AddressOutsideTheGatewaySubnetIsRefused()
    {
        AssertOneLineError(Parse("--ip", "10.0.0.2"), "error: --ip 10.0.0.2: ");
    }

    [Fact]
    public void AddressEqualToTheGatewayIsRefused()
    {
        AssertOneLineError(Parse("--ip", "192.0.2.1"), "error: --ip 192.0.2.1: ");
    }

    [Fact]
    public void SubnetBroadcastAddressIsRefused()
    {
        AssertOneLineError(Parse("--ip", "192.0.2.255"), "error: --ip 192.0.2.255: ");
    }

    [Fact]
    public void SlowSpiClockIsRefusedOnB1AndB4SiliconOnly()
    {
        // Errata #1: B1/B4 need SCK >= 8 MHz; the firmware would refuse the chip and retry forever with a wiring hint.
        AssertOneLineError(Parse("--revision", "B1", "--spi-clock", "4000000"), "error: --spi-clock 4000000: ");
        Assert.NotNull(Parse("--revision", "B7", "--spi-clock", "4000000").Started);
    }

    [Fact]
    public void UnknownOptionIsOneLine()
    {
        AssertOneLineError(Parse("--frobnicate"), "error: --frobnicate: ");
    }

    [Fact]
    public void MissingValueIsOneLine()
    {
        AssertOneLineError(Parse("--drop"), "error: --drop: ");
    }

    [Fact]
    public void NoArgumentsGiveTheDefaults()
    {
        var s = Parse().Started;
        Assert.NotNull(s);
        Assert.Equal(80, s.Options.Firmware.HttpPort);
        Assert.Equal(ChipRevision.B7, s.Options.Revision);
        Assert.Equal(0xC0000202u, s.Options.Firmware.Address);
        Assert.Equal(0xFFFFFF00u, s.Options.Firmware.Netmask);
        Assert.Equal("192.0.2.1/24", s.Options.HostCidr);
        Assert.Equal(4, s.Options.Firmware.TcpConnections);
        Assert.True(s.Options.UseChipModel);
        Assert.False(s.Options.Firmware.UseDhcp);
        Assert.True(s.Options.Faults.IsNone);
        Assert.Equal(0, s.DurationSeconds);
        Assert.Null(s.NetnsFile);
    }

    [Fact]
    public void GoodValuesAtTheEdgesAreTaken()
    {
        var o = Parse("--http-port", "65535", "--revision", "b4", "--mac", "02-00-5E-10-00-09", "--ip", "192.0.2.9",
            "--drop", "1", "--corrupt", "0", "--tcp-connections", "2", "--tcp-buffer", "65535", "--spi-clock", "20000000",
            "--rate", "0", "--seed", "-5", "--duration", "3", "--no-chip", "--dhcp");
        Assert.True(o.Started != null, o.Stderr);
        var s = o.Started;
        Assert.Equal(65535, s.Options.Firmware.HttpPort);
        Assert.Equal(ChipRevision.B4, s.Options.Revision);
        Assert.Equal(new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x00, 0x09 }, s.Options.Firmware.Mac);
        Assert.Equal(0xC0000209u, s.Options.Firmware.Address);
        Assert.Equal(1.0, s.Options.Faults.Drop);
        Assert.Equal(2, s.Options.Firmware.TcpConnections);
        Assert.Equal(65535, s.Options.Firmware.TcpBufferSize);
        Assert.Equal(20_000_000, s.Options.Firmware.SpiClockHz);
        Assert.Equal(-5, s.Options.Faults.Seed);
        Assert.Equal(3, s.DurationSeconds);
        Assert.False(s.Options.UseChipModel);
        Assert.True(s.Options.Firmware.UseDhcp);
    }

    [Fact]
    public void SaveBodiesNeedsAGetAndHandsTheDemoAFileSink()
    {
        string dir = Path.GetTempPath();
        AssertOneLineError(Parse("--save-bodies", dir), "error: --save-bodies " + dir + ": ");
        Outcome o = Parse("--get", "http://192.0.2.1/a", "--save-bodies", dir);
        Assert.Equal(0, o.Exit);
        Assert.IsType<FileBodySink>(o.Started.Options.ClientDemo.BodySink);
        Assert.Null(Parse("--get", "http://192.0.2.1/a").Started.Options.ClientDemo.BodySink);
    }

    [Fact]
    public void FileBodySinkKeepsOnlyWholeBodiesUnderTheUrlsName()
    {
        string dir = Path.Combine(Path.GetTempPath(), "bodysink-" + Environment.ProcessId);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        try
        {
            Assert.Equal("192.0.2.1_8000_big.bin", FileBodySink.FileName("http://192.0.2.1:8000/big.bin"));
            Assert.Equal("web.test_a_b_x_1", FileBodySink.FileName("http://web.test/a/b?x=1"));
            var sink = new FileBodySink(dir);
            sink.Begin("http://h/whole");
            sink.Write(new byte[] { 9, 1, 2, 3 }, 1, 2);
            Assert.False(File.Exists(Path.Combine(dir, "h_whole")), "visible before complete");
            sink.Write(new byte[] { 3 }, 0, 1);
            sink.End(true);
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(dir, "h_whole")));
            sink.Begin("http://h/cut");
            sink.Write(new byte[] { 7 }, 0, 1);
            sink.End(false);
            sink.Begin("http://h/empty");
            sink.End(true);
            Assert.Equal(new[] { "h_empty", "h_whole" }, Array.ConvertAll(Directory.GetFiles(dir), f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Empty(File.ReadAllBytes(Path.Combine(dir, "h_empty")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void HintsUseTheHttpPort()
    {
        string hints = string.Join("\n", VirtualBoardCli.Hints("nsboard-1-vb-1", "192.0.2.2", 8080, sudo: false));
        Assert.Contains("curl http://192.0.2.2:8080/api/status", hints);
        Assert.DoesNotContain("sudo", hints);
        string plain = string.Join("\n", VirtualBoardCli.Hints("nsboard-1-vb-1", "192.0.2.2", 80, sudo: true));
        Assert.Contains("sudo ip netns exec nsboard-1-vb-1 curl http://192.0.2.2/api/status", plain);
    }

    [Fact]
    public void BuiltBinaryExitsWith2AndOneLineForABadRevision()
    {
        // The same check through the real process: what a user's shell and tools/virtual-board.sh see.
        string exe = Path.Combine(AppContext.BaseDirectory, "nanostack-vboard");
        Assert.True(File.Exists(exe), exe + " not built next to the tests");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("--revision");
        psi.ArgumentList.Add("B9");
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("", stdout);
        Assert.Equal("error: --revision B9: one of B1, B4, B5, B7", stderr.TrimEnd('\n'));
    }
}
