using System.Threading;
using NanoStack.Client.Http;
using NanoStack.Client.Sockets;
using NanoStack.Wire;

namespace NanoStack.Firmware.Client
{
    /// <summary>
    /// The client side shown on the board (issue 15), on its own thread with the blocking API while the firmware's
    /// loop keeps polling: GET each URL (DNS, connect, read the whole body whatever its framing) and print
    /// <c>get URL -> STATUS, N bytes, crc32 XXXXXXXX</c> or <c>get URL -> error: REASON</c>; one UDP exchange with a
    /// timeout; ping (the gateway by default) with RTT. Every failure line names its reason (SocketException /
    /// HttpClientException texts: NXDOMAIN, no DNS answer, ARP timeout, refused (RST), timeout, reset mid-body).
    /// </summary>
    public sealed class ClientDemo
    {
        private readonly NetworkLoop _loop;
        private readonly ClientDemoConfig _config;
        private readonly HttpClient _http;
        private readonly byte[] _body = new byte[512];
        private readonly Crc32 _crc = new Crc32();
        private int _stop;
        private Thread _thread;

        public ClientDemo(NetworkLoop loop, ClientDemoConfig config)
        {
            _loop = loop;
            _config = config;
            _http = new HttpClient(loop, new byte[512]);
            _http.Timeout = config.HttpTimeoutMs;
        }

