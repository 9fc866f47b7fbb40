namespace NanoStack.Phy
{
    /// <summary>
    /// An in-memory Ethernet link for tests and simulations: two links joined back to back with
    /// <see cref="Connect"/>; what one transmits is queued (copied) in the other's receive queue. Portable and
    /// allocation-free after construction, so the stack's zero-allocation tests can run over it.
    /// </summary>
    public sealed class MemoryLink : ILinkDevice
    {
        public const int MaxFrame = 1514;

        private readonly byte[][] _queue;
        private readonly int[] _lengths;
        private int _head;
        private int _count;
        private readonly byte[] _rx;
        private readonly byte[] _tx;
        private readonly int _bufferOffset;
        private MemoryLink _peer;
        private bool _linkUp = true;

        /// <summary>A link whose receive queue holds <paramref name="queueFrames"/> frames; its buffers start at
        /// <paramref name="bufferOffset"/> (the ENC28J60 driver uses 1) to catch offset mistakes in the stack.</summary>
        public MemoryLink(int queueFrames, int bufferOffset)
        {
            _queue = new byte[queueFrames][];
            for (int i = 0; i < queueFrames; i++)
            {
                _queue[i] = new byte[MaxFrame];
            }
            _lengths = new int[queueFrames];
            _bufferOffset = bufferOffset;
            _rx = new byte[bufferOffset + MaxFrame];
            _tx = new byte[bufferOffset + MaxFrame];
        }

        public MemoryLink(int queueFrames) : this(queueFrames, 0)
        {
        }

        public static void Connect(MemoryLink a, MemoryLink b)
        {
            a._peer = b;
            b._peer = a;
        }

        /// <summary>Applied to frames this link transmits (null = perfect wire).</summary>
        public ILinkFault Fault;

        /// <summary>Frames handed to the peer, and frames lost because the peer's queue was full or the fault dropped them.</summary>
        public int FramesTransmitted;
        public int FramesLost;

        public bool IsLinkUp { get { return _linkUp; } }

        public void SetLinkUp(bool up)
        {
            _linkUp = up;
        }

        public int QueuedFrames { get { return _count; } }

        public byte[] ReceiveBuffer { get { return _rx; } }
        public int ReceiveOffset { get { return _bufferOffset; } }
        public byte[] TransmitBuffer { get { return _tx; } }
        public int TransmitOffset { get { return _bufferOffset; } }
        public int TransmitCapacity { get { return MaxFrame; } }

        public int Receive()
        {
            if (_count == 0)
            {
                return 0;
            }
            int length = _lengths[_head];
            System.Array.Copy(_queue[_head], 0, _rx, _bufferOffset, length);
            _head = (_head + 1) % _queue.Length;
            _count--;
            return length;
        }

        public bool Transmit(int length)
        {
            if (!_linkUp || _peer == null || length < 14 || length > MaxFrame)
            {
                return false;
            }
            if (Fault != null)
            {
                length = Fault.Apply(_tx, _bufferOffset, length);
                if (length <= 0)
                {
                    FramesLost++;
                    return true;
                }
            }
            if (!_peer.Enqueue(_tx, _bufferOffset, length))
            {
                FramesLost++;
                return true;
            }
            FramesTransmitted++;
            return true;
        }

        /// <summary>Queues a frame for this link's own <see cref="Receive"/> (as if the peer had sent it).</summary>
        public bool Inject(byte[] frame, int offset, int length)
        {
            return Enqueue(frame, offset, length);
        }

        /// <summary>Writes <paramref name="frame"/> into the transmit buffer and transmits it to the peer.</summary>
        public bool Send(byte[] frame, int offset, int length)
        {
            if (length > MaxFrame)
            {
                return false;
            }
            System.Array.Copy(frame, offset, _tx, _bufferOffset, length);
            return Transmit(length);
        }

        public void Clear()
        {
            _count = 0;
            _head = 0;
        }

        private bool Enqueue(byte[] frame, int offset, int length)
        {
            if (_count == _queue.Length || length <= 0 || length > MaxFrame)
            {
                return false;
            }
            int slot = (_head + _count) % _queue.Length;
            System.Array.Copy(frame, offset, _queue[slot], 0, length);
            _lengths[slot] = length;
            _count++;
            return true;
        }
    }
}
