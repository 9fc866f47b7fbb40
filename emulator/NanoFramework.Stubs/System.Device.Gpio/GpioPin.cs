using NanoFramework.Host;

namespace System.Device.Gpio
{
    /// <summary>
    /// Stand-in for System.Device.Gpio.GpioPin 1.1.62 (created only by GpioController.OpenPin). Output writes
    /// go to <see cref="HostBoard"/> (GetPinOutput, PinWritten); input levels come from HostBoard.SetPinInput,
    /// whose edges raise <see cref="ValueChanged"/>. On the device the event arrives on the CLR event thread
    /// some time after the edge; here it is raised synchronously inside SetPinInput, which keeps virtual-board
    /// runs deterministic (a driver must not rely on either timing).
    /// </summary>
    public sealed class GpioPin : IDisposable
    {
        private readonly GpioController _controller;
        private PinMode _mode;
        private bool _latch;
        private bool _disposed;

        internal GpioPin(GpioController controller, int pinNumber, PinMode mode)
        {
            _controller = controller;
            PinNumber = pinNumber;
            _mode = mode;
            HostBoard.RegisterPin(this);
            ApplyMode();
        }

        ~GpioPin()
        {
            Close();
        }

        public event PinValueChangedEventHandler ValueChanged;

        public int PinNumber { get; }

        public TimeSpan DebounceTimeout { get; set; }

        // Controller-level callbacks (GpioController.RegisterCallbackForPinValueChangedEvent), filtered by edge.
        internal PinChangeEventHandler RisingCallbacks { get; set; }

        internal PinChangeEventHandler FallingCallbacks { get; set; }

        internal bool IsOutput => _mode == PinMode.Output || _mode == PinMode.OutputOpenDrain || _mode == PinMode.OutputOpenDrainPullUp
            || _mode == PinMode.OutputOpenSource || _mode == PinMode.OutputOpenSourcePullDown;

        public PinMode GetPinMode() => _mode;

        public bool IsPinModeSupported(PinMode pinMode) => HostBoard.IsPinModeSupported(PinNumber, pinMode);

        public void SetPinMode(PinMode value)
        {
            ThrowIfDisposed();
            if (!IsPinModeSupported(value)) throw new InvalidOperationException("Pin " + PinNumber + " does not support mode " + (int)value);
            _mode = value;
            ApplyMode();
        }

        public PinValue Read()
        {
            ThrowIfDisposed();
            return IsOutput ? _latch : HostBoard.GetPinLevel(PinNumber);
        }

        public void Write(PinValue value)
        {
            ThrowIfDisposed();
            _latch = (bool)value;
            if (IsOutput) HostBoard.DriveOutput(PinNumber, _latch);
        }

        public void Toggle()
        {
            Write(!_latch);
        }

        public void Dispose()
        {
            Close();
            GC.SuppressFinalize(this);
        }

        internal void RaiseEdge(bool rising)
        {
            if (_disposed || IsOutput) return;
            PinEventTypes type = rising ? PinEventTypes.Rising : PinEventTypes.Falling;
            var args = new PinValueChangedEventArgs(type, PinNumber);
            ValueChanged?.Invoke(this, args);
            (rising ? RisingCallbacks : FallingCallbacks)?.Invoke(_controller, args);
        }

        private void ApplyMode()
        {
            if (IsOutput) HostBoard.DriveOutput(PinNumber, _latch);
            else HostBoard.SetPull(PinNumber, _mode == PinMode.InputPullUp ? 1 : _mode == PinMode.InputPullDown ? -1 : 0);
        }

        private void Close()
        {
            if (_disposed) return;
            _disposed = true;
            HostBoard.UnregisterPin(this);
            _controller?.Forget(PinNumber, this);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(GpioPin));
        }
    }
}
