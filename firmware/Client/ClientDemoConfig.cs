namespace NanoStack.Firmware.Client
{
    /// <summary>
    /// What the client demo does (issue 15). Made only when the demo runs (BoardConfig.ClientDemo on the device, the
    /// virtual board's --get/--ping/--udp), so a board without it pays nothing for these fields.
    /// </summary>
    public sealed class ClientDemoConfig
    {
        /// <summary>URLs to GET (http://host[:port]/path), null = none.</summary>
        public string[] Urls;
        /// <summary>UDP exchange: a datagram to UdpHost:UdpPort, the reply awaited UdpTimeoutMs. Null host = none.</summary>
        public string UdpHost;
        public int UdpPort = 7;
        public int UdpTimeoutMs = 2000;
        /// <summary>Address to ping; 0 = the gateway of the moment; -1 (0xFFFFFFFF) = no ping.</summary>
        public uint PingAddress;
        public int PingCount = 4;
        public int PingTimeoutMs = 1000;
        /// <summary>Connect and per-read timeout of the HTTP client.</summary>
        public int HttpTimeoutMs = 10000;
        /// <summary>
        /// 0: run every part once, then again every <see cref="IntervalMs"/> (the device). Otherwise retry each GET
        /// every <see cref="RetryMs"/> until its first success or this long has passed, once (the virtual board: 60 s).
        /// </summary>
        public int UntilSuccessMs;
        public int RetryMs = 2000;
        public int IntervalMs = 60000;
        /// <summary>Also given every body as it streams (the virtual board's --save-bodies); null on the device.</summary>
        public IBodySink BodySink;

        /// <summary>The device's demo, from the BoardConfig constants.</summary>
        public static ClientDemoConfig FromBoardConfig()
        {
            ClientDemoConfig c = new ClientDemoConfig();
            c.Urls = new string[] { BoardConfig.ClientDemoUrl };
            c.UdpHost = BoardConfig.ClientDemoUdpHost;
            c.UdpPort = BoardConfig.ClientDemoUdpPort;
            c.IntervalMs = BoardConfig.ClientDemoIntervalMs;
            return c;
        }
    }
}
