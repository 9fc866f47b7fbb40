using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using Xunit;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>The model's strict mode catches wrong driver sequences from the reference (§5.2, §1.1).</summary>
public class StrictModeTests
{
    [Fact]
    public void EvenErxrdptFromADriverWithoutTheErrata14WorkaroundIsCaught()
    {
        var rig = new DriverRig(DriverRig.Without(Enc28j60Workarounds.OddErxrdpt));
        var e = Assert.Throws<Enc28j60StrictException>(() =>
        {
            rig.Driver.Initialize(DriverRig.Mac);
            for (int i = 0; i < 10; i++)
            {
                rig.Inject(1000, i);
                while (rig.Driver.Receive() > 0) { }
                rig.Run(1_100_000);
            }
        });
        Assert.Contains("even", e.Message);
    }

    [Fact]
    public void MacRegisterReadWithoutTheDummyByteIsCaught()
    {
        var rig = new DriverRig();
        rig.Driver.Initialize(DriverRig.Mac);
        // Select bank 2 the way the driver does, then a 2-byte RCR of MACON3 (what japaric/enc28j60 once did).
        rig.Chip.Transfer(new byte[] { 0xA0 | 0x1F, 0x03 }, 0, null, 0, 2);
        rig.Chip.Transfer(new byte[] { 0x80 | 0x1F, 0x02 }, 0, null, 0, 2);
        var miso = new byte[2];
        var e = Assert.Throws<Enc28j60StrictException>(() => rig.Chip.Transfer(new byte[] { 0x02, 0x00 }, 0, miso, 0, 2));
        Assert.Contains("MAC/MII", e.Message);
    }

    [Fact]
    public void BitFieldSetOnAMacRegisterIsCaught()
    {
        var rig = new DriverRig();
        rig.Driver.Initialize(DriverRig.Mac);
        rig.Chip.Transfer(new byte[] { 0xA0 | 0x1F, 0x03 }, 0, null, 0, 2);
        rig.Chip.Transfer(new byte[] { 0x80 | 0x1F, 0x02 }, 0, null, 0, 2);
        Assert.Throws<Enc28j60StrictException>(() => rig.Chip.Transfer(new byte[] { 0x80 | 0x02, 0x01 }, 0, null, 0, 2)); // BFS MACON3.FULDPX
    }

    [Fact]
    public void TheDriverItselfCausesNoViolationInAMixedWorkload()
    {
        var rig = new DriverRig(new Enc28j60Options { InterruptMode = true });
        rig.Driver.Initialize(DriverRig.Mac);
        for (int i = 0; i < 300; i++)
        {
            rig.Inject(60 + (i * 97) % 1455, i);
            if (i % 3 == 0) rig.Inject(200, i + 10000);
            if (rig.Chip.IntPinAsserted) rig.Driver.HandleInterrupt();
            while (rig.Driver.Receive() > 0) { }
            rig.Send(60 + (i * 89) % 1455, i);
            if (i % 50 == 0) rig.Chip.InjectLateCollisions(2);
            if (i % 70 == 0) { rig.Chip.SetLinkUp(false); rig.Run(5000); rig.Chip.SetLinkUp(true); }
            rig.Run(700);
        }

        Assert.Equal(0, rig.Chip.Strict.ViolationCount);
        Assert.True(rig.Driver.Counters.RxFrames >= 390);
        // Sends are refused while the driver sees the link down (up to one event interval after it returns).
        Assert.Equal(300, rig.Driver.Counters.TxFrames + rig.Driver.Counters.TxDropped);
        Assert.True(rig.Driver.Counters.TxDropped <= 60, "dropped " + rig.Driver.Counters.TxDropped);
        Assert.Equal(10, rig.Driver.Counters.LinkChanges);
        Assert.True(rig.Driver.IsLinkUp);
    }
}
