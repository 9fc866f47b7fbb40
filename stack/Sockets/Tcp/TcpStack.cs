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
        private readonly SynCookies _cookies;

        /// <summary>Slots whose InUse is set, counted by <see cref="TcpSocket.Open"/> and
        /// <see cref="TcpSocket.Release"/>: <see cref="Poll"/> stops once it has met them all instead of asking every
        /// free slot (about 25 IL instructions each, three of the default four, on every poll; issue 13).</summary>
        internal int HeldSlots;

        public TcpStack(TcpConfig config, uint randomSeed)
        {
            config.Validate();
            _config = config;
            Counters = new TcpCounters();
            ChallengeLimiter = new ChallengeAckLimiter(config.ChallengeAckPerSecond);
            _isn = new IsnGenerator(randomSeed);
            _cookies = new SynCookies(randomSeed);
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

        /// <summary>Null when the table is consistent (the held-slot count <see cref="Poll"/> relies on matches the
        /// slots in use), else what is wrong; the simulations check it after every step, as the sockets' own.</summary>
        public string CheckInvariants()
        {
            int inUse = SlotsInUse;
            return HeldSlots == inUse ? null : "held-slot count " + HeldSlots.ToString() + " but " + inUse.ToString() + " slots in use";
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
            TcpSocket slot = FreeSlot(null, false, nowMs);
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
            WireError error = TcpPacket.TryParse(buffer, offset, length, out seg);
            if (error != WireError.None)
            {
                Counters.Drop(error == WireError.Truncated ? TcpDropReason.Truncated : TcpDropReason.BadHeader);
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
            if (socket != null)
            {
                // RFC 1122 4.2.2.13 / RFC 6191: a new SYN above the old RCV.NXT may reopen a TIME-WAIT 4-tuple. The
                // listener is looked up only then: a connection's segments do not pay for the search (issue 13).
                if (socket.State == TcpState.TimeWait && seg.Syn && !seg.Ack && !seg.Rst
                    && FindListener(seg.DestinationPort) != null && SeqNum.Gt(seg.SequenceNumber, socket.RcvNxt))
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

            TcpListener listener = FindListener(seg.DestinationPort);
            if (listener != null)
            {
                OnListen(output, listener, ref seg, buffer, source, destination, nowMs);
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
            TcpSocket[] sockets = _sockets;
            int left = HeldSlots;
            for (int i = 0; left > 0 && i < sockets.Length; i++)
            {
                TcpSocket socket = sockets[i];
                if (!socket.InUse)
                {
                    // A free slot has nothing due: one flag read instead of a call into its Poll (issue 13).
                    continue;
                }

                left--;
                long d = socket.Poll(output, nowMs);
                if (d < next)
                {
                    next = d;
                }
            }

            return next;
        }

        /// <summary>§3.10.7.2 LISTEN, with SYN cookies (RFC 4987 §3.6) when no state can be kept.</summary>
        private void OnListen(IIpv4Output output, TcpListener listener, ref TcpPacket seg, byte[] buffer, uint source, uint destination, long nowMs)
        {
            if (seg.Rst)
            {
                Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            if (seg.Ack)
            {
                if (!seg.Syn && _config.SynCookies && OnCookieAck(output, listener, ref seg, buffer, source, destination, nowMs))
                {
                    return;
                }

                Counters.Drop(TcpDropReason.BadAck);
                SendReset(output, destination, source, seg.DestinationPort, seg.SourcePort, seg.AckNumber, 0, false, nowMs);
                return;
            }

            if (!seg.Syn)
            {
                Counters.Drop(TcpDropReason.Ignored);
                return;
            }

            if (listener.IsFull && !_config.SynCookies)
            {
                // RFC 4987 §3.4: without cookies, the oldest half-open connection makes room for the newest.
                RecycleHalfOpen(listener.OldestHalfOpen());
            }

            // With cookies a SYN never takes a half-open slot from another: it gets a cookie instead.
            TcpSocket slot = listener.IsFull ? null : FreeSlot(output, !_config.SynCookies, nowMs);
            if (slot == null)
            {
                if (_config.SynCookies)
                {
                    SendCookie(output, listener, ref seg, source, destination, nowMs);
                    return;
                }

                // The client retries its SYN; by then the application may have accepted.
                Counters.Drop(listener.IsFull ? TcpDropReason.BacklogFull : TcpDropReason.TableFull);
                return;
            }

            // With cookies on, a half-open connection's ISS is a cookie too (as FreeBSD's syncache does): if its slot
            // is recycled before the handshake completes, the peer's ACK still proves itself and gets a connection.
            uint iss = _config.SynCookies
                ? _cookies.Make(destination, seg.DestinationPort, source, seg.SourcePort, seg.SequenceNumber, seg.MaxSegmentSize, nowMs)
                : _isn.Next(destination, seg.DestinationPort, source, seg.SourcePort, nowMs);
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

        /// <summary>RFC 4987 §3.6: a SYN-ACK whose ISS is the cookie; nothing is remembered.</summary>
        private void SendCookie(IIpv4Output output, TcpListener listener, ref TcpPacket seg, uint source, uint destination, long nowMs)
        {
            uint cookie = _cookies.Make(destination, seg.DestinationPort, source, seg.SourcePort, seg.SequenceNumber, seg.MaxSegmentSize, nowMs);
            byte[] buffer = output.PayloadBuffer;
            int offset = output.PayloadOffset;
            // The window the restored connection will start from: its whole, empty receive ring.
            int window = _config.ReceiveBufferSize > 65535 ? 65535 : _config.ReceiveBufferSize;
            int length = TcpPacket.Emit(buffer, offset, seg.DestinationPort, seg.SourcePort, cookie, seg.SequenceNumber + 1,
                (byte)(TcpFlags.Syn | TcpFlags.Ack), (ushort)window, (ushort)TcpSocket.MssFor(_config, output.PayloadCapacity));
            TcpPacket.WriteChecksum(buffer, offset, length, destination, source);
            output.Send(source, TcpPacket.ProtocolNumber, length, nowMs);
            listener.LastCookieMs = nowMs;
            Counters.CookiesSent++;
            Counters.SegmentsOut++;
        }

        /// <summary>
        /// An ACK for a listening port without a connection: the third segment of a cookie handshake when
        /// SEG.ACK - 1 is a valid cookie for SEG.SEQ - 1. False when it is not and no cookie went out lately (the
        /// caller answers with a RST); true when it was handled (connection made, or dropped).
        /// </summary>
        private bool OnCookieAck(IIpv4Output output, TcpListener listener, ref TcpPacket seg, byte[] buffer, uint source, uint destination, long nowMs)
        {
            uint irs = seg.SequenceNumber - 1;
            uint cookie = seg.AckNumber - 1;
            int mss = _cookies.Check(destination, seg.DestinationPort, source, seg.SourcePort, irs, cookie, nowMs);
            if (mss == 0)
            {
                if (nowMs - listener.LastCookieMs > SynCookies.LifetimeMs)
                {
                    return false;
                }

                // Cookies are out: this may be a later segment of a cookie connection that found no slot (its
                // first one is retransmitted), so no RST; a guess gets nothing either (as Linux does).
                Counters.Drop(TcpDropReason.BadCookie);
                return true;
            }

            Counters.CookiesValidated++;
            if (listener.IsFull)
            {
                // A proven client is worth more than a half-open connection that may be spoofed (RFC 4987 §3.4).
                RecycleHalfOpen(listener.OldestHalfOpen());
            }

            TcpSocket slot = listener.IsFull ? null : FreeSlot(output, true, nowMs);
            if (slot == null)
            {
                // Every slot holds a live connection: the client retransmits this segment, and gets in once
                // one ends. Meanwhile the application learns that someone waits (TcpListener.ClientsWaiting).
                listener.LastTurnedAwayMs = nowMs;
                Counters.Drop(listener.IsFull ? TcpDropReason.BacklogFull : TcpDropReason.TableFull);
                return true;
            }

            slot.Open(destination, seg.DestinationPort, source, seg.SourcePort, cookie, nowMs);
            slot.ActiveOpen = false;
            slot.Listener = listener;
            listener.Add(slot);
            slot.RcvMss = slot.OurMss(output.PayloadCapacity);
            slot.SetPeerMss(mss);
            slot.Irs = irs;
            slot.RcvNxt = irs + 1;
            slot.RcvAdv = slot.RcvNxt + (uint)(_config.ReceiveBufferSize > 65535 ? 65535 : _config.ReceiveBufferSize);
            // Our SYN-ACK was sent (statelessly): SND.NXT is past it, and the ACK in hand acknowledges it.
            slot.SndNxt = cookie + 1;
            slot.SndMax = cookie + 1;
            slot.SndWl1 = irs;
            slot.SndWl2 = cookie;
            slot.SetState(TcpState.SynReceived);
            Counters.ConnectionsAccepted++;
            slot.OnSegment(output, ref seg, buffer, nowMs);
            return true;
        }

        /// <summary>Frees a half-open (SYN-RECEIVED) passive connection's slot without a word to its peer.</summary>
        private void RecycleHalfOpen(TcpSocket s)
        {
            if (s == null)
            {
                return;
            }

            s.EnterClosed();
            s.Release();
            Counters.HalfOpenRecycled++;
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

        /// <summary>
        /// A free slot, else the TIME-WAIT slot closest to expiry (issue 4: reclaim the oldest), else (with an
        /// <paramref name="output"/> for its RST) the FIN-WAIT-2 slot silent the longest whose application closed it
        /// for good (<see cref="TcpSocket.CloseReceive"/>): everything we sent was acknowledged, only the peer's FIN is missing, so a live connection
        /// gets the slot instead. Else, when <paramref name="recycleHalfOpen"/>, the oldest half-open passive slot.
        /// Else null.
        /// </summary>
        private TcpSocket FreeSlot(IIpv4Output output, bool recycleHalfOpen, long nowMs)
        {
            TcpSocket oldest = null;
            TcpSocket orphan = null;
            TcpSocket halfOpen = null;
            for (int i = 0; i < _sockets.Length; i++)
            {
                TcpSocket s = _sockets[i];
                if (!s.InUse)
                {
                    return s;
                }

                TcpState st = s.State;
                if (st == TcpState.TimeWait && (oldest == null || s.TimeWaitDeadline < oldest.TimeWaitDeadline))
                {
                    oldest = s;
                }
                else if (st == TcpState.FinWait2 && s.ReadClosed && (orphan == null || s.LastActivityMs < orphan.LastActivityMs))
                {
                    orphan = s;
                }
                else if (st == TcpState.SynReceived && !s.ActiveOpen && (halfOpen == null || s.LastActivityMs < halfOpen.LastActivityMs))
                {
                    halfOpen = s;
                }
            }

            if (oldest != null)
            {
                oldest.EnterClosed();
                oldest.Release();
                Counters.TimeWaitReclaimed++;
                return oldest;
            }

            if (orphan != null && output != null)
            {
                // RFC 9293 §3.10.5 ABORT: the peer learns with a RST that we gave up waiting for its FIN.
                SendReset(output, orphan.LocalAddress, orphan.RemoteAddress, orphan.LocalPort, orphan.RemotePort, orphan.SndMax, 0, false, nowMs);
                orphan.EnterClosed();
                orphan.Release();
                Counters.FinWait2Reclaimed++;
                return orphan;
            }

            if (halfOpen != null && recycleHalfOpen)
            {
                RecycleHalfOpen(halfOpen);
                return halfOpen;
            }

            return null;
        }
    }
}
