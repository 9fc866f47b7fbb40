using System;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;
using Xunit;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>
/// Each errata workaround of the driver is proven necessary: a scenario that works with every workaround on
/// must FAIL on the chip model (B7, that erratum on) when exactly that workaround is removed. Both directions
/// run in CI, so a workaround that stops mattering (or a model that stops modelling the erratum) is noticed.
/// </summary>
public class ErrataNecessityTests
{
    /// <summary>Init, then 40 frames each way of varied sizes; true when every frame arrived intact.</summary>
    private static bool Exchange(DriverRig rig)
    {
        rig.Driver.Initialize(DriverRig.Mac);
        for (int i = 0; i < 40; i++)
        {
            int rxLength = 60 + (i * 211) % 1455;
            rig.Inject(rxLength, i);
            if (!rig.ReceiveExpect(rxLength, i)) return false;
            int txLength = 1514 - (i * 173) % 1400;
            int before = rig.WireFrames;
            if (!rig.Send(txLength, i)) return false;
            rig.Flush();
            if (rig.WireFrames != before + 1 || !DriverRig.Matches(rig.LastWire, 0, txLength, i, DriverRig.PeerMac, DriverRig.Mac)) return false;
        }

        return rig.Driver.Receive() == 0 && rig.Driver.Counters.RxHeaderErrors == 0;
    }

    private static bool Survives(Func<bool> scenario)
    {
        try
        {
            return scenario();
        }
        catch (Exception)
        {
            return false; // strict-mode exception, "chip not found", ...: the scenario failed
        }
    }

