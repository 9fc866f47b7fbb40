using NanoStack.Iface;

namespace NanoStack.Sockets.Dhcp
{
    /// <summary>
    /// What the DHCP client needs from the stack: the link state, the interface's runtime address configuration,
    /// RFC 5227 probing, and one UDP endpoint bound to port 68. <see cref="DhcpStackHost"/> implements it over
    /// <see cref="NetworkStack"/>; tests can script it directly.
    /// </summary>
    public interface IDhcpHost
    {
        bool IsLinkUp { get; }

        void Configure(uint address, uint netmask, uint gateway);

        void Unconfigure();

        /// <summary>Sends one ARP probe for <paramref name="address"/> (sender IP 0, RFC 5227 §2.1.1).</summary>
        void ArpProbe(uint address, long nowMs);

        /// <summary>True once an ARP packet claiming <paramref name="address"/> was seen since the first probe.</summary>
        bool ArpConflictSeen(uint address);

        /// <summary>
        /// Where the client builds the message it sends next: the stack's transmit buffer at the UDP payload, so the
        /// client needs no buffer of its own (issue 17). At least 548 bytes from <see cref="TransmitOffset"/>
        /// (RFC 2131 §2: a 576-byte IP datagram), valid until the next send.
        /// </summary>
        byte[] TransmitBuffer { get; }

        int TransmitOffset { get; }

        /// <summary>Sends buffer[offset..+length] from port 68 to <paramref name="destination"/>:67; the result says why it did not leave.</summary>
        SendResult Send(uint destination, byte[] buffer, int offset, int length, long nowMs);

        /// <summary>Every datagram received on port 68 from now on goes to <paramref name="receiver"/>, in place.</summary>
        void Attach(IUdpReceiver receiver);
    }
}
