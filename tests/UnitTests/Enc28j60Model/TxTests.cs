using nanoFramework.TestFramework;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60Model
{
    /// <summary>Transmit engine: control byte, padding/CRC, TSV, busy time, abort and cancel (DS §7.1, docs/enc28j60.md §5).</summary>
    [TestClass]
    public class TxTests
    {
        private static ChipProbe Started(WireLog wire)
        {
            ChipProbe p = new ChipProbe();
            p.InitLinuxStyle();
            p.Chip.Errata.LinkPulseLateCollision = false; // deterministic: no random late collisions (errata #13)
            p.Chip.WireSink = wire;
            return p;
        }

        [TestMethod]
        public void FrameGoesOnTheWireAfterItsWireTime()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            byte[] f = ChipProbe.Frame(ChipProbe.Peer, 0x0800, 1514);
            p.Transmit(f, 0x00);
            p.Chip.AdvanceMicros(1000);
            Assert.AreEqual(ChipRegisters.ECON1_TXRTS, p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_TXRTS);
            Assert.AreEqual(0, wire.Count);
            // (8 preamble + 1518 + 12 IFG) × 0.8 µs = 1230.4 µs
            p.Chip.AdvanceMicros(250);
            Assert.AreEqual(0, p.Rcr(ChipRegisters.ECON1) & ChipRegisters.ECON1_TXRTS);
            Assert.AreEqual(1, wire.Count);
            Assert.AreEqual(1514, wire.LastLength);
            for (int i = 0; i < 1514; i++) Assert.AreEqual((int)f[i], (int)wire.Last[i]);
        }

        [TestMethod]
        public void TsvAtEtxndPlusOneReportsCountAndDone()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            byte[] f = ChipProbe.Frame(ChipProbe.Peer, 0x0800, 100);
            p.Transmit(f, 0x00);
            p.Chip.AdvanceMicros(200);
            p.Tsv(100);
            Assert.AreEqual(104, p.Miso[1] | (p.Miso[2] << 8)); // byte count incl. CRC
            Assert.AreEqual(0x80, p.Miso[3] & 0x80);            // bit 23 Done
            Assert.AreEqual(0x40, p.Miso[3] & 0x40);            // bit 22 length out of range (EtherType)
            Assert.AreEqual(0, (int)p.Miso[4]);                  // unicast, no collision, no giant
            Assert.AreEqual(104, p.Miso[5] | (p.Miso[6] << 8)); // total bytes on the wire
        }

        [TestMethod]
        public void BroadcastIsFlaggedInTheTsv()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            byte[] bc = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            p.Transmit(ChipProbe.Frame(bc, 0x0806, 42), 0x00);
            p.Chip.AdvanceMicros(200);
            p.Tsv(42);
            Assert.AreEqual(0x02, (int)p.Miso[4]); // bit 25
        }

        [TestMethod]
        public void Padcfg001PadsShortFramesTo60AndAppendsTheCrc()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire); // MACON3 = 0x32: PADCFG 001, TXCRCEN
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0806, 42), 0x00);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(60, wire.LastLength);
            for (int i = 42; i < 60; i++) Assert.AreEqual(0, (int)wire.Last[i]);
            p.Tsv(42);
            Assert.AreEqual(64, (int)p.Miso[1]);
        }

        [TestMethod]
        public void ControlByteOverrideWithoutCrcSendsTheHostsFcs()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            byte[] f = new byte[64];
            byte[] body = ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60);
            for (int i = 0; i < 60; i++) f[i] = body[i];
            Crc32.Append(f, 0, 60);
            p.Transmit(f, 0x01); // POVERRIDE, PCRCEN=0, PPADEN=0: the host supplies the FCS
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(1, wire.Count);
            Assert.AreEqual(60, wire.LastLength);
            p.Tsv(64);
            Assert.AreEqual(0, p.Miso[3] & 0x10); // no CRC error
        }

        [TestMethod]
        public void WrongHostFcsIsReportedAndNeverReachesAReceiver()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            byte[] f = ChipProbe.Frame(ChipProbe.Peer, 0x0800, 64);
            p.Transmit(f, 0x01);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(0, wire.Count);
            p.Tsv(64);
            Assert.AreEqual(0x10, p.Miso[3] & 0x10); // bit 20 CRC error
        }

        [TestMethod]
        public void GiantFrameIsAbortedWithTxerifAndTxabrt()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 1515), 0x00); // 1519 > MAMXFL 1518
            p.Chip.AdvanceMicros(1500);
            Assert.AreEqual(0, wire.Count);
            int eir = p.Rcr(ChipRegisters.EIR);
            Assert.AreEqual(ChipRegisters.EIR_TXIF | ChipRegisters.EIR_TXERIF, eir & (ChipRegisters.EIR_TXIF | ChipRegisters.EIR_TXERIF));
            Assert.AreEqual(ChipRegisters.ESTAT_TXABRT, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_TXABRT);
            p.Tsv(1515);
            Assert.AreEqual(0x40, p.Miso[4] & 0x40); // bit 30 giant
            Assert.AreEqual(0, p.Miso[3] & 0x80);    // not Done
        }

        [TestMethod]
        public void ClearingTxrtsCancelsTheTransmission()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 1000), 0x00);
            p.Chip.AdvanceMicros(100);
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS);
            p.Chip.AdvanceMicros(2000);
            Assert.AreEqual(0, wire.Count);
            Assert.AreEqual(ChipRegisters.EIR_TXIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_TXIF);
        }

        [TestMethod]
        public void InjectedLateCollisionAbortsAndSetsTsvBit29()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            p.Chip.InjectLateCollisions(1);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 100), 0x00);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(0, wire.Count);
            Assert.AreEqual(ChipRegisters.EIR_TXERIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_TXERIF);
            p.Tsv(100);
            Assert.AreEqual(0x20, p.Miso[4] & 0x20);
        }

        [TestMethod]
        public void InjectedExcessiveCollisionsAbortWithTsvBit28AndTheRetryCountNotBit29()
        {
            // DS §7.1 / Table 7-1: after MACLCON1.RETMAX (reset 15) retransmissions the MAC gives up: TXERIF and
            // ESTAT.TXABRT, TSV bit 28 set, collision count (bits 19:16) = 15, no late collision (bit 29, LATECOL).
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            p.Chip.InjectExcessiveCollisions(1);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 100), 0x00);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(0, wire.Count);
            Assert.AreEqual(ChipRegisters.EIR_TXERIF, p.Rcr(ChipRegisters.EIR) & ChipRegisters.EIR_TXERIF);
            Assert.AreEqual(ChipRegisters.ESTAT_TXABRT, p.Rcr(ChipRegisters.ESTAT) & (ChipRegisters.ESTAT_TXABRT | ChipRegisters.ESTAT_LATECOL));
            p.Tsv(100);
            Assert.AreEqual(0x10, p.Miso[4] & 0x30);
            Assert.AreEqual(15, p.Miso[3] & 0x0F);
            Assert.AreEqual(0, p.Miso[3] & 0x80, "not done");
            // The next frame goes out normally.
            p.Bfc(ChipRegisters.EIR, ChipRegisters.EIR_TXERIF | ChipRegisters.EIR_TXIF);
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRST);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 100), 0x00);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(1, wire.Count);
        }

        [TestMethod]
        public void TxifDrivesTheIntPinWhenEnabled()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            p.Wcr(ChipRegisters.EIE, ChipRegisters.EIE_INTIE | 0x08);
            Assert.IsFalse(p.Chip.IntPinAsserted);
            p.Transmit(ChipProbe.Frame(ChipProbe.Peer, 0x0800, 60), 0x00);
            p.Chip.AdvanceMicros(200);
            Assert.IsTrue(p.Chip.IntPinAsserted);
            Assert.AreEqual(ChipRegisters.ESTAT_INT, p.Rcr(ChipRegisters.ESTAT) & ChipRegisters.ESTAT_INT);
            p.Bfc(ChipRegisters.EIE, ChipRegisters.EIE_INTIE);
            Assert.IsFalse(p.Chip.IntPinAsserted);
            p.Bfs(ChipRegisters.EIE, ChipRegisters.EIE_INTIE);
            p.Bfc(ChipRegisters.EIR, ChipRegisters.EIR_TXIF);
            Assert.IsFalse(p.Chip.IntPinAsserted);
        }

        [TestMethod]
        public void HalfDuplexWithoutHdldisEchoesOurOwnBroadcastIntoTheReceiver()
        {
            WireLog wire = new WireLog();
            ChipProbe p = Started(wire);
            p.Chip.Errata.HalfDuplexLoopbackUnreliable = false;
            p.PhyWrite(ChipRegisters.PHCON2, 0x0000);
            byte[] bc = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            p.Transmit(ChipProbe.Frame(bc, 0x0806, 60), 0x00);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(1, wire.Count);
            p.Bank(1);
            Assert.AreEqual(1, p.Rcr(ChipRegisters.EPKTCNT));
        }

        [TestMethod]
        public void TwoChipsOnABackToBackWireExchangeFrames()
        {
            ChipProbe a = new ChipProbe();
            ChipProbe b = new ChipProbe();
            a.InitLinuxStyle();
            b.InitLinuxStyle(); // same MAC: b accepts what a sends to ChipProbe.Mac
            a.Chip.Errata.LinkPulseLateCollision = false;
            BackToBackWire wire = new BackToBackWire(a.Chip, b.Chip);
            byte[] f = ChipProbe.Frame(ChipProbe.Mac, 0x0800, 200);
            a.Transmit(f, 0);
            a.Chip.AdvanceMicros(300);
            Assert.AreEqual(1, wire.FramesAtoB);
            Assert.AreEqual(1, b.Chip.PacketCount);
            int next, count, status;
            b.Header(0, out next, out count, out status);
            Assert.AreEqual(204, count);
            b.Rbm(200);
            for (int i = 0; i < 200; i++) Assert.AreEqual((int)f[i], (int)b.Miso[1 + i]);
        }

        [TestMethod]
        public void DataSheetExampleLayoutPutsTheTsvRightAfterEtxnd()
        {
            // DS Fig. 7-2: control byte at ETXST = 0x0120, frame 0x0121..0x0156 (ETXND), TSV at 0x0157..0x015D.
            WireLog wire = new WireLog();
            ChipProbe p = ChipProbe.Ideal();
            p.InitLinuxStyle();
            p.Bfc(ChipRegisters.ECON1, ChipRegisters.ECON1_RXEN);
            p.Pointer(ChipRegisters.ERXSTL, 0x0200);
            p.Pointer(ChipRegisters.ERXNDL, 0x1FFF);
            p.Pointer(ChipRegisters.ERXRDPTL, 0x1FFF);
            p.Chip.WireSink = wire;
            byte[] f = ChipProbe.Frame(ChipProbe.Peer, 0x0800, 0x0156 - 0x0120);
            p.Pointer(ChipRegisters.EWRPTL, 0x0120);
            p.Mosi[0] = ChipRegisters.OP_WBM;
            p.Mosi[1] = 0x00;
            for (int i = 0; i < f.Length; i++) p.Mosi[2 + i] = f[i];
            p.Raw(2 + f.Length);
            p.Pointer(ChipRegisters.ETXSTL, 0x0120);
            p.Pointer(ChipRegisters.ETXNDL, 0x0156);
            p.Chip.Memory[0x015E] = 0xEE;
            p.Bfs(ChipRegisters.ECON1, ChipRegisters.ECON1_TXRTS);
            p.Chip.AdvanceMicros(200);
            Assert.AreEqual(60, wire.LastLength);                        // 54 bytes padded to 60 (MACON3 PADCFG 001)
            Assert.AreEqual(60 + 4, (int)p.Chip.Memory[0x0157]);       // padded to 60 + CRC
            Assert.AreEqual(0x80, p.Chip.Memory[0x0159] & 0x80);        // Done in TSV byte 2
            Assert.AreEqual(0xEE, (int)p.Chip.Memory[0x015E]);          // nothing written past the 7 TSV bytes
            Assert.AreEqual(0x0120, p.ReadPointer(ChipRegisters.ETXSTL)); // ETXST/ETXND are not modified
            Assert.AreEqual(0x0156, p.ReadPointer(ChipRegisters.ETXNDL));
        }
    }
}
