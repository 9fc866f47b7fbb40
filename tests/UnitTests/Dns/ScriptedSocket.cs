using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Sockets.Dns;

namespace NanoStack.Tests.Dns
{
    /// <summary>A scripted UDP peer: hands datagrams to the code under test (as the stack does, at once) and records what it sends.</summary>
    public sealed class ScriptedSocket : IDatagramSocket
    {
        private IUdpReceiver _receiver;

        public readonly byte[] LastSent = new byte[1500];
        public int LastSentLength;
        public uint LastSentTo;
        public ushort LastSentPort;
        public long LastSentAt;
        public int Sent;

        public void Attach(IUdpReceiver receiver)
        {
            _receiver = receiver;
        }

        /// <summary>A datagram from <paramref name="from"/>:<paramref name="port"/> to <paramref name="to"/>, received at <paramref name="nowMs"/>.</summary>
        public void Deliver(byte[] datagram, int length, uint from, ushort port, uint to, long nowMs)
        {
            _receiver.OnDatagram(from, port, to, datagram, 0, length, nowMs);
        }

        public SendResult SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs)
        {
            System.Array.Copy(buffer, offset, LastSent, 0, length);
            LastSentLength = length;
            LastSentTo = address;
            LastSentPort = port;
            LastSentAt = nowMs;
            Sent++;
            return SendResult.Ok;
        }
    }
}
