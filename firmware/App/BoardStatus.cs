using NanoStack.Drivers.Enc28j60;
using NanoStack.Http;
using NanoStack.Sockets.Dhcp;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Firmware.App
{
    /// <summary>Everything the status page and /api/status report, gathered in one place (no copies: live references).</summary>
    public sealed class BoardStatus
    {
        /// <summary>BoardConfig.SimulatedChip: the ENC28J60 is the host chip model (the virtual board). The one config value
        /// the pages need, copied: the BoardConfig itself is not kept alive after start-up (issue 17).</summary>
        public bool SimulatedChip;
        public NetworkStack Stack;
        public TcpStack Tcp;
        /// <summary>Null when the stack runs straight on a host link (bench without the chip model).</summary>
        public Enc28j60Driver Driver;
        public HttpServer Http;
        /// <summary>DHCP/DNS/mDNS; null when the board runs with the static configuration.</summary>
        public LanServices Lan;
        public ILed Led;
        public long BootMs;
        public int StaticBytes;

        /// <summary>Managed heap start-up took (device bytes, 0 = not measured) and how it was obtained (IHeapMeter).</summary>
        public int HeapBytes;
        public string HeapSource;

        /// <summary>The last minute of traffic for the status page's chart (filled by BoardApp.Step).</summary>
        public readonly TrafficSamples Samples = new TrafficSamples();
        /// <summary>Scratch for one MAC address while a line is written (ours, then each ARP neighbour's, one after
        /// the other on the one loop thread): one array, not two (issue 17).</summary>
        public readonly byte[] MacScratch = new byte[6];

        /// <summary>Writes the interface's own MAC address (through <see cref="MacScratch"/>).</summary>
        public void WriteOwnMac(AsciiWriter w)
        {
            Stack.Interface.GetMacAddress(MacScratch, 0);
            w.WriteMac(MacScratch, 0);
        }

        public static string StateName(TcpState s)
        {
            switch (s)
            {
                case TcpState.Closed: return "CLOSED";
                case TcpState.Listen: return "LISTEN";
                case TcpState.SynSent: return "SYN-SENT";
                case TcpState.SynReceived: return "SYN-RECEIVED";
                case TcpState.Established: return "ESTABLISHED";
                case TcpState.FinWait1: return "FIN-WAIT-1";
                case TcpState.FinWait2: return "FIN-WAIT-2";
                case TcpState.CloseWait: return "CLOSE-WAIT";
                case TcpState.Closing: return "CLOSING";
                case TcpState.LastAck: return "LAST-ACK";
                case TcpState.TimeWait: return "TIME-WAIT";
                default: return "?";
            }
        }

        public static string DhcpStateName(DhcpState s)
        {
            switch (s)
            {
                case DhcpState.LinkDown: return "LINK-DOWN";
                case DhcpState.Init: return "INIT";
                case DhcpState.Selecting: return "SELECTING";
                case DhcpState.Requesting: return "REQUESTING";
                case DhcpState.Probing: return "PROBING";
                case DhcpState.Bound: return "BOUND";
                case DhcpState.Renewing: return "RENEWING";
                case DhcpState.Rebinding: return "REBINDING";
                case DhcpState.Fallback: return "FALLBACK";
                default: return "?";
            }
        }

        /// <summary>Milliseconds left on the DHCP lease held now; -1 without one (static, fallback, not bound yet), long.MaxValue for an infinite lease.</summary>
        public long LeaseRemainingMs(long nowMs)
        {
            if (Lan == null) return -1;
            DhcpState st = Lan.Dhcp.State;
            if (st != DhcpState.Bound && st != DhcpState.Renewing && st != DhcpState.Rebinding) return -1;
            long expiry = Lan.Dhcp.LeaseExpiresMs;
            if (expiry == long.MaxValue) return long.MaxValue;
            return expiry > nowMs ? expiry - nowMs : 0;
        }

        /// <summary>"static", or the DHCP state name.</summary>
        public string AddressSource { get { return Lan == null ? "static" : DhcpStateName(Lan.Dhcp.State); } }

        /// <summary>Writes the mDNS name in use ("nanostack.local", or "nanostack-2.local" after a conflict) without allocating.</summary>
        public void WriteMdnsName(AsciiWriter w)
        {
            byte[] n = Lan.Mdns.Records.HostName;
            for (int i = 0; i < n[0]; i++) w.WriteByte(n[1 + i]);
            w.Write(".local");
        }

        public string ChipRevision { get { return Driver == null ? "none (host link)" : Driver.RevisionName; } }

        /// <summary>Writes "1d 02:03:04".</summary>
        public static void WriteUptime(AsciiWriter w, long ms)
        {
            long s = ms / 1000;
            long d = s / 86400;
            s -= d * 86400;
            if (d > 0) w.WriteDecimal(d).Write("d ");
            Two(w, s / 3600).WriteByte((byte)':');
            Two(w, (s / 60) % 60).WriteByte((byte)':');
            Two(w, s % 60);
        }

        private static AsciiWriter Two(AsciiWriter w, long v)
        {
            if (v < 10) w.WriteByte((byte)'0');
            return w.WriteDecimal(v);
        }
    }
}
