using System;
using NanoStack.Drivers.Enc28j60;
using NanoStack.Phy;
using Xunit;

namespace NanoStack.HostTests.Enc28j60;

/// <summary>
/// Interface.JoinMulticast reaches the ENC28J60's hash filter (DS §8.3) through IMulticastFilter: driver on the
/// chip model, NetworkStack on the driver; frames are injected on the model's wire and read with driver.Receive.
/// </summary>
public class MulticastFilterTests
{
    private const uint Mdns = 0xE00000FB; // 224.0.0.251
    private static readonly byte[] MdnsMac = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };

    private static (DriverRig rig, NetworkStack stack) Start()
    {
        var rig = new DriverRig();
        rig.Driver.Initialize(DriverRig.Mac);
        var stack = new NetworkStack(rig.Driver, new StackConfig { MacAddress = DriverRig.Mac, Address = 0xC0000202, Netmask = 0xFFFFFF00, RandomSeed = 5 });
        return (rig, stack);
    }

    /// <summary>Puts a frame to <paramref name="dst"/> on the wire and says whether the driver handed it up.</summary>
    private static bool Delivered(DriverRig rig, byte[] dst, int seq)
    {
        DriverRig.Fill(rig.Scratch, 0, 90, seq, dst, DriverRig.PeerMac);
        rig.Chip.ReceiveFromWire(rig.Scratch, 0, 90);
        int n = rig.Driver.Receive();
        Assert.Equal(0, rig.Driver.Receive());
        return n == 90;
    }

    /// <summary>The IPv4 group MAC (RFC 1112 §6.4) of 224.0.x.y whose hash index differs from (or equals) mDNS's.</summary>
    private static byte[] GroupMac(bool sameHash, byte[] except)
    {
        int want = MulticastHash.Index(MdnsMac, 0);
        for (int i = 1; i < 0x10000; i++)
        {
            byte[] m = { 0x01, 0x00, 0x5E, 0x00, (byte)(i >> 8), (byte)i };
            bool same = MulticastHash.Index(m, 0) == want;
            if (same == sameHash && !m.AsSpan().SequenceEqual(except)) return m;
        }
        throw new System.InvalidOperationException("no such MAC");
    }

    private static uint GroupOf(byte[] mac) => 0xE0000000u | (uint)(mac[4] << 8) | mac[5];

    [Fact]
    public void JoiningMdnsLetsItsFramesThroughTheChipAndNotAGroupWithAnotherHash()
    {
        var (rig, stack) = Start();
        byte[] other = GroupMac(false, MdnsMac);
        Assert.False(Delivered(rig, MdnsMac, 1)); // hash filter empty: the chip drops it

        Assert.True(stack.Interface.JoinMulticast(Mdns));
        Assert.Equal(1, rig.Driver.MulticastAddressCount);
        Assert.True(Delivered(rig, MdnsMac, 2));
        Assert.True(DriverRig.Matches(rig.Driver.ReceiveBuffer, 1, 90, 2, MdnsMac, DriverRig.PeerMac));
        Assert.False(Delivered(rig, other, 3));

        stack.Interface.LeaveMulticast(Mdns);
        Assert.Equal(0, rig.Driver.MulticastAddressCount);
        Assert.False(Delivered(rig, MdnsMac, 4));
    }

    [Fact]
    public void LeavingAGroupWhoseHashBitIsSharedKeepsTheOtherGroup()
    {
        // Clearing the leaving group's bit would also shut out mDNS; the driver recomputes the table instead.
        var (rig, stack) = Start();
        byte[] twin = GroupMac(true, MdnsMac);
        Assert.True(stack.Interface.JoinMulticast(Mdns));
        Assert.True(stack.Interface.JoinMulticast(GroupOf(twin)));
        Assert.Equal(2, rig.Driver.MulticastAddressCount);

        stack.Interface.LeaveMulticast(GroupOf(twin));
        Assert.True(Delivered(rig, MdnsMac, 1));
    }

    [Fact]
    public void LeavingOneGroupClearsOnlyItsHashBit()
    {
        var (rig, stack) = Start();
        byte[] other = GroupMac(false, MdnsMac);
        Assert.True(stack.Interface.JoinMulticast(Mdns));
        Assert.True(stack.Interface.JoinMulticast(GroupOf(other)));
        Assert.True(Delivered(rig, other, 1));

        stack.Interface.LeaveMulticast(GroupOf(other));
        Assert.False(Delivered(rig, other, 2));
        Assert.True(Delivered(rig, MdnsMac, 3));
    }

    [Fact]
    public void GroupsJoinedBeforeInitializeAreWrittenToTheChipAtInitialize()
    {
        var rig = new DriverRig();
        var stack = new NetworkStack(rig.Driver, new StackConfig { MacAddress = DriverRig.Mac, Address = 0xC0000202, Netmask = 0xFFFFFF00, RandomSeed = 5 });
        Assert.True(stack.Interface.JoinMulticast(Mdns));
        rig.Driver.Initialize(DriverRig.Mac);
        Assert.True(Delivered(rig, MdnsMac, 1));
    }

    [Fact]
    public void MoreGroupsThanSlotsFallBackToAcceptingEveryMulticastFrame()
    {
        var (rig, stack) = Start();
        int groups = Enc28j60Driver.MulticastSlots + 1;
        var config = new StackConfig { MacAddress = DriverRig.Mac, Address = 0xC0000202, Netmask = 0xFFFFFF00, RandomSeed = 5, MulticastGroups = groups };
        stack = new NetworkStack(rig.Driver, config);
        for (int i = 0; i < groups; i++) Assert.True(stack.Interface.JoinMulticast(0xE0000100u + (uint)i));
        byte[] unrelated = GroupMac(false, MdnsMac);
        Assert.True(Delivered(rig, unrelated, 1)); // overflow: MCEN, the stack filters
        stack.Interface.LeaveMulticast(0xE0000100u + (uint)(groups - 1));
        // Back within the slots: only the hash groups pass (unrelated's bit may collide with one of them: check it).
        int h = MulticastHash.Index(unrelated, 0);
        bool collides = false;
        for (int i = 0; i < groups - 1; i++)
        {
            byte[] m = { 0x01, 0x00, 0x5E, 0x00, 0x01, (byte)i };
            if (MulticastHash.Index(m, 0) == h) collides = true;
        }
        Assert.Equal(collides, Delivered(rig, unrelated, 2));
    }
}
