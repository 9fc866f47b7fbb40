using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// SPI cost and watchdog details the README and docs/enc28j60.md §11 promise: per-frame chip selects, free idle
    /// polls, and the watchdog's memory between ticks.
    /// </summary>
    [TestClass]
    public class CostAndWatchdogTests
    {
        /// <summary>Interrupt mode; the link goes down, its interrupt is handled and Poll runs at <paramref name="ms"/> + 1:
        /// the driver reports the link down.</summary>
        private static ModelRig LinkDownInterruptHandled(out long ms)
        {
            ModelRig rig = Start(true);
            ms = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(ms);
            rig.Chip.SetLinkUp(false);
            rig.Chip.AdvanceMicros(100);
            rig.Driver.HandleInterrupt();
            rig.Driver.Poll(ms + 1);
            Assert.IsFalse(rig.Driver.IsLinkUp);
            return rig;
        }

        private static ModelRig Start(bool interrupts)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = interrupts;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0;
            return rig;
        }

        /// <summary>Chip selects for 100 received 64-byte frames, each announced (INT edge or poll) and taken.</summary>
        private static int ReceiveCost(bool interrupts)
        {
            ModelRig rig = Start(interrupts);
            rig.Run(1300);
            int start = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 0; i < 100; i++)
            {
                rig.Inject(64, i);
                if (interrupts)
                {
                    rig.Driver.HandleInterrupt();
                }

                Assert.IsTrue(rig.ReceiveExpect(64, i));
                Assert.AreEqual(0, rig.Driver.Receive());
                rig.Run(1300);
            }

            return rig.Chip.Counters.ChipSelectAssertions - start;
        }

        [TestMethod]
        public void ReceivingCostsTheChipSelectsTheReadmePromises()
        {
            // README "Measured SPI cost", received 64-byte frame: 5.3 in polling and 6.3 in interrupt mode (one
            // decimal: below 5.35 and 6.35 per frame). Bank 0 is home; EPKTCNT in bank 1 costs the round trip.
            int polling = ReceiveCost(false);
            int interrupts = ReceiveCost(true);
            Assert.IsTrue(polling < 535, "polling " + polling.ToString());
            Assert.IsTrue(interrupts < 635, "interrupts " + interrupts.ToString());
        }

        [TestMethod]
        public void BackToBackFullFramesCostAtMostEightChipSelectsEach()
        {
            // docs/enc28j60.md §11: at most 8 per sent frame. Back to back, the wait for the frame in flight sleeps
            // until its expected end and then reads EIR once: EWRPT 2, WBM 1, EIR + BFC 2, ETXSTH + ETXNDH 2, TXRTS 1.
            ModelRig rig = Start(false);
            Assert.IsTrue(rig.Send(1514, 0));
            Assert.IsTrue(rig.Send(1514, 1));
            int start = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 2; i < 22; i++)
            {
                Assert.IsTrue(rig.Send(1514, i));
            }

            int cost = rig.Chip.Counters.ChipSelectAssertions - start;
            rig.Flush();
            Assert.AreEqual(22, rig.Wire.Count);
            Assert.IsTrue(cost <= 20 * 8, "cost " + cost.ToString());
        }

        [TestMethod]
        public void AnIdlePollingDriverReadsOnlyEirOncePerInterval()
        {
            // Polling mode, nothing happening: one RCR of EIR per EventPollIntervalMs and nothing else until the
            // next health tick (no PHY read without LINKIF, no ERXRDPT write without consumed space).
            ModelRig rig = Start(false);
            long ms = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(ms);
            int start = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 1; i <= 100; i++)
            {
                rig.Driver.Poll(ms + i);
            }

            Assert.AreEqual(10, rig.Chip.Counters.ChipSelectAssertions - start);
        }

        [TestMethod]
        public void AnInterruptServicedByPollIsServicedOnce()
        {
            long ms;
            ModelRig rig = LinkDownInterruptHandled(out ms);
            int start = rig.Chip.Counters.ChipSelectAssertions;
            for (int i = 2; i < 200; i++)
            {
                rig.Driver.Poll(ms + i);
            }

            Assert.AreEqual(start, rig.Chip.Counters.ChipSelectAssertions);
        }

        [TestMethod]
        public void AnOverflowSeenByPollMakesReceiveLookEvenWhenPktifLies()
        {
            // errata #6: PKTIF may read 0 with frames waiting (here always). An RX error (DS §12.1.2) means frames are in
            // the FIFO; when Poll sees RXERIF on its EIR read for a transmission, Receive must read EPKTCNT, even
            // though the INT edge for the overflow was missed.
            ModelRig rig = Start(true);
            rig.Chip.Errata.PktifMissPercent = 100;
            long ms = rig.Chip.NowMicros / 1000 + 1;
            rig.Driver.Poll(ms);
            Assert.AreEqual(0, rig.Driver.Receive()); // the check initialisation asks for
            for (int i = 0; i < 8; i++)
            {
                rig.Inject(1000, i); // five fit, the rest overflow: RXERIF; no HandleInterrupt
            }

            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.IsTrue(rig.Send(100, 1));
            rig.Chip.AdvanceMicros(200);
            rig.Driver.Poll(ms);
            Assert.AreEqual(1, rig.Driver.Counters.RxOverflows);
            Assert.IsTrue(rig.ReceiveExpect(1000, 0));
        }

        [TestMethod]
        public void OneNormalTickBetweenTwoSaturatedOnesIsNotAWedge()
        {
            // The wedge needs two consecutive health ticks with EPKTCNT at 255 and no frame taken; a tick that reads
            // a normal count in between starts the count again.
            Enc28j60Chip chip = new Enc28j60Chip(ChipRevision.B7);
            PluggableBus bus = new PluggableBus(chip);
            bus.Present = true;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            driver.Initialize(ModelRig.Mac);
            driver.Poll(0);
            bus.Present = false;
            driver.Poll(1000);
            bus.Present = true;
            driver.Poll(2000);
            bus.Present = false;
            driver.Poll(3000);
            bus.Present = true;
            Assert.AreEqual(0, driver.Counters.RxResets);
            bus.Present = false;
            driver.Poll(4000);
            bus.Present = true;
            Assert.AreEqual(1, driver.Counters.RxResets, "two in a row");
        }

        [TestMethod]
        public void AFrameInFlightWhenTheWatchdogResetsTheTransmitterIsGivenUp()
        {
            // The second fault in a row resets RX and TX (Enc28j60Driver.OnFault). TXRST stops the frame on the wire
            // (DS §3 ECON1.TXRST), so the driver must not wait for its completion (which never comes: TX timeout).
            ModelRig rig = Start(false);
            rig.Run(1000);
            Assert.IsTrue(rig.Send(1514, 1));
            for (int i = 0; i < 2; i++)
            {
                rig.Inject(100, i);
                rig.Chip.Memory[rig.Chip.PeekRegister(0, ChipRegisters.ERDPTL) | (rig.Chip.PeekRegister(0, ChipRegisters.ERDPTH) << 8)] = 0x01;
                Assert.AreEqual(0, rig.Driver.Receive());
            }

            Assert.AreEqual(1, rig.Driver.Counters.TxResets);
            Assert.IsFalse(rig.Driver.TransmitPending);
            for (int i = 0; i < 40; i++)
            {
                rig.Run(1000);
            }

            Assert.AreEqual(0, rig.Driver.Counters.TxTimeouts);
            Assert.IsTrue(rig.Send(200, 2));
            rig.Flush();
            Assert.IsTrue(ModelRig.Matches(rig.Wire.Frames[rig.Wire.Count - 1], 0, 200, 2, ModelRig.PeerMac, ModelRig.Mac));
        }
        [TestMethod]
        public void EveryInterruptClearsIntieAgainNotOnlyTheFirst()
        {
            // DS §12.0: each handling starts with INTIE cleared; after a completed round the next edge must clear it
            // again, or a flag raised during the handling could not produce a fresh falling edge.
            ModelRig rig = Start(true);
            for (int round = 0; round < 3; round++)
            {
                rig.Inject(100, round * 2);
                rig.Inject(110, round * 2 + 1);
                rig.Driver.HandleInterrupt();
                Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80, "round " + round.ToString());
                Assert.IsTrue(rig.ReceiveExpect(100, round * 2));
                Assert.AreEqual(0, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80);
                Assert.IsTrue(rig.ReceiveExpect(110, round * 2 + 1));
                Assert.AreEqual(0x80, rig.Chip.PeekRegister(0, ChipRegisters.EIE) & 0x80);
            }
        }

        [TestMethod]
        public void AnUninitialisedDriverOnlyRetriesItsInitialisation()
        {
            // Until a chip answers, Poll does nothing but the periodic re-initialisation attempt: no EIR polling of a
            // bus that reads 0xFF, so no phantom RX error, link or frame.
            DeadBus bus = new DeadBus();
            bus.Level = 0xFF;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            Assert.ThrowsException(typeof(Enc28j60NotFoundException), () => driver.Initialize(ModelRig.Mac));
            for (int ms = 0; ms < 3000; ms += 5)
            {
                driver.Poll(ms);
            }

            Assert.AreEqual(3, driver.Counters.ReinitFailures);
            Assert.AreEqual(0, driver.Counters.RxOverflows);
            Assert.AreEqual(0, driver.Counters.LinkChanges);
            Assert.IsFalse(driver.IsLinkUp);
        }

        [TestMethod]
        public void InterruptEventsTenMillisecondsApartAreBothServicedByPoll()
        {
            // EventPollIntervalMs (10) limits how often Poll reads EIR for interrupts Receive did not look at: two
            // interrupts exactly one interval apart are both seen.
            long ms;
            ModelRig rig = LinkDownInterruptHandled(out ms);
            rig.Chip.SetLinkUp(true);
            rig.Chip.AdvanceMicros(100);
            rig.Driver.HandleInterrupt();
            rig.Driver.Poll(ms + 11);
            Assert.IsTrue(rig.Driver.IsLinkUp);
            Assert.AreEqual(2, rig.Driver.Counters.LinkChanges);
        }

        [TestMethod]
        public void AnIdleLinkIsNotAWedgedReceiver()
        {
            // The wedge is EPKTCNT at 255 without progress; health ticks with nothing received and nothing waiting
            // must not reset anything.
            ModelRig rig = Start(false);
            rig.Inject(100, 1);
            Assert.IsTrue(rig.ReceiveExpect(100, 1));
            for (int i = 0; i < 6; i++)
            {
                rig.Run(1100000);
            }

            Assert.AreEqual(0, rig.Driver.Counters.RxResets);
            Assert.AreEqual(0, rig.Driver.Counters.WatchdogEscalations);
            Assert.AreEqual(0, rig.Driver.Counters.FullReinits);
        }

        [TestMethod]
        public void ASkippedFramesSpaceIsGivenBackLikeAnyOther()
        {
            // With RxReleaseThreshold 0 every consumed frame is released at once (Enc28j60Options), the skipped
            // not-received-OK one included (DS Table 7-3 bit 23): ERXRDPT moves just behind its end.
            Enc28j60Options options = new Enc28j60Options();
            options.RxReleaseThreshold = 0;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Inject(100, 1);
            rig.MarkNotReceivedOk(0);
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxNotOk);
            int erxrdpt = rig.Chip.PeekRegister(0, ChipRegisters.ERXRDPTL) | (rig.Chip.PeekRegister(0, ChipRegisters.ERXRDPTH) << 8);
            Assert.AreEqual(6 + 104 - 1, erxrdpt);
        }

        [TestMethod]
        public void AnRxResetDrainsOnlyWhatEpktcntStillCounts()
        {
            // docs/enc28j60.md §4.3: after RXRST the driver decrements EPKTCNT once per frame it still counts; with
            // nothing counted there is nothing to decrement (each PKTDEC is an SPI transaction).
            TraceRecorder trace = new TraceRecorder();
            ModelRig rig = Start(false);
            trace.Chip = rig.Chip;
            rig.Inject(100, 1);
            rig.Chip.Memory[0] = 0x01; // odd next pointer
            rig.Chip.SpiObserver = trace;
            Assert.AreEqual(0, rig.Driver.Receive());
            Assert.AreEqual(1, rig.Driver.Counters.RxResets);
            int pktdec = 0;
            for (int i = 0; i < trace.Count; i++)
            {
                if (trace.Opcode[i] == (int)SpiOpcode.BitFieldSet && trace.Address[i] == ChipRegisters.ECON2 && (trace.Value[i] & ChipRegisters.ECON2_PKTDEC) != 0)
                {
                    pktdec++;
                }
            }

            Assert.AreEqual(0, rig.Chip.PacketCount);
            Assert.AreEqual(0, pktdec);
        }
    }
}
