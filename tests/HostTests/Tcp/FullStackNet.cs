using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets.Tcp;

namespace NanoStack.HostTests.Tcp;

/// <summary>
/// Two complete <see cref="NetworkStack"/>s (Ethernet, ARP, IPv4, checksums), each with its TcpStack registered,
/// on two back-to-back <see cref="MemoryLink"/>s. Each link's <see cref="ILinkFault"/> diverts every transmitted
/// frame into one <see cref="SimChannel"/> (per-frame loss, duplication, a bit flipped anywhere in the frame,
/// delay, reordering, bandwidth, both directions); due frames are injected into the other link's receive queue.
/// Nothing here allocates per step.
/// </summary>
public sealed class FullStackNet : ISimNet, ISimReceiver
{
    private readonly SimChannel _channel;
    public readonly MemoryLink[] Links = new MemoryLink[2];
    public readonly NetworkStack[] Stacks = new NetworkStack[2];
    private readonly Tap[] _taps = new Tap[2];
    /// <summary>Frames the channel handed to each side, and those its link queue had no room for.</summary>
    public readonly int[] Injected = new int[2];
    public readonly int[] InjectDrops = new int[2];
    private long _now;

    public FullStackNet(int seed, SimParams p, TcpStack client, uint clientIp, TcpStack server, uint serverIp)
    {
        _channel = new SimChannel(seed, p, this);
        // Side 0 uses buffer offset 1 (as the ENC28J60 driver does) to catch offset mistakes.
        Links[0] = new MemoryLink(64, 1);
        Links[1] = new MemoryLink(64, 0);
        MemoryLink.Connect(Links[0], Links[1]);
        Stacks[0] = Make(0, clientIp, (uint)seed * 97u + 3, client);
        Stacks[1] = Make(1, serverIp, (uint)seed * 131u + 5, server);
    }

    private NetworkStack Make(int side, uint address, uint randomSeed, TcpStack tcp)
    {
        var config = new StackConfig
        {
            MacAddress = new byte[] { 0x02, 0x00, 0x5E, 0x10, 0x00, (byte)(side + 1) },
            Address = address,
            Netmask = 0xFFFFFF00,
            RandomSeed = randomSeed,
        };
        _taps[side] = new Tap(this, side);
        Links[side].Fault = _taps[side];
        var stack = new NetworkStack(Links[side], config);
        stack.Register(tcp);
        return stack;
    }

    public SimChannel Channel => _channel;

    public void DeliverDue(long now) => _channel.DeliverDue(now);

    public long NextDelivery() => _channel.NextDelivery();

    public long PollClient(long now)
    {
        _now = now;
        return Stacks[0].Poll(now);
    }

    public long PollServer(long now)
    {
        _now = now;
        return Stacks[1].Poll(now);
    }

    void ISimReceiver.Deliver(int to, byte[] data, int length, long now)
    {
        if (Links[to].Inject(data, 0, length))
        {
            Injected[to]++;
        }
        else
        {
            InjectDrops[to]++;
        }
    }

    /// <summary>Interface accounting: every received frame accepted or dropped for exactly one reason; every
    /// frame the interface transmitted reached the channel; every injected frame received or still queued.</summary>
    public string CheckCounters()
    {
        for (int side = 0; side < 2; side++)
        {
            Interface i = Stacks[side].Interface;
            if (i.FramesReceived != i.FramesAccepted + i.DroppedTotal)
            {
                return Name(side) + " interface: received " + i.FramesReceived + " != accepted " + i.FramesAccepted + " + dropped " + i.DroppedTotal;
            }

            if (i.FramesTransmitted != _taps[side].Frames || Links[side].FramesLost != _taps[side].Frames || Links[side].FramesTransmitted != 0)
            {
                return Name(side) + " interface: transmitted " + i.FramesTransmitted + " but the link saw " + _taps[side].Frames;
            }

            if (Injected[side] != i.FramesReceived + Links[side].QueuedFrames)
            {
                return Name(side) + " interface: " + Injected[side] + " frames injected but " + i.FramesReceived + " received + " + Links[side].QueuedFrames + " queued";
            }
        }

        return null;
    }

    private static string Name(int side) => side == 0 ? "client" : "server";

    public string Describe()
    {
        Interface c = Stacks[0].Interface, s = Stacks[1].Interface;
        return $"frames delivered={_channel.Delivered} lost={_channel.Lost} corrupt={_channel.Corrupted} dup={_channel.Duplicated} queue-drops={_channel.QueueDrops}+{InjectDrops[0] + InjectDrops[1]}; " +
            $"client tx={c.FramesTransmitted} rx={c.FramesReceived} drops={c.DroppedTotal} arp-unresolved={c.TxArpUnresolved}; " +
            $"server tx={s.FramesTransmitted} rx={s.FramesReceived} drops={s.DroppedTotal} arp-unresolved={s.TxArpUnresolved}";
    }

    /// <summary>The link's fault hook: takes the frame into the channel (stamped with the current virtual time)
    /// and tells the link it is gone, so the channel alone decides when and how it arrives.</summary>
    private sealed class Tap : ILinkFault
    {
        private readonly FullStackNet _net;
        private readonly int _side;
        public int Frames;

        public Tap(FullStackNet net, int side)
        {
            _net = net;
            _side = side;
        }

        public int Apply(byte[] frame, int offset, int length)
        {
            Frames++;
            _net._channel.Enqueue(_side, frame, offset, length, _net._now);
            return 0;
        }
    }
}
