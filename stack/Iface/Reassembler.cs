using NanoStack.Wire;

namespace NanoStack.Iface
{
    /// <summary>
    /// IPv4 reassembly (RFC 791 §3.2 "reassembly procedure", RFC 815 idea of tracking holes) into one static
    /// buffer: one datagram at a time, identified by (source, destination, identification, protocol).
    /// </summary>
    /// <remarks>
    /// Holes are tracked with one bit per 8-byte fragment block, which also makes overlap detection exact and
    /// cheap. Any overlap, duplicates included, discards the whole datagram, as RFC 5722 requires for IPv6 and
    /// as Linux does for IPv4 since the FragmentSmack fixes: a sender that retransmits fragments will simply
    /// retransmit the whole datagram later. A partial datagram expires <c>ReassemblyTimeoutMs</c> after its
    /// first fragment; before that, a fragment of another datagram takes the buffer over once the one in it has
    /// had no fragment for <c>ReassemblyStaleMs</c> (a sender's fragments come back to back, so it is stalled or
    /// was never going to complete: a flood of first fragments cannot hold the buffer for the whole timeout,
    /// as RFC 4963 §4.1 fears).
    /// </remarks>
    internal sealed class Reassembler
    {
        public const int Stored = -1;
        public const int Complete = -2;

        private readonly byte[] _buffer;
        private readonly int[] _blocks;
        private readonly int _timeoutMs;
        private readonly int _staleMs;
        private uint _source;
        private uint _destination;
        private ushort _identification;
        private byte _protocol;
        // Idle while no datagram is being reassembled (no separate 'active' field: each field is a 12-byte heap block
        // on the device, issue 17).
        private const long Idle = long.MaxValue;
        private long _deadline = Idle;
        private long _lastFragmentMs;
        private int _totalLength;
        private int _blocksSet;

        /// <summary>Datagrams discarded because they did not complete in time.</summary>
        public int Timeouts;

        /// <summary>Stale partial datagrams whose buffer a fragment of another datagram took over.</summary>
        public int Takeovers;

        public Reassembler(int bufferBytes, int timeoutMs, int staleMs)
        {
            _staleMs = staleMs;
            _buffer = new byte[bufferBytes];
            _blocks = new int[(bufferBytes / 8 + 1 + 31) / 32];
            _timeoutMs = timeoutMs;
        }

        public static int StaticBytesFor(int bufferBytes)
        {
            return bufferBytes + ((bufferBytes / 8 + 1 + 31) / 32) * 4;
        }

        public byte[] Buffer { get { return _buffer; } }
        public int Length { get { return _totalLength; } }
        public byte Protocol { get { return _protocol; } }

        /// <summary>Earliest time <see cref="Expire"/> has work, or long.MaxValue.</summary>
        public long Deadline { get { return _deadline; } }

        public void Expire(long nowMs)
        {
            if (nowMs >= _deadline)
            {
                _deadline = Idle;
                Timeouts++;
            }
        }

        /// <summary>Frees the buffer after a completed datagram was dispatched.</summary>
        public void Release()
        {
            _deadline = Idle;
        }

        /// <summary>
        /// Adds one fragment. Returns <see cref="Stored"/>, <see cref="Complete"/> (datagram in
        /// Buffer[0..Length)), or a drop reason cast to int.
        /// </summary>
        public int Add(Ipv4Packet ip, long nowMs)
        {
            Expire(nowMs);
            int offset = ip.FragmentOffset;
            int length = ip.PayloadLength;
            bool more = ip.MoreFragments;
            bool same = _deadline != Idle && _source == ip.Source && _destination == ip.Destination
                && _identification == ip.Identification && _protocol == ip.Protocol;
            if (_deadline != Idle && !same)
            {
                if (nowMs - _lastFragmentMs < _staleMs)
                {
                    return (int)DropReason.ReassemblyBusy;
                }

                _deadline = Idle;
                Takeovers++;
            }
            if (length == 0 || (more && (length & 7) != 0))
            {
                return (int)DropReason.FragmentMalformed;
            }
            int end = offset + length;
            if (end > _buffer.Length)
            {
                _deadline = Idle;
                return (int)DropReason.FragmentTooBig;
            }
            if (_deadline == Idle)
            {
                _source = ip.Source;
                _destination = ip.Destination;
                _identification = ip.Identification;
                _protocol = ip.Protocol;
                _deadline = nowMs + _timeoutMs;
                _totalLength = -1;
                _blocksSet = 0;
                System.Array.Clear(_blocks, 0, _blocks.Length);
            }
            _lastFragmentMs = nowMs;
            int firstBlock = offset >> 3;
            int endBlock = (end + 7) >> 3;
            if (!more)
            {
                // The last fragment fixes the length; data already beyond it is an inconsistency.
                if (_totalLength >= 0 || AnySet(endBlock, _blocks.Length * 32))
                {
                    _deadline = Idle;
                    return (int)DropReason.FragmentOverlap;
                }
                _totalLength = end;
            }
            else if (_totalLength >= 0 && end > _totalLength)
            {
                _deadline = Idle;
                return (int)DropReason.FragmentOverlap;
            }
            if (AnySet(firstBlock, endBlock))
            {
                _deadline = Idle;
                return (int)DropReason.FragmentOverlap;
            }
            for (int b = firstBlock; b < endBlock; b++)
            {
                _blocks[b >> 5] |= 1 << (b & 31);
            }
            _blocksSet += endBlock - firstBlock;
            System.Array.Copy(ip.Buffer, ip.PayloadOffset, _buffer, offset, length);
            if (_totalLength >= 0 && _blocksSet == (_totalLength + 7) >> 3)
            {
                return Complete;
            }
            return Stored;
        }

        private bool AnySet(int fromBlock, int toBlock)
        {
            for (int b = fromBlock; b < toBlock; b++)
            {
                if ((_blocks[b >> 5] & (1 << (b & 31))) != 0)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
