using System;
using NanoStack.Sockets.Tcp;

namespace NanoStack.HostTests.Tcp;

/// <summary>
/// One seeded bidirectional transfer between two TcpStacks over an <see cref="ISimNet"/> (a <see cref="SimPath"/>
/// at the IPv4 seam, or a <see cref="FullStackNet"/> of two whole NetworkStacks over Ethernet): the client at
/// 192.0.2.1 connects to the server at 192.0.2.2:80, both stream their own pseudo-random bytes, both close
/// gracefully when done. Received bytes are compared with the sent ones as they arrive; every connection's
/// invariants are checked after every step.
/// </summary>
public sealed class TcpTransfer
{
    public const uint ClientIp = 0xC0000201;
    public const uint ServerIp = 0xC0000202;

    public readonly int Seed;
    public readonly SimParams Params;
    public readonly TcpStack Client;
    public readonly TcpStack Server;
    /// <summary>The IPv4-seam path (null when the transfer runs over <see cref="FullStackNet"/>).</summary>
    public readonly SimPath Path;
    public readonly ISimNet Net;
    /// <summary>Virtual-time step bound: a run that takes more steps is a violation (a livelock).</summary>
    public long StepLimit = long.MaxValue;
    public readonly byte[] ClientData;
    public readonly byte[] ServerData;
    private readonly byte[] _readBuffer = new byte[700];
    private readonly TcpListener _listener;

    public TcpSocket ClientSocket;
    public TcpSocket ServerSocket;
    public int ClientSent, ServerSent, ClientReceived, ServerReceived;
    public bool ClientClosed, ServerClosed;
    public long Now;
    public string Violation;
    public long Steps;

    public TcpTransfer(int seed, SimParams p, int clientBytes, int serverBytes, TcpConfig config = null, bool fullStack = false)
    {
        Seed = seed;
        Params = p;
        config ??= SimConfig();
        Client = new TcpStack(config, (uint)seed * 2654435761u + 1);
        Server = new TcpStack(config, (uint)seed * 40503u + 7);
        if (fullStack)
        {
            Net = new FullStackNet(seed, p, Client, ClientIp, Server, ServerIp);
        }
        else
        {
            Net = Path = new SimPath(seed, p, Client, ClientIp, Server, ServerIp);
        }

        var r = new Random(seed ^ 0x5EED);
        ClientData = new byte[clientBytes];
        ServerData = new byte[serverBytes];
        r.NextBytes(ClientData);
        r.NextBytes(ServerData);
        _listener = Server.Listen(80);
        ClientSocket = Client.Connect(ClientIp, ServerIp, 80, 0);
    }

    public static TcpConfig SimConfig() => new()
    {
        KeepAliveIdleMs = 10000,
        KeepAliveIntervalMs = 2000,
        KeepAliveProbes = 4,
    };

    public bool ClientDone => ClientClosed && ClientReceived == ServerData.Length && ClientSocket.IsReceiveFinished;
    public bool ServerDone => ServerSocket != null && ServerClosed && ServerReceived == ClientData.Length && ServerSocket.IsReceiveFinished;
    public bool ClientFailed => ClientSocket.State == TcpState.Closed && ClientSocket.Error != TcpError.None;
    public bool ServerFailed => ServerSocket != null && ServerSocket.State == TcpState.Closed && ServerSocket.Error != TcpError.None;

    /// <summary>Runs until both sides finished and every slot is free, or <paramref name="limitMs"/> of virtual time.</summary>
    public void Run(long limitMs)
    {
        while (Now <= limitMs && Violation == null)
        {
            Step();
            bool finished = (ClientDone || ClientFailed) && (ServerDone || ServerFailed || (ServerSocket == null && ClientFailed));
            if (finished && AllIdle())
            {
                return;
            }

            if (Steps >= StepLimit)
            {
                Violation = "step limit " + StepLimit + " reached at t=" + Now;
                return;
            }

            long next = Math.Min(Net.NextDelivery(), Math.Min(_deadlineClient, _deadlineServer));
            Now = next <= Now ? Now + 1 : Math.Min(next, limitMs + 1);
        }
    }

    private long _deadlineClient, _deadlineServer;

    private bool AllIdle()
    {
        for (int i = 0; i < Client.SlotCount; i++)
        {
            var s = Client.Slot(i);
            if (s.State != TcpState.Closed)
            {
                return false;
            }
        }

        for (int i = 0; i < Server.SlotCount; i++)
        {
            var s = Server.Slot(i);
            if (s.State != TcpState.Closed)
            {
                return false;
            }
        }

        return Net.NextDelivery() == long.MaxValue;
    }

    /// <summary>TCP_NODELAY for both ends (applied when each socket appears).</summary>
    public bool NoDelay;

    public void Step()
    {
        Steps++;
        Net.DeliverDue(Now);
        if (ServerSocket == null)
        {
            ServerSocket = _listener.Accept();
            if (ServerSocket != null)
            {
                ServerSocket.NoDelay = NoDelay;
            }
        }

        ClientSocket.NoDelay = NoDelay;
        App(ClientSocket, ClientData, ref ClientSent, ServerData, ref ClientReceived, ref ClientClosed);
        App(ServerSocket, ServerData, ref ServerSent, ClientData, ref ServerReceived, ref ServerClosed);
        _deadlineClient = Net.PollClient(Now);
        _deadlineServer = Net.PollServer(Now);
        Check(Client);
        Check(Server);
        if (Violation == null)
        {
            string v = Net.CheckCounters();
            if (v != null)
            {
                Violation = "t=" + Now + " " + v;
            }
        }
    }

    private void App(TcpSocket s, byte[] data, ref int sent, byte[] expected, ref int received, ref bool closed)
    {
        if (s == null || Violation != null)
        {
            return;
        }

        bool open = s.State == TcpState.Established || s.State == TcpState.CloseWait;
        if (open && !closed && sent < data.Length)
        {
            sent += s.Send(data, sent, data.Length - sent);
        }

        if (open && !closed && sent == data.Length)
        {
            s.Close();
            closed = true;
        }

        while (true)
        {
            int n = s.Receive(_readBuffer, 0, _readBuffer.Length);
            if (n == 0)
            {
                break;
            }

            for (int i = 0; i < n; i++)
            {
                if (received + i >= expected.Length || _readBuffer[i] != expected[received + i])
                {
                    Violation = "received byte " + (received + i) + " differs from the byte sent";
                    return;
                }
            }

            received += n;
        }
    }

    private void Check(TcpStack stack)
    {
        string table = stack.CheckInvariants();
        if (table != null && Violation == null)
        {
            Violation = "t=" + Now + " " + (stack == Client ? "client" : "server") + ": " + table;
        }
        for (int i = 0; i < stack.SlotCount && Violation == null; i++)
        {
            string v = stack.Slot(i).CheckInvariants();
            if (v != null)
            {
                Violation = "t=" + Now + " " + (stack == Client ? "client" : "server") + " slot " + i + " (" + stack.Slot(i).State + "): " + v;
            }
        }
    }

    public string Describe() =>
        $"seed {Seed}: {Params}; client sent {ClientSent}/{ClientData.Length} recv {ClientReceived}/{ServerData.Length} " +
        $"{ClientSocket.State}/{ClientSocket.Error}; server " +
        (ServerSocket == null ? "never accepted" : $"sent {ServerSent}/{ServerData.Length} recv {ServerReceived}/{ClientData.Length} {ServerSocket.State}/{ServerSocket.Error}") +
        $"; t={Now}ms steps={Steps} {Net.Describe()}";
}
