using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Scheduling;
using NanoStack.Sockets;

namespace NanoStack
{
    /// <summary>
    /// Composition root: one link device, one <see cref="Iface.Interface"/>, its UDP layer (<see cref="UdpLayer"/>,
    /// registered like any transport protocol), the application's transport protocols (TCP) and
    /// a cooperative scheduler of <see cref="IStackTask"/>s, all driven from one thread through <see cref="Poll"/>
    /// (smoltcp's poll / poll_delay in one call).
    /// </summary>
    /// <example>
    /// <code>
    /// long next = stack.Poll(now);      // frames, timers, protocols, tasks
    /// // sleep until min(next, interrupt from the NIC), then poll again
    /// </code>
    /// </example>
    public sealed class NetworkStack
    {
        private readonly Interface _interface;
        private readonly UdpLayer _udp;
        private readonly ILinkUpkeep _upkeep;
        private readonly IStackTask[] _tasks;
        private int _taskCount;
        private readonly int _staticBytes;

        public NetworkStack(ILinkDevice device, StackConfig config)
        {
            _interface = new Interface(device, config);
            _udp = new UdpLayer(_interface, config);
            _interface.Register(_udp);
            _upkeep = device as ILinkUpkeep;
            _tasks = new IStackTask[config.MaxTasks];
            _staticBytes = StaticBytesFor(config);
        }

        /// <summary>
        /// Bytes of buffers and tables the stack allocates at start-up for <paramref name="config"/> (array
        /// payloads; object headers and the device's own buffers are not included).
        /// </summary>
        public static int StaticBytesFor(StackConfig config)
        {
            return Interface.StaticBytesFor(config) + UdpLayer.StaticBytesFor(config) + config.MaxTasks * 4;
        }

        public Interface Interface { get { return _interface; } }

        /// <summary>The UDP protocol on the interface: the socket table behind <see cref="OpenUdp"/> and <see cref="OpenDirectUdp"/>.</summary>
        public UdpLayer Udp { get { return _udp; } }

        /// <summary>See <see cref="StaticBytesFor"/>; the README quotes the default configuration's figure.</summary>
        public int StaticBytes { get { return _staticBytes; } }

        /// <summary>Adds a transport protocol (TCP). Throws when the protocol table is full or the number is taken (a start-up error).</summary>
        public void Register(IIpv4Protocol protocol)
        {
            if (protocol == null || !_interface.Register(protocol))
            {
                throw new System.InvalidOperationException("protocol table full or protocol number already registered");
            }
        }

        /// <summary>Adds a cooperative task stepped from every <see cref="Poll"/>. Throws when the task table is full (a start-up error).</summary>
        public void AddTask(IStackTask task)
        {
            if (task == null || _taskCount == _tasks.Length)
            {
                throw new System.InvalidOperationException("task table full (StackConfig.MaxTasks)");
            }
            _tasks[_taskCount++] = task;
        }

        /// <summary>A free UDP socket with a receive queue, or null when there is none (StackConfig.UdpSockets).</summary>
        public UdpSocket OpenUdp()
        {
            return _udp.Open();
        }

        /// <summary>
        /// A free UDP socket for a receiver that parses datagrams in place (<see cref="UdpSocket.SetReceiver"/>):
        /// a queue-less one (StackConfig.UdpDirectSockets) first, else one with a queue; null when the table is full.
        /// </summary>
        public UdpSocket OpenDirectUdp()
        {
            return _udp.OpenDirect();
        }

        /// <summary>
        /// The stack's one scheduler: device upkeep (<see cref="ILinkUpkeep"/>), received frames, timers and protocol
        /// output, then every task once. Returns the next deadline (ms): the caller may sleep until then or until the
        /// device signals a frame. A task that returns a deadline at or before <paramref name="nowMs"/> has queued
        /// output (an HTTP response written into a TCP send ring): the interface is polled once more so it leaves in
        /// this round, and the deadline is "now" only if that poll took in frames (an ACK may have opened the window)
        /// or a protocol is still due; otherwise the loop may sleep (issue 13: a loop that never sleeps takes the CPU
        /// from the application's own threads).
        /// </summary>
        public long Poll(long nowMs)
        {
            if (_upkeep != null)
            {
                _upkeep.Upkeep(nowMs);
            }
            long next = _interface.Poll(nowMs);
            bool queued = false;
            for (int i = 0; i < _taskCount; i++)
            {
                long d = _tasks[i].Step(nowMs);
                if (d <= nowMs)
                {
                    queued = true;
                }
                else if (d < next)
                {
                    next = d;
                }
            }
            if (queued)
            {
                long received = _interface.FramesReceived;
                long again = _interface.Poll(nowMs);
                if (again < next)
                {
                    next = again;
                }
                if (_interface.FramesReceived != received)
                {
                    next = nowMs;
                }
            }
            if (next < nowMs)
            {
                next = nowMs;
            }
            return next;
        }
    }
}
