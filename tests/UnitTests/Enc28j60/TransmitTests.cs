using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>Transmit path on the chip model (B7, all errata on, strict mode on).</summary>
    [TestClass]
    public class TransmitTests
    {
        private static bool WireHas(ModelRig rig, int index, int length, int seq)
        {
            int wireLength = length < 60 ? 60 : length; // MACON3.PADCFG pads short frames to 60 with zeros
            if (rig.Wire.Lengths[index] != wireLength)
            {
                return false;
            }

            byte[] frame = rig.Wire.Frames[index];
            if (!ModelRig.Matches(frame, 0, length, seq, ModelRig.PeerMac, ModelRig.Mac))
            {
                return false;
            }

            for (int i = length; i < wireLength; i++)
            {
                if (frame[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        [TestMethod]
        public void EveryFrameSizeFrom14To1514IsSentByteExact()
        {
            ModelRig rig = ModelRig.Started();
            int bad = 0;
            for (int length = 14; length <= 1514; length++)
            {
                rig.Wire.Clear();
                Assert.IsTrue(rig.Send(length, length));
                rig.Flush(); // random errata-#13 late collisions are retried, so the frame may take a while
                if (rig.Wire.Count != 1 || !WireHas(rig, 0, length, length))
                {
                    bad++;
                }
            }

            Assert.AreEqual(0, bad);
            Assert.AreEqual(1501, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(rig.Driver.Counters.TxAborts, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void BackToBackSendsWaitForThePreviousFrameAndAllGoOut()
        {
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 30; i++)
            {
                Assert.IsTrue(rig.Send(1514 - i * 40, i));
            }

            rig.Flush();
            Assert.AreEqual(30, rig.Wire.Count);
            for (int i = 0; i < 30; i++)
            {
                Assert.IsTrue(WireHas(rig, i, 1514 - i * 40, i));
            }

            Assert.AreEqual(30, rig.Driver.Counters.TxFrames);
        }

        [TestMethod]
        public void LengthsOutsideEthernetAreRefused()
        {
            ModelRig rig = ModelRig.Started();
            Assert.IsFalse(rig.Driver.Transmit(13));
            Assert.IsFalse(rig.Driver.Transmit(1515));
            Assert.AreEqual(2, rig.Driver.Counters.TxDropped);
            rig.Run(1000);
            Assert.AreEqual(0, rig.Wire.Count);
        }

        [TestMethod]
        public void LateCollisionsAreRetriedFromTheStatusVector()
        {
            ModelRig rig = ModelRig.Started();
            rig.Chip.Errata.LateCollisionPercent = 0; // only the injected ones
            rig.Chip.InjectLateCollisions(3);
            Assert.IsTrue(rig.Send(600, 1));
            for (int i = 0; i < 10; i++)
            {
                rig.Run(2000);
            }

            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(WireHas(rig, 0, 600, 1));
            Assert.AreEqual(3, rig.Driver.Counters.TxAborts);
            Assert.AreEqual(3, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(1, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(0, rig.Driver.Counters.TxDropped);
        }

        [TestMethod]
        public void FrameIsDroppedAfterSixteenRetriesAndTheNextFrameStillGoesOut()
        {
            ModelRig rig = ModelRig.Started();
            rig.Chip.Errata.LateCollisionPercent = 0;
            rig.Chip.InjectLateCollisions(17);
            Assert.IsTrue(rig.Send(300, 1));
            for (int i = 0; i < 40; i++)
            {
                rig.Run(2000);
            }

            Assert.AreEqual(0, rig.Wire.Count);
            Assert.AreEqual(17, rig.Driver.Counters.TxAborts);
            Assert.AreEqual(16, rig.Driver.Counters.TxLateCollisionRetries);
            Assert.AreEqual(1, rig.Driver.Counters.TxDropped);

            // errata #12: the abort must not stall the transmitter.
            Assert.IsTrue(rig.Send(400, 2));
            rig.Run(2000);
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(WireHas(rig, 0, 400, 2));
            Assert.AreEqual(0, rig.Driver.Counters.TxTimeouts);
        }

        [TestMethod]
        public void StalledTransmitterTimesOutAndRecovers()
        {
            // Provoke the errata #12 stall by removing its workaround; the timeout must still recover.
            Enc28j60Options options = new Enc28j60Options();
            options.Workarounds = Enc28j60Workarounds.All & ~Enc28j60Workarounds.TxLogicReset & ~Enc28j60Workarounds.LateCollisionRetry;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0;
            rig.Chip.InjectLateCollisions(1);
            Assert.IsTrue(rig.Send(300, 1));
            rig.Run(2000);
            Assert.AreEqual(1, rig.Driver.Counters.TxAborts);
            Assert.IsTrue(rig.Send(300, 2));   // stalls in the chip
            for (int i = 0; i < 40; i++)
            {
                rig.Run(2000);
            }

            Assert.AreEqual(1, rig.Driver.Counters.TxTimeouts);
            Assert.IsTrue(rig.Send(300, 3));
            rig.Run(2000);
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(WireHas(rig, 0, 300, 3));
        }

        [TestMethod]
        public void TransmitAndReceiveInterleaveWithoutDisturbingEachOther()
        {
            ModelRig rig = ModelRig.Started();
            for (int i = 0; i < 100; i++)
            {
                rig.Inject(64 + i * 13, i);
                Assert.IsTrue(rig.Send(1514 - i * 11, i));
                Assert.IsTrue(rig.ReceiveExpect(64 + i * 13, i));
                rig.Run(100);
            }

            rig.Flush();
            Assert.AreEqual(100, rig.Driver.Counters.TxFrames);
            Assert.AreEqual(100, rig.Driver.Counters.RxFrames);
        }
    }
}
