using NanoStack.Iface;
using NanoStack.Wire;

namespace NanoStack.Sockets.Tcp
{
    /// <summary>
    /// The TCP layer: a fixed table of connection slots and listeners, demultiplexing of arriving segments
    /// (RFC 9293 §3.10.7), replies for closed ports, and the timers of every connection via <see cref="Poll"/>.
    /// Everything is allocated here, once, from <see cref="TcpConfig"/>.
    /// </summary>
    public sealed class TcpStack : IIpv4Protocol
    {
        private readonly TcpConfig _config;
        private readonly TcpSocket[] _sockets;
        private readonly TcpListener[] _listeners;
        private readonly IsnGenerator _isn;
        private readonly EphemeralPorts _ports;

        public TcpStack(TcpConfig config, uint randomSeed)
        {
            _config = config;
            Counters = new TcpCounters();
            ChallengeLimiter = new ChallengeAckLimiter(config.ChallengeAckPerSecond);
            _isn = new IsnGenerator(randomSeed);
            _ports = new EphemeralPorts(randomSeed, config.EphemeralPortFirst, config.EphemeralPortLast);
            _sockets = new TcpSocket[config.MaxConnections];
            for (int i = 0; i < _sockets.Length; i++)
            {
                _sockets[i] = new TcpSocket(this, config);
            }

            _listeners = new TcpListener[config.MaxListeners];
            for (int i = 0; i < _listeners.Length; i++)
            {
                _listeners[i] = new TcpListener(config.Backlog);
            }
        }

        public byte ProtocolNumber { get { return TcpPacket.ProtocolNumber; } }

        public TcpConfig Config { get { return _config; } }

        public TcpCounters Counters { get; private set; }

        internal ChallengeAckLimiter ChallengeLimiter { get; private set; }

        /// <summary>
        /// Bytes allocated at construction: the rings exactly, plus an estimate of the control blocks
        /// (about 200 bytes per connection slot, 16 per listener queue entry).
        /// </summary>
        public int StaticBytes
        {
            get
            {
                int perSocket = _config.ReceiveBufferSize + _config.SendBufferSize + 8 * _config.MaxReceiveGaps + 200;
                int perListener = 32 + 4 * _config.Backlog;
                return _sockets.Length * perSocket + _listeners.Length * perListener + 256;
            }
        }

        /// <summary>Connection slots (for inspection and tests).</summary>
        public int SlotCount { get { return _sockets.Length; } }

        public TcpSocket Slot(int i) { return _sockets[i]; }

