using NanoStack.Sockets.Dns;
using NanoStack.Sockets.Mdns;

namespace NanoStack.Sockets.Dhcp
{
    /// <summary>
    /// One call for the firmware: a DHCP client (with optional static fallback), a DNS client fed by the lease, and
    /// the mDNS/DNS-SD responder, all added to the stack's tasks. Uses three UDP sockets and one multicast group.
    /// </summary>
    public sealed class LanServices
    {
        public readonly DhcpClient Dhcp;
        public readonly DnsClient Dns;
        public readonly MdnsResponder Mdns;

        private LanServices(DhcpClient dhcp, DnsClient dns, MdnsResponder mdns)
        {
            Dhcp = dhcp;
            Dns = dns;
            Mdns = mdns;
        }

        /// <summary>
        /// Starts the services on <paramref name="stack"/> (whose StackConfig.Address should be 0: DHCP configures it).
        /// <paramref name="hostName"/> is both the DHCP host name (option 12) and the mDNS name ("nanostack" →
        /// nanostack.local); <paramref name="fallbackAddress"/> 0 means no static fallback; <paramref name="httpPort"/>
        /// 0 means no DNS-SD service. Throws at start-up when the stack's tables are too small.
        /// </summary>
        public static LanServices Start(NetworkStack stack, byte[] mac, string hostName, uint fallbackAddress,
            uint fallbackNetmask, uint fallbackGateway, ushort httpPort, uint randomSeed, IDhcpObserver observer)
        {
            DhcpConfig dhcpConfig = new DhcpConfig();
            dhcpConfig.HostName = hostName;
            dhcpConfig.FallbackAddress = fallbackAddress;
            dhcpConfig.FallbackNetmask = fallbackNetmask;
            dhcpConfig.FallbackGateway = fallbackGateway;
            DhcpClient dhcp = new DhcpClient(new DhcpStackHost(stack), mac, dhcpConfig, randomSeed);
            dhcp.Observer = observer;

            UdpSocket dnsSocket = stack.OpenDirectUdp();
            DnsClient dns = new DnsClient(new UdpDatagramSocket(dnsSocket), new DnsConfig(), randomSeed);
            dhcp.Resolver = dns;

            MdnsConfig mdnsConfig = new MdnsConfig();
            mdnsConfig.HostName = hostName;
            if (httpPort == 0) mdnsConfig.ServiceType = null;
            else mdnsConfig.ServicePort = httpPort;

            stack.AddTask(dhcp);
            stack.AddTask(dns);
            MdnsResponder mdns = MdnsSetup.Attach(stack, mdnsConfig, randomSeed);
            return new LanServices(dhcp, dns, mdns);
        }

        /// <summary>Static bytes of the three services (buffers, tables), for the start-up RAM report.</summary>
        public int StaticBytes { get { return Dhcp.StaticBytes + Dns.StaticBytes + Mdns.StaticBytes; } }
    }
}
