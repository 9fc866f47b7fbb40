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
