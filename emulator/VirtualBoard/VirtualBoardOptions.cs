using NanoStack.Emulator;
using NanoStack.Firmware;
using NanoStack.TapLink;

namespace NanoStack.VirtualBoard;

/// <summary>Everything the virtual board can be told: firmware knobs, chip revision, wire impairments, capture.</summary>
public sealed class VirtualBoardOptions
{
    /// <summary>The firmware's knobs; the virtual board starts static (192.0.2.2/24, up at once) unless told to use DHCP.</summary>
    public BoardConfig Firmware { get; set; } = StaticFirmware();
    public ChipRevision Revision { get; set; } = ChipRevision.B7;
    public uint ChipSeed { get; set; } = 0x1234567;
    /// <summary>False = the stack straight on the TAP (no driver, no chip model): the bench's baseline.</summary>
    public bool UseChipModel { get; set; } = true;

    /// <summary>One console line per HTTP request (BoardConfig.AccessLog); on for the virtual board.</summary>
    public bool AccessLog { get; set; } = true;
    public string HostCidr { get; set; } = "192.0.2.1/24";
    public string PcapPath { get; set; }
    /// <summary>The client demo the firmware runs (--get, --ping, --udp), or null. Needs the chip model (Program.Run).</summary>
    public NanoStack.Firmware.Client.ClientDemoConfig ClientDemo { get; set; }
    public FaultOptions Faults { get; set; } = new();
    /// <summary>Short tag in the namespace name (nsboard-PID-TAG-N).</summary>
    public string Tag { get; set; } = "vb";
    /// <summary>Print the firmware's console output (the CLI does; tests keep it quiet).</summary>
    public bool EchoGpio { get; set; } = true;

    /// <summary>The on-board capture ring of the virtual board (/capture.pcap); the device default is 0 (off).</summary>
    public const int DefaultCaptureBytes = 16384;

    /// <summary><see cref="BoardConfig.Default"/> with DHCP off (the static address is used from the start) and the on-board capture on.</summary>
    public static BoardConfig StaticFirmware()
    {
        var fw = BoardConfig.Default();
        fw.UseDhcp = false;
        fw.CaptureBytes = DefaultCaptureBytes;
        return fw;
    }
}
