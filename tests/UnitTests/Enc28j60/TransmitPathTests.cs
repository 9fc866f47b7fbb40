using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// The transmit path's timing, cost and error handling (DS §7.1, docs/enc28j60.md §5, errata #12/#13/#15):
    /// double-buffered slots, when completion is looked at, aborts that are and are not late collisions, stalls.
    /// </summary>
    [TestClass]
    public class TransmitPathTests
    {
        private static ModelRig Start(Enc28j60Options options)
        {
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0; // only injected collisions
            return rig;
        }

        private static bool Sent(ModelRig rig, int index, int length, int seq)
        {
            return ModelRig.Matches(rig.Wire.Frames[index % WireCapture.Capacity], 0, length, seq, ModelRig.PeerMac, ModelRig.Mac);
        }

        [TestMethod]
        public void BackToBackFullFramesTakeTheirWireTimeBecauseUploadAndWireOverlap()
        {
            // Two TX slots (docs/enc28j60.md §3): frame N+1 crosses SPI while frame N is on the wire. A 1514-byte
            // frame occupies the wire (8 + 1518 + 12) x 0.8 µs = 1230.4 µs; its SPI upload at 10 MHz takes about as
            // long. Ten frames must take ten wire times plus the first upload, not ten of each.
            ModelRig rig = Start(null);
            long start = rig.Chip.NowMicros;
            for (int i = 0; i < 10; i++)
            {
                Assert.IsTrue(rig.Send(1514, i));
            }

            while (rig.Chip.FramesTransmitted < 10 && rig.Chip.NowMicros - start < 100000)
            {
                rig.Chip.AdvanceMicros(10);
            }

            long elapsed = rig.Chip.NowMicros - start;
            Assert.AreEqual(10, rig.Wire.Count);
            for (int i = 0; i < 10; i++)
            {
                Assert.IsTrue(Sent(rig, i, 1514, i));
            }

            long wire = 10 * 12304 / 10;
            Assert.IsTrue(elapsed < wire + 1300 + 10 * 25, "elapsed " + elapsed.ToString() + " us");
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        private static ModelRig StartInterruptMode(Enc28j60Workarounds workarounds)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = true;
            options.Workarounds = workarounds;
            return Start(options);
        }

        /// <summary>Advances virtual time in 10 µs steps until the wire has <paramref name="frames"/> frames (at most 20 ms).</summary>
        private static void RunUntilOnWire(ModelRig rig, int frames)
        {
            for (int i = 0; i < 2000 && rig.Wire.Count < frames; i++)
            {
                rig.Chip.AdvanceMicros(10);
            }
        }

        [TestMethod]
        public void InInterruptModeAFrameBehindOneInFlightIsQueuedAndTheTxInterruptStartsIt()
        {
            // Issue 13: Transmit does not wait for the frame on the wire. The next frame is written into the other
            // slot and left there; the chip's TXIF interrupt (TXIE set only while a frame waits, DS §12.1.3) wakes
            // the loop, whose HandleInterrupt + Receive start it. No spinning or sleeping in Transmit meanwhile.
            ModelRig rig = StartInterruptMode(Enc28j60Workarounds.All);
            Assert.IsTrue(rig.Send(1514, 0));
            long before = rig.Chip.NowMicros;
            int selects = rig.Chip.Counters.ChipSelectAssertions;
            int resets = rig.Driver.Counters.TxResets;
            Assert.IsTrue(rig.Send(200, 1));
            long spent = rig.Chip.NowMicros - before;
            // EWRPT (two WCR), the WBM and BFS TXIE: no EIR read while frame 0 cannot have left yet.
            Assert.AreEqual(4, rig.Chip.Counters.ChipSelectAssertions - selects);
            // Writing 200 bytes at 10 MHz takes about 0.2 ms; waiting for frame 0 would take its 1.23 ms of wire.
            Assert.IsTrue(spent < 400, "Transmit took " + spent.ToString() + " us");
            Assert.IsTrue(rig.Chip.TxBusy);
            Assert.AreEqual(0, rig.Wire.Count);
            Assert.IsTrue(rig.Driver.TransmitPending);
            Assert.IsFalse(rig.Chip.IntPinAsserted);

            RunUntilOnWire(rig, 1);
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(rig.Chip.IntPinAsserted, "frame 0 left and frame 1 waits: INT must fall");
            Assert.IsFalse(rig.Chip.TxBusy);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsTrue(rig.Chip.TxBusy, "the interrupt's service starts frame 1");
            Assert.IsFalse(rig.Chip.IntPinAsserted);

            RunUntilOnWire(rig, 2);
            Assert.AreEqual(2, rig.Wire.Count);
            Assert.IsTrue(Sent(rig, 0, 1514, 0));
            Assert.IsTrue(Sent(rig, 1, 200, 1));
            // Nothing waits behind frame 1: its completion raises no interrupt (TXIE is off again).
            Assert.IsFalse(rig.Chip.IntPinAsserted);
            Assert.AreEqual(resets, rig.Driver.Counters.TxResets, "no TX reset on the way");
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void InInterruptModeAThirdFrameWaitsForTheFirstAndAllLeaveInOrder()
        {
            // Two slots: one frame on the wire, one queued. A third Transmit must wait for the first frame to leave
            // (its slot is then free), and the queued one starts meanwhile.
            ModelRig rig = StartInterruptMode(Enc28j60Workarounds.All);
            long start = rig.Chip.NowMicros;
            for (int i = 0; i < 10; i++)
            {
                Assert.IsTrue(rig.Send(1514, i));
            }

            // The loop's part: service INT when it falls (10 µs steps of virtual time).
            for (int i = 0; i < 3000 && rig.Wire.Count < 10; i++)
            {
                rig.Chip.AdvanceMicros(10);
                if (rig.Chip.IntPinAsserted)
                {
                    rig.Driver.HandleInterrupt();
                    rig.Driver.Receive();
                }
            }

            long elapsed = rig.Chip.NowMicros - start;
            Assert.AreEqual(10, rig.Wire.Count);
            for (int i = 0; i < 10; i++)
            {
                Assert.IsTrue(Sent(rig, i, 1514, i));
            }

            // Ten wire times plus the first upload, as in polling mode: queuing loses no wire time.
            Assert.IsTrue(elapsed < 10 * 1231 + 1300 + 10 * 25, "elapsed " + elapsed.ToString() + " us");
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void AFrameQueuedBehindOneDroppedForExcessiveCollisionsStillGoesOut()
        {
            // Frame 2 is short enough to be written while frame 1 is still on the wire, so it is queued behind it.
            ModelRig rig = StartInterruptMode(Enc28j60Workarounds.All);
            rig.Chip.InjectExcessiveCollisions(1);
            Assert.IsTrue(rig.Send(1514, 1));
            Assert.IsTrue(rig.Send(100, 2));
            Assert.IsTrue(rig.Chip.TxBusy, "frame 1 still on the wire: frame 2 queued");
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(Sent(rig, 0, 100, 2));
            Assert.AreEqual(1, rig.Driver.Counters.TxDropped);
            Assert.AreEqual(1, rig.Driver.Counters.TxFrames);
            Assert.IsFalse(rig.Driver.TransmitPending);
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void AFrameBehindAStalledOneGoesOutAfterTheTimeoutAndReset(bool interruptMode)
        {
            // errata #12 without its workaround: the frame ahead never completes; the TX timeout drops it, the TX
            // logic is reset, and the frame written behind it (queued in interrupt mode, waited with in polling mode)
            // is then sent, not stalled and lost in turn.
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = interruptMode;
            options.Workarounds = Enc28j60Workarounds.All & ~Enc28j60Workarounds.TxLogicReset & ~Enc28j60Workarounds.LateCollisionRetry;
            ModelRig rig = Start(options);
            rig.Chip.InjectLateCollisions(1);
            Assert.IsTrue(rig.Send(300, 0)); // aborted, dropped, TX logic left stalled
            rig.Run(2000);
            Assert.IsTrue(rig.Send(300, 1)); // TXRTS never clears
            Assert.IsTrue(rig.Send(400, 2)); // queued behind it
            for (int i = 0; i < 40 && rig.Driver.TransmitPending; i++)
            {
                rig.Run(2000);
            }

            Assert.AreEqual(1, rig.Driver.Counters.TxTimeouts);
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(Sent(rig, 0, 400, 2));
            Assert.AreEqual(1, rig.Driver.Counters.TxFrames);
            Assert.IsFalse(rig.Driver.TransmitPending);
        }

        [TestMethod]
        public void ResettingTheTxLogicBeforeEverySendStillLetsEveryFrameFinish()
        {
            // Enc28j60Options.ResetTxLogicBeforeEverySend: TXRST stops a frame in flight (DS §3 ECON1.TXRST), so the
            // reset must wait for the previous frame; every frame then leaves whole.
            Enc28j60Options options = new Enc28j60Options();
            options.ResetTxLogicBeforeEverySend = true;
            ModelRig rig = Start(options);
            for (int i = 0; i < 8; i++)
            {
                Assert.IsTrue(rig.Send(1000 + i * 10, i));
            }

            rig.Flush();
            Assert.AreEqual(8, rig.Wire.Count);
            for (int i = 0; i < 8; i++)
            {
                Assert.IsTrue(Sent(rig, i, 1000 + i * 10, i));
            }

            Assert.AreEqual(8, rig.Driver.Counters.TxResets);
            Assert.AreEqual(8, rig.Driver.Counters.TxFrames);
        }

        [TestMethod]
        [DataRow(20, 50, 100)]
        [DataRow(1500, 1210, 1300)]
        public void CompletionIsLookedAtOnlyOnceTheFrameCanHaveLeft(int length, int early, int late)
        {
            // A frame occupies the wire for preamble 8 + frame (padded to 60) + FCS 4 + gap 12 bytes at 0.8 µs
            // (docs/enc28j60.md §5.2). Interrupt mode has no TXIF interrupt: Poll reads EIR for the completion once
            // that time has passed, and not before (an SPI read that cannot find the frame done is wasted).
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = true;
            ModelRig rig = Start(options);
            long ms = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(ms); // health tick out of the way
            Assert.IsTrue(rig.Send(length, 1));
            long sent = rig.Chip.NowMicros;
            int before = rig.Chip.Counters.ChipSelectAssertions;
            rig.Driver.Poll(ms);
            rig.Chip.AdvanceMicros(sent + early - rig.Chip.NowMicros);
            rig.Driver.Poll(ms);
            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
            Assert.IsTrue(rig.Driver.TransmitPending);
            rig.Chip.AdvanceMicros(sent + late - rig.Chip.NowMicros);
            rig.Driver.Poll(ms);
            Assert.IsFalse(rig.Driver.TransmitPending);
            Assert.AreEqual(1, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(length, rig.Driver.Counters.TxBytes);
        }

        /// <summary>Chip selects per frame over 50 frames of one size, each sent to an idle transmitter and completed by Poll.</summary>
        private static int CostOfFifty(int length)
        {
            ModelRig rig = Start(null);
            Assert.IsTrue(rig.Send(length, 99)); // warm-up: the first frame writes every pointer byte once
            rig.Run(1300);
            int start = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 0; i < 50; i++)
            {
                Assert.IsTrue(rig.Send(length, i));
                rig.Run(1300);
                Assert.IsFalse(rig.Driver.TransmitPending);
            }

            Assert.AreEqual(51, rig.Wire.Count);
            return rig.Chip.Counters.ChipSelectAssertions - start;
        }

        [TestMethod]
        public void SendingCostsTheChipSelectsTheReadmePromises()
        {
            // README "Measured SPI cost", sent frame incl. completion: 5.0 (64 B) and 6.0 (1514 B) per frame: EWRPT
            // (1-2 WCR), one WBM, ETXST/ETXND only where they change, BFS TXRTS, EIR read + BFC at completion.
            // The README gives one decimal: 5.0 per frame means fewer than 5.05 x 50 = 252.5 for fifty frames.
            int small = CostOfFifty(64);
            int full = CostOfFifty(1514);
            Assert.IsTrue(small <= 252, "64 B: " + small.ToString());
            Assert.IsTrue(full <= 302, "1514 B: " + full.ToString());
        }

        [TestMethod]
        public void WaitingForARetriedFrameSleepsBetweenPolls()
        {
            // On the device every SPI transaction costs CPU (docs/enc28j60.md §11): waiting for the frame in flight
            // (here retried twice after late collisions, errata #13) polls EIR every 50 µs, it does not spin.
            ModelRig rig = Start(null);
            Assert.IsTrue(rig.Send(1514, 0));
            rig.Chip.InjectLateCollisions(2);
            int start = rig.Chip.Counters.ChipSelectAssertions;
            Assert.IsTrue(rig.Send(1514, 1)); // waits for frame 0, then frame 1 goes with two retries
            Assert.IsTrue(rig.Send(1514, 2)); // waits for frame 1 and its retries
            rig.Flush();
            Assert.AreEqual(3, rig.Wire.Count);
            Assert.IsTrue(Sent(rig, 2, 1514, 2));
            Assert.AreEqual(2, rig.Driver.Counters.TxLateCollisionRetries);
            int cost = rig.Chip.Counters.ChipSelectAssertions - start;
            Assert.IsTrue(cost < 150, "cost " + cost.ToString());
        }

        [TestMethod]
        public void AFrameAbortedForExcessiveCollisionsIsDroppedNotRetried()
        {
            // DS §7.1: after a normal collision the MAC retransmits by itself (MACLCON1 times) and then aborts with
            // TSV bit 28. Errata #13's retry is for late collisions only (TSV bit 29, errata #15): retrying this
            // frame would just meet the busy segment again.
            ModelRig rig = Start(null);
            rig.Chip.InjectExcessiveCollisions(1);
            Assert.IsTrue(rig.Send(600, 1));
            rig.Flush();
            Assert.AreEqual(0, rig.Wire.Count);
            Assert.AreEqual(1, rig.Driver.Counters.TxAborts);
            Assert.AreEqual(0, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(1, rig.Driver.Counters.TxDropped);
            Assert.IsTrue(rig.Send(600, 2));
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(Sent(rig, 0, 600, 2));
        }

        [TestMethod]
        public void OnB7SiliconTrustingLatecolMissesTheLateCollision()
        {
            // errata #15: ESTAT.LATECOL is not set on a late collision; with LateCollisionFromTsv removed the driver
            // believes the flag and drops a frame the workaround would have retried.
            Enc28j60Options options = new Enc28j60Options();
            options.Workarounds = Enc28j60Workarounds.All & ~Enc28j60Workarounds.LateCollisionFromTsv;
            ModelRig rig = Start(options);
            rig.Chip.InjectLateCollisions(1);
            Assert.IsTrue(rig.Send(600, 1));
            rig.Flush();
            Assert.AreEqual(0, rig.Wire.Count);
            Assert.AreEqual(1, rig.Driver.Counters.TxDropped);
            Assert.AreEqual(0, rig.Driver.Counters.TxLateCollisionRetries);
        }

        [TestMethod]
        public void RetriedFramesLeaveNoAbortFlagsBehind()
        {
            // Errata #12 TX reset after each abort; the reset clears ESTAT.TXABRT/LATECOL and the EIR flags it may
            // raise, so the status after the frame finally went out says nothing was aborted (DS §3: host-cleared).
            ModelRig rig = Start(null);
            rig.Chip.InjectLateCollisions(3);
            Assert.IsTrue(rig.Send(600, 1));
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.AreEqual(3, rig.Driver.Counters.TxResets);
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.ESTAT) & (ChipRegisters.ESTAT_TXABRT | ChipRegisters.ESTAT_LATECOL));
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.EIR) & (ChipRegisters.EIR_TXERIF | ChipRegisters.EIR_TXIF));
        }

        /// <summary>One errata-#12 stall: a late collision without the TX reset, then the next frame hangs until the timeout.</summary>
        private static void Stall(ModelRig rig, int seq)
        {
            rig.Chip.InjectLateCollisions(1);
            Assert.IsTrue(rig.Send(300, seq));     // aborted, dropped (no retry), TX logic left stalled
            rig.Run(2000);
            Assert.IsTrue(rig.Send(300, seq + 1)); // TXRTS never clears
            for (int i = 0; i < 20; i++)
            {
                rig.Run(2000);
            }
        }

        [TestMethod]
        public void RepeatedTransmitStallsEscalateLikeOtherFaults()
        {
            // errata #12 without its workaround: each stall ends in the TX timeout, which drops the frame, clears
            // TXRTS and counts as a fault; three faults without a good frame in between end in a full
            // re-initialisation (Enc28j60Driver.OnFault), after which frames flow again.
            Enc28j60Options options = new Enc28j60Options();
            options.Workarounds = Enc28j60Workarounds.All & ~Enc28j60Workarounds.TxLogicReset & ~Enc28j60Workarounds.LateCollisionRetry;
            ModelRig rig = Start(options);
            Stall(rig, 0);
            Assert.AreEqual(1, rig.Driver.Counters.TxTimeouts);
            Assert.AreEqual(2, rig.Driver.Counters.TxDropped);
            Assert.IsFalse(rig.Driver.TransmitPending);
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.ECON1) & ChipRegisters.ECON1_TXRTS);
            Assert.AreEqual(1, rig.Driver.Counters.RxResets);
            Stall(rig, 10);
            Assert.AreEqual(2, rig.Driver.Counters.TxTimeouts);
            Assert.AreEqual(1, rig.Driver.Counters.WatchdogEscalations);
            Assert.AreEqual(0, rig.Driver.Counters.FullReinits);
            Stall(rig, 20);
            Assert.AreEqual(3, rig.Driver.Counters.TxTimeouts);
            Assert.AreEqual(6, rig.Driver.Counters.TxDropped);
            Assert.AreEqual(1, rig.Driver.Counters.FullReinits);
            Assert.AreEqual(0, rig.Wire.Count);

            // After the re-initialisation: good frames, and no TX reset before each of them any more.
            int resets = rig.Driver.Counters.TxResets;
            for (int i = 0; i < 3; i++)
            {
                Assert.IsTrue(rig.Send(300, 30 + i));
                rig.Flush();
            }

            Assert.AreEqual(3, rig.Wire.Count);
            Assert.AreEqual(resets, rig.Driver.Counters.TxResets);
        }

        [TestMethod]
        public void AfterOneTimeoutTheTxLogicIsResetOnceNotBeforeEveryLaterFrame()
        {
            Enc28j60Options options = new Enc28j60Options();
            options.Workarounds = Enc28j60Workarounds.All & ~Enc28j60Workarounds.TxLogicReset & ~Enc28j60Workarounds.LateCollisionRetry;
            ModelRig rig = Start(options);
            Stall(rig, 0);
            int resets = rig.Driver.Counters.TxResets;
            for (int i = 0; i < 4; i++)
            {
                Assert.IsTrue(rig.Send(300, 40 + i));
                rig.Flush();
            }

            Assert.AreEqual(4, rig.Wire.Count);
            Assert.AreEqual(resets + 1, rig.Driver.Counters.TxResets);
        }
    }
}
