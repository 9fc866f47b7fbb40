using nanoFramework.TestFramework;
using NanoStack.Firmware.App;
using NanoStack.Firmware.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>The pieces of the demo that need no network: the /bytes pattern and the status formatting.</summary>
    [TestClass]
    public class DemoPartsTests
    {
        [TestMethod]
        public void PatternIsPositionModulo251FromAnyOffset()
        {
            PatternSource p = new PatternSource();
            byte[] b = new byte[600];
            Assert.AreEqual(600, p.Read(1000000, b, 0, 600));
            for (int i = 0; i < 600; i++) Assert.AreEqual((byte)((1000000 + i) % 251), b[i]);
            Assert.AreEqual(5, p.Read(250, b, 10, 5));
            Assert.AreEqual((byte)250, b[10]);
            Assert.AreEqual((byte)0, b[11]);
        }

        [TestMethod]
        [DataRow(0L, "00:00:00")]
        [DataRow(61000L, "00:01:01")]
        [DataRow(90061000L, "1d 01:01:01")]
        public void UptimeIsDaysHoursMinutesSeconds(long ms, string expected)
        {
            AsciiWriter w = new AsciiWriter();
            w.Attach(new byte[32], 0, 32);
            BoardStatus.WriteUptime(w, ms);
            Assert.AreEqual(expected, HttpText.Text(w.Buffer, 0, w.Length));
        }

        [TestMethod]
        [DataRow(0xFFFFFF00u, 24)]
        [DataRow(0xFFFF0000u, 16)]
        [DataRow(0xFFFFFFFFu, 32)]
        [DataRow(0u, 0)]
        public void PrefixLengthOfNetmask(uint mask, int prefix)
        {
            Assert.AreEqual(prefix, StatusPage.PrefixLength(mask));
        }
    }
}
