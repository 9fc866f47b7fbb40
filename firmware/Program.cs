using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Firmware.App;
using NanoStack.Firmware.Board;
using NanoStack.Firmware.Client;
using NanoStack.Client.Sockets;

namespace NanoStack.Firmware
{
    /// <summary>
    /// Entry point: wires the ESP32 (pins, SPI, INT, LED) to the ENC28J60 driver and runs the cooperative loop
    /// forever on this one thread. The loop never blocks on I/O: it sleeps only until the INT pin falls or the
    /// next deadline of the stack comes. The virtual board runs exactly this code on the nanoFramework stand-ins.
    /// </summary>
    public static class Program
    {
        private static readonly AutoResetEvent s_wake = new AutoResetEvent(false);
        private static int s_interruptPending;
        private static int s_stop;

        public static void Main()
        {
            Run(BoardConfig.Default());
        }

        /// <summary>Asks <see cref="Run"/> to return (the virtual board's Ctrl-C). A real board never stops.</summary>
        public static void RequestStop()
        {
            Interlocked.Exchange(ref s_stop, 1);
            s_wake.Set();
        }

        /// <summary>The running application, once booted (for the virtual board and tests); null before.</summary>
        public static BoardApp App;

        /// <summary>How start-up heap is measured: the real heap on the board; the virtual board sets the heap model.</summary>
        public static IHeapMeter HeapMeter = new GcHeapMeter();

        /// <summary>
        /// The client demo to run, or null (the default: BoardConfig.ClientDemo is off). The virtual board sets it for
        /// --get/--ping/--udp. When set, the loop takes the NetworkLoop's lock around each round and wakes the demo's
        /// blocking calls after it.
        /// </summary>
        public static ClientDemoConfig ClientDemo = BoardConfig.ClientDemo ? ClientDemoConfig.FromBoardConfig() : null;

        public static void Run(BoardConfig config)
        {
            Interlocked.Exchange(ref s_stop, 0);
            IHeapMeter heap = HeapMeter;
            heap.Start();
            BoardClock clock = new BoardClock();
            System.Console.WriteLine("nanoStack " + BoardConfig.Version + " booting");

            // ESP32: route SPI1 to the module's pins before the device is opened (docs/nanoframework.md §1).
            Configuration.SetPinFunction(config.PinMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(config.PinMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(config.PinSck, DeviceFunction.SPI1_CLOCK);
            SpiConnectionSettings spiSettings = new SpiConnectionSettings(config.SpiBus, config.PinCs);
            spiSettings.ClockFrequency = config.SpiClockHz;
            spiSettings.Mode = SpiMode.Mode0; // ENC28J60: mode 0,0 only (DS §4.1)
            spiSettings.DataBitLength = 8;
            SpiDevice spi = SpiDevice.Create(spiSettings);

            GpioController gpio = new GpioController();
            GpioPin intPin = gpio.OpenPin(config.PinInt, PinMode.InputPullUp);
            intPin.ValueChanged += OnIntChanged;
            StatusLed led = new StatusLed(gpio, config.PinLed);

            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = true;
            options.FullDuplex = config.FullDuplex;
            options.SpiClockHz = config.SpiClockHz; // lets Initialize enforce errata #1 (>= 8 MHz) on B1/B4 silicon
            Enc28j60Driver driver = new Enc28j60Driver(new EspSpiTransport(spi), clock, options);
            while (!InitializeChip(driver, config, led))
            {
                if (Interlocked.CompareExchange(ref s_stop, 0, 0) != 0) { Shutdown(spi, gpio); return; }
                s_wake.WaitOne(2000, false);
            }

            ClientDemoConfig demoConfig = ClientDemo;
            if (demoConfig != null)
            {
                // The demo's UdpClient and TcpClient need a socket and a slot of their own beside DHCP/DNS/mDNS and HTTP.
                config.UdpSockets++;
                config.TcpConnections++;
            }
            BoardApp app = new BoardApp(config, driver, led, clock.NowMs);
            app.SetHeap(heap.Stop(app), heap.Source);
            app.PrintBanner();
            App = app;
            if (config.UseDhcp) System.Console.WriteLine("waiting for DHCP (the address is printed when bound)");
            else System.Console.WriteLine("ready: http://" + IpText(config.Address) + "/");

            NetworkLoop loop = null;
            ClientDemo demo = null;
            if (demoConfig != null)
            {
                loop = new NetworkLoop(app.Stack, app.Tcp, app.Lan == null ? null : app.Lan.Dns, clock, s_wake, 4);
                demo = new ClientDemo(loop, demoConfig);
                demo.Start();
            }

            while (Interlocked.CompareExchange(ref s_stop, 0, 0) == 0)
            {
                long now = clock.NowMs;
                long next;
                // With the client demo, its thread calls into the stack too: every round holds the loop's lock.
                if (loop != null) Monitor.Enter(loop.SyncRoot);
                try
                {
                    // The driver services INT from this thread (it is not thread-safe); the GPIO event only wakes us.
                    if (Interlocked.Exchange(ref s_interruptPending, 0) != 0 || intPin.Read() == PinValue.Low)
                    {
                        driver.HandleInterrupt();
                    }
                    next = app.Step(now);
                }
                finally
                {
                    if (loop != null) Monitor.Exit(loop.SyncRoot);
                }
                if (loop != null) loop.SignalWaiters();
                if (next <= now) continue;
                long wait = next - now;
                if (wait > config.MaxSleepMs) wait = config.MaxSleepMs;
                s_wake.WaitOne((int)wait, false);
            }
            if (demo != null) demo.Stop();
            App = null;
            intPin.ValueChanged -= OnIntChanged;
            Shutdown(spi, gpio);
            System.Console.WriteLine("nanoStack stopped");
        }

        private static bool InitializeChip(Enc28j60Driver driver, BoardConfig config, StatusLed led)
        {
            try
            {
                driver.Initialize(config.Mac);
                return true;
            }
            catch (Enc28j60NotFoundException e)
            {
                // No chip answering: wiring, power or CS. Blink and retry; the banner tells the user what to check.
                System.Console.WriteLine("[enc28j60] not found: " + e.Message + " (check wiring: MOSI " + config.PinMosi
                    + ", MISO " + config.PinMiso + ", SCK " + config.PinSck + ", CS " + config.PinCs + "); retrying in 2 s");
                led.Toggle();
                return false;
            }
        }

        private static void OnIntChanged(object sender, PinValueChangedEventArgs e)
        {
            if (e.ChangeType == PinEventTypes.Falling)
            {
                Interlocked.Exchange(ref s_interruptPending, 1);
                s_wake.Set();
            }
        }

        private static void Shutdown(SpiDevice spi, GpioController gpio)
        {
            spi.Dispose();
            gpio.Dispose();
        }

        private static string IpText(uint a)
        {
            return ((a >> 24) & 0xFF).ToString() + "." + ((a >> 16) & 0xFF).ToString() + "." + ((a >> 8) & 0xFF).ToString() + "." + (a & 0xFF).ToString();
        }
    }
}
