using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Sockets.Dhcp;
using NanoStack.Wire;

namespace NanoStack.Tests.Dhcp
{
    /// <summary>
    /// A stand-in for the stack under the DHCP client: records what the client configures, probes and sends,
    /// and hands it the datagrams a test scripts (a DHCP server played by the test).
    /// </summary>
    public sealed class ScriptedDhcpHost : IDhcpHost
    {
        public bool LinkUp = true;
        public uint Address, Netmask, Gateway;
        public int Configures, Unconfigures;
        public int Probes;
        public uint ProbedAddress;
        public bool Conflict;

        public readonly byte[] LastSent = new byte[600];
        public int LastSentLength;
        public uint LastDestination;
        public long LastSentAt = -1;
        public int Sent;

        public bool IsLinkUp { get { return LinkUp; } }

        public void Configure(uint address, uint netmask, uint gateway)
        {
            Address = address; Netmask = netmask; Gateway = gateway;
            Configures++;
        }

        public void Unconfigure()
        {
            Address = 0; Netmask = 0; Gateway = 0;
            Unconfigures++;
        }

        public void ArpProbe(uint address, long nowMs)
        {
            Probes++;
            ProbedAddress = address;
        }

        public bool ArpConflictSeen(uint address)
        {
            return Conflict && address == ProbedAddress;
        }

        // As on the stack: the message is built at an offset into a frame-sized buffer (Ethernet + IPv4 + UDP headers).
        private readonly byte[] _transmit = new byte[42 + 548];

        public byte[] TransmitBuffer { get { return _transmit; } }

        public int TransmitOffset { get { return 42; } }

        public SendResult Send(uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            System.Array.Copy(buffer, offset, LastSent, 0, length);
            LastSentLength = length;
            LastDestination = destination;
            LastSentAt = nowMs;
            Sent++;
            return SendResult.Ok;
        }

        private IUdpReceiver _receiver;

        public void Attach(IUdpReceiver receiver)
        {
            _receiver = receiver;
        }

        /// <summary>A reply from the server (192.0.2.1:67 to the broadcast address), handed to the client at once, as the stack does.</summary>
        public void Deliver(byte[] message, int length, long nowMs)
        {
            _receiver.OnDatagram(0xC0000201, DhcpStackHost.ServerPort, 0xFFFFFFFF, message, 0, length, nowMs);
        }

        /// <summary>The last message the client sent, parsed.</summary>
        public DhcpPacket Last()
        {
            DhcpPacket p = new DhcpPacket();
            p.Parse(LastSent, 0, LastSentLength);
            return p;
        }
    }
}
