using NanoStack.Sockets.Dns;

namespace NanoStack.Tests.Dns
{
    /// <summary>A scripted UDP peer: queues datagrams for the code under test and records what it sends.</summary>
    public sealed class ScriptedSocket : IDatagramSocket
    {
        private const int Slots = 4;
        private readonly byte[][] _in = new byte[Slots][];
        private readonly int[] _inLength = new int[Slots];
        private readonly uint[] _inFrom = new uint[Slots];
        private readonly ushort[] _inPort = new ushort[Slots];
        private readonly uint[] _inTo = new uint[Slots];
        private int _head, _count;
        private uint _lastDestination;

        public readonly byte[] LastSent = new byte[1500];
        public int LastSentLength;
        public uint LastSentTo;
        public ushort LastSentPort;
        public long LastSentAt;
        public int Sent;

        public ScriptedSocket()
        {
            for (int i = 0; i < Slots; i++) _in[i] = new byte[1500];
        }

        public void Deliver(byte[] datagram, int length, uint from, ushort port, uint to)
        {
            int slot = (_head + _count) % Slots;
            System.Array.Copy(datagram, _in[slot], length);
            _inLength[slot] = length;
            _inFrom[slot] = from;
            _inPort[slot] = port;
            _inTo[slot] = to;
            _count++;
        }

        public bool SendTo(uint address, ushort port, byte[] buffer, int offset, int length, long nowMs)
        {
            System.Array.Copy(buffer, offset, LastSent, 0, length);
            LastSentLength = length;
            LastSentTo = address;
            LastSentPort = port;
            LastSentAt = nowMs;
            Sent++;
            return true;
        }

        public int ReceiveFrom(byte[] buffer, int offset, int capacity, out uint address, out ushort port)
        {
            address = 0;
            port = 0;
            if (_count == 0) return -1;
            int n = _inLength[_head] < capacity ? _inLength[_head] : capacity;
            System.Array.Copy(_in[_head], 0, buffer, offset, n);
            address = _inFrom[_head];
            port = _inPort[_head];
            _lastDestination = _inTo[_head];
            _head = (_head + 1) % Slots;
            _count--;
            return n;
        }

        public uint LastDestination { get { return _lastDestination; } }
    }
}
