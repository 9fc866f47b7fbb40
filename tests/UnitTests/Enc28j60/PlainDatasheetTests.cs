using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// Each errata workaround switched off, on a chip model with no errata (<see cref="Enc28j60Errata.None"/>: the
    /// data sheet alone). What runs then is the plain DS39662E procedure the workaround replaces, and it must work
    /// on a chip that behaves as the data sheet says (docs/enc28j60.md §9.1). The host tests prove the other
    /// direction (each workaround is needed on a chip with its erratum).
    /// </summary>
    [TestClass]
    public class PlainDatasheetTests
    {
        private static ModelRig Plain(Enc28j60Workarounds removed)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.Workarounds = Enc28j60Workarounds.All & ~removed;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Chip.Errata = Enc28j60Errata.None();
            return rig;
        }

        private static int Pair(Enc28j60Chip chip, int bank, int low)
        {
            return chip.PeekRegister(bank, low) | (chip.PeekRegister(bank, low + 1) << 8);
        }

        /// <summary>20 rounds: a frame in, a frame out; true when all arrived intact and the chip saw no mistake.</summary>
        private static bool Exchange(ModelRig rig, int rounds)
        {
            for (int i = 0; i < rounds; i++)
            {
                int rx = 60 + (i * 211) % 1455;
                rig.Inject(rx, i);
                if (!rig.ReceiveExpect(rx, i))
                {
                    return false;
                }

                int tx = 1514 - (i * 173) % 1400;
                int before = rig.Wire.Count;
                if (!rig.Send(tx, i))
                {
                    return false;
                }

                rig.Flush();
                if (rig.Wire.Count != before + 1 || !ModelRig.Matches(rig.Wire.Frames[before % WireCapture.Capacity], 0, tx, i, ModelRig.PeerMac, ModelRig.Mac))
                {
                    return false;
                }
            }

            return rig.Driver.Receive() == 0 && rig.Driver.Counters.RxHeaderErrors == 0;
        }

        [TestMethod]
        public void WithoutTheErrata5LayoutTxSitsLowAndRxRunsToTheEndOfTheBuffer()
        {
            // The layout errata #5 warns against: one TX slot at 0x0000 (control byte + 1514 + 7-byte TSV fit below
            // 0x0600), the RX FIFO 0x0600..0x1FFF; ERXRDPT starts at ERXND ("empty", DS §7.2.4).
            ModelRig rig = Plain(Enc28j60Workarounds.RxBufferAtZero);
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.AreEqual(0x0600, Pair(rig.Chip, 0, ChipRegisters.ERXSTL));
            Assert.AreEqual(0x1FFF, Pair(rig.Chip, 0, ChipRegisters.ERXNDL));
            Assert.AreEqual(0x1FFF, Pair(rig.Chip, 0, ChipRegisters.ERXRDPTL));
            Assert.AreEqual(0x0000, Pair(rig.Chip, 0, ChipRegisters.ETXSTL));
            Assert.IsTrue(Exchange(rig, 40)); // the ring wraps from 0x1FFF to 0x0600 several times
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void WithOneTxSlotBackToBackSendsWaitInsteadOfOverwritingTheFrameOnTheWire()
        {
            // DS §7.1: the bytes being sent must not be written while TXRTS is set. With a single slot the second
            // frame can only be written once the first has left; strict mode reports any write into it.
            ModelRig rig = Plain(Enc28j60Workarounds.RxBufferAtZero);
            rig.Driver.Initialize(ModelRig.Mac);
            for (int i = 0; i < 10; i++)
            {
                Assert.IsTrue(rig.Send(1000 + i, i));
            }

            rig.Flush();
            Assert.AreEqual(10, rig.Wire.Count);
            for (int i = 0; i < 10; i++)
            {
                Assert.IsTrue(ModelRig.Matches(rig.Wire.Frames[i], 0, 1000 + i, i, ModelRig.PeerMac, ModelRig.Mac));
            }

            Assert.AreEqual(0x0000, Pair(rig.Chip, 0, ChipRegisters.ETXSTL));
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void WithoutTheErrata14RuleErxrdptIsTheNextPacketPointerItself()
        {
            // DS §7.2.4 (before errata #14): free the space by writing ERXRDPT = next packet pointer; at start-up
            // the FIFO is empty with ERXRDPT = ERXST. Strict mode would report every even value, so it is off here.
            Enc28j60Options options = new Enc28j60Options();
            options.Workarounds = Enc28j60Workarounds.All & ~Enc28j60Workarounds.OddErxrdpt;
            options.RxReleaseThreshold = 0; // release after every frame
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Chip.Errata = Enc28j60Errata.None();
            rig.Chip.Strict.Enabled = false;
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.AreEqual(0x0000, Pair(rig.Chip, 0, ChipRegisters.ERXRDPTL));
            rig.Inject(100, 1);
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            Assert.AreEqual(6 + 104, Pair(rig.Chip, 0, ChipRegisters.ERXRDPTL)); // header + frame + FCS, even
            Assert.IsTrue(Exchange(rig, 20));
        }

        [TestMethod]
        public void TrustingPktifOnAChipWhosePktifIsReliableReceivesEveryFrame()
        {
            // DS §12.1.2: EIR.PKTIF is set while EPKTCNT is non-zero. Without errata #6 reading it first is enough,
            // and an idle Receive costs that one EIR read and nothing else.
            ModelRig rig = Plain(Enc28j60Workarounds.PacketCountNotPktif);
            rig.Driver.Initialize(ModelRig.Mac);
            int before = rig.Chip.Counters.ChipSelectAssertions;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(before + 1, rig.Chip.Counters.ChipSelectAssertions);
            Assert.IsTrue(Exchange(rig, 20));
            rig.Inject(200, 1);
            rig.Inject(300, 2);
            Assert.IsTrue(rig.ReceiveExpect(200, 1));
            Assert.IsTrue(rig.ReceiveExpect(300, 2));
            Assert.AreEqual(0, rig.Driver.Receive());
        }

        [TestMethod]
        public void WithoutTheTxResetAnAbortIsClearedFromEstatAndTheNextFrameGoesOut()
        {
            // DS §7.1: after an abort ESTAT.TXABRT is set and the host should clear it; a chip without errata #12
            // then sends the next frame without a TXRST pulse.
            ModelRig rig = Plain(Enc28j60Workarounds.TxLogicReset | Enc28j60Workarounds.LateCollisionRetry);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.InjectLateCollisions(1);
            Assert.IsTrue(rig.Send(300, 1));
            rig.Flush();
            Assert.AreEqual(1, rig.Driver.Counters.TxAborts);
            Assert.AreEqual(1, rig.Driver.Counters.TxDropped);
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.ESTAT) & ChipRegisters.ESTAT_TXABRT);
            Assert.AreEqual(0, rig.Driver.Counters.TxResets);
            Assert.IsTrue(rig.Send(400, 2));
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(ModelRig.Matches(rig.Wire.Frames[0], 0, 400, 2, ModelRig.PeerMac, ModelRig.Mac));
            Assert.AreEqual(0, rig.Driver.Counters.TxTimeouts);
        }

        [TestMethod]
        public void OnAChipWithAReliableLatecolBitEstatDecidesTheRetry()
        {
            // DS §3 ESTAT.LATECOL reports a late collision of the last transmission; without errata #15 it is
            // as good as TSV bit 29 and no status vector needs reading.
            ModelRig rig = Plain(Enc28j60Workarounds.LateCollisionFromTsv);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.InjectLateCollisions(3);
            Assert.IsTrue(rig.Send(600, 1));
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.AreEqual(3, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(1, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(0, rig.Driver.Counters.TxDropped);
        }

        [TestMethod]
        public void WithoutLateCollisionRetriesAnAbortedFrameIsDropped()
        {
            // DS §7.1: the MAC never retries an aborted frame by itself.
            ModelRig rig = Plain(Enc28j60Workarounds.LateCollisionRetry);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.InjectLateCollisions(1);
            Assert.IsTrue(rig.Send(600, 1));
            rig.Flush();
            Assert.AreEqual(0, rig.Wire.Count);
            Assert.AreEqual(0, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(1, rig.Driver.Counters.TxDropped);
            Assert.IsFalse(rig.Driver.TransmitPending);
        }

        [TestMethod]
        public void WithoutTheFixedResetDelayTheDriverPollsClkrdyUntilTheOscillatorRuns()
        {
            // DS §2.2: after a reset the oscillator start-up timer runs ~300 µs and ESTAT.CLKRDY rises at its end;
            // only ESTAT may be read before. On a chip without errata #2 polling CLKRDY is the right wait.
            ModelRig rig = Plain(Enc28j60Workarounds.ResetDelay);
            TraceRecorder trace = new TraceRecorder();
            trace.Chip = rig.Chip;
            rig.Chip.SpiObserver = trace;
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
            int src = trace.Find(SpiOpcode.SystemReset, -1, -1, 0);
            int first = src + 1;
            while (trace.Opcode[first] == (int)SpiOpcode.ReadControlRegister && trace.Address[first] == ChipRegisters.ESTAT)
            {
                first++;
            }

            Assert.IsTrue(first > src + 1, "CLKRDY was polled");
            long waited = trace.Micros[first] - trace.Micros[src];
            Assert.IsTrue(waited >= 300, "waited for the oscillator start-up timer");
            Assert.IsTrue(waited < 1000, "and no longer than it takes");
            Assert.IsTrue(Exchange(rig, 5));
        }

        [TestMethod]
        public void WithoutTheErrata19StepTheResetIsTheFirstCommand()
        {
            ModelRig rig = Plain(Enc28j60Workarounds.LeavePowerSaveBeforeReset);
            TraceRecorder trace = new TraceRecorder();
            trace.Chip = rig.Chip;
            rig.Chip.SpiObserver = trace;
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.AreEqual((int)SpiOpcode.SystemReset, trace.Opcode[0]);
            Assert.IsTrue(Exchange(rig, 5));
        }

        [TestMethod]
        public void WithoutErrata9And16And13WorkaroundsThePhyAndMacKeepTheirResetValues()
        {
            // Half duplex: PHCON1.PDPXMD keeps its strapped reset value (half duplex here, DS §2.6), PHCON2.HDLDIS
            // stays 0 and MACLCON2 keeps its reset value 0x37 (docs/enc28j60.md §2.5).
            ModelRig rig = Plain(Enc28j60Workarounds.ExplicitDuplex | Enc28j60Workarounds.HalfDuplexLoopbackDisable | Enc28j60Workarounds.CollisionWindow63);
            TraceRecorder trace = new TraceRecorder();
            trace.Chip = rig.Chip;
            rig.Chip.SpiObserver = trace;
            rig.Driver.Initialize(ModelRig.Mac);
            Assert.AreEqual(0, rig.Chip.PeekPhy(ChipRegisters.PHCON2) & ChipRegisters.PHCON2_HDLDIS);
            Assert.AreEqual(0, rig.Chip.PeekPhy(ChipRegisters.PHCON1) & ChipRegisters.PHCON1_PDPXMD);
            Assert.AreEqual(0x37, rig.Chip.PeekRegister(2, ChipRegisters.MACLCON2));
            for (int i = 0; i < trace.Count; i++)
            {
                bool phcon1 = trace.Opcode[i] == (int)SpiOpcode.WriteControlRegister && trace.Bank[i] == 2
                    && trace.Address[i] == ChipRegisters.MIREGADR && trace.Value[i] == ChipRegisters.PHCON1;
                Assert.IsFalse(phcon1, "PHCON1 is not written");
            }
        }
    }
}
