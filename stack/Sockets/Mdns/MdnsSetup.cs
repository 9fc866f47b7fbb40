using NanoStack.Sockets.Dns;

namespace NanoStack.Sockets.Mdns
{
    /// <summary>Wires an <see cref="MdnsResponder"/> into a stack: socket on 5353, IP TTL 255, group 224.0.0.251.</summary>
    public static class MdnsSetup
    {
        /// <summary>Creates the responder and adds it to the stack's tasks. Throws at start-up when a table is full.</summary>
        public static MdnsResponder Attach(NetworkStack stack, MdnsConfig config, uint randomSeed)
        {
            UdpSocket socket = stack.OpenDirectUdp();
            if (socket == null || !socket.Bind(MdnsResponder.Port))
            {
                throw new System.InvalidOperationException("mDNS: no UDP socket or port 5353 taken (StackConfig.UdpDirectSockets/UdpSockets)");
            }
            socket.Ttl = 255; // RFC 6762 §11: receivers check TTL 255 to reject off-link spoofing
            if (!stack.Interface.JoinMulticast(MdnsResponder.Group))
            {
                throw new System.InvalidOperationException("mDNS: multicast table full (StackConfig.MulticastGroups)");
            }
            MdnsResponder responder = new MdnsResponder(new UdpDatagramSocket(socket), stack.Interface, config, randomSeed);
            stack.AddTask(responder);
            return responder;
        }
    }
}
