using nanoFramework.TestFramework;
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    [TestClass]
    public class AsciiWriterTests
    {
        private static string Render(AsciiWriter w)
        {
            return HttpText.Text(w.Buffer, w.Start, w.Length);
        }

        [TestMethod]
        [DataRow(0L, "0")]
        [DataRow(7L, "7")]
        [DataRow(-42L, "-42")]
        [DataRow(10485760L, "10485760")]
        [DataRow(9223372036854775807L, "9223372036854775807")]
        [DataRow(-9223372036854775808L, "-9223372036854775808")]
        public void DecimalIsWrittenWithoutAllocation(long value, string expected)
        {
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[32], 3, 32);
            w.WriteDecimal(value);
            Assert.AreEqual(expected, Render(w));
        }

        [TestMethod]
        public void HexIsZeroPadded()
        {
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[32], 0, 32);
            w.WriteHex(0x5A4, 8).WriteByte((byte)' ').WriteHex(0, 1).WriteByte((byte)' ').WriteHex(0xFFFFFFFF, 2);
            Assert.AreEqual("000005A4 0 FFFFFFFF", Render(w));
        }

        [TestMethod]
        public void AddressesAreFormattedAsUsual()
        {
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[64], 0, 64);
            w.WriteIpv4(0xC0000202).WriteByte((byte)' ').WriteMac(new byte[] { 0x02, 0x00, 0x5E, 0xAB, 0xCD, 0xEF }, 0);
            Assert.AreEqual("192.0.2.2 02:00:5e:ab:cd:ef", Render(w));
        }

        [TestMethod]
        public void HtmlSpecialCharactersAreEscaped()
        {
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[64], 0, 64);
            w.WriteHtml("<a href=\"x\">&</a>");
            Assert.AreEqual("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;", Render(w));
        }

        private sealed class Collect : IByteSink
        {
            public readonly byte[] Bytes = new byte[256];
            public int Count;
            public int Writes;

            public void Write(byte[] buffer, int offset, int count)
            {
                System.Array.Copy(buffer, offset, Bytes, Count, count);
                Count += count;
                Writes++;
            }
        }

        [TestMethod]
        public void InSinkModeTextLongerThanTheStageGoesThroughInPiecesInOrder()
        {
            // An 8-byte stage in front of a sink (the streaming status page): a 21-character text passes through
            // it in stage-sized pieces, bytes and numbers that do not fit empty the stage first, nothing is lost or
            // reordered, and Total counts every byte.
            Collect sink = new Collect();
            byte[] stage = new byte[12];
            AsciiWriter w = new AsciiWriter();
            w.Attach(stage, 2, 10, sink);
            w.Write("abc");
            w.Write("0123456789ABCDEFGHIJK");
            w.WriteBytes(new byte[] { (byte)'x', (byte)'y', (byte)'z', (byte)'w', (byte)'v', (byte)'u' }, 1, 5);
            w.WriteHex(0xBEEF, 8);
            w.WriteDecimal(1234567);
            w.Flush();
            Assert.IsFalse(w.Overflow);
            string all = HttpText.Text(sink.Bytes, 0, sink.Count);
            Assert.AreEqual("abc0123456789ABCDEFGHIJKyzwvu0000BEEF1234567", all);
            Assert.AreEqual((long)all.Length, w.Total);
            Assert.IsTrue(sink.Writes >= 5, "the stage was emptied several times");
            Assert.AreEqual(2, w.Position, "empty after the last flush");
        }

        [TestMethod]
        public void InSinkModeBytesLargerThanTheWholeStageOverflowInsteadOfSplitting()
        {
            Collect sink = new Collect();
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[8], 0, 8, sink);
            w.Write("ab");
            w.WriteBytes(new byte[9], 0, 9);
            Assert.IsTrue(w.Overflow);
            w.Flush();
            Assert.AreEqual("ab", HttpText.Text(sink.Bytes, 0, sink.Count));
        }

        [TestMethod]
        public void WritingPastTheLimitSetsOverflowAndKeepsWhatFit()
        {
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[8], 0, 5);
            w.Write("abc").Write("defg").WriteDecimal(123456);
            Assert.IsTrue(w.Overflow);
            Assert.AreEqual("abc", Render(w));
        }
    }
}
