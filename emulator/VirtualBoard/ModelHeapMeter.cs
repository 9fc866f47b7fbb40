using NanoStack.Firmware.App;
using NanoStack.Tools.HeapModel;

namespace NanoStack.VirtualBoard;

/// <summary>
/// The virtual board's <see cref="IHeapMeter"/>: what the device heap would hold for the driver and application the
/// firmware built (the calibrated nanoCLR heap model, 12-byte blocks as on the ESP32). The host stand-ins of the
/// device's native parts (SPI, GPIO), the chip model and host threading/collections are hardware or host, not priced.
/// </summary>
public sealed class ModelHeapMeter : IHeapMeter
{
    public string Source => "model, 12-byte blocks";

    public void Start()
    {
    }

    public int Stop(object built)
    {
        var heap = new NanoHeap(12) { Skip = IsHostSide };
        return (int)heap.Add(built);
    }

    private static bool IsHostSide(Type t)
    {
        string assembly = t.Assembly.GetName().Name;
        if (assembly is "NanoFramework.Stubs" or "NanoStack.Enc28j60Model" or "NanoStack.VirtualBoard" or "NanoStack.TapLink") return true;
        string ns = t.Namespace ?? "";
        return ns.StartsWith("System.Collections.Generic", StringComparison.Ordinal) || ns.StartsWith("System.Threading", StringComparison.Ordinal)
            || ns.StartsWith("System.Diagnostics", StringComparison.Ordinal);
    }
}
