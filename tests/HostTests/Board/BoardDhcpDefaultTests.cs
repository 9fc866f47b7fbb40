using System.IO;
using NanoStack.Firmware;
using NanoStack.Firmware.App;
using NanoStack.Phy;
using NanoStack.Sockets.Dhcp;
using Xunit;

namespace NanoStack.HostTests.Board;

/// <summary>
/// Issue 7: the firmware's default configuration gets its address by DHCP (interface unconfigured at start, the
/// static address only a fallback) and runs mDNS; the README's boot banner quotes its static RAM split.
/// </summary>
public class BoardDhcpDefaultTests
{
    private static BoardApp NewDefaultApp(out MemoryLink peer)
    {
        var a = new MemoryLink(64);
        peer = new MemoryLink(64);
        MemoryLink.Connect(a, peer);
        return new BoardApp(BoardConfig.Default(), a, new InMemoryBoard.QuietLed(), 0);
    }

    [Fact]
    public void DefaultBoardStartsUnconfiguredAndAsksForALease()
    {
        Assert.True(BoardConfig.Default().UseDhcp);
        BoardApp app = NewDefaultApp(out MemoryLink peer);
        Assert.NotNull(app.Lan);
        Assert.Equal(0u, app.Stack.Interface.Address);
        Assert.Equal("nanostack", app.Lan.Mdns.HostLabel);

        // Within the first seconds a DHCPDISCOVER leaves from 0.0.0.0:68 to 255.255.255.255:67 (RFC 2131 §4.1).
        bool discover = false;
        for (long now = 0; now < 12_000 && !discover; now += 10)
        {
            app.Step(now);
            int length;
            while ((length = peer.Receive()) > 0)
            {
                byte[] frame = peer.ReceiveBuffer;
                int offset = peer.ReceiveOffset;
                // Ethernet 14 + IPv4 20: UDP ports at 34..37; BOOTP op at 42, DHCP options after the cookie at 278.
                if (length > 300 && frame[offset + 12] == 0x08 && frame[offset + 13] == 0x00 && frame[offset + 23] == 17
                    && frame[offset + 36] == 0 && frame[offset + 37] == 67 && frame[offset + 42] == 1)
                {
                    Assert.Equal(new byte[] { 0, 0, 0, 0 }, frame[(offset + 26)..(offset + 30)]);
                    Assert.Equal(new byte[] { 255, 255, 255, 255 }, frame[(offset + 30)..(offset + 34)]);
                    discover = true;
                }
            }
        }
        Assert.True(discover, "no DHCPDISCOVER; DHCP state " + app.Lan.Dhcp.State);
        Assert.Equal(DhcpState.Selecting, app.Lan.Dhcp.State);
        Assert.Equal(0u, app.Stack.Interface.Address);
    }

    [Fact]
    public void StaticConfigurationHasNoLanServicesAndItsAddressAtOnce()
    {
        var cfg = BoardConfig.Default();
        cfg.UseDhcp = false;
        var a = new MemoryLink(8);
        var b = new MemoryLink(8);
        MemoryLink.Connect(a, b);
        var app = new BoardApp(cfg, a, new InMemoryBoard.QuietLed(), 0);
        Assert.Null(app.Lan);
        Assert.Equal(0xC0000202u, app.Stack.Interface.Address);
    }

    [Fact]
    public void ReadmeBannerQuotesTheStaticRamOfTheDefaultBoard()
    {
        BoardApp app = NewDefaultApp(out _);
        string split = "stack " + app.Stack.StaticBytes + ", tcp " + app.Tcp.StaticBytes + ", http " + app.Http.StaticBytes
            + ", dhcp/dns/mdns " + app.Lan.StaticBytes + ", driver ";
        string readme = File.ReadAllText(NanoStack.HostTests.Foundation.Repo.PathOf("README.md"));
        int start = readme.IndexOf("<!-- section:board -->", System.StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- /section:board -->", System.StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no board section");
        Assert.Contains(split, readme.Substring(start, end - start));
    }
}
