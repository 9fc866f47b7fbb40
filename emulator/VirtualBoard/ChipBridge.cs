using System.Diagnostics;
using NanoFramework.Host;
using NanoStack.Emulator;
using NanoStack.TapLink;

namespace NanoStack.VirtualBoard;

/// <summary>
/// Puts the ENC28J60 chip model between the firmware's SPI bus and a host wire: SPI transfers from the
/// stand-in <c>SpiDevice</c> go to the chip; frames the chip transmits go to the wire; frames from the wire are
/// received by the chip on a pump thread; the chip's INT output drives the firmware's INT input pin.
/// The chip's virtual clock is pulled up to wall-clock time before every access, so its timers (PHY, OST,
/// TX duration) run in real time, and each SPI transfer costs its SCK time on both clocks: the chip's is moved on by it,
/// and the firmware thread is held until the wall clock has caught up (as a synchronous transfer holds it on the board).
/// INT follows time-driven events at their time: the pump wakes when the frame on the wire ends, not at its next 1 ms tick.
/// </summary>
public sealed class ChipBridge : ISpiPeripheral, IWireSink, IDisposable
{
    private readonly Enc28j60Chip _chip;
    private readonly IWire _wire;
    private readonly int _intPin;
    private readonly object _gate = new();
    private readonly object _intGate = new();
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly long _startMicros;
    private readonly Thread _pump;
    private volatile bool _stop;
    private bool _intLow;

    public long FramesToChip, FramesFromChip;

    public ChipBridge(Enc28j60Chip chip, IWire wire, int intPin)
    {
        _chip = chip;
        _wire = wire;
        _intPin = intPin;
        _startMicros = chip.NowMicros;
        chip.WireSink = this;
        HostBoard.SetPinInput(intPin, true); // INT is active low and idles high (pull-up)
        _pump = new Thread(Pump) { IsBackground = true, Name = "chip-wire-pump" };
        _pump.Start();
    }

    public Enc28j60Chip Chip => _chip;

    public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int length)
    {
        lock (_gate)
        {
            SyncTime();
            _chip.Transfer(mosi, mosiOffset, miso, misoOffset, length);
        }
        UpdateInt();
        HoldForTheTransfer();
    }

    public void FrameTransmitted(byte[] frame, int offset, int length)
    {
        Interlocked.Increment(ref FramesFromChip);
        _wire.Send(frame, offset, length);
    }

    private void Pump()
    {
        var buffer = new byte[2048];
        while (!_stop)
        {
            // At most 1 ms (the chip model only moves a frame into its buffer as its clock advances), and no later
            // than the end of the frame on the wire: its TXIF may be what the firmware waits for (a queued frame).
            bool readable = _wire.WaitReadableMicros(MicrosToNextEvent());
            int n;
            while (!_stop && (n = _wire.Receive(buffer, 0, buffer.Length)) > 0)
            {
                if (n < 14 || n > 1514) continue;
                lock (_gate)
                {
                    SyncTime();
                    _chip.ReceiveFromWire(buffer, 0, n);
                }
                Interlocked.Increment(ref FramesToChip);
                UpdateInt();
            }
            if (!readable)
            {
                // Time-driven chip events (TX done, PHY link timers) may raise INT with no SPI traffic.
                lock (_gate) SyncTime();
                UpdateInt();
            }
        }
    }

    /// <summary>
    /// On the board a transfer holds the calling thread for its SCK time (nanoFramework's SpiDevice calls are
    /// synchronous). The chip's clock has just been moved on by that time; the firmware thread is held here until the
    /// wall clock has caught up, so it cannot do in parallel what the device does after the transfer, and the
    /// driver's wall-clock expectations (a frame's end on the wire) line up with the chip's. Short holds spin, as the
    /// device's CPU is busy through them too; the lead is at most one transfer (a full frame, about 1.2 ms at 10 MHz).
    /// </summary>
    private void HoldForTheTransfer()
    {
        long chipNow;
        lock (_gate) chipNow = _chip.NowMicros;
        while (WallMicros < chipNow) Thread.SpinWait(20);
    }

    private int MicrosToNextEvent()
    {
        long due;
        lock (_gate) due = _chip.TxDoneMicros;
        if (due == long.MaxValue) return 1000;
        long left = due - WallMicros;
        return left <= 0 ? 0 : left >= 1000 ? 1000 : (int)left;
    }

    /// <summary>Wall-clock time on the chip's scale (its microseconds since power-on when the bridge started).</summary>
    private long WallMicros => _startMicros + _wall.Elapsed.Ticks / 10;

    private void SyncTime()
    {
        long target = WallMicros;
        long now = _chip.NowMicros;
        if (target > now) _chip.AdvanceMicros(target - now);
    }

    private void UpdateInt()
    {
        // One lock orders the pin updates of both threads; the GPIO event it raises only sets a wake flag.
        lock (_intGate)
        {
            bool low;
            lock (_gate) low = _chip.IntPinAsserted;
            if (low == _intLow) return;
            _intLow = low;
            HostBoard.SetPinInput(_intPin, !low);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _pump.Join(2000);
    }
}
