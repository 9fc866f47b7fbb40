using NanoStack.Iface;

namespace NanoStack.Sockets.Dns
{
    /// <summary>Lets the DNS client, the mDNS responder and the DHCP client use a stack <see cref="UdpSocket"/>.</summary>
    public sealed class UdpDatagramSocket : IDatagramSocket
    {
        private readonly UdpSocket _socket;

        public UdpDatagramSocket(UdpSocket socket)
        {
            if (socket == null) throw new System.ArgumentException("UdpDatagramSocket: no socket (UDP table full?)");
            _socket = socket;
        }

        public UdpSocket Socket { get { return _socket; } }

        public SendResult SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs)
        {
            return _socket.SendTo(address, port, buffer, offset, length, nowMs);
        }

        public void Attach(IUdpReceiver receiver)
        {
            _socket.SetReceiver(receiver);
        }
    }
}
