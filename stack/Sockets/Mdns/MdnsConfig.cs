namespace NanoStack.Sockets.Mdns
{
    /// <summary>mDNS responder settings (RFC 6762, DNS-SD RFC 6763). Times in milliseconds, TTLs in seconds.</summary>
    public class MdnsConfig
    {
        /// <summary>First label of our host name: answers for "&lt;HostName&gt;.local". Renamed "-2", "-3"... on conflict.</summary>
        public string HostName = "nanostack";
        /// <summary>DNS-SD service type advertised (RFC 6763 §7), without ".local"; null = no service.</summary>
        public string ServiceType = "_http._tcp";
        /// <summary>TCP port of the advertised service (SRV, RFC 2782).</summary>
        public ushort ServicePort = 80;
        /// <summary>TXT key=value strings, e.g. "path=/" (RFC 6763 §6); null = the one empty string (§6.1).</summary>
        public string[] Txt = new string[] { "path=/" };
        /// <summary>RFC 6762 §10: 120 s for records carrying a host name or address, 75 min for the others.</summary>
        public uint HostTtl = 120;
        public uint OtherTtl = 4500;
        /// <summary>RFC 6762 §8.1: three probes 250 ms apart, after a random 0-250 ms delay.</summary>
        public int ProbeCount = 3;
        public int ProbeIntervalMs = 250;
        /// <summary>RFC 6762 §8.3: at least two announcements, one second apart.</summary>
        public int AnnounceCount = 2;
        public int AnnounceIntervalMs = 1000;
        /// <summary>Give up renaming after this many conflicts (and keep the last name).</summary>
        public int MaxRenames = 20;
        /// <summary>Largest mDNS message written (RFC 6762 §17 allows up to 9000; one Ethernet frame here). Received ones are read in place.</summary>
        public int MaxMessageBytes = 1472;

        public void Validate()
        {
            if (HostName == null || HostName.Length < 1 || HostName.Length > 56 || ProbeCount < 0 || ProbeIntervalMs < 0
                || AnnounceCount < 0 || AnnounceIntervalMs < 0 || MaxRenames < 0 || MaxRenames > 997 || MaxMessageBytes < 512)
            {
                throw new System.ArgumentException("MdnsConfig: bad host name, count or time");
            }
        }
    }

    /// <summary>Responder states (RFC 6762 §8).</summary>
    public enum MdnsState
    {
        /// <summary>No address yet: silent.</summary>
        Idle = 0,
        Probing,
        Announcing,
        /// <summary>Names are ours: answering queries.</summary>
        Running,
    }
}
