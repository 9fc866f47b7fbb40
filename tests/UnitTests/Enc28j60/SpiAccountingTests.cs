using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// The driver is judged by chip-select assertions (docs/enc28j60.md §11, README "Measured SPI cost"), as the chip
    /// model counts them: no assertion may be wasted on a command that changes nothing.
    /// </summary>
    [TestClass]
    public class SpiAccountingTests
    {
        /// <summary>Init, both interrupt and poll paths, PHY accesses, receive, transmit with retries and offload.</summary>
        private static void Workload(ModelRig rig, TraceRecorder trace)
        {
            trace.Chip = rig.Chip;
            rig.Chip.SpiObserver = trace;
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0;
            for (int i = 0; i < 20; i++)
            {
                rig.Inject(60 + i * 70, i);
                rig.Driver.HandleInterrupt();
                Assert.IsTrue(rig.ReceiveExpect(60 + i * 70, i));
                if (i == 5)
                {
                    rig.Chip.InjectLateCollisions(2);
                }

                if (i == 7)
                {
                    Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, 100, 24));
                }

                Assert.IsTrue(rig.Send(1514 - i * 60, i));
                rig.Run(700);
            }

            rig.Chip.SetLinkUp(false);
            rig.Run(20000);
            rig.Chip.SetLinkUp(true);
            rig.Run(1100000); // a health tick
            rig.Flush();
        }

        private static ModelRig Rig(bool interrupts)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = interrupts;
            options.ChecksumOffload = true;
            return new ModelRig(ChipRevision.B7, options);
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void TheWorkloadKeepsTheDatasheetsRulesInBothModes(bool interrupts)
        {
            // The driver keeps no transaction count of its own (6 interpreted instructions a transaction, issue 13):
            // the chip counts its chip-select assertions, and the tests read that.
            ModelRig rig = Rig(interrupts);
            Workload(rig, new TraceRecorder());
            Assert.AreEqual(20, rig.Driver.Counters.RxFrames);
            Assert.AreEqual(20, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(2, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(2, rig.Driver.Counters.LinkChanges);
            Assert.IsTrue(rig.Chip.Counters.ChipSelectAssertions > 0);
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void BankSwitchesHappenOnlyWhenTheBankChangesOneCommandPerDirection()
        {
            // docs/enc28j60.md §1.2: BSEL1:0 in ECON1 select the bank; a switch clears the bits to clear (BFC) and
            // sets the bits to set (BFS). A BFS/BFC of ECON1 with an empty mask, or one that leaves BSEL as it
            // was, costs an assertion for nothing.
            ModelRig rig = Rig(true);
            TraceRecorder trace = new TraceRecorder();
            Workload(rig, trace);
            Assert.IsTrue(trace.Count > 500 && trace.Count < TraceRecorder.Capacity);
            int bank = 0;
            int switches = 0;
            for (int i = 0; i < trace.Count; i++)
            {
                int op = trace.Opcode[i];
                bool bitOp = op == (int)SpiOpcode.BitFieldSet || op == (int)SpiOpcode.BitFieldClear;
                if (op == (int)SpiOpcode.SystemReset)
                {
                    bank = 0;
                    continue;
                }

                if (!bitOp && op == (int)SpiOpcode.WriteControlRegister && trace.Address[i] == 0x1F)
                {
                    bank = trace.Value[i] & 3;
                    continue;
                }

                if (!bitOp || trace.Address[i] < 0x1B)
                {
                    continue;
                }

                Assert.AreNotEqual(0, trace.Value[i], "a bit-field command with an empty mask");
                if (trace.Address[i] != 0x1F || (trace.Value[i] & 3) == 0)
                {
                    continue;
                }

                int after = op == (int)SpiOpcode.BitFieldSet ? bank | (trace.Value[i] & 3) : bank & ~trace.Value[i] & 3;
                Assert.AreNotEqual(bank, after, "a bank switch that changes nothing");
                Assert.AreEqual(0, trace.Value[i] & ~3, "BSEL switched together with other ECON1 bits");
                bank = after;
                switches++;
            }

            Assert.IsTrue(switches > 20);
        }

        [TestMethod]
        public void EveryCommandReachesTheRegisterOfItsOwnBank()
        {
            // A cached bank that disagrees with BSEL would write the right address in the wrong bank; the init
            // values read back from the chip in each bank would then be wrong (docs/enc28j60.md §6).
            ModelRig rig = Rig(false);
            Workload(rig, new TraceRecorder());
            Assert.AreEqual(0xA1, rig.Chip.PeekRegister(1, ChipRegisters.ERXFCON));
            Assert.AreEqual(1518, rig.Chip.PeekRegister(2, ChipRegisters.MAMXFLL) | (rig.Chip.PeekRegister(2, ChipRegisters.MAMXFLH) << 8));
            Assert.AreEqual(ModelRig.Mac[0], rig.Chip.PeekRegister(3, ChipRegisters.MAADR1));
            Assert.AreEqual(0, rig.Chip.PeekRegister(3, ChipRegisters.ECOCON));
            Assert.AreEqual(0x13FF, rig.Chip.PeekRegister(0, ChipRegisters.ERXNDL) | (rig.Chip.PeekRegister(0, ChipRegisters.ERXNDH) << 8));
        }
    }
}
