using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>Optional DMA checksum of outgoing frames (off by default because of errata #17).</summary>
    [TestClass]
    public class ChecksumOffloadTests
    {
        /// <summary>RFC 1071 over buffer[offset .. offset + length), as a plain loop.</summary>
        private static int SoftwareChecksum(byte[] buffer, int offset, int length)
        {
            uint sum = 0;
            for (int i = 0; i + 1 < length; i += 2)
            {
                sum += (uint)((buffer[offset + i] << 8) | buffer[offset + i + 1]);
            }

            if ((length & 1) != 0)
            {
                sum += (uint)(buffer[offset + length - 1] << 8);
            }

            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }

            return (int)(~sum & 0xFFFF);
        }

        private static ModelRig Start(bool offload)
        {
            Enc28j60Options options = new Enc28j60Options();
            options.ChecksumOffload = offload;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(ModelRig.Mac);
            rig.Chip.Errata.LateCollisionPercent = 0;
            return rig;
        }

        [TestMethod]
        public void OffloadIsOffByDefaultAndTheRequestSaysSo()
        {
            ModelRig rig = ModelRig.Started();
            Assert.IsFalse(rig.Driver.RequestTransmitChecksum(14, 100, 24));
        }

        [TestMethod]
        [DataRow(60)]
        [DataRow(61)]
        [DataRow(590)]
        [DataRow(1514)]
        public void ChipComputedChecksumEqualsTheSoftwareOne(int length)
        {
            ModelRig rig = Start(true);
            byte[] tx = rig.Driver.TransmitBuffer;
            int o = rig.Driver.TransmitOffset;
            ModelRig.Fill(tx, o, length, 5, ModelRig.PeerMac, ModelRig.Mac);
            // An IPv4-like header checksum field at frame offset 24, zero before the sum (RFC 791 §3.1).
            tx[o + 24] = 0;
            tx[o + 25] = 0;
            int expected = SoftwareChecksum(tx, o + 14, length - 14);
            Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, length - 14, 24));
            Assert.IsTrue(rig.Driver.Transmit(length));
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            byte[] wire = rig.Wire.Frames[0];
            Assert.AreEqual(expected, (wire[24] << 8) | wire[25]);
            // The checksum verifies: summing including the field gives 0 (RFC 1071 §1).
            Assert.AreEqual(0, SoftwareChecksum(wire, 14, length - 14));
            Assert.AreEqual(0, rig.Chip.Strict.ViolationCount);
        }

        [TestMethod]
        public void FramesAfterAnOffloadedOneAreUntouched()
        {
            ModelRig rig = Start(true);
            Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, 86, 24));
            Assert.IsTrue(rig.Send(100, 1));
            rig.Flush();
            Assert.IsTrue(rig.Send(100, 2));
            rig.Flush();
            Assert.AreEqual(2, rig.Wire.Count);
            Assert.IsTrue(ModelRig.Matches(rig.Wire.Frames[1], 0, 100, 2, ModelRig.PeerMac, ModelRig.Mac));
        }
        [TestMethod]
        public void RequestAcceptsRangesUpToTheFrameEdgesAndRefusesOneByteBeyond()
        {
            // The range lies inside a 1514-byte frame, is at least one 16-bit word, and holds the 2-byte field.
            ModelRig rig = Start(true);
            Assert.IsTrue(rig.Driver.RequestTransmitChecksum(0, 2, 0), "start 0, one word, field at the start");
            Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, 1500, 1512), "ends at 1514, field in the last word");
            Assert.IsFalse(rig.Driver.RequestTransmitChecksum(14, 1, 14), "shorter than a word");
            Assert.IsFalse(rig.Driver.RequestTransmitChecksum(-1, 20, 0), "starts before the frame");
            Assert.IsFalse(rig.Driver.RequestTransmitChecksum(15, 1500, 24), "ends past 1514");
            Assert.IsFalse(rig.Driver.RequestTransmitChecksum(14, 20, 12), "field before the range");
            Assert.IsFalse(rig.Driver.RequestTransmitChecksum(14, 20, 33), "field's second byte past the range");
        }

        [TestMethod]
        public void RangeBeyondTheFrameActuallySentLeavesTheFrameUntouched()
        {
            // Requested for 100 bytes, but the frame is 60: the chip must not sum (or write) outside the frame.
            ModelRig rig = Start(true);
            Assert.IsTrue(rig.Driver.RequestTransmitChecksum(14, 86, 24));
            Assert.IsTrue(rig.Send(60, 3));
            rig.Flush();
            Assert.AreEqual(1, rig.Wire.Count);
            Assert.IsTrue(ModelRig.Matches(rig.Wire.Frames[0], 0, 60, 3, ModelRig.PeerMac, ModelRig.Mac));
        }
    }
}
