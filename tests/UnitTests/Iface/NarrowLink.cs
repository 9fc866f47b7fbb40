using NanoStack.Phy;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// A <see cref="MemoryLink"/> seen through a device that can send less than a full Ethernet frame (the
    /// interface must size its datagrams by <see cref="TransmitCapacity"/>) and that can be told to refuse
    /// transmits after a number of frames (a device whose buffer is busy or whose cable just went).
    /// </summary>
    public sealed class NarrowLink : ILinkDevice
    {
        private readonly MemoryLink _link;
        private readonly int _capacity;

        /// <summary>Transmits accepted before the device refuses every further one; -1 = never refuses.</summary>
        public int AcceptTransmits = -1;

        public NarrowLink(MemoryLink link, int transmitCapacity)
        {
            _link = link;
            _capacity = transmitCapacity;
        }

        public bool IsLinkUp { get { return _link.IsLinkUp; } }
        public int Receive() { return _link.Receive(); }
        public byte[] ReceiveBuffer { get { return _link.ReceiveBuffer; } }
        public int ReceiveOffset { get { return _link.ReceiveOffset; } }
        public byte[] TransmitBuffer { get { return _link.TransmitBuffer; } }
        public int TransmitOffset { get { return _link.TransmitOffset; } }
        public int TransmitCapacity { get { return _capacity; } }

        public bool Transmit(int length)
        {
            if (length > _capacity || AcceptTransmits == 0)
            {
                return false;
            }
            if (AcceptTransmits > 0)
            {
                AcceptTransmits--;
            }
            return _link.Transmit(length);
        }

        /// <summary>A board (TestNet's configuration) on a NarrowLink whose far end is <paramref name="peer"/>.</summary>
        public static NetworkStack Create(StackConfig config, int transmitCapacity, out NarrowLink device, out MemoryLink peer)
        {
            MemoryLink link = new MemoryLink(8, 1);
            peer = new MemoryLink(8);
            MemoryLink.Connect(link, peer);
            device = new NarrowLink(link, transmitCapacity);
            NetworkStack stack = new NetworkStack(device, config);
            stack.Poll(0);
            peer.Clear();
            return stack;
        }
    }
}
