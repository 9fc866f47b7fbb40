using System.Threading;
using NanoStack.Iface;
using NanoStack.Sockets;
using NanoStack.Sockets.Dns;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Client.Sockets
{
    /// <summary>
    /// Lets application threads make blocking calls on a stack that stays single-threaded and non-blocking. The one
    /// cooperative loop keeps polling (on its own thread, <see cref="Start"/>, or inside the firmware's loop, which
    /// calls <see cref="SignalWaiters"/> after each round); every call into the stack, from the loop or from a
    /// blocking call, is made holding <see cref="SyncRoot"/>. A blocking call does its non-blocking step under the
    /// lock, wakes the loop so output leaves now, and waits on its own <see cref="AutoResetEvent"/>, which the loop
    /// sets after every round, until its condition holds or its deadline passes. Every wait is bounded.
    /// </summary>
    /// <example>
    /// <code>
    /// NetworkLoop loop = new NetworkLoop(stack, tcp, lan.Dns, clock, null, 4);
    /// loop.Start(null, 100);                       // the stack now polls on its own thread
    /// TcpClient c = new TcpClient(loop);           // blocking calls from any other thread
    /// </code>
    /// </example>
    public sealed class NetworkLoop
    {
        /// <summary>Longest single sleep of a waiter: a lost wake-up costs at most this long, never a hang.</summary>
        public const int MaxWaitSliceMs = 250;

        private readonly object _sync = new object();
        private readonly NetworkStack _stack;
        private readonly TcpStack _tcp;
        private readonly DnsClient _dns;
        private readonly IClock _clock;
        private readonly AutoResetEvent _wake;
        private readonly AutoResetEvent[] _waiters;
        private readonly byte[] _mac = new byte[6];
        private IcmpEchoClient _echo;
        private Thread _thread;
        private IPollable _body;
        private int _maxSleepMs;
        private int _stop;

        /// <param name="stack">The stack every call goes to.</param>
        /// <param name="tcp">Its TCP (null: no TcpClient).</param>
        /// <param name="dns">Its DNS client (null: host names cannot be resolved, addresses only).</param>
        /// <param name="clock">The clock the stack is polled with.</param>
        /// <param name="wake">The event the polling thread sleeps on (the firmware's INT event), or null for a new one.</param>
        /// <param name="maxWaiters">How many blocking objects (TcpClient, UdpClient, Ping, Dns) may exist at once.</param>
        public NetworkLoop(NetworkStack stack, TcpStack tcp, DnsClient dns, IClock clock, AutoResetEvent wake, int maxWaiters)
        {
            if (stack == null || clock == null || maxWaiters < 1)
            {
                throw new System.ArgumentException("NetworkLoop: stack and clock required, maxWaiters >= 1");
            }
            _stack = stack;
            _tcp = tcp;
            _dns = dns;
            _clock = clock;
            _wake = wake == null ? new AutoResetEvent(false) : wake;
            _waiters = new AutoResetEvent[maxWaiters];
        }

        /// <summary>Held by whoever calls into the stack (the loop's round, every blocking call's step).</summary>
        public object SyncRoot { get { return _sync; } }

        public long NowMs { get { return _clock.NowMs; } }

        public NetworkStack Stack { get { return _stack; } }

        public TcpStack Tcp { get { return _tcp; } }

        public DnsClient Dns { get { return _dns; } }

        /// <summary>Makes the polling thread run a round now (a blocking call queued output).</summary>
        public void Wake()
        {
            _wake.Set();
        }

        /// <summary>Wakes every blocking call to re-check its condition; the loop calls it after each round.</summary>
        public void SignalWaiters()
        {
            lock (_sync)
            {
                for (int i = 0; i < _waiters.Length; i++)
                {
                    if (_waiters[i] != null)
                    {
                        _waiters[i].Set();
                    }
                }
            }
        }

        /// <summary>Adds a blocking object's event to the table; throws TooManyOpenSockets when it is full.</summary>
        public void AddWaiter(AutoResetEvent waiter)
        {
            lock (_sync)
            {
                for (int i = 0; i < _waiters.Length; i++)
                {
                    if (_waiters[i] == null)
                    {
                        _waiters[i] = waiter;
                        return;
                    }
                }
            }
            throw new SocketException(SocketError.TooManyOpenSockets);
        }

        public void RemoveWaiter(AutoResetEvent waiter)
        {
            lock (_sync)
            {
                for (int i = 0; i < _waiters.Length; i++)
                {
                    if (_waiters[i] == waiter)
                    {
                        _waiters[i] = null;
                    }
                }
            }
        }

        /// <summary>
        /// A client's close: its waiter slot back, and a thread still blocked on that waiter (in Read, Write or Receive)
        /// released now rather than after its wait slice; the loop wakes to send what the close queued (a FIN, a RST).
        /// </summary>
        public void ReleaseWaiter(AutoResetEvent waiter)
        {
            RemoveWaiter(waiter);
            waiter.Set();
            Wake();
        }

        /// <summary>
        /// The deadline of a call that starts now with <paramref name="timeoutMs"/> (0 or negative: none, as
        /// Socket.ReceiveTimeout 0 means infinite).
        /// </summary>
        public long DeadlineAfter(int timeoutMs)
        {
            return timeoutMs <= 0 ? long.MaxValue : _clock.NowMs + timeoutMs;
        }

        /// <summary>
        /// Sleeps until the loop's next round (or at most <see cref="MaxWaitSliceMs"/>); false, without sleeping, once
        /// <paramref name="deadlineMs"/> has passed. Call it without holding <see cref="SyncRoot"/>.
        /// </summary>
        public bool Wait(AutoResetEvent waiter, long deadlineMs)
        {
            long now = _clock.NowMs;
            if (now >= deadlineMs)
            {
                return false;
            }
            long slice = deadlineMs - now;
            if (slice > MaxWaitSliceMs)
            {
                slice = MaxWaitSliceMs;
            }
            waiter.WaitOne((int)slice, false);
            return true;
        }

        /// <summary>
        /// True when the next hop towards <paramref name="address"/> (itself on link, else the gateway) has a resolved
        /// ARP entry. Call holding <see cref="SyncRoot"/>.
        /// </summary>
        public bool IsNextHopResolved(uint address, long nowMs)
        {
            Interface iface = _stack.Interface;
            uint hop = (address & iface.Netmask) == (iface.Address & iface.Netmask) ? address : iface.Gateway;
            return hop != 0 && iface.TryGetNeighbor(hop, _mac, 0, nowMs);
        }

        /// <summary>The stack's ping client, registered on first use (protocol table slot, StackConfig.MaxProtocols). Under the lock.</summary>
        internal IcmpEchoClient Echo
        {
            get
            {
                if (_echo == null)
                {
                    IcmpEchoClient echo = new IcmpEchoClient(_stack.Interface, 0x4E53, Ping.MaxDataBytes);
                    if (!_stack.Interface.Register(echo))
                    {
                        throw new SocketException(SocketError.TooManyOpenSockets);
                    }
                    _echo = echo;
                }
                return _echo;
            }
        }

        /// <summary>One round under the lock: <paramref name="body"/> (null: the stack's Poll), then the waiters. Returns the next deadline.</summary>
        public long RunOnce(IPollable body)
        {
            long next;
            lock (_sync)
            {
                long now = _clock.NowMs;
                next = body == null ? _stack.Poll(now) : body.Poll(now);
            }
            SignalWaiters();
            return next;
        }

        /// <summary>
        /// Runs the loop on its own thread: a round, then sleep until the next deadline, a <see cref="Wake"/> or
        /// <paramref name="maxSleepMs"/>. For apps without a loop of their own (the firmware has one and calls
        /// <see cref="SignalWaiters"/> itself).
        /// </summary>
        public void Start(IPollable body, int maxSleepMs)
        {
            if (_thread != null)
            {
                return;
            }
            _body = body;
            _maxSleepMs = maxSleepMs < 1 ? 1 : maxSleepMs;
            Interlocked.Exchange(ref _stop, 0);
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>Stops the thread <see cref="Start"/> made and waits for it.</summary>
        public void Stop()
        {
            Thread t = _thread;
            if (t == null)
            {
                return;
            }
            Interlocked.Exchange(ref _stop, 1);
            _wake.Set();
            t.Join();
            _thread = null;
        }

        private void Run()
        {
            while (Interlocked.CompareExchange(ref _stop, 0, 0) == 0)
            {
                long next = RunOnce(_body);
                long now = _clock.NowMs;
                if (next <= now)
                {
                    continue;
                }
                long wait = next - now;
                if (wait > _maxSleepMs)
                {
                    wait = _maxSleepMs;
                }
                _wake.WaitOne((int)wait, false);
            }
        }
    }
}
