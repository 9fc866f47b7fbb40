using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using NanoStack.Phy;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// The driver's receive bookkeeping that no frame's bytes show: INTIE re-armed after the last frame or a spurious
    /// edge (DS §12.0), EIR events that ask for an EPKTCNT read, FIFO space given back past the release threshold
    /// (DS §7.2.4), frames stepped over by their next pointer, the header's byte-count bound. Added from surviving
    /// mutants of drivers/ (issue 18).
    /// </summary>
    [TestClass]
    public class ReceiveBookkeepingTests
    {
        // Interrupt mode, PKTIF reliable (errata #6 would hide it from the poll at random), the first health tick out of
        // the way and the clock past EventPollIntervalMs (10 ms), well before the next health tick: the next Poll after
        // an edge is an event poll.
        private static ModelRig StartedForAnEventPoll()
        {
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Chip.Errata.PktifUnreliable = false;
            rig.Driver.Poll(rig.Chip.NowMicros / 1000);
            rig.Chip.AdvanceMicros(20000);
            return rig;
        }

        private static bool IntieSet(ModelRig rig)
        {
            return (rig.Chip.PeekRegister(0, ChipRegisters.EIE) & ChipRegisters.EIE_INTIE) != 0;
        }

        [TestMethod]
        public void AnEdgeWithNoFrameRearmsOnceAndTheNextReceiveCostsNothing()
        {
            // EPKTCNT reads 0 after the edge: INTIE is set again and the "EPKTCNT worth reading" mark is gone, so the
            // stack's next Receive in interrupt mode makes no SPI transaction at all.
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Driver.HandleInterrupt();
            Assert.IsFalse(IntieSet(rig), "INTIE held off while the edge is serviced");
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsTrue(IntieSet(rig), "re-armed");
            int before = rig.Chip.Counters.ChipSelectAssertions;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
        }

        [TestMethod]
        public void APollThatSeesPktifLeavesTheFramesToReceive()
        {
            // The event poll after an edge reads EIR; PKTIF there must keep (not toggle) the mark that makes Receive
            // read EPKTCNT.
            ModelRig rig = StartedForAnEventPoll();
            rig.Inject(100, 1);
            rig.Driver.HandleInterrupt();
            rig.Driver.Poll(rig.Chip.NowMicros / 1000);
            Assert.AreEqual(0, rig.Driver.Counters.MissedInterrupts);
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
        }

        [TestMethod]
        public void APollThatSeesAnOverflowWithFramesWaitingLeavesThemToReceive()
        {
            // Five full frames into a 5 KiB FIFO: the fourth does not fit, RXERIF (DS §7.2.5). The poll then sees
            // PKTIF and RXERIF together; both ask for an EPKTCNT read, neither may cancel the other.
            ModelRig rig = StartedForAnEventPoll();
            for (int i = 0; i < 5; i++)
            {
                rig.Inject(1500, i);
            }

            rig.Driver.HandleInterrupt();
            rig.Driver.Poll(rig.Chip.NowMicros / 1000);
            Assert.AreEqual(1, rig.Driver.Counters.RxOverflows);
            Assert.AreEqual(0, rig.Driver.Counters.MissedInterrupts, "the event poll alone");
            Assert.IsTrue(rig.ReceiveExpect(1500, 0));
        }

        [TestMethod]
        public void FifoSpaceGoesBackOnlyPastTheThreshold()
        {
            // Each 86-byte frame takes 6 + 90 FIFO bytes (header, frame with FCS): 32 of them are exactly the default
            // RxReleaseThreshold of 3,072, which is held on to; the 33rd passes it and ERXRDPT moves (one write pair).
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 32; i++)
            {
                rig.Inject(86, i);
                Assert.IsTrue(rig.ReceiveExpect(86, i));
            }

            Assert.AreEqual(0, rig.Driver.Receive(), "EPKTCNT 0");
            Assert.AreEqual(0, rig.Driver.Counters.RxReleases, "3,072 bytes held is not past the threshold");
            rig.Inject(86, 32);
            Assert.IsTrue(rig.ReceiveExpect(86, 32));
            Assert.AreEqual(1, rig.Driver.Counters.RxReleases);
            int erxrdpt = rig.Chip.PeekRegister(0, ChipRegisters.ERXRDPTL) | (rig.Chip.PeekRegister(0, ChipRegisters.ERXRDPTH) << 8);
            Assert.AreEqual(33 * 96 - 1, erxrdpt, "just behind the next header (errata #14: odd)");
        }

        [TestMethod]
        public void ASkippedFrameCountsTowardsTheThresholdLikeAnyOther()
        {
            // 31 frames of 96 FIFO bytes, then a 32nd that is not received OK: exactly 3,072 held, still not past the
            // threshold; the next frame passes it.
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 31; i++)
            {
                rig.Inject(86, i);
                Assert.IsTrue(rig.ReceiveExpect(86, i));
            }

            rig.Inject(86, 31);
            rig.MarkNotReceivedOk(31 * 96);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxNotOk);
            Assert.AreEqual(0, rig.Driver.Counters.RxReleases);
            rig.Inject(86, 32);
            Assert.IsTrue(rig.ReceiveExpect(86, 32));
            Assert.AreEqual(1, rig.Driver.Counters.RxReleases);
        }

        [TestMethod]
        public void ASkippedFrameIsCountedOutOfTheChipAndTheLastOneRearms()
        {
            // DS Table 7-3 bit 23 clear: the frame is stepped over, but still given back with PKTDEC; when it was the
            // last one waiting, INTIE is set again as after a good frame, and nothing is left to read.
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Inject(100, 1);
            rig.MarkNotReceivedOk(0);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxNotOk);
            Assert.AreEqual(0, rig.Chip.PacketCount, "PKTDEC for the skipped frame");
            Assert.IsTrue(IntieSet(rig), "re-armed after the last frame");
            int before = rig.Chip.Counters.ChipSelectAssertions;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions, "nothing marked to read");
            rig.Inject(200, 2);
            Assert.IsTrue(rig.Chip.IntPinAsserted);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(200, 2));
            Assert.AreEqual(0, rig.Driver.Counters.RxHeaderErrors);
        }

        [TestMethod]
        public void ASkippedFrameBeforeAGoodOneLeavesTheCountRight()
        {
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            rig.Inject(200, 2);
            rig.MarkNotReceivedOk(0);
            Assert.IsTrue(rig.ReceiveExpect(200, 2), "the good frame behind it, in the same call");
            Assert.AreEqual(0, rig.Chip.PacketCount, "one PKTDEC each");
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(0, rig.Driver.Counters.RxHeaderErrors, "no frame read past the last one");
            Assert.IsFalse(IntieSet(rig), "polling mode: INTIE is never set");
        }

        [TestMethod]
        public void InPollingModeSkippingTheLastFrameSetsNoInterrupt()
        {
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            rig.MarkNotReceivedOk(0);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(0, rig.Chip.PacketCount);
            Assert.IsFalse(IntieSet(rig), "no INT in polling mode");
        }

        [TestMethod]
        public void ASkippedFrameWithAnotherWaitingIsSteppedOverAndTheInterruptRearmedAfterBoth()
        {
            // DS §12.0: INTIE goes back on only once the frames counted in EPKTCNT are all taken.
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Inject(100, 1);
            rig.Inject(200, 2);
            rig.MarkNotReceivedOk(0);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(200, 2), "stepped over: the frame behind it comes in the same call");
            Assert.AreEqual(1, rig.Driver.Counters.RxNotOk);
            Assert.IsTrue(IntieSet(rig), "re-armed once both are taken");
        }

        [TestMethod]
        public void AByteCountAboveTheLargestFrameIsAHeaderError()
        {
            // MAMXFL is 1,518 (frame with FCS): a header claiming 1,520 bytes, even with the next pointer that would
            // match it, is not a frame the chip wrote (DS §6.5), and the receive buffer has no room for it.
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            int next = 6 + 1520;
            rig.Chip.Memory[0] = (byte)next;
            rig.Chip.Memory[1] = (byte)(next >> 8);
            rig.Chip.Memory[2] = 1520 & 0xFF;
            rig.Chip.Memory[3] = 1520 >> 8;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxHeaderErrors);
        }

        [TestMethod]
        public void TheStacksUpkeepRunsTheDriversPoll()
        {
            // NetworkStack steps the device's periodic work through ILinkUpkeep (issue 12): the health watchdog runs.
            ModelRig rig = ModelRig.Started();
            rig.Chip.HardwareReset();
            rig.Chip.AdvanceMicros(1100000);
            ((ILinkUpkeep)rig.Driver).Upkeep(rig.Chip.NowMicros / 1000);
            Assert.AreEqual(1, rig.Driver.Counters.ChipResetsDetected);
        }
    }
}