    private static bool ResetScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #2: after SRC the chip ignores accesses for up to 1 ms although CLKRDY reads 1.
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Chip.Strict.Throw = false;
        return Exchange(rig);
    });

    private static bool PowerSaveScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #19: a previous run left the chip configured and in power-save; SRC is ignored there.
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Driver.Initialize(DriverRig.Mac);
        rig.Chip.Transfer(new byte[] { 0x80 | 0x1E, 0x20 }, 0, null, 0, 2); // BFS ECON2.PWRSV
        rig.Chip.AdvanceMicros(1000);
        rig.Chip.Strict.Clear();
        var fresh = new Enc28j60Driver(rig, rig, DriverRig.Without(removed));
        fresh.Initialize(DriverRig.Mac);
        return rig.Chip.Strict.ViolationCount == 0;
    });

    private static bool RxAtZeroScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        var rig = new DriverRig(DriverRig.Without(removed));
        return Exchange(rig);
    });

    private static bool OddErxrdptScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Chip.Strict.Enabled = false; // see the corruption itself, not the strict-mode report of it
        return Exchange(rig);
    });

    private static bool PktifScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #6: a frame is waiting (EPKTCNT = 1) but PKTIF may read 0: one Receive call must still get it.
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Driver.Initialize(DriverRig.Mac);
        for (int i = 0; i < 40; i++)
        {
            rig.Inject(100 + i, i);
            if (!rig.ReceiveExpect(100 + i, i)) return false;
        }

        return true;
    });

    private static bool TxResetScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #12: after an abort the next frame must go out promptly, with no TX timeout.
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Driver.Initialize(DriverRig.Mac);
        rig.Chip.Errata.LateCollisionPercent = 0;
        rig.Chip.InjectLateCollisions(17);
        rig.Send(300, 1);
        rig.Flush();
        int before = rig.WireFrames;
        rig.Send(400, 2);
        rig.Run(2000);
        return rig.WireFrames == before + 1 && rig.Driver.Counters.TxTimeouts == 0;
    });

    private static bool LateCollisionScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #13/#15: a frame hit by a (spurious) late collision must still reach the wire.
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Driver.Initialize(DriverRig.Mac);
        rig.Chip.Errata.LateCollisionPercent = 0;
        for (int i = 0; i < 5; i++)
        {
            rig.Chip.InjectLateCollisions(2);
            int before = rig.WireFrames;
            rig.Send(500 + i, i);
            rig.Flush();
            if (rig.WireFrames != before + 1) return false;
        }

        return true;
    });

    private static bool LoopbackScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #9: in half duplex our own broadcasts must not come back into our receiver.
        var rig = new DriverRig(DriverRig.Without(removed));
        rig.Driver.Initialize(DriverRig.Mac);
        for (int i = 0; i < 20; i++)
        {
            rig.Send(342, i, DriverRig.Broadcast); // e.g. a DHCPDISCOVER
            rig.Flush();
            if (rig.Driver.Receive() != 0) return false;
        }

        // With errata #9 the echo arrives damaged and dies in the CRC filter: still our receiver was busy
        // taking our own frame, which is what HDLDIS prevents.
        return rig.Chip.FramesReceived == 0 && rig.Chip.RxDrops(RxDropReason.CrcError) == 0;
    });

    private static bool DuplexScenario(Enc28j60Workarounds removed) => Survives(() =>
    {
        // errata #16: the strapped PDPXMD default is unreliable; MAC and PHY must agree on half duplex.
        var rig = new DriverRig(DriverRig.Without(removed), prepare: chip => chip.StrapFullDuplex = true);
        rig.Chip.Errata.DuplexStrapUnreliable = false; // the strap says full duplex, deterministically
        rig.Chip.Strict.Throw = false;
        rig.Driver.Initialize(DriverRig.Mac);
        bool phyFull = (rig.Chip.PeekPhy(0x00) & 0x0100) != 0;
        bool macFull = (rig.Chip.PeekRegister(2, 0x02) & 0x01) != 0;
        return phyFull == macFull && rig.Chip.Strict.ViolationCount == 0;
    });

    public static TheoryData<string> Workarounds => new()
    {
        nameof(Enc28j60Workarounds.ResetDelay),
        nameof(Enc28j60Workarounds.LeavePowerSaveBeforeReset),
        nameof(Enc28j60Workarounds.RxBufferAtZero),
        nameof(Enc28j60Workarounds.OddErxrdpt),
        nameof(Enc28j60Workarounds.PacketCountNotPktif),
        nameof(Enc28j60Workarounds.TxLogicReset),
        nameof(Enc28j60Workarounds.LateCollisionRetry),
        nameof(Enc28j60Workarounds.LateCollisionFromTsv),
        nameof(Enc28j60Workarounds.HalfDuplexLoopbackDisable),
        nameof(Enc28j60Workarounds.ExplicitDuplex),
    };

    private static bool Scenario(Enc28j60Workarounds workaround, Enc28j60Workarounds removed) => workaround switch
    {
        Enc28j60Workarounds.ResetDelay => ResetScenario(removed),
        Enc28j60Workarounds.LeavePowerSaveBeforeReset => PowerSaveScenario(removed),
        Enc28j60Workarounds.RxBufferAtZero => RxAtZeroScenario(removed),
        Enc28j60Workarounds.OddErxrdpt => OddErxrdptScenario(removed),
        Enc28j60Workarounds.PacketCountNotPktif => PktifScenario(removed),
        Enc28j60Workarounds.TxLogicReset => TxResetScenario(removed),
        Enc28j60Workarounds.LateCollisionRetry => LateCollisionScenario(removed),
        Enc28j60Workarounds.LateCollisionFromTsv => LateCollisionScenario(removed),
        Enc28j60Workarounds.HalfDuplexLoopbackDisable => LoopbackScenario(removed),
        Enc28j60Workarounds.ExplicitDuplex => DuplexScenario(removed),
        _ => throw new ArgumentOutOfRangeException(nameof(workaround)),
    };

    [Fact]
    public void SlowClockOnB1CorruptsTrafficWhichIsWhyInitializeRefusesIt()
    {
        // errata #1: B1/B4 at SCK < 8 MHz. Not told the clock, the driver runs and the exchange breaks...
        var blind = new DriverRig(new Enc28j60Options(), ChipRevision.B1);
        blind.Chip.SpiClockHz = 4_000_000;
        blind.Chip.Strict.Throw = false;
        Assert.False(Survives(() => Exchange(blind)));
        // ...told the clock, it refuses to start instead of corrupting frames.
        var told = new DriverRig(new Enc28j60Options { SpiClockHz = 4_000_000 }, ChipRevision.B1);
        told.Chip.SpiClockHz = 4_000_000;
        Assert.Throws<InvalidOperationException>(() => told.Driver.Initialize(DriverRig.Mac));
        // At 8 MHz the same silicon works.
        var fast = new DriverRig(new Enc28j60Options { SpiClockHz = 8_000_000 }, ChipRevision.B1);
        fast.Chip.SpiClockHz = 8_000_000;
        Assert.True(Survives(() => Exchange(fast)));
    }

    [Theory]
    [MemberData(nameof(Workarounds))]
    public void ScenarioPassesWithEveryWorkaround(string name)
    {
        var workaround = Enum.Parse<Enc28j60Workarounds>(name);
        Assert.True(Scenario(workaround, Enc28j60Workarounds.None));
    }

    [Theory]
    [MemberData(nameof(Workarounds))]
    public void ScenarioFailsWhenThatWorkaroundIsRemoved(string name)
    {
        var workaround = Enum.Parse<Enc28j60Workarounds>(name);
        Assert.False(Scenario(workaround, workaround));
    }
}
