namespace NanoStack.Sockets.Dns
{
    /// <summary>DNS client settings (times in milliseconds).</summary>
    public class DnsConfig
    {
        /// <summary>Queries that may be outstanding at once.</summary>
        public int MaxQueries = 2;
        /// <summary>Cached answers (RFC 1035 §7.4); each entry holds a name of up to <see cref="MaxNameBytes"/>.</summary>
        public int CacheEntries = 4;
        /// <summary>Longest name, in wire form, the client asks for or caches (RFC 1035 allows 255).</summary>
        public int MaxNameBytes = 128;
        /// <summary>First wait for an answer; doubled per retry (RFC 1536 §1: do not hammer servers).</summary>
        public int RetryMs = 1000;
        /// <summary>Transmissions per query, spread round-robin over the configured servers.</summary>
        public int Attempts = 4;
        /// <summary>Cache lifetime cap, whatever TTL the server gives (RFC 1035 §3.2.1 TTL is an upper bound).</summary>
        public int MaxCacheTtlSeconds = 3600;

        public void Validate()
        {
            if (MaxQueries < 1 || CacheEntries < 0 || MaxNameBytes < 16 || MaxNameBytes > 255 || RetryMs < 1
                || Attempts < 1 || MaxCacheTtlSeconds < 0)
            {
                throw new System.ArgumentException("DnsConfig: sizes and times must be positive");
            }
        }
    }

    /// <summary>Where a query stands.</summary>
    public enum DnsQueryStatus
    {
        /// <summary>The handle is not in use.</summary>
        Free = 0,
        Pending,
        /// <summary>Answered: <see cref="DnsClient.GetAddress"/> holds the A record.</summary>
        Resolved,
        /// <summary>The server says the name does not exist (NXDOMAIN) or has no A record.</summary>
        NotFound,
        /// <summary>No usable answer after every attempt (or no server configured).</summary>
        Failed,
    }

    /// <summary>Why a received DNS response was dropped.</summary>
    public enum DnsDrop
    {
        Malformed = 0,
        NotAResponse,
        UnknownId,
        WrongSource,
        WrongQuestion,
        Count,
    }
}
