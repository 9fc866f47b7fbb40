using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Dhcp
{
    /// <summary>
    /// <see cref="IDhcpHost"/> over a <see cref="NetworkStack"/>: the interface's runtime configuration and ARP
    /// probing, and a UDP socket bound to port 68 (the interface accepts it while unconfigured, RFC 2131 §4.1).
    /// </summary>
    public sealed class DhcpStackHost : IDhcpHost
    {
        public const ushort ClientPort = 68;
        public const ushort ServerPort = 67;

        private readonly Interface _iface;
        private readonly UdpSocket _socket;

        public DhcpStackHost(NetworkStack stack)
        {
            _iface = stack.Interface;
            _socket = stack.OpenDirectUdp();
            if (_socket == null || !_socket.Bind(ClientPort))
            {
                throw new System.InvalidOperationException("DHCP: no UDP socket or port 68 taken (StackConfig.UdpDirectSockets/UdpSockets)");
            }
        }

        public bool IsLinkUp { get { return _iface.IsLinkUp; } }

        public void Configure(uint address, uint netmask, uint gateway) { _iface.Configure(address, netmask, gateway); }

        public void Unconfigure() { _iface.Unconfigure(); }

        public void ArpProbe(uint address, long nowMs) { _iface.ArpProbe(address, nowMs); }

        public bool ArpConflictSeen(uint address) { return _iface.ArpConflictSeen(address); }

        public byte[] TransmitBuffer { get { return _iface.PayloadBuffer; } }

        public int TransmitOffset { get { return _iface.PayloadOffset + UdpPacket.HeaderLength; } }

        public SendResult Send(uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            return _socket.SendTo(destination, ServerPort, buffer, offset, length, nowMs);
        }

        public void Attach(IUdpReceiver receiver)
        {
            _socket.SetReceiver(receiver);
        }
    }
}
