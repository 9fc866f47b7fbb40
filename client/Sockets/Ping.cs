using System.Threading;
using NanoStack.Iface;
using NanoStack.Sockets;

namespace NanoStack.Client.Sockets
{
    /// <summary>The outcome of one <see cref="Ping.Send(uint,int)"/> (System.Net.NetworkInformation.IPStatus names).</summary>
    public enum IPStatus
    {
        Success = 0,
        /// <summary>ICMP destination unreachable came back, or the next hop never answered ARP.</summary>
        DestinationHostUnreachable = 11003,
        /// <summary>No reply within the timeout.</summary>
        TimedOut = 11010,
        /// <summary>The request could not be sent (link down, no address, no route, data too long).</summary>
        BadRoute = 11012
    }

    /// <summary>
    /// Blocking ping (ICMP echo, RFC 792) shaped like System.Net.NetworkInformation.Ping: <see cref="Send(uint,int)"/>
    /// returns an <see cref="IPStatus"/> and leaves the RTT in <see cref="RoundtripTime"/>. All Ping objects of a loop
    /// share the stack's one <see cref="IcmpEchoClient"/>: one request in flight at a time.
    /// </summary>
    public sealed class Ping
    {
        /// <summary>Largest data length (one 1500-byte frame: 1500 - 20 - 8).</summary>
        public const int MaxDataBytes = 1472;

        private readonly NetworkLoop _loop;
        private readonly AutoResetEvent _event = new AutoResetEvent(false);
        private long _rtt;

        /// <summary>Registers the stack's ping client on first use (one protocol slot, StackConfig.MaxProtocols).</summary>
        public Ping(NetworkLoop loop)
        {
            if (loop == null)
            {
                throw new SocketException(SocketError.InvalidArgument);
            }
            _loop = loop;
            lock (loop.SyncRoot)
            {
                IcmpEchoClient echo = loop.Echo;
            }
            loop.AddWaiter(_event);
        }

        /// <summary>Milliseconds from request to reply of the last successful Send.</summary>
        public long RoundtripTime { get { return _rtt; } }

        /// <summary>One echo request with 56 data bytes (what ping sends) and the wait for its reply.</summary>
        public IPStatus Send(uint address, int timeoutMs)
        {
            return Send(address, timeoutMs, 56);
        }

        public IPStatus Send(uint address, int timeoutMs, int dataLength)
        {
            long deadline = _loop.DeadlineAfter(timeoutMs <= 0 ? 5000 : timeoutMs);
            IcmpEchoClient echo;
            lock (_loop.SyncRoot)
            {
                echo = _loop.Echo;
                if (echo.Send(address, dataLength, _loop.NowMs) > SendResult.Queued)
                {
                    return IPStatus.BadRoute;
                }
            }
            _loop.Wake();
            while (true)
            {
                lock (_loop.SyncRoot)
                {
                    EchoStatus status = echo.Status;
                    if (status == EchoStatus.Replied)
                    {
                        _rtt = echo.RoundTripMs;
                        return IPStatus.Success;
                    }
                    if (status == EchoStatus.Unreachable)
                    {
                        return IPStatus.DestinationHostUnreachable;
                    }
                }
                if (!_loop.Wait(_event, deadline))
                {
                    lock (_loop.SyncRoot)
                    {
                        echo.Cancel();
                        return _loop.IsNextHopResolved(address, _loop.NowMs) ? IPStatus.TimedOut : IPStatus.DestinationHostUnreachable;
                    }
                }
            }
        }

        /// <summary>Gives the waiter slot back to the loop.</summary>
        public void Close()
        {
            _loop.RemoveWaiter(_event);
        }
    }
}
