using NanoStack.Iface;

namespace NanoStack.Sockets.Dns
{
    /// <summary>
    /// The part of a UDP socket the DNS client and the mDNS responder use: send-to, and direct delivery of what
    /// arrives to an <see cref="IUdpReceiver"/> (the service itself), parsed in place with no copy. Implemented over
    /// a stack <c>UdpSocket</c> by <see cref="UdpDatagramSocket"/>; tests script a peer with it without a whole stack.
    /// </summary>
    public interface IDatagramSocket
    {
        /// <summary>Sends one datagram; the result says why it did not leave (<see cref="SendResult"/>).</summary>
        SendResult SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs);

        /// <summary>Every datagram received from now on goes to <paramref name="receiver"/> during receive.</summary>
        void Attach(IUdpReceiver receiver);
    }
}