        /// <summary>Slots currently holding a connection (any state) or owned by the application.</summary>
        public int SlotsInUse
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _sockets.Length; i++)
                {
                    if (_sockets[i].InUse)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>Starts listening on <paramref name="port"/>; null when no listener is free or the port is taken.</summary>
        public TcpListener Listen(ushort port)
        {
            if (port == 0 || FindListener(port) != null)
            {
                return null;
            }

            for (int i = 0; i < _listeners.Length; i++)
            {
                if (!_listeners[i].IsListening)
                {
                    _listeners[i].Open(port);
                    return _listeners[i];
                }
            }

            return null;
        }

        /// <summary>
        /// Active open from <paramref name="localAddress"/> to address:port; the SYN goes out on the next
        /// <see cref="Poll"/>. Null when no slot is free (a TIME-WAIT slot is reclaimed first).
        /// </summary>
        public TcpSocket Connect(uint localAddress, uint address, ushort port, long nowMs)
        {
            TcpSocket slot = FreeSlot();
            if (slot == null || port == 0)
            {
                return null;
            }

            // RFC 6056 Algorithm 3: hash-chosen start, linear search for a port no slot or listener uses.
            int range = _ports.RangeSize;
            ushort localPort = 0;
            for (int i = 0; i < range; i++)
            {
                ushort candidate = _ports.Candidate(localAddress, address, port, i);
                if (!LocalPortInUse(candidate))
                {
                    localPort = candidate;
                    _ports.Commit(i);
                    break;
                }
            }

            if (localPort == 0)
            {
                return null;
            }

            uint iss = _isn.Next(localAddress, localPort, address, port, nowMs);
            slot.Open(localAddress, localPort, address, port, iss, nowMs);
            slot.ActiveOpen = true;
            slot.SetState(TcpState.SynSent);
            Counters.ConnectionsOpened++;
            return slot;
        }

        public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            Counters.SegmentsIn++;
            TcpPacket seg;
            TcpParseError error = TcpPacket.TryParse(buffer, offset, length, out seg);
            if (error != TcpParseError.None)
            {
                Counters.Drop(error == TcpParseError.Truncated ? TcpDropReason.Truncated : TcpDropReason.BadHeader);
                return;
            }

            if (!TcpPacket.VerifyChecksum(buffer, offset, length, source, destination))
            {
                Counters.Drop(TcpDropReason.BadChecksum);
                return;
            }

            // TCP is unicast only (RFC 1122 4.2.3.10): never answer, or create state for, a broadcast or
            // multicast address on either side.
            if (seg.SourcePort == 0 || seg.DestinationPort == 0 || !IsUnicast(source) || !IsUnicast(destination))
            {
                Counters.Drop(TcpDropReason.BadHeader);
                return;
            }

            TcpSocket socket = FindConnection(destination, seg.DestinationPort, source, seg.SourcePort);
            TcpListener listener = FindListener(seg.DestinationPort);
            if (socket != null)
            {
                // RFC 1122 4.2.2.13 / RFC 6191: a new SYN above the old RCV.NXT may reopen a TIME-WAIT 4-tuple.
                if (socket.State == TcpState.TimeWait && seg.Syn && !seg.Ack && !seg.Rst && listener != null
                    && SeqNum.Gt(seg.SequenceNumber, socket.RcvNxt))
                {
                    socket.EnterClosed();
                    socket.Release();
                    Counters.TimeWaitReclaimed++;
                }
                else
                {
                    socket.OnSegment(output, ref seg, buffer, nowMs);
                    return;
                }
            }

            if (listener != null)
            {
                OnListen(output, listener, ref seg, source, destination, nowMs);
                return;
            }

            // §3.10.7.1 CLOSED: everything but a RST is answered with a RST.
            Counters.Drop(TcpDropReason.NoListener);
            if (!seg.Rst)
            {
                ReplyReset(output, ref seg, source, destination, nowMs);
            }
        }

        public long Poll(IIpv4Output output, long nowMs)
        {
            long next = long.MaxValue;
            for (int i = 0; i < _sockets.Length; i++)
            {
                long d = _sockets[i].Poll(output, nowMs);
                if (d < next)
                {
                    next = d;
                }
            }

            return next;
        }

