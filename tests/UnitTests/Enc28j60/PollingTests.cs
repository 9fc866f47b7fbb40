using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>A model bus whose module can be unplugged: while absent, MISO floats high (reads 0xFF) and nothing is decoded.</summary>
    internal sealed class PluggableBus : ISpiTransport, IDriverClock
    {
        private readonly Enc28j60Chip _chip;
        public bool Present;
        public byte Level = 0xFF; // what MISO reads while absent: 0xFF floating, 0x00 stuck low
        public int Transfers;

        public PluggableBus(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        public void Write(byte[] buffer, int offset, int length)
        {
            Transfers++;
            if (Present)
            {
                _chip.Transfer(buffer, offset, null, 0, length);
            }
        }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length)
        {
            Transfers++;
            if (Present)
            {
                _chip.Transfer(write, writeOffset, read, readOffset, length);
                return;
            }

            for (int i = 0; i < length; i++)
            {
                read[readOffset + i] = Level;
            }
        }

        public long NowMicros { get { return _chip.NowMicros; } }

        public void DelayMicros(int us)
        {
            _chip.AdvanceMicros(us);
        }
    }

    /// <summary>Poll's timers (event polling, TX completion, health watchdog) and the INT handling contract (DS §12).</summary>
    [TestClass]
    public class PollingTests
    {
        private static ModelRig Start(bool interrupts)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = interrupts;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0;
            return rig;
        }

        private static ModelRig Traced(bool interrupts, TraceRecorder trace)
        {
            ModelRig rig = Start(interrupts);
            trace.Chip = rig.Chip;
            rig.Chip.SpiObserver = trace;
            return rig;
        }

        private static int Count(TraceRecorder trace, SpiOpcode opcode, int address)
        {
            int n = 0;
            for (int i = 0; i < trace.Count; i++)
            {
                if (trace.Opcode[i] == (int)opcode && trace.Address[i] == address)
                {
                    n++;
                }
            }

            return n;
        }

        [TestMethod]
        public void PollingModeReadsEirOncePerEventPollInterval()
        {
            // Enc28j60Options.EventPollIntervalMs (10): EIR is read at most this often, and that often, so a link
            // change or RX error is seen within it. 110 polls 1 ms apart: reads at 0, 10, ..., 100 ms.
            TraceRecorder trace = new TraceRecorder();
            ModelRig rig = Traced(false, trace);
            long t0 = rig.Chip.NowMicros / 1000 + 1;
            for (int ms = 0; ms < 110; ms++)
            {
                rig.Driver.Poll(t0 + ms);
            }

            Assert.AreEqual(11, Count(trace, SpiOpcode.ReadControlRegister, ChipRegisters.EIR));
        }

        [TestMethod]
        public void InterruptModePollCostsNothingBetweenHealthTicksWhenIdle()
        {
            // In interrupt mode the INT pin announces events; Poll only runs the health watchdog (HealthIntervalMs).
            ModelRig rig = Start(true);
            long t0 = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(t0); // the first health tick
            int before = rig.Chip.Counters.ChipSelectAssertions;
            for (int ms = 1; ms < 1000; ms++)
            {
                rig.Driver.Poll(t0 + ms);
            }

            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
            rig.Driver.Poll(t0 + 1000);
            Assert.IsTrue(rig.Chip.Counters.ChipSelectAssertions > before, "the health tick after HealthIntervalMs");
        }

        [TestMethod]
        public void InterruptModeTransmitCompletionIsSeenByPollOnceTheFrameIsOnTheWire()
        {
            // Interrupt mode enables TXERIE but not TXIE: the end of a good frame is found by Poll once the frame's
            // wire time (docs/enc28j60.md §5.2: 0.8 µs per byte + preamble, FCS, gap) has passed, not before.
            ModelRig rig = Start(true);
            long t0 = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(t0);
            Assert.IsTrue(rig.Send(1500, 1));
            int before = rig.Chip.Counters.ChipSelectAssertions;
            rig.Driver.Poll(t0); // 1,500 bytes need 1.2 ms: not due yet
            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
            Assert.IsTrue(rig.Driver.TransmitPending);
            rig.Chip.AdvanceMicros(1300);
            rig.Driver.Poll(t0 + 1);
            Assert.IsFalse(rig.Driver.TransmitPending);
            Assert.AreEqual(1, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(1500, rig.Driver.Counters.TxBytes);
            Assert.AreEqual(1, rig.Wire.Count);
        }

        [TestMethod]
        public void InterruptsAreCountedAndIntieIsClearedOnceUntilTheFramesAreTaken()
        {
            // DS §12.0: clear INTIE when handling starts, set it again when done. Two edges before the frames are
            // taken (a second frame arrived meanwhile) need one clear and one set, not two of each.
            TraceRecorder trace = new TraceRecorder();
            ModelRig rig = Traced(true, trace);
            rig.Inject(100, 1);
            rig.Driver.HandleInterrupt();
            rig.Inject(110, 2);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(2, rig.Driver.Counters.Interrupts);
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            Assert.IsTrue(rig.ReceiveExpect(110, 2));
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, Count(trace, SpiOpcode.BitFieldClear, ChipRegisters.EIE));
            Assert.AreEqual(1, Count(trace, SpiOpcode.BitFieldSet, ChipRegisters.EIE));
            Assert.AreEqual(0x80, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80);
        }

        [TestMethod]
        public void UninitialisedDriverIgnoresInterruptsWithoutTouchingTheBus()
        {
            ModelRig rig = new ModelRig(ChipRevision.B7, null);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Driver.Counters.Interrupts);
            Assert.AreEqual(0, rig.Chip.Counters.ChipSelectAssertions);
        }

        [TestMethod]
        public void ModuleMissingAtStartIsPickedUpByPollOneHealthIntervalLater()
        {
            // Enc28j60Options.HealthIntervalMs: an uninitialised driver retries the initialisation that often, so a
            // module that answers late (or was re-seated) comes up with the MAC given to Initialize.
            Enc28j60Chip chip = new Enc28j60Chip(ChipRevision.B7);
            WireCapture wire = new WireCapture();
            chip.WireSink = wire;
            PluggableBus bus = new PluggableBus(chip);
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            Assert.ThrowsException(typeof(Enc28j60NotFoundException), () => driver.Initialize(ModelRig.Mac));
            driver.Poll(5000);
            Assert.AreEqual(1, driver.Counters.ReinitFailures);
            bus.Present = true;
            driver.Poll(5999);
            Assert.IsFalse(driver.IsInitialized, "not before the interval");
            Assert.AreEqual(1, driver.Counters.ReinitFailures);
            driver.Poll(6000);
            Assert.IsTrue(driver.IsInitialized);
            Assert.AreEqual(1, driver.Counters.ReinitFailures);
            byte[] frame = new byte[200];
            ModelRig.Fill(frame, 0, 200, 3, ModelRig.Mac, ModelRig.PeerMac);
            chip.ReceiveFromWire(frame, 0, 200);
            Assert.AreEqual(200, driver.Receive());
            Assert.IsTrue(ModelRig.Matches(driver.ReceiveBuffer, driver.ReceiveOffset, 200, 3, ModelRig.Mac, ModelRig.PeerMac));
        }

        [TestMethod]
        public void AModuleLostWithAFrameStillCountedIsLeftAloneAndComesBackInInterruptMode()
        {
            // MISO stuck low reads ECON1.RXEN = 0: the health tick re-initialises, EREVID reads 0x00 and the driver
            // is uninitialised with one frame still counted as waiting. Receive must not read a header from the dead
            // bus; once the module answers again the driver comes back as it was configured (interrupt mode).
            Enc28j60Chip chip = new Enc28j60Chip(ChipRevision.B7);
            chip.WireSink = new WireCapture();
            PluggableBus bus = new PluggableBus(chip);
            bus.Present = true;
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = true;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, options);
            driver.Initialize(ModelRig.Mac);
            driver.Poll(chip.NowMicros / 1000); // the first health tick
            byte[] frame = new byte[200];
            for (int seq = 1; seq <= 2; seq++)
            {
                ModelRig.Fill(frame, 0, 200, seq, ModelRig.Mac, ModelRig.PeerMac);
                chip.ReceiveFromWire(frame, 0, 200);
            }

            driver.HandleInterrupt();
            Assert.AreEqual(200, driver.Receive(), "the first of two");
            bus.Present = false;
            bus.Level = 0x00;
            chip.AdvanceMicros(1100000);
            driver.Poll(chip.NowMicros / 1000);
            Assert.IsFalse(driver.IsInitialized);
            Assert.AreEqual(1, driver.Counters.ReinitFailures);
            int before = bus.Transfers;
            Assert.AreEqual(0, driver.Receive());
            Assert.AreEqual(before, bus.Transfers, "no header read from a missing module");
            Assert.AreEqual(0, driver.Counters.RxHeaderErrors);
            Assert.IsFalse(driver.Transmit(60), "nothing is sent to a module that is not initialised");

            bus.Present = true;
            chip.AdvanceMicros(1100000);
            driver.Poll(chip.NowMicros / 1000);
            Assert.IsTrue(driver.IsInitialized);
            driver.Receive();
            before = bus.Transfers;
            Assert.AreEqual(0, driver.Receive());
            Assert.AreEqual(before, bus.Transfers, "interrupt mode: no EPKTCNT read without an edge");
            ModelRig.Fill(frame, 0, 200, 3, ModelRig.Mac, ModelRig.PeerMac);
            chip.ReceiveFromWire(frame, 0, 200);
            Assert.IsTrue(chip.IntPinAsserted);
            driver.HandleInterrupt();
            Assert.AreEqual(200, driver.Receive());
        }

        [TestMethod]
        public void LostMisoIsSeenAsAWedgedReceiverAndEscalatesToReinitialisation()
        {
            // A module whose MISO line is lost reads 0xFF everywhere: EPKTCNT 255 with no frame taken. The watchdog
            // (docs/enc28j60.md §7, Enc28j60Driver.HealthCheck) calls that a wedged receiver after two health ticks and
            // escalates on each repetition: RX reset, RX + TX reset, full re-initialisation. The re-initialisation
            // fails (EREVID 0xFF: no chip, docs/enc28j60.md §2.5) and is retried every health interval until the module answers.
            Enc28j60Chip chip = new Enc28j60Chip(ChipRevision.B7);
            PluggableBus bus = new PluggableBus(chip);
            bus.Present = true;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            driver.Initialize(ModelRig.Mac);
            driver.Poll(0);
            bus.Present = false;
            driver.Poll(1000);
            Assert.AreEqual(0, driver.Counters.RxResets, "one tick at 255 is not yet a wedge");
            driver.Poll(2000);
            Assert.AreEqual(1, driver.Counters.RxResets);
            Assert.AreEqual(0, driver.Counters.TxResets);
            driver.Poll(3000);
            driver.Poll(4000);
            Assert.AreEqual(2, driver.Counters.RxResets);
            Assert.AreEqual(1, driver.Counters.TxResets);
            Assert.AreEqual(1, driver.Counters.WatchdogEscalations);
            driver.Poll(5000);
            Assert.AreEqual(0, driver.Counters.FullReinits);
            driver.Poll(6000);
            Assert.AreEqual(1, driver.Counters.FullReinits);
            Assert.AreEqual(2, driver.Counters.WatchdogEscalations);
            Assert.AreEqual(1, driver.Counters.ReinitFailures);
            Assert.IsFalse(driver.IsInitialized);
            driver.Poll(7000);
            Assert.AreEqual(2, driver.Counters.ReinitFailures);
            bus.Present = true;
            driver.Poll(7999);
            Assert.IsFalse(driver.IsInitialized);
            driver.Poll(8000);
            Assert.IsTrue(driver.IsInitialized);
            Assert.AreEqual(2, driver.Counters.ReinitFailures);
            Assert.AreEqual(0, chip.Strict.ViolationCount);
            byte[] frame = new byte[100];
            ModelRig.Fill(frame, 0, 100, 4, ModelRig.Mac, ModelRig.PeerMac);
            chip.ReceiveFromWire(frame, 0, 100);
            Assert.AreEqual(100, driver.Receive());
        }
    }
}
