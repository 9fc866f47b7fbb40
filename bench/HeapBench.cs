using NanoStack.Tools.HeapModel;

namespace NanoStack.Bench;

/// <summary>
/// bench heap (issue 17): the device heap the firmware's configurations need, from the calibrated heap model
/// (tools/HeapModel; 12-byte blocks = ESP32, 24-byte = the 64-bit nanoCLR build the model was calibrated on).
/// </summary>
public static class HeapBench
{
    public static int Run()
    {
        var heap = new NanoHeap(12);
        TextWriter console = Console.Out;
        Console.SetOut(TextWriter.Null); // the firmware's DHCP/link lines would interleave with the figures
        long firmware, firmware64, minimal, staticApp, capture;
        try
        {
            firmware = HeapScenarios.DefaultFirmware(12, heap);
            firmware64 = HeapScenarios.DefaultFirmware(24);
            minimal = HeapScenarios.MinimalUdp(12);
            staticApp = HeapScenarios.BoardApp(12, dhcp: false);
            capture = HeapScenarios.DefaultFirmware(12, captureBytes: 16384);
        }
        finally
        {
            Console.SetOut(console);
        }

        Console.WriteLine("figure heap.default " + firmware);
        Console.WriteLine("figure heap.default.64 " + firmware64);
        Console.WriteLine("figure heap.minimal " + minimal);
        Console.WriteLine("figure heap.boardapp.static " + staticApp);
        Console.WriteLine("figure heap.default.capture16k " + capture);
        Console.WriteLine("figure heap.capture16k.cost " + (capture - firmware));
        Console.WriteLine();
        Console.WriteLine("default firmware (driver + BoardApp after its first Step), 12-byte blocks, largest arrays by owner:");
        Console.Write(heap.ArraysByOwner(20));
        Console.WriteLine("by type:");
        Console.Write(heap.Breakdown(12));
        return 0;
    }
}
