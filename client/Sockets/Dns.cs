using System.Threading;
using NanoStack.Sockets.Dns;
using NanoStack.Wire;

namespace NanoStack.Client.Sockets
{
    /// <summary>Blocking name resolution over the stack's DNS client (as System.Net.Dns, IPv4 A records only).</summary>
    public static class Dns
    {
        /// <summary>
        /// The IPv4 address of <paramref name="hostName"/> (a dotted quad is parsed, not looked up). Throws
        /// <see cref="SocketException"/>: HostNotFound (NXDOMAIN or no A record), TryAgain (no answer after every
        /// retry, or no DNS server), TimedOut (<paramref name="timeoutMs"/> passed first), InvalidArgument (a name DNS
        /// cannot carry), TooManyOpenSockets (every query slot busy).
        /// </summary>
        public static uint Resolve(NetworkLoop loop, string hostName, int timeoutMs)
        {
            return Resolve(loop, hostName, timeoutMs, SocketError.TimedOut);
        }

        /// <summary>
        /// As <see cref="Resolve(NetworkLoop,string,int)"/>, failing with <paramref name="onDeadline"/> when the
        /// deadline passes with the query still unanswered (TcpClient.Connect: TryAgain, "no DNS answer", so a silent
        /// DNS server is told apart from a silent TCP peer; System.Net reports such a server as TryAgain too).
        /// </summary>
        internal static uint Resolve(NetworkLoop loop, string hostName, int timeoutMs, SocketError onDeadline)
        {
            uint address;
            if (hostName != null && Ipv4Address.TryParse(hostName, out address))
            {
                return address;
            }
            DnsClient dns = loop.Dns;
            if (dns == null || hostName == null)
            {
                throw new SocketException(dns == null ? SocketError.TryAgain : SocketError.InvalidArgument);
            }
            AutoResetEvent waiter = new AutoResetEvent(false);
            loop.AddWaiter(waiter);
            int handle;
            try
            {
                lock (loop.SyncRoot)
                {
                    if (dns.Server(0) == 0 && dns.Server(1) == 0)
                    {
                        throw new SocketException(SocketError.TryAgain);
                    }
                    handle = dns.Query(hostName, loop.NowMs);
                }
                if (handle < 0)
                {
                    throw new SocketException(hostName.Length == 0 || hostName.Length > 253 ? SocketError.InvalidArgument : SocketError.TooManyOpenSockets);
                }
                loop.Wake();
                long deadline = loop.DeadlineAfter(timeoutMs);
                while (true)
                {
                    lock (loop.SyncRoot)
                    {
                        DnsQueryStatus status = dns.GetStatus(handle);
                        if (status == DnsQueryStatus.Resolved)
                        {
                            address = dns.GetAddress(handle);
                            dns.Release(handle);
                            return address;
                        }
                        if (status != DnsQueryStatus.Pending)
                        {
                            dns.Release(handle);
                            throw new SocketException(status == DnsQueryStatus.NotFound ? SocketError.HostNotFound : SocketError.TryAgain);
                        }
                    }
                    if (!loop.Wait(waiter, deadline))
                    {
                        lock (loop.SyncRoot)
                        {
                            dns.Release(handle);
                        }
                        throw new SocketException(onDeadline);
                    }
                }
            }
            finally
            {
                loop.RemoveWaiter(waiter);
            }
        }
    }
}
