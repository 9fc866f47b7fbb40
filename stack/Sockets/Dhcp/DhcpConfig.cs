namespace NanoStack.Sockets.Dhcp
{
    /// <summary>DHCP client settings (times in milliseconds). Defaults follow RFC 2131 §4.1 and RFC 5227 §1.1.</summary>
    public class DhcpConfig
    {
        /// <summary>Host name sent in option 12 (RFC 2132 §3.14), so the server's lease list names the board. Null = none.</summary>
        public string HostName = "nanostack";

        /// <summary>RFC 2131 §4.1: first retransmission after 4 s, doubling up to 64 s, each randomised by ±1 s.</summary>
        public int InitialRetransmitMs = 4000;
        public int MaxRetransmitMs = 64000;
        public int RetransmitJitterMs = 1000;

        /// <summary>DISCOVERs sent without an OFFER before the fallback address is used (4 = 4+8+16+32 s ≈ 1 min).</summary>
        public int DiscoverAttempts = 4;

        /// <summary>REQUESTs sent for an offer without ACK/NAK before discovery restarts.</summary>
        public int RequestAttempts = 4;

        /// <summary>Static address used when no server answers; 0 = keep discovering, no fallback.</summary>
        public uint FallbackAddress;
        public uint FallbackNetmask = 0xFFFFFF00;
        public uint FallbackGateway;

        /// <summary>While on the fallback address, discovery is tried again this often (0 = never).</summary>
        public int FallbackRetryMs = 300000;

        /// <summary>RFC 5227 §2.1.1: PROBE_NUM probes PROBE_MIN..PROBE_MAX apart, then ANNOUNCE_WAIT. 0 probes = no check.</summary>
        public int ProbeCount = 3;
        public int ProbeIntervalMs = 1000;
        public int ProbeWaitMs = 2000;

        /// <summary>RFC 2131 §3.1.5: after a DHCPDECLINE wait at least 10 s before discovering again.</summary>
        public int DeclineBackoffMs = 10000;

        /// <summary>RFC 2131 §4.4.5: in RENEWING/REBINDING retransmit after half the remaining time, but not below 60 s.</summary>
        public int MinLeaseRetransmitMs = 60000;


        public void Validate()
        {
            if (InitialRetransmitMs < 1 || MaxRetransmitMs < InitialRetransmitMs || RetransmitJitterMs < 0
                || RetransmitJitterMs >= InitialRetransmitMs || DiscoverAttempts < 1 || RequestAttempts < 1
                || ProbeCount < 0 || ProbeIntervalMs < 0 || ProbeWaitMs < 0 || DeclineBackoffMs < 0
                || MinLeaseRetransmitMs < 1 || FallbackRetryMs < 0)
            {
                throw new System.ArgumentException("DhcpConfig: times and counts must be positive");
            }
            if (HostName != null && (HostName.Length < 1 || HostName.Length > 63))
            {
                throw new System.ArgumentException("DhcpConfig: HostName must be 1..63 characters");
            }
        }
    }
}
