using System;
using NanoStack.Drivers.Enc28j60;
using Xunit;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>After Initialize, the driver's receive, transmit, poll and interrupt paths allocate nothing.</summary>
public class AllocationTests
{
    private static long Measure(DriverRig rig, bool interrupts, int frames)
    {
        long allocated = 0;
        for (int i = 0; i < frames; i++)
        {
            int rx = 60 + (i * 211) % 1455;
            rig.Inject(rx, i);                       // model side: not measured
            if (i % 25 == 0) rig.Chip.InjectLateCollisions(1);
            if (i % 40 == 0) rig.Chip.SetLinkUp(i % 80 != 0);
            DriverRig.Fill(rig.Driver.TransmitBuffer, rig.Driver.TransmitOffset, 1000, i, DriverRig.PeerMac, DriverRig.Mac);
            rig.Chip.AdvanceMicros(900);

            long before = AllocationMeter.ThreadBytes;
            if (interrupts && rig.Chip.IntPinAsserted) rig.Driver.HandleInterrupt();
            while (rig.Driver.Receive() > 0) { }
            rig.Driver.Transmit(1000);
            rig.Driver.Poll(rig.Chip.NowMicros / 1000);
            allocated += AllocationMeter.ThreadBytes - before;
        }

        return allocated;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReceiveTransmitPollAndInterruptAllocateNothing(bool interrupts)
    {
        DriverRig rig = null;
        long allocated = -1;
        // Only the driver calls are inside the windows; the model's side of each frame is not measured.
        AllocationMeter.RunOnDedicatedThread(() =>
        {
            rig = new DriverRig(new Enc28j60Options { InterruptMode = interrupts });
            rig.Driver.Initialize(DriverRig.Mac);
            Measure(rig, interrupts, 50); // warm-up (JIT, tiering)
            allocated = Measure(rig, interrupts, 400);
        });
        Assert.True(rig.Driver.Counters.RxFrames > 200); // half of the time the cable is out
        Assert.True(rig.Driver.Counters.TxLateCollisionRetries > 0);
        Assert.True(rig.Driver.Counters.LinkChanges > 2);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void RecoveryPathsAllocateNothing()
    {
        var rig = new DriverRig();
        rig.Driver.Initialize(DriverRig.Mac);
        long allocated = 0;
        AllocationMeter.RunOnDedicatedThread(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                rig.Inject(100, i);
                rig.Chip.Memory[0] = 0x01; // corrupt header → RX reset, escalation, full re-init
                for (int j = 0; j < 45; j++) rig.Inject(1000, j);
                long before = AllocationMeter.ThreadBytes;
                rig.Driver.Poll(rig.Chip.NowMicros / 1000 + 20);
                while (rig.Driver.Receive() > 0) { }
                allocated += AllocationMeter.ThreadBytes - before;
                rig.Chip.AdvanceMicros(30_000);
            }
        });

        Assert.True(rig.Driver.Counters.FullReinits > 0);
        Assert.True(rig.Driver.Counters.RxOverflows > 0);
        Assert.Equal(0, allocated);
    }
}
