using nanoFramework.TestFramework;
using NanoStack.Phy;
using NanoStack.Tests.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// The on-board capture: a fixed ring of libpcap records (pcap-savefile(5): 24-byte global header, then per frame
    /// a 16-byte record header ts_sec, ts_usec, incl_len, orig_len and incl_len bytes of the frame), read back as a file.
    /// </summary>
    [TestClass]
    public class CaptureRingTests
    {
        /// <summary>A frame of <paramref name="length"/> bytes whose every byte is <paramref name="tag"/>.</summary>
        private static byte[] Frame(int length, byte tag)
        {
            byte[] f = new byte[length];
            for (int i = 0; i < length; i++) f[i] = tag;
            return f;
        }

        private static byte[] ReadAll(CaptureRing ring)
        {
            long length = ring.BeginFile();
            byte[] file = new byte[(int)length];
            int got = ring.ReadFile(0, file, 0, file.Length);
            Assert.AreEqual(file.Length, got);
            return file;
        }

        private static int Le32(byte[] b, int offset)
        {
            return b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24);
        }

        /// <summary>Checks the records of <paramref name="file"/> carry frames of these lengths and tags, in order.</summary>
        private static void AssertRecords(byte[] file, int[] lengths, byte[] tags, int snapLength)
        {
            int at = CaptureRing.FileHeaderLength;
            for (int r = 0; r < lengths.Length; r++)
            {
                int kept = lengths[r] < snapLength ? lengths[r] : snapLength;
                Assert.AreEqual(kept, Le32(file, at + 8), "incl_len of record " + r.ToString());
                Assert.AreEqual(lengths[r], Le32(file, at + 12), "orig_len of record " + r.ToString());
                for (int i = 0; i < kept; i++)
                {
                    if (file[at + 16 + i] != tags[r]) Assert.AreEqual(tags[r], file[at + 16 + i], "record " + r.ToString() + " byte " + i.ToString());
                }
                at += 16 + kept;
            }
            Assert.AreEqual(file.Length, at, "no bytes after the last record");
        }

        [TestMethod]
        public void EmptyRingIsAValidPcapFileWithTheClassicGlobalHeader()
        {
            CaptureRing ring = new CaptureRing(1024, 16, 256);
            byte[] file = ReadAll(ring);
            // magic a1b2c3d4 little-endian, version 2.4, thiszone 0, sigfigs 0, snaplen 256, LINKTYPE_ETHERNET (1)
            byte[] expected = Hex.Parse("d4c3b2a10200040000000000000000000001000001000000");
            Assert.AreEqual(24, file.Length);
            for (int i = 0; i < 24; i++) Assert.AreEqual(expected[i], file[i], "global header byte " + i.ToString());
        }

        [TestMethod]
        public void RecordHeaderCarriesTheBoardClockAndBothLengthsThenTheFrame()
        {
            CaptureRing ring = new CaptureRing(1024, 16, 256);
            ring.Tick(12345); // 12.345 s of uptime
            byte[] frame = Hex.Parse("ffffffffffff020000000002080600010800");
            ring.Append(frame, 0, frame.Length);
            byte[] file = ReadAll(ring);
            // ts_sec 12, ts_usec 345000 (0x000543a8), incl_len 18, orig_len 18
            byte[] header = Hex.Parse("0c000000a84305001200000012000000");
            Assert.AreEqual(24 + 16 + 18, file.Length);
            for (int i = 0; i < 16; i++) Assert.AreEqual(header[i], file[24 + i], "record header byte " + i.ToString());
            for (int i = 0; i < frame.Length; i++) Assert.AreEqual(frame[i], file[40 + i], "frame byte " + i.ToString());
            Assert.AreEqual(1, ring.Records);
            Assert.AreEqual(1L, ring.FramesCaptured);
        }

        [TestMethod]
        public void FrameLongerThanTheSnapLengthIsCutAndKeepsItsOriginalLength()
        {
            CaptureRing ring = new CaptureRing(1024, 16, 64);
            ring.Append(Frame(100, 7), 0, 100);
            byte[] file = ReadAll(ring);
            Assert.AreEqual(24 + 16 + 64, file.Length);
            Assert.AreEqual(64, Le32(file, 24 + 8));
            Assert.AreEqual(100, Le32(file, 24 + 12));
            Assert.AreEqual(1L, ring.FramesTruncated);
        }

        [TestMethod]
        public void FrameIsTakenFromItsOffsetInTheDeviceBuffer()
        {
            CaptureRing ring = new CaptureRing(1024, 16, 256);
            byte[] buffer = Frame(80, 9);
            for (int i = 3; i < 3 + 60; i++) buffer[i] = 5;
            ring.Append(buffer, 3, 60);
            AssertRecords(ReadAll(ring), new int[] { 60 }, new byte[] { 5 }, 256);
        }

        [TestMethod]
        public void OldestRecordIsOverwrittenWhenTheBytesRunOut()
        {
            CaptureRing ring = new CaptureRing(3 * (16 + 50), 16, 64);
            for (int i = 1; i <= 4; i++) ring.Append(Frame(50, (byte)i), 0, 50);
            Assert.AreEqual(3, ring.Records);
            Assert.AreEqual(1L, ring.FramesOverwritten);
            AssertRecords(ReadAll(ring), new int[] { 50, 50, 50 }, new byte[] { 2, 3, 4 }, 256);
        }

        [TestMethod]
        public void ALargeFrameOverwritesAsManyOldRecordsAsItNeeds()
        {
            CaptureRing ring = new CaptureRing(4 * (16 + 60), 16, 256);
            for (int i = 1; i <= 4; i++) ring.Append(Frame(60, (byte)i), 0, 60);
            ring.Append(Frame(200, 9), 0, 200); // 216 bytes: three of the 76-byte records must go
            Assert.AreEqual(2, ring.Records);
            Assert.AreEqual(3L, ring.FramesOverwritten);
            AssertRecords(ReadAll(ring), new int[] { 60, 200 }, new byte[] { 4, 9 }, 256);
        }

        [TestMethod]
        public void RecordLimitKeepsOnlyTheLastFrames()
        {
            CaptureRing ring = new CaptureRing(4096, 2, 256);
            for (int i = 1; i <= 5; i++) ring.Append(Frame(60, (byte)i), 0, 60);
            Assert.AreEqual(2, ring.Records);
            Assert.AreEqual(3L, ring.FramesOverwritten);
            AssertRecords(ReadAll(ring), new int[] { 60, 60 }, new byte[] { 4, 5 }, 256);
        }

        [TestMethod]
        public void RecordsThatWrapAroundTheEndOfTheRingReadBackWhole()
        {
            // 500 bytes is no multiple of any record size below, so records and their headers straddle the end.
            CaptureRing ring = new CaptureRing(500, 64, 128);
            int[] lengths = new int[40];
            for (int i = 0; i < lengths.Length; i++)
            {
                lengths[i] = 14 + (i * 37) % 150; // 14..163, some above the 128-byte snap length
                ring.Append(Frame(lengths[i], (byte)(i + 1)), 0, lengths[i]);
            }
            // Expected: the newest records whose sizes add up to at most 500.
            int used = 0;
            int first = lengths.Length;
            while (first > 0)
            {
                int kept = lengths[first - 1] < 128 ? lengths[first - 1] : 128;
                if (used + 16 + kept > 500) break;
                used += 16 + kept;
                first--;
            }
            int[] expectLengths = new int[lengths.Length - first];
            byte[] expectTags = new byte[lengths.Length - first];
            for (int i = first; i < lengths.Length; i++)
            {
                expectLengths[i - first] = lengths[i];
                expectTags[i - first] = (byte)(i + 1);
            }
            Assert.AreEqual(expectLengths.Length, ring.Records);
            Assert.AreEqual(used, ring.UsedBytes);
            AssertRecords(ReadAll(ring), expectLengths, expectTags, 128);
        }

        [TestMethod]
        public void FileReadInSmallPiecesEqualsTheFileReadAtOnce()
        {
            CaptureRing ring = new CaptureRing(300, 64, 100);
            for (int i = 0; i < 9; i++) ring.Append(Frame(30 + i * 11, (byte)i), 0, 30 + i * 11);
            byte[] whole = ReadAll(ring);
            long length = ring.BeginFile();
            byte[] pieces = new byte[(int)length];
            long position = 0;
            while (position < length)
            {
                int got = ring.ReadFile(position, pieces, (int)position, 7);
                Assert.IsTrue(got > 0);
                position += got;
            }
            Assert.AreEqual(0, ring.ReadFile(length, pieces, 0, 7), "nothing after the end");
            for (int i = 0; i < whole.Length; i++) Assert.AreEqual(whole[i], pieces[i], "byte " + i.ToString());
        }

        [TestMethod]
        public void HeldSnapshotIsNeverOverwrittenAndLaterFramesAreCountedAsMissed()
        {
            CaptureRing ring = new CaptureRing(3 * (16 + 50), 16, 64);
            ring.Append(Frame(50, 1), 0, 50);
            ring.Append(Frame(50, 2), 0, 50);
            long length = ring.BeginFile();
            ring.Hold();
            ring.Append(Frame(50, 3), 0, 50); // free room: recorded, not part of this file
            ring.Append(Frame(50, 4), 0, 50); // would overwrite frame 1: missed
            Assert.AreEqual(1L, ring.FramesMissed);
            Assert.AreEqual(0L, ring.FramesOverwritten);
            Assert.AreEqual((long)(24 + 2 * 66), length);
            byte[] file = new byte[(int)length];
            Assert.AreEqual(file.Length, ring.ReadFile(0, file, 0, file.Length));
            AssertRecords(file, new int[] { 50, 50 }, new byte[] { 1, 2 }, 256);

            ring.Release();
            ring.Append(Frame(50, 5), 0, 50);
            Assert.AreEqual(1L, ring.FramesOverwritten);
            AssertRecords(ReadAll(ring), new int[] { 50, 50, 50 }, new byte[] { 2, 3, 5 }, 256);
        }

        [TestMethod]
        public void ADownloadStartingWhileAnotherHoldsTheRingGetsTheSameFile()
        {
            CaptureRing ring = new CaptureRing(4096, 16, 256);
            ring.Append(Frame(60, 1), 0, 60);
            long first = ring.BeginFile();
            ring.Hold();
            ring.Append(Frame(60, 2), 0, 60);
            long second = ring.BeginFile();
            ring.Hold();
            Assert.AreEqual(first, second);
            Assert.AreEqual(2, ring.Holders);
            ring.Release();
            Assert.AreEqual(first, ring.BeginFile(), "still held by the second download");
            ring.Release();
            Assert.AreEqual(first + 16 + 60, ring.BeginFile(), "released: a new snapshot");
        }

        [TestMethod]
        public void ReadOfOverwrittenBytesEndsTheFileInsteadOfServingOtherRecords()
        {
            CaptureRing ring = new CaptureRing(2 * (16 + 50), 16, 64);
            ring.Append(Frame(50, 1), 0, 50);
            ring.Append(Frame(50, 2), 0, 50);
            long length = ring.BeginFile(); // not held: capture goes on and overwrites frame 1
            ring.Append(Frame(50, 3), 0, 50);
            byte[] buffer = new byte[(int)length];
            Assert.AreEqual(24, ring.ReadFile(0, buffer, 0, buffer.Length), "the header, then nothing");
            Assert.AreEqual(0, ring.ReadFile(24, buffer, 0, buffer.Length));
            Assert.AreEqual(50, ring.ReadFile(24 + 66 + 16, buffer, 0, 50), "frame 2 is still there");
        }

        [TestMethod]
        public void ATooSmallRingIsRefused()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => { new CaptureRing(16 + 63, 4, 64); });
            Assert.ThrowsException(typeof(System.ArgumentException), () => { new CaptureRing(1024, 0, 64); });
            Assert.ThrowsException(typeof(System.ArgumentException), () => { new CaptureRing(1024, 4, 13); });
        }

        [TestMethod]
        public void CaptureLinkRecordsSentAndReceivedFramesInOrder()
        {
            MemoryLink board = new MemoryLink(4, 1);
            MemoryLink peer = new MemoryLink(4);
            MemoryLink.Connect(board, peer);
            CaptureRing ring = new CaptureRing(1024, 16, 256);
            CaptureLink link = new CaptureLink(board, ring);

            byte[] tx = Frame(60, 0xA1);
            System.Array.Copy(tx, 0, link.TransmitBuffer, link.TransmitOffset, 60);
            ring.Tick(1000);
            Assert.IsTrue(link.Transmit(60));
            Assert.AreEqual(1, peer.QueuedFrames, "the frame still reaches the wire");

            peer.Send(Frame(70, 0xB2), 0, 70);
            ring.Tick(2500);
            Assert.AreEqual(70, link.Receive());
            Assert.AreEqual((byte)0xB2, link.ReceiveBuffer[link.ReceiveOffset], "the stack reads the inner device's buffer");
            Assert.AreEqual(0, link.Receive());

            byte[] file = ReadAll(ring);
            AssertRecords(file, new int[] { 60, 70 }, new byte[] { 0xA1, 0xB2 }, 256);
            Assert.AreEqual(1, Le32(file, 24), "first record at 1 s");
            Assert.AreEqual(2, Le32(file, 24 + 76), "second at 2.5 s");
            Assert.AreEqual(500000, Le32(file, 24 + 76 + 4));
        }
    }
}
