using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>Link changes, the INT pin, silicon revisions and the health watchdog.</summary>
    [TestClass]
    public class EventTests
    {
        [TestMethod]
        public void LinkFlapIsReportedAndSendingIsRefusedWhileDown()
        {
            ModelRig rig = ModelRig.Started();
            Assert.IsTrue(rig.Driver.IsLinkUp);
            rig.Chip.SetLinkUp(false);
            rig.Run(20000);
            Assert.IsFalse(rig.Driver.IsLinkUp);
            Assert.IsFalse(rig.Send(100, 1));
            rig.Chip.SetLinkUp(true);
            rig.Run(20000);
            Assert.IsTrue(rig.Driver.IsLinkUp);
            Assert.AreEqual(2, rig.Driver.Counters.LinkChanges);
            Assert.IsTrue(rig.Send(100, 2));
            rig.Run(2000);
            Assert.AreEqual(1, rig.Wire.Count);
        }

        [TestMethod]
        public void RepeatedLinkFlapsAreAllSeen()
        {
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 10; i++)
            {
                rig.Chip.SetLinkUp(false);
                rig.Run(20000);
                Assert.IsFalse(rig.Driver.IsLinkUp);
                rig.Chip.SetLinkUp(true);
                rig.Run(20000);
                Assert.IsTrue(rig.Driver.IsLinkUp);
            }

            Assert.AreEqual(20, rig.Driver.Counters.LinkChanges);
        }

        [TestMethod]
        public void InterruptPinAnnouncesFramesAndIsReArmed()
        {
            ModelRig rig = ModelRig.StartedInInterruptMode();
            Assert.IsFalse(rig.Chip.IntPinAsserted);
            rig.Inject(500, 1);
            Assert.IsTrue(rig.Chip.IntPinAsserted);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(500, 1));
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsFalse(rig.Chip.IntPinAsserted);
            Assert.AreEqual(0x80, rig.Chip.PeekRegister(0, 0x1B) & 0x80); // INTIE set again
            rig.Inject(600, 2);
            Assert.IsTrue(rig.Chip.IntPinAsserted);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(600, 2));
        }

        [TestMethod]
        public void InterruptModeReceiveCostsNoSpiWithoutAnInterrupt()
        {
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Inject(100, 1);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            Assert.AreEqual(0, rig.Driver.Receive());
            int before = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 0; i < 100; i++)
            {
                Assert.AreEqual(0, rig.Driver.Receive());
            }

            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
        }

        [TestMethod]
        public void InterruptModeLinkChangeArrivesThroughThePin()
        {
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Chip.SetLinkUp(false);
            rig.Chip.AdvanceMicros(100);
            Assert.IsTrue(rig.Chip.IntPinAsserted);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Driver.Receive()); // the main loop's usual call after an interrupt
            Assert.IsFalse(rig.Driver.IsLinkUp);
            Assert.IsFalse(rig.Chip.IntPinAsserted);
            Assert.AreEqual(0x80, rig.Chip.PeekRegister(0, 0x1B) & 0x80);
            rig.Chip.SetLinkUp(true);
            rig.Chip.AdvanceMicros(100);
            Assert.IsTrue(rig.Chip.IntPinAsserted);
            rig.Driver.HandleInterrupt();
            rig.Driver.Poll(rig.Chip.NowMicros / 1000); // Poll alone also looks at the interrupt's flags
            Assert.IsTrue(rig.Driver.IsLinkUp);
            Assert.AreEqual(2, rig.Driver.Counters.LinkChanges);
        }

        [TestMethod]
        public void MissedInterruptIsCaughtByTheHealthCheck()
        {
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Inject(100, 1);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            Assert.AreEqual(0, rig.Driver.Receive());
            rig.Inject(120, 2); // the board "misses" this edge: no HandleInterrupt
            Assert.AreEqual(0, rig.Driver.Receive());
            rig.Run(1100000);
            Assert.AreEqual(1, rig.Driver.Counters.MissedInterrupts);
            Assert.IsTrue(rig.ReceiveExpect(120, 2));
        }

        [TestMethod]
        [DataRow(0, 0x02, "B1")]
        [DataRow(1, 0x04, "B4")]
        [DataRow(2, 0x05, "B5")]
        [DataRow(3, 0x06, "B7")]
        public void EachSiliconRevisionIsIdentifiedAndCarriesTraffic(int revision, int erevid, string name)
        {
            ModelRig rig = new ModelRig((ChipRevision)revision, null);
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.AreEqual(erevid, rig.Driver.Revision);
            Assert.AreEqual(name, rig.Driver.RevisionName);
            for (int i = 0; i < 200; i++)
            {
                rig.Inject(60 + i * 7, i);
                Assert.IsTrue(rig.ReceiveExpect(60 + i * 7, i));
                Assert.IsTrue(rig.Send(1514 - i * 7, i));
                rig.Run(1500);
            }

            rig.Flush();
            Assert.AreEqual(200, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(0, rig.Driver.Counters.TxDropped);
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        [DataRow(0, true)]
        [DataRow(1, true)]
        [DataRow(2, false)]
        [DataRow(3, false)]
        public void SlowSpiClockIsRefusedOnlyOnSiliconWithErrata1(int revision, bool refused)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.SpiClockHz = 4000000;
            ModelRig rig = new ModelRig((ChipRevision)revision, options);
            rig.Chip.SpiClockHz = 4000000;
            if (refused)
            {
                Assert.ThrowsException(typeof(System.InvalidOperationException), () => rig.Driver.Initialize(ModelRig.Mac));
            }
            else
            {
                rig.Driver.Initialize(ModelRig.Mac);
                rig.Inject(300, 1);
                Assert.IsTrue(rig.ReceiveExpect(300, 1));
            }
        }

        // One ECON bit cleared by a BFC (opcode 101, DS Table 4-1) sent to the chip behind the driver's back (a glitch
        // on the bus), then a health tick: returns the rig for what the test checks next.
        private static ModelRig ClearedAloneThenHealthTick(int register, int bit)
        {
            ModelRig rig = ModelRig.Started();
            rig.Run(1100000);
            rig.Bus.Write(new byte[] { (byte)(0xA0 | register), (byte)bit }, 0, 2);
            rig.Run(1100000);
            Assert.AreEqual(1, rig.Driver.Counters.ChipResetsDetected);
            return rig;
        }

        [TestMethod]
        public void ReceptionTurnedOffAloneIsTakenForALostConfiguration()
        {
            // HealthCheck: RXEN gone (ECON1) is enough to re-initialise, whatever ECON2 still says.
            ModelRig rig = ClearedAloneThenHealthTick(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            rig.Inject(200, 1);
            Assert.IsTrue(rig.ReceiveExpect(200, 1));
        }

        [TestMethod]
        public void VrpsClearedAloneIsTakenForALostConfiguration()
        {
            // ECON2 keeps AUTOINC | VRPS as Configure wrote them; VRPS gone alone (RXEN still on) also means the
            // chip's configuration can no longer be trusted.
            ModelRig rig = ClearedAloneThenHealthTick(ChipRegisters.ECON2, ChipRegisters.ECON2_VRPS);
            Assert.AreEqual(1, rig.Driver.Counters.FullReinits);
        }

        [TestMethod]
        public void ChipResetBehindTheDriversBackIsDetectedAndReinitialized()
        {
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            rig.Chip.HardwareReset();
            rig.Run(1100000);
            Assert.AreEqual(1, rig.Driver.Counters.ChipResetsDetected);
            Assert.AreEqual(1, rig.Driver.Counters.FullReinits);
            rig.Inject(200, 2);
            Assert.IsTrue(rig.ReceiveExpect(200, 2));
            Assert.IsTrue(rig.Send(200, 3));
            rig.Run(2000);
            Assert.AreEqual(1, rig.Wire.Count);
        }

        [TestMethod]
        public void RepeatedReceiveFaultsEscalateToFullReinitialization()
        {
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 3; i++)
            {
                rig.Inject(100, i);
                rig.Chip.Memory[0] = 0x01; // odd next pointer: header fails the sanity check
                Assert.AreEqual(0, rig.Driver.Receive());
            }

            Assert.AreEqual(3, rig.Driver.Counters.RxHeaderErrors);
            Assert.AreEqual(2, rig.Driver.Counters.RxResets);
            Assert.AreEqual(1, rig.Driver.Counters.TxResets);
            Assert.AreEqual(1, rig.Driver.Counters.FullReinits);
            rig.Inject(100, 9);
            Assert.IsTrue(rig.ReceiveExpect(100, 9));
        }
    }
}
