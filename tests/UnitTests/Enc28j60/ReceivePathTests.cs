using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// The receive path's header checks, counters, batched ERXRDPT release and INTIE re-arming
    /// (DS §7.2, Table 7-3, docs/enc28j60.md §4, Enc28j60Options.RxReleaseThreshold).
    /// </summary>
    [TestClass]
    public class ReceivePathTests
    {
        private static int Erxrdpt(ModelRig rig)
        {
            return rig.Chip.PeekRegister(0, ChipRegisters.ERXRDPTL) | (rig.Chip.PeekRegister(0, ChipRegisters.ERXRDPTH) << 8);
        }

        /// <summary>Rewrites the header of the frame at FIFO address 0 (the first after init): next pointer and byte count.</summary>
        private static void Header(ModelRig rig, int next, int count)
        {
            rig.Chip.Memory[0] = (byte)next;
            rig.Chip.Memory[1] = (byte)(next >> 8);
            rig.Chip.Memory[2] = (byte)count;
            rig.Chip.Memory[3] = (byte)(count >> 8);
        }

        [TestMethod]
        public void AByteCountBelowAMinimalFrameIsACorruptHeaderEvenWithAMatchingNextPointer()
        {
            // A frame is at least 14 header + 4 FCS = 18 bytes; a smaller count means the FIFO cannot be trusted
            // (docs/enc28j60.md §4.3), however well the next pointer agrees with it.
            ModelRig rig = ModelRig.Started();
            rig.Inject(60, 1);
            Header(rig, 6 + 16, 16);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxHeaderErrors);
            Assert.AreEqual(1, rig.Driver.Counters.RxResets);
        }

        [TestMethod]
        public void ANextPointerNotRightAfterTheFrameIsACorruptHeader()
        {
            // The next header follows header + frame + pad exactly, inside ERXST..ERXND (DS §7.2.2, Table 7-3). One
            // past it (odd), one word short, and the right address plus the ring size (beyond ERXND) are all corrupt.
            int right = 6 + 104; // 100-byte frame + FCS, even: no pad
            int[] wrong = { right + 1, right - 2, right + 0x1400 };
            for (int i = 0; i < wrong.Length; i++)
            {
                ModelRig rig = ModelRig.Started();
                rig.Inject(100, 1);
                Header(rig, wrong[i], 104);
                Assert.AreEqual(0, rig.Driver.Receive());
                Assert.AreEqual(1, rig.Driver.Counters.RxHeaderErrors, "next " + wrong[i].ToString());
            }
            ModelRig ok = ModelRig.Started();
            ok.Inject(100, 1);
            Header(ok, right, 104);
            Assert.AreEqual(100, ok.Driver.Receive());
        }

        [TestMethod]
        public void AnEighteenByteFrameIsTheSmallestAccepted()
        {
            ModelRig rig = ModelRig.Started();
            rig.Inject(60, 1);
            Header(rig, 6 + 18, 18);
            Assert.AreEqual(14, rig.Driver.Receive());
            Assert.AreEqual(0, rig.Driver.Counters.RxHeaderErrors);
            Assert.IsTrue(ModelRig.Matches(rig.Driver.ReceiveBuffer, 1, 14, 1, ModelRig.Mac, ModelRig.PeerMac));
        }

        [TestMethod]
        public void AReceiveStatusWithTheReservedBit31SetIsACorruptHeader()
        {
            // DS Table 7-3: RSV bit 31 is reserved and reads 0; a 1 there means the header is not a header.
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            rig.Chip.Memory[5] |= 0x80;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxHeaderErrors);
        }

        [TestMethod]
        public void AFrameNotReceivedOkIsSkippedAndTheNextOneIsDelivered()
        {
            // DS Table 7-3 bit 23 "Received OK": without it (CRC or symbol error, kept when CRCEN is off) the frame
            // is stepped over by its next pointer without reading it, and the frame after it arrives intact, in the
            // same call (nothing else would ask for it: INTIE is held until the frames counted are taken).
            ModelRig rig = ModelRig.Started();
            rig.Inject(100, 1);
            rig.Inject(200, 2);
            rig.MarkNotReceivedOk(0);
            long before = rig.Chip.Counters.BytesOf(SpiOpcode.ReadBufferMemory);
            Assert.IsTrue(rig.ReceiveExpect(200, 2));
            // Two 6-byte headers and the 200-byte frame with its FCS, each RBM with its opcode byte: not the 100-byte one.
            Assert.AreEqual(7 + 7 + 205, rig.Chip.Counters.BytesOf(SpiOpcode.ReadBufferMemory) - before, "the bad frame itself is not read");
            Assert.AreEqual(1, rig.Driver.Counters.RxNotOk);
            Assert.AreEqual(0, rig.Driver.Counters.RxHeaderErrors);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(0, rig.Chip.PacketCount);
        }

        [TestMethod]
        public void CountersAddUpFramesAndBytesWithoutTheFcs()
        {
            ModelRig rig = ModelRig.Started();
            rig.Chip.Errata.LateCollisionPercent = 0;
            for (int i = 0; i < 5; i++)
            {
                rig.Inject(100 + i, i);
                Assert.IsTrue(rig.ReceiveExpect(100 + i, i));
                Assert.IsTrue(rig.Send(200 + i, i));
                rig.Flush();
            }

            Assert.AreEqual(5, rig.Driver.Counters.RxFrames);
            Assert.AreEqual(510, rig.Driver.Counters.RxBytes);
            Assert.AreEqual(5, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(1010, rig.Driver.Counters.TxBytes);
        }

        [TestMethod]
        public void ConsumedSpaceIsGivenBackInBatchesNotAfterEveryFrame()
        {
            // Enc28j60Options.RxReleaseThreshold (3,072): ERXRDPT is a bank-0 pair and EPKTCNT lives in bank 1, so the
            // driver gives space back once enough has been consumed, not per frame. A 1000-byte frame takes
            // 6 + 1004 = 1010 bytes of FIFO: three stay unreleased (3,030), the fourth crosses the threshold.
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 3; i++)
            {
                rig.Inject(1000, i);
                Assert.IsTrue(rig.ReceiveExpect(1000, i));
                Assert.AreEqual(0, rig.Driver.Receive());
            }

            Assert.AreEqual(0x13FF, Erxrdpt(rig), "nothing given back yet");
            Assert.AreEqual(0, rig.Driver.Counters.RxReleases);
            rig.Inject(1000, 3);
            Assert.IsTrue(rig.ReceiveExpect(1000, 3));
            Assert.AreEqual(4 * 1010 - 1, Erxrdpt(rig), "odd, just behind the next header (errata #14)");
            Assert.AreEqual(1, rig.Driver.Counters.RxReleases);
        }

        [TestMethod]
        public void TheHealthTickGivesBackWhatIsLeftAndOnlyWhenThereIsSomething()
        {
            ModelRig rig = ModelRig.Started();
            rig.Run(1000);
            rig.Inject(1000, 1);
            Assert.IsTrue(rig.ReceiveExpect(1000, 1));
            rig.Run(1100000);
            Assert.AreEqual(1010 - 1, Erxrdpt(rig));
            Assert.AreEqual(1, rig.Driver.Counters.RxReleases);
            rig.Run(1100000);
            rig.Run(1100000);
            Assert.AreEqual(1, rig.Driver.Counters.RxReleases, "nothing consumed since: no release");
        }

        [TestMethod]
        public void ABacklogOfTwoFramesGivesSpaceBackAtOnceOneFrameDoesNot()
        {
            // Two or more frames waiting mean the chip is filling the FIFO: the consumed space goes back before
            // reading on. One waiting frame is the normal case and keeps the batching.
            ModelRig rig = ModelRig.Started();
            rig.Inject(1000, 1);
            Assert.IsTrue(rig.ReceiveExpect(1000, 1));
            Assert.AreEqual(0, rig.Driver.Receive());
            rig.Inject(500, 2);
            Assert.IsTrue(rig.ReceiveExpect(500, 2));
            Assert.AreEqual(0x13FF, Erxrdpt(rig), "one frame waiting: no release");
            Assert.AreEqual(0, rig.Driver.Receive());
            rig.Inject(100, 3);
            rig.Inject(100, 4);
            Assert.IsTrue(rig.ReceiveExpect(100, 3));
            Assert.AreEqual(1010 + 510 - 1, Erxrdpt(rig), "two waiting: the first two frames' space back");
            Assert.IsTrue(rig.ReceiveExpect(100, 4));
        }

        [TestMethod]
        public void ASendGivesBackConsumedSpaceOnceHalfTheThresholdIsReached()
        {
            // Transmit works in bank 0 anyway, so it releases ERXRDPT on the way once more than half of
            // RxReleaseThreshold (1,536 bytes) is waiting; less than that stays batched.
            ModelRig rig = ModelRig.Started();
            rig.Chip.Errata.LateCollisionPercent = 0;
            rig.Run(1000); // the first health tick, which releases too
            rig.Inject(1000, 1);
            Assert.IsTrue(rig.ReceiveExpect(1000, 1));
            Assert.IsTrue(rig.Send(100, 1));
            Assert.AreEqual(0x13FF, Erxrdpt(rig));
            rig.Inject(1000, 2);
            Assert.IsTrue(rig.ReceiveExpect(1000, 2));
            Assert.AreEqual(0x13FF, Erxrdpt(rig));
            rig.Flush();
            Assert.IsTrue(rig.Send(100, 2));
            Assert.AreEqual(2 * 1010 - 1, Erxrdpt(rig));
        }

        [TestMethod]
        public void AnOverflowIsCountedOnceAndGivesTheConsumedSpaceBackAtOnce()
        {
            // DS §7.2.4 / §12.1.2: a frame that does not fit is dropped and EIR.RXERIF set. The driver counts the
            // event, clears the flag (so the next poll does not count it again) and releases what it has consumed.
            ModelRig rig = ModelRig.Started();
            rig.Run(1000);
            rig.Inject(1000, 1);
            Assert.IsTrue(rig.ReceiveExpect(1000, 1));
            for (int i = 0; i < 6; i++)
            {
                rig.Inject(1000, 10 + i); // four fit in the 4,108 bytes left, two are dropped
            }

            Assert.AreEqual(4, rig.Chip.PacketCount);
            rig.Run(20000);
            Assert.AreEqual(1, rig.Driver.Counters.RxOverflows);
            Assert.AreEqual(1010 - 1, Erxrdpt(rig));
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.EIR) & ChipRegisters.EIR_RXERIF);
            for (int i = 0; i < 5; i++)
            {
                rig.Run(10000);
            }

            Assert.AreEqual(1, rig.Driver.Counters.RxOverflows);
            for (int i = 0; i < 4; i++)
            {
                Assert.IsTrue(rig.ReceiveExpect(1000, 10 + i));
            }
        }

        [TestMethod]
        public void IntieStaysClearWhileAnnouncedFramesWaitAndIsSetWithTheLastOne()
        {
            // DS §12.0 and Enc28j60Driver.HandleInterrupt: INTIE off while the frames of an edge are taken, on again as
            // soon as the last of them is taken (the same Receive call), so a frame arriving later makes a new edge.
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Inject(100, 1);
            rig.Inject(200, 2);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80);
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80, "a frame still waits");
            Assert.IsTrue(rig.ReceiveExpect(200, 2));
            Assert.AreEqual(0x80, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80, "set with the last frame");
            rig.Inject(300, 3);
            Assert.IsTrue(rig.Chip.IntPinAsserted);
        }

        [TestMethod]
        public void AfterTheWatchdogFoundAMissedFrameReceiveIsFreeAgainOnceItIsTaken()
        {
            // Interrupt mode: Receive reads EPKTCNT only after an interrupt (or the watchdog's hint). Once the
            // frame the watchdog found is taken and EPKTCNT read back as 0, idle Receive calls cost nothing again.
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Run(1000);
            Assert.AreEqual(0, rig.Driver.Receive());
            rig.Inject(120, 2); // its edge is "missed": no HandleInterrupt
            rig.Run(1100000);
            Assert.AreEqual(1, rig.Driver.Counters.MissedInterrupts);
            Assert.IsTrue(rig.ReceiveExpect(120, 2));
            Assert.AreEqual(0, rig.Driver.Receive());
            int before = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 0; i < 50; i++)
            {
                Assert.AreEqual(0, rig.Driver.Receive());
            }

            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);
        }

        [TestMethod]
        public void IdleHealthTicksInInterruptModeFindNoMissedInterrupt()
        {
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Inject(100, 1);
            rig.Driver.HandleInterrupt();
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            Assert.AreEqual(0, rig.Driver.Receive());
            for (int i = 0; i < 4; i++)
            {
                rig.Run(1100000);
            }

            Assert.AreEqual(0, rig.Driver.Counters.MissedInterrupts);
        }

        [TestMethod]
        public void AnInterruptHandledByReceiveLeavesNothingForPollToRead()
        {
            // A link change in interrupt mode: the edge, HandleInterrupt, and the Receive that finds no frame reads
            // EIR and handles it. Poll must not read EIR again for it (only the health watchdog runs).
            ModelRig rig = ModelRig.StartedInInterruptMode();
            long ms = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(ms);
            rig.Chip.SetLinkUp(false);
            rig.Chip.AdvanceMicros(100);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsFalse(rig.Driver.IsLinkUp);
            int before = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 1; i < 100; i++)
            {
                rig.Driver.Poll(ms + i);
            }

            Assert.AreEqual(before, rig.Chip.Counters.ChipSelectAssertions);

            // The link comes back and this time only Poll runs after the edge: it reads EIR for the interrupt.
            rig.Chip.SetLinkUp(true);
            rig.Chip.AdvanceMicros(100);
            rig.Driver.HandleInterrupt();
            rig.Driver.Poll(ms + 100);
            Assert.IsTrue(rig.Driver.IsLinkUp);
        }

        [TestMethod]
        public void ALinkUpEdgeMissedInInterruptModeIsFoundByTheHealthTick()
        {
            // "A missed LINKIF must not leave the link down for ever" (Enc28j60Driver.HealthCheck): while the driver
            // thinks the link is down, each health tick reads PHSTAT2.LSTAT (DS §3.3, docs/enc28j60.md §2.6).
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Chip.SetLinkUp(false);
            rig.Chip.AdvanceMicros(100);
            rig.Driver.HandleInterrupt();
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsFalse(rig.Driver.IsLinkUp);
            rig.Chip.SetLinkUp(true); // edge missed: no HandleInterrupt
            rig.Run(1100000);
            Assert.IsTrue(rig.Driver.IsLinkUp);
            Assert.AreEqual(2, rig.Driver.Counters.LinkChanges);
        }

        [TestMethod]
        public void InterruptModeFindsAFrameWhoseEdgeWasMissedWhenPollLooksAtEirForATransmission()
        {
            // On a chip whose PKTIF is reliable (no errata #6), the EIR read Poll does for a transmission's completion
            // also shows PKTIF: a frame whose edge was missed is taken at once, without waiting for the watchdog.
            ModelRig rig = ModelRig.StartedInInterruptMode();
            rig.Chip.Errata = Enc28j60Errata.None();
            long ms = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(ms);
            Assert.AreEqual(0, rig.Driver.Receive()); // the check initialisation asks for
            rig.Inject(150, 5); // edge missed
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsTrue(rig.Send(100, 1));
            rig.Chip.AdvanceMicros(200);
            rig.Driver.Poll(ms);
            Assert.IsFalse(rig.Driver.TransmitPending);
            Assert.IsTrue(rig.ReceiveExpect(150, 5));
        }
    }
}
