using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>Receive engine: header layout, filters, FIFO protection (DS §7.2 and §8, docs/enc28j60.md §4).</summary>
    [TestClass]
    public class RxTests
    {
        private static readonly byte[] Broadcast = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        private static readonly byte[] Stranger = new byte[] { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

        [TestMethod]
        public void UnicastIpv4FrameGetsHeaderWithCountIncludingFcsAndStatusC000()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            byte[] f = ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60);
            p.Receive(f);
            int next, count, status;
            p.Header(0x0000, out next, out count, out status);
            Assert.AreEqual(64, count);          // 60 bytes + 4 FCS
            Assert.AreEqual(0x00C0, status);     // RXOK (bit 23) | length out of range (bit 22)
            Assert.AreEqual(6 + 64, next);       // already even
            p.Rbm(60);
            for (int i = 0; i < 60; i++) Assert.AreEqual((int)f[i], (int)p.Miso[1 + i]);
            Assert.AreEqual(next, p.ReadPointer(ChipRegisters.ERXWRPTL));
        }

        [TestMethod]
        public void FcsIsStoredAfterTheFrame()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            byte[] f = ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60);
            p.Receive(f);
            uint fcs = Crc32.Compute(f, 0, 60);
            Assert.AreEqual((int)(fcs & 0xFF), (int)p.Chip.Memory[6 + 60]);
            Assert.AreEqual((int)(fcs >> 24), (int)p.Chip.Memory[6 + 63]);
        }

        [TestMethod]
        public void OddLengthFrameLeavesAPadByteSoTheNextHeaderIsEven()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 61));
            int next, count, status;
            p.Header(0x0000, out next, out count, out status);
            Assert.AreEqual(65, count);          // the pad byte is not counted
            Assert.AreEqual(72, next);           // 6 + 65 = 71, rounded up to even
        }

        [TestMethod]
        public void ShortFramesArePaddedTo60OnTheWire()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(Broadcast, 0x0806, 42));
            int next, count, status;
            p.Header(0x0000, out next, out count, out status);
            Assert.AreEqual(64, count);
        }

        [TestMethod]
        public void BroadcastAndMulticastSetTheirStatusBits()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, 0xA3); // + MCEN
            p.Receive(ChipProbe.Frame(Broadcast, 0x0806, 60));
            byte[] mcast = new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            p.Receive(ChipProbe.Frame(mcast, 0x0800, 60));
            int next, count, status;
            p.Header(0x0000, out next, out count, out status);
            Assert.AreEqual(0x02C0, status);     // bit 25 broadcast
            p.Header(next, out next, out count, out status);
            Assert.AreEqual(0x01C0, status);     // bit 24 multicast
        }

        [TestMethod]
        public void UnicastFilterRejectsOtherDestinationsWithoutATrace()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(Stranger, 0x0800, 60));
            p.Bank(1);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EPKTCNT));
            p.Bank(0);
            Assert.AreEqual(0, p.ReadPointer(ChipRegisters.ERXWRPTL));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EIR));
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.Filter));
        }

        [TestMethod]
        public void AllFiltersOffIsPromiscuous()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, 0x00);
            p.Receive(ChipProbe.Frame(Stranger, 0x0800, 60));
            Assert.AreEqual(1, p.Rcr(ChipRegisters.EPKTCNT));
        }

        [TestMethod]
        public void AndModeNeedsEveryEnabledFilter()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Bank(1);
            // ANDOR with UCEN and BCEN: no frame can be both unicast-to-us and broadcast.
            p.Wcr(ChipRegisters.ERXFCON, ChipRegisters.ERXFCON_ANDOR | ChipRegisters.ERXFCON_UCEN | ChipRegisters.ERXFCON_BCEN);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            p.Receive(ChipProbe.Frame(Broadcast, 0x0806, 60));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EPKTCNT));
            // OR mode with the same filters takes both.
            p.Wcr(ChipRegisters.ERXFCON, ChipRegisters.ERXFCON_UCEN | ChipRegisters.ERXFCON_BCEN);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            p.Receive(ChipProbe.Frame(Broadcast, 0x0806, 60));
            Assert.AreEqual(2, p.Rcr(ChipRegisters.EPKTCNT));
        }

        [TestMethod]
        public void HashFilterAcceptsAMulticastWhoseBitIsSet()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            byte[] group = new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            int index = Crc32.HashIndex(group, 0);
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, ChipRegisters.ERXFCON_HTEN | ChipRegisters.ERXFCON_CRCEN);
            p.Receive(ChipProbe.Frame(group, 0x0800, 60));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EPKTCNT));
            p.Wcr(ChipRegisters.EHT0 + (index >> 3), 1 << (index & 7));
            p.Receive(ChipProbe.Frame(group, 0x0800, 60));
            Assert.AreEqual(1, p.Rcr(ChipRegisters.EPKTCNT));
        }

        [TestMethod]
        public void PatternMatchWithEtherCardSettingsAcceptsArpBroadcastOnly()
        {
            // EtherCard: EPMM0 = 0x3F, EPMM1 = 0x30 (bytes 0-5 and 12-13), EPMCS = 0xF7F9 (docs/enc28j60.md §2.4).
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle();
            p.Bank(1);
            p.Wcr(ChipRegisters.EPMM0, 0x3F);
            p.Wcr(ChipRegisters.EPMM0 + 1, 0x30);
            p.Wcr(ChipRegisters.EPMCSL, 0xF9);
            p.Wcr(ChipRegisters.EPMCSH, 0xF7);
            p.Wcr(ChipRegisters.ERXFCON, ChipRegisters.ERXFCON_PMEN | ChipRegisters.ERXFCON_CRCEN);
            p.Receive(ChipProbe.Frame(Broadcast, 0x0800, 60));
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EPKTCNT));
            p.Receive(ChipProbe.Frame(Broadcast, 0x0806, 60));
            Assert.AreEqual(1, p.Rcr(ChipRegisters.EPKTCNT));
        }

        [TestMethod]
        public void BadCrcIsDroppedWithCrcenAndMarkedWithout()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.RxFaultHook = new FlipFcs();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.CrcError));
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, ChipRegisters.ERXFCON_UCEN);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            int next, count, status;
            p.Header(0x0000, out next, out count, out status);
            Assert.AreEqual(0x0050, status);     // CRC error (bit 20) | length out of range, no RXOK
        }

        [TestMethod]
        public void FramesLongerThanMamxflAreDropped()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1514)); // 1518 with FCS: fits
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1515)); // 1519: too long
            p.Bank(1);
            Assert.AreEqual(1, p.Rcr(ChipRegisters.EPKTCNT));
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.TooLong));
        }

        [TestMethod]
        public void NothingIsReceivedWhileRxenIsClear()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            p.Bank(1);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.EPKTCNT));
        }

        [TestMethod]
        public void FrameThatWouldReachErxrdptIsAbortedWithRxerif()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            // ERXRDPT stays at 0x19FF (nothing consumed): the 6.5 KiB FIFO takes 4 full frames, not 5.
            for (int i = 0; i < 5; i++) p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1514));
            p.Bank(1);
            Assert.AreEqual(4, p.Rcr(ChipRegisters.EPKTCNT));
            Assert.AreEqual(ChipRegisters.EIR_RXERIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_RXERIF);
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.BufferFull));
        }

        [TestMethod]
        public void TheByteAtErxrdptIsNeverWritten()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.Memory[0x19FF] = 0x77;
            for (int i = 0; i < 8; i++) p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1000));
            Assert.AreEqual(0x77, (int)p.Chip.Memory[0x19FF]);
        }

        [TestMethod]
        public void EpktcntSaturatesAt255AndTheNextFrameSetsRxerif()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            int next = 0;
            for (int i = 0; i < 256; i++)
            {
                p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
                // Free the space but never PKTDEC: only EPKTCNT can run out.
                next = p.Chip.PeekRegister(0, ChipRegisters.ERXWRPTL) | (p.Chip.PeekRegister(0, ChipRegisters.ERXWRPTH) << 8);
                int rd = next == 0 ? 0x19FF : next - 1;
                p.Pointer(ChipRegisters.ERXRDPTL, rd);
            }
            p.Bank(1);
            Assert.AreEqual(255, p.Rcr(ChipRegisters.EPKTCNT));
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.CountFull));
            Assert.AreEqual(ChipRegisters.EIR_RXERIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_RXERIF);
        }

        [TestMethod]
        public void FrameWrapsAroundTheEndOfTheFifo()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            // Consume frames until the write pointer is close to ERXND, then check the wrapped frame is intact.
            int next = 0;
            for (int i = 0; i < 5; i++)
            {
                p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1200));
                int n, c, s;
                p.Header(next, out n, out c, out s);
                next = n;
                p.Pointer(ChipRegisters.ERXRDPTL, next == 0 ? 0x19FF : next - 1);
                p.Bfs(ChipRegisters.ECON2, ChipRegisters.ECON2_PKTDEC);
            }
            byte[] f = ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1200);
            p.Receive(f);
            int nx, count, status;
            p.Header(next, out nx, out count, out status);
            Assert.IsTrue(nx < next);            // this frame wrapped past ERXND
            Assert.AreEqual(1204, count);
            p.Rbm(1200);                         // ERDPT follows the same wrap rule
            for (int i = 0; i < 1200; i++) Assert.AreEqual((int)f[i], (int)p.Miso[1 + i]);
        }

        [TestMethod]
        public void FreeSpaceFollowsTheDataSheetEquation()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            Assert.AreEqual(0x19FE, p.Chip.RxFreeSpace); // WR 0 < RD 0x19FF: RD - WR - 1
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(0x19FE - 70, p.Chip.RxFreeSpace);
        }

        [TestMethod]
        public void WithWireTimingAFrameCompletesAfterItsDurationWithRxbusyMeanwhile()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.RxWireTiming = true;
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1000)); // 8 + 1004 bytes ≈ 810 µs
            p.Chip.AdvanceMicros(400);
            Assert.AreEqual(ChipRegisters.ESTAT_RXBUSY, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_RXBUSY);
            Assert.AreEqual(0, p.Chip.PacketCount);
            p.Chip.AdvanceMicros(420);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_RXBUSY);
            Assert.AreEqual(1, p.Chip.PacketCount);
        }

        [TestMethod]
        public void WithWireTimingBackToBackFramesArriveOneAfterTheOther()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.RxWireTiming = true;
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 500));
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 500));
            p.Chip.AdvanceMicros(420);
            Assert.AreEqual(1, p.Chip.PacketCount);
            p.Chip.AdvanceMicros(420);
            Assert.AreEqual(2, p.Chip.PacketCount);
        }

        [TestMethod]
        public void WithWireTimingADmaChecksumStartedMidFrameAbortsItUnderErrata17()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.RxWireTiming = true;
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 1000));
            p.Chip.AdvanceMicros(300);
            p.Pointer(ChipRegisters.EDMASTL, 0x1A00);
            p.Pointer(ChipRegisters.EDMANDL, 0x1A10);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_CSUMEN | ChipRegisters.ECON1_DMAST);
            p.Chip.AdvanceMicros(1000);
            Assert.AreEqual(0, p.Chip.PacketCount);
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.DmaChecksum));
        }

        [TestMethod]
        public void PauseFramesAreDroppedUnlessPassallAndThenFlaggedAsControlFrames()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Bank(1);
            p.Wcr(ChipRegisters.ERXFCON, 0x00);
            byte[] pause = ChipProbe.Frame(new byte[] { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x01 }, 0x8808, 60);
            pause[14] = 0x00;
            pause[15] = 0x01; // opcode PAUSE
            p.Receive(pause);
            Assert.AreEqual(0, p.Chip.PacketCount);
            Assert.AreEqual(1, p.Chip.RxDrops(RxDropReason.ControlFrame));
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            p.Bank(2);
            p.Wcr(ChipRegisters.MACON1, 0x0D | ChipRegisters.MACON1_PASSALL);
            p.Bank(0);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            p.Receive(pause);
            int next, count, status;
            p.Header(0, out next, out count, out status);
            Assert.AreEqual(0x19C0, status); // 28 pause | 27 control | 24 multicast | RXOK | out of range
        }

        [TestMethod]
        public void VlanTaggedFramesSetBit30()
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x8100, 64));
            int next, count, status;
            p.Header(0, out next, out count, out status);
            Assert.AreEqual(0x40C0, status);
        }

        [TestMethod]
        public void RxrstForgetsPendingFramesAndRestartsAtErxst()
        {
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle();
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_RXRST);
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXRST);
            Assert.AreEqual(0, p.Chip.PacketCount);
            Assert.AreEqual(0, p.ReadPointer(ChipRegisters.ERXWRPTL));
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            p.Receive(ChipProbe.Frame(ChipProbe.Mac, 0x0800, 60));
            Assert.AreEqual(1, p.Chip.PacketCount);
        }
    }

    internal sealed class FlipFcs : IRxFaultHook
    {
        public void BeforeReceive(byte[] frameWithFcs, int length)
        {
            frameWithFcs[length - 1] ^= 0x01;
        }
    }
}
