using NanoFramework.Host;
using NanoStack.Emulator;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.TapLink;

namespace NanoStack.VirtualBoard;

/// <summary>
/// One running virtual board: namespace + TAP (+ pcap, faults) + chip model on the stand-in SPI bus + the real
/// firmware on its own thread. Dispose stops the firmware and deletes the namespace. One chip-model board per
/// process: the nanoFramework stand-ins (HostBoard) are global, as the hardware is.
/// </summary>
public sealed class VirtualBoardHost : IDisposable
{
    private static int s_running;
    private readonly VirtualBoardOptions _options;
    private NetNamespace _ns;
    private TapDevice _tap;
    private PcapWriter _pcap;
    private IWire _wire;
    private FaultyWire _faulty;
    private ChipBridge _bridge;
    private Thread _firmware;
    private Exception _firmwareError;
    private volatile bool _stopDirect;
    private BoardApp _directApp;
    private bool _disposed;

    public NetNamespace Namespace => _ns;
    public ChipBridge Bridge => _bridge;
    public FaultyWire Faults => _faulty;
    public BoardApp App => _options.UseChipModel ? NanoStack.Firmware.Program.App : _directApp;
    public Exception FirmwareError => _firmwareError;
    public VirtualBoardOptions Options => _options;

    private VirtualBoardHost(VirtualBoardOptions options) { _options = options; }

    /// <summary>Brings the board up and waits (bounded) until the firmware is serving.</summary>
    public static VirtualBoardHost Start(VirtualBoardOptions options, int readyTimeoutMs = 20_000)
    {
        // The chip-model board runs the firmware's static Program on the global HostBoard: one per process.
        // Boards without the chip model share nothing and may run side by side.
        if (options.UseChipModel && Interlocked.Exchange(ref s_running, 1) != 0)
            throw new InvalidOperationException("one chip-model virtual board per process");
        var host = new VirtualBoardHost(options);
        try
        {
            host.StartCore();
            var deadline = DateTime.UtcNow.AddMilliseconds(readyTimeoutMs);
            while (host.App == null)
            {
                if (host._firmwareError != null) throw new InvalidOperationException("firmware failed: " + host._firmwareError.Message, host._firmwareError);
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the firmware did not come up within " + readyTimeoutMs + " ms");
                Thread.Sleep(20);
            }
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private void StartCore()
    {
        _ns = NetNamespace.Create(_options.Tag);
        // IPv6 off inside: the LAN is IPv4-only and router solicitations would only add noise to captures.
        _ns.Exec(5000, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
        _ns.Exec(5000, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
        _tap = _ns.CreateTap("tap0", _options.HostCidr);
        _wire = _tap;
        if (_options.PcapPath != null)
        {
            _pcap = new PcapWriter(_options.PcapPath);
            _wire = new PcapWire(_wire, _pcap);
        }
        if (!_options.Faults.IsNone)
        {
            _faulty = new FaultyWire(_wire, _options.Faults);
            _wire = _faulty;
        }

        BoardConfig cfg = _options.Firmware;
        cfg.SimulatedChip = _options.UseChipModel; // the status page names the model's injected faults as such
        cfg.AccessLog = _options.AccessLog;
        if (_options.UseChipModel)
        {
            HostBoard.Reset();
            if (_options.EchoGpio)
            {
                HostBoard.PinWritten += (pin, high) =>
                {
                    if (pin == cfg.PinLed) Console.WriteLine("[virtual board] GPIO" + pin + " (LED) -> " + (high ? "HIGH" : "LOW"));
                };
            }
            var chip = new Enc28j60Chip(_options.Revision, _options.ChipSeed) { SpiClockHz = cfg.SpiClockHz };
            chip.SetLinkUp(true);
            _bridge = new ChipBridge(chip, _wire, cfg.PinInt);
            HostBoard.AttachSpi(cfg.SpiBus, cfg.PinCs, _bridge);
            // The host GC says nothing about the device: the banner and status page show the calibrated heap model.
            NanoStack.Firmware.Program.HeapMeter = new ModelHeapMeter();
            NanoStack.Firmware.Program.ClientDemo = _options.ClientDemo;
            _firmware = new Thread(() =>
            {
                try { NanoStack.Firmware.Program.Run(cfg); }
                catch (Exception e) { _firmwareError = e; Console.Error.WriteLine("[virtual board] firmware crashed: " + e); }
            })
            { IsBackground = true, Name = "firmware" };
        }
        else
        {
            var link = new TapLinkDevice(_wire);
            _firmware = new Thread(() =>
            {
                try { RunDirect(cfg, link); }
                catch (Exception e) { _firmwareError = e; Console.Error.WriteLine("[virtual board] app crashed: " + e); }
            })
            { IsBackground = true, Name = "app-direct" };
        }
        _firmware.Start();
    }

    /// <summary>The same application loop without driver and chip: frames go straight between stack and TAP.</summary>
    private void RunDirect(BoardConfig cfg, TapLinkDevice link)
    {
        var clock = new NanoStack.Firmware.Board.BoardClock();
        var meter = new ModelHeapMeter();
        var app = new BoardApp(cfg, link, new SoftLed(), clock.NowMs);
        app.SetHeap(meter.Stop(app), meter.Source);
        app.PrintBanner();
        _directApp = app;
        while (!_stopDirect)
        {
            long now = clock.NowMs;
            long next = app.Step(now);
            if (next <= now) continue;
            long wait = Math.Min(next - now, cfg.MaxSleepMs);
            link.WaitReadable((int)wait);
        }
    }

    /// <summary>Runs a command inside the board's namespace (bounded).</summary>
    public ProcessResult Exec(int timeoutMs, string file, params string[] args) => _ns.Exec(timeoutMs, file, args);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        NanoStack.Firmware.Program.RequestStop();
        _stopDirect = true;
        if (_firmware != null && _firmware.IsAlive && !_firmware.Join(10_000))
            Console.Error.WriteLine("[virtual board] firmware thread did not stop in time");
        _bridge?.Dispose();
        _wire?.Dispose();
        _pcap?.Dispose();
        _ns?.Dispose();
        if (_options.UseChipModel)
        {
            HostBoard.Reset();
            Interlocked.Exchange(ref s_running, 0);
        }
    }

    private sealed class SoftLed : ILed
    {
        public bool IsOn { get; private set; }
        public void Set(bool on) { IsOn = on; Console.WriteLine(on ? "[led] on" : "[led] off"); }
        public void Toggle() => Set(!IsOn);
    }
}
