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