        public void Start()
        {
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>Asks the thread to end after the call in progress (each is bounded by its timeout).</summary>
        public void Stop()
        {
            Interlocked.Exchange(ref _stop, 1);
        }

        private bool Stopping { get { return Interlocked.CompareExchange(ref _stop, 0, 0) != 0; } }

        private void Run()
        {
            try
            {
                if (!WaitForAddress())
                {
                    return;
                }
                do
                {
                    long started = _loop.NowMs;
                    string[] urls = _config.Urls;
                    if (urls != null && _config.UntilSuccessMs > 0)
                    {
                        // Rounds every RetryMs over the URLs not fetched yet, until each has succeeded once or time is up.
                        bool[] done = new bool[urls.Length];
                        long giveUp = started + _config.UntilSuccessMs;
                        int left = urls.Length;
                        while (left > 0 && !Stopping)
                        {
                            long round = _loop.NowMs;
                            for (int i = 0; i < urls.Length && !Stopping; i++)
                            {
                                if (!done[i] && Get(urls[i]))
                                {
                                    done[i] = true;
                                    left--;
                                }
                            }
                            if (left == 0 || _loop.NowMs + _config.RetryMs >= giveUp)
                            {
                                break;
                            }
                            Sleep((int)(_config.RetryMs - (_loop.NowMs - round)));
                        }
                    }
                    for (int i = 0; urls != null && _config.UntilSuccessMs <= 0 && i < urls.Length && !Stopping; i++)
                    {
                        Get(urls[i]);
                    }
                    if (_config.UdpHost != null && !Stopping)
                    {
                        Udp();
                    }
                    if (_config.PingAddress != 0xFFFFFFFF && !Stopping)
                    {
                        Ping();
                    }
                    if (_config.UntilSuccessMs > 0)
                    {
                        return;
                    }
                    Sleep((int)(_config.IntervalMs - (_loop.NowMs - started)));
                }
                while (!Stopping);
            }
            catch (System.Exception e)
            {
                System.Console.WriteLine("[client] stopped: " + e.Message);
            }
        }

        private bool WaitForAddress()
        {
            bool said = false;
            while (!Stopping)
            {
                lock (_loop.SyncRoot)
                {
                    if (_loop.Stack.Interface.Address != 0 && _loop.Stack.Interface.IsLinkUp)
                    {
                        return true;
                    }
                }
                if (!said)
                {
                    System.Console.WriteLine("[client] waiting for link and address");
                    said = true;
                }
                Sleep(500);
            }
            return false;
        }

        private void Sleep(int ms)
        {
            while (ms > 0 && !Stopping)
            {
                int slice = ms > 200 ? 200 : ms;
                Thread.Sleep(slice);
                ms -= slice;
            }
        }

        /// <summary>One GET, its line printed; true on a complete response (any status).</summary>
        public bool Get(string url)
        {
            string head = "get " + url + " -> ";
            HttpClientResponse response;
            try
            {
                response = _http.Get(url);
            }
            catch (SocketException e)
            {
                System.Console.WriteLine(head + "error: " + e.Message);
                return false;
            }
            catch (HttpClientException e)
            {
                System.Console.WriteLine(head + "error: " + e.Message);
                return false;
            }
            _crc.Reset();
            long total = 0;
            string failure = null;
            IBodySink sink = _config.BodySink;
            if (sink != null)
            {
                sink.Begin(url);
            }
            try
            {
                int n;
                while ((n = response.Read(_body, 0, _body.Length)) > 0)
                {
                    _crc.Update(_body, 0, n);
                    total += n;
                    if (sink != null)
                    {
                        sink.Write(_body, 0, n);
                    }
                }
            }
            catch (SocketException e)
            {
                failure = e.Message + " mid-body";
            }
            catch (HttpClientException e)
            {
                failure = e.Message; // "connection closed mid-body" when a FIN cut it short
            }
            response.Close();
            if (sink != null)
            {
                sink.End(failure == null);
            }
            if (failure != null)
            {
                System.Console.WriteLine(head + "error: " + failure + " after " + total.ToString() + " bytes");
                return false;
            }
            System.Console.WriteLine(head + response.StatusCode.ToString() + ", " + total.ToString() + " bytes, crc32 " + Hex8(_crc.Value));
            return true;
        }

        private void Udp()
        {
            string head = "udp " + _config.UdpHost + ":" + _config.UdpPort.ToString() + " -> ";
            UdpClient udp = null;
            try
            {
                uint address = Resolve(_config.UdpHost, _config.UdpTimeoutMs);
                udp = new UdpClient(_loop);
                udp.ReceiveTimeout = _config.UdpTimeoutMs;
                byte[] hello = new byte[] { (byte)'n', (byte)'a', (byte)'n', (byte)'o', (byte)'S', (byte)'t', (byte)'a', (byte)'c', (byte)'k' };
                long sent = _loop.NowMs;
                udp.Send(hello, 0, hello.Length, address, _config.UdpPort);
                uint from;
                int port;
                int n = udp.Receive(_body, 0, _body.Length, out from, out port);
                System.Console.WriteLine(head + n.ToString() + " bytes back from " + Ipv4Address.Format(from) + " in "
                    + (_loop.NowMs - sent).ToString() + " ms");
            }
            catch (SocketException e)
            {
                System.Console.WriteLine(head + "error: " + e.Message);
            }
            finally
            {
                if (udp != null) udp.Close();
            }
        }

        /// <summary>Dns.Resolve whose deadline is "no DNS answer", as TcpClient.Connect reports it, not "timeout".</summary>
        private uint Resolve(string host, int timeoutMs)
        {
            try
            {
                return Dns.Resolve(_loop, host, timeoutMs);
            }
            catch (SocketException e)
            {
                if (e.SocketErrorCode == SocketError.TimedOut)
                {
                    throw new SocketException(SocketError.TryAgain);
                }
                throw;
            }
        }

        private void Ping()
        {
            uint target = _config.PingAddress;
            if (target == 0)
            {
                lock (_loop.SyncRoot)
                {
                    target = _loop.Stack.Interface.Gateway;
                }
            }
            string name = Ipv4Address.Format(target);
            Ping ping;
            try
            {
                ping = new Ping(_loop);
            }
            catch (SocketException e)
            {
                System.Console.WriteLine("ping " + name + ": error: " + e.Message);
                return;
            }
            int replies = 0;
            long min = long.MaxValue;
            long max = 0;
            long sum = 0;
            IPStatus last = IPStatus.Success;
            for (int i = 0; i < _config.PingCount && !Stopping; i++)
            {
                long t0 = _loop.NowMs;
                IPStatus status = ping.Send(target, _config.PingTimeoutMs);
                if (status == IPStatus.Success)
                {
                    long rtt = ping.RoundtripTime;
                    replies++;
                    sum += rtt;
                    if (rtt < min) min = rtt;
                    if (rtt > max) max = rtt;
                }
                else
                {
                    last = status;
                }
                Sleep((int)(500 - (_loop.NowMs - t0)));
            }
            ping.Close();
            string line = "ping " + name + ": " + replies.ToString() + "/" + _config.PingCount.ToString() + " replies, rtt min/avg/max ";
            if (replies > 0)
            {
                line += min.ToString() + "/" + (sum / replies).ToString() + "/" + max.ToString() + " ms";
            }
            else
            {
                line += "-/-/- ms (" + (last == IPStatus.DestinationHostUnreachable ? "host unreachable"
                    : last == IPStatus.BadRoute ? "no route" : "timeout") + ")";
            }
            System.Console.WriteLine(line);
        }

        /// <summary>Eight lower-case hex digits, as zlib's CRC is usually shown (no format strings needed).</summary>
        public static string Hex8(uint value)
        {
            const string Digits = "0123456789abcdef";
            char[] c = new char[8];
            for (int i = 7; i >= 0; i--)
            {
                c[i] = Digits[(int)(value & 0xF)];
                value >>= 4;
            }
            return new string(c);
        }
    }
}