        /// <summary>§3.10.7.2 LISTEN.</summary>
        private void OnListen(IIpv4Output output, TcpListener listener, ref TcpPacket seg, uint source, uint destination, long nowMs)
        {
            if (seg.Rst)
            {
                Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            if (seg.Ack)
            {
                Counters.Drop(TcpDropReason.BadAck);
                SendReset(output, destination, source, seg.DestinationPort, seg.SourcePort, seg.AckNumber, 0, false, nowMs);
                return;
            }

            if (!seg.Syn)
            {
                Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            if (listener.IsFull)
            {
                // The client retries its SYN; by then the application may have accepted.
                Counters.Drop(TcpDropReason.BacklogFull);
                return;
            }

            TcpSocket slot = FreeSlot();
            if (slot == null)
            {
                Counters.Drop(TcpDropReason.TableFull);
                return;
            }

            uint iss = _isn.Next(destination, seg.DestinationPort, source, seg.SourcePort, nowMs);
            slot.Open(destination, seg.DestinationPort, source, seg.SourcePort, iss, nowMs);
            slot.ActiveOpen = false;
            slot.Listener = listener;
            listener.Add(slot);
            slot.RcvMss = slot.OurMss(output.PayloadCapacity);
            slot.SetPeerMss(seg.MaxSegmentSize);
            slot.Irs = seg.SequenceNumber;
            slot.RcvNxt = seg.SequenceNumber + 1;
            slot.RcvAdv = slot.RcvNxt;
            slot.SndWnd = seg.Window;
            slot.MaxSndWnd = seg.Window;
            slot.SndWl1 = seg.SequenceNumber;
            slot.SndWl2 = iss;
            slot.SegmentsIn++;
            slot.SetState(TcpState.SynReceived);
            Counters.ConnectionsAccepted++;
            // Data on the SYN is not kept (not acknowledged): the peer sends it again after the handshake.
            slot.Output(output, nowMs);
        }

        /// <summary>RST for a segment no connection wants (§3.10.7.1).</summary>
        private void ReplyReset(IIpv4Output output, ref TcpPacket seg, uint source, uint destination, long nowMs)
        {
            if (seg.Ack)
            {
                SendReset(output, destination, source, seg.DestinationPort, seg.SourcePort, seg.AckNumber, 0, false, nowMs);
            }
            else
            {
                uint ack = seg.SequenceNumber + (uint)seg.SegmentLength;
                SendReset(output, destination, source, seg.DestinationPort, seg.SourcePort, 0, ack, true, nowMs);
            }
        }

        internal void SendReset(IIpv4Output output, uint local, uint remote, ushort localPort, ushort remotePort,
            uint seq, uint ack, bool withAck, long nowMs)
        {
            byte[] buffer = output.PayloadBuffer;
            int offset = output.PayloadOffset;
            byte flags = withAck ? (byte)(TcpFlags.Rst | TcpFlags.Ack) : TcpFlags.Rst;
            int length = TcpPacket.Emit(buffer, offset, localPort, remotePort, seq, withAck ? ack : 0, flags, 0, 0);
            TcpPacket.WriteChecksum(buffer, offset, length, local, remote);
            output.Send(remote, TcpPacket.ProtocolNumber, length, nowMs);
            Counters.RstOut++;
            Counters.SegmentsOut++;
        }

        private static bool IsUnicast(uint address)
        {
            return address != 0 && address != 0xFFFFFFFF && (address & 0xF0000000) != 0xE0000000;
        }

        private TcpSocket FindConnection(uint local, ushort localPort, uint remote, ushort remotePort)
        {
            for (int i = 0; i < _sockets.Length; i++)
            {
                TcpSocket s = _sockets[i];
                if (s.InUse && s.State != TcpState.Closed && s.LocalPort == localPort && s.RemotePort == remotePort
                    && s.RemoteAddress == remote && s.LocalAddress == local)
                {
                    return s;
                }
            }

            return null;
        }

        private TcpListener FindListener(ushort port)
        {
            for (int i = 0; i < _listeners.Length; i++)
            {
                if (_listeners[i].IsListening && _listeners[i].Port == port)
                {
                    return _listeners[i];
                }
            }

            return null;
        }

        private bool LocalPortInUse(ushort port)
        {
            if (FindListener(port) != null)
            {
                return true;
            }

            for (int i = 0; i < _sockets.Length; i++)
            {
                if (_sockets[i].InUse && _sockets[i].LocalPort == port)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A free slot, else the TIME-WAIT slot closest to expiry (issue 4: reclaim the oldest), else null.</summary>
        private TcpSocket FreeSlot()
        {
            TcpSocket oldest = null;
            for (int i = 0; i < _sockets.Length; i++)
            {
                TcpSocket s = _sockets[i];
                if (!s.InUse)
                {
                    return s;
                }

                if (s.State == TcpState.TimeWait && (oldest == null || s.TimeWaitDeadline < oldest.TimeWaitDeadline))
                {
                    oldest = s;
                }
            }

            if (oldest != null)
            {
                oldest.EnterClosed();
                oldest.Release();
                Counters.TimeWaitReclaimed++;
            }

            return oldest;
        }
    }
}
