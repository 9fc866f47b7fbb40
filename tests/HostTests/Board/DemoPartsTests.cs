using System.Text;
using NanoStack.Firmware.App;
using NanoStack.Http;
using Xunit;

namespace NanoStack.HostTests.Board
{
    /// <summary>
    /// The pieces of the demo app that need no network: the /bytes pattern and the status formatting. They live in
    /// the firmware assembly (which references nanoFramework.Hardware.Esp32 and so cannot load in the Windows
    /// nanoCLR test runner), hence host tests rather than portable ones.
    /// </summary>
    public class DemoPartsTests
    {
        [Fact]
        public void PatternIsPositionModulo251FromAnyOffset()
        {
            var p = new PatternSource();
            byte[] b = new byte[600];
            Assert.Equal(600, p.Read(1000000, b, 0, 600));
            for (int i = 0; i < 600; i++) Assert.Equal((byte)((1000000 + i) % 251), b[i]);
            Assert.Equal(5, p.Read(250, b, 10, 5));
            Assert.Equal((byte)250, b[10]);
            Assert.Equal((byte)0, b[11]);
        }

        [Fact]
        public void PatternHoldsForEveryPhaseAndLengthAndWritesNothingOutsideItsRange()
        {
            // Read fills the first period and copies the rest from it (issue 13): every phase of the period, lengths
            // around one and two periods and the HTTP work buffer's 640, at an offset, between sentinels.
            var p = new PatternSource();
            const int at = 7;
            foreach (long position in new long[] { 0, 1, 125, 249, 250, 251, 4_194_303, 1L << 33 })
            {
                foreach (int count in new[] { 0, 1, 2, 250, 251, 252, 501, 502, 503, 640, 1004, 1300 })
                {
                    byte[] b = new byte[at + count + 8];
                    for (int i = 0; i < b.Length; i++) b[i] = 0xEE;
                    Assert.Equal(count, p.Read(position, b, at, count));
                    for (int i = 0; i < count; i++) Assert.Equal((byte)((position + i) % 251), b[at + i]);
                    for (int i = 0; i < at; i++) Assert.Equal(0xEE, b[i]);
                    for (int i = at + count; i < b.Length; i++) Assert.Equal(0xEE, b[i]);
                }
            }
        }

        [Theory]
        [InlineData(0L, "00:00:00")]
        [InlineData(61000L, "00:01:01")]
        [InlineData(90061000L, "1d 01:01:01")]
        public void UptimeIsDaysHoursMinutesSeconds(long ms, string expected)
        {
            var w = new AsciiWriter();
            w.Attach(new byte[32], 0, 32);
            BoardStatus.WriteUptime(w, ms);
            Assert.Equal(expected, Encoding.ASCII.GetString(w.Buffer, 0, w.Length));
        }

        [Theory]
        [InlineData(0xFFFFFF00u, 24)]
        [InlineData(0xFFFF0000u, 16)]
        [InlineData(0xFFFFFFFFu, 32)]
        [InlineData(0u, 0)]
        public void PrefixLengthOfNetmask(uint mask, int prefix)
        {
            Assert.Equal(prefix, StatusPage.PrefixLength(mask));
        }
    }
}
