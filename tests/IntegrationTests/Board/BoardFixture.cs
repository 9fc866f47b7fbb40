using System;
using System.IO;
using NanoStack.VirtualBoard;
using Xunit;

namespace NanoStack.IntegrationTests.Board;

/// <summary>One virtual board (chip model in the loop, pcap on) shared by the live board tests.</summary>
public sealed class BoardFixture : IDisposable
{
    public readonly VirtualBoardHost Board;
    public readonly string PcapPath;

    public BoardFixture()
    {
        PcapPath = Path.Combine(Path.GetTempPath(), "nanostack-board-" + Environment.ProcessId + ".pcap");
        // The tests send `ping -s 2000` (two fragments each way): a reassembly buffer above the firmware's default of one
        // Ethernet datagram (1480 B), as a user who wants large pings would configure it.
        var firmware = VirtualBoardOptions.StaticFirmware();
        firmware.ReassemblyBytes = 4096;
        Board = VirtualBoardHost.Start(new VirtualBoardOptions { PcapPath = PcapPath, Tag = "it", EchoGpio = true, Firmware = firmware });
    }

    public T Inside<T>(Func<T> body, int timeoutMs = 60_000) => Board.Namespace.RunInside(body, timeoutMs);

    public void Dispose()
    {
        Board.Dispose();
        // Keep the capture as a CI artifact next to the test results.
        try { File.Copy(PcapPath, Path.Combine(AppContext.BaseDirectory, "board-run.pcap"), true); } catch { }
        // The capture of the WHOLE run (every test of the collection) must pass Wireshark's dissectors too;
        // a fixture that throws here fails the run ("collection cleanup failure").
        string problems = Tshark.Problems(PcapPath);
        File.Delete(PcapPath);
        if (problems.Length > 0) throw new InvalidOperationException("tshark flagged frames of the board run:\n" + problems);
    }
}

[CollectionDefinition("VirtualBoard", DisableParallelization = true)]
public sealed class VirtualBoardCollection : ICollectionFixture<BoardFixture> { }
