using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NanoStack.IntegrationTests.Board;

/// <summary>A deliberately simple HTTP/1.1 client on a raw socket (so tests see exactly what went over the wire).</summary>
internal sealed class RawHttp : IDisposable
{
    public readonly Socket Socket;
    private readonly byte[] _buf = new byte[65536];
    private int _len;

    public RawHttp(string ip = "192.0.2.2", int port = 80, int timeoutMs = 10_000)
    {
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = timeoutMs,
            SendTimeout = timeoutMs,
            NoDelay = true,
        };
        var connect = Socket.BeginConnect(IPAddress.Parse(ip), port, null, null);
        if (!connect.AsyncWaitHandle.WaitOne(timeoutMs)) { Socket.Dispose(); throw new TimeoutException("connect timed out"); }
        Socket.EndConnect(connect);
    }

    public void Send(string text) => Socket.Send(Encoding.ASCII.GetBytes(text));

    public Response Get(string path, bool close = false) =>
        Request("GET " + path + " HTTP/1.1\r\nHost: 192.0.2.2\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n");

    public Response Request(string raw)
    {
        Send(raw);
        return ReadResponse();
    }

    /// <summary>Reads one response: status line, headers, and a Content-Length, chunked or close-delimited body.</summary>
    public Response ReadResponse()
    {
        int headerEnd;
        while ((headerEnd = IndexOf("\r\n\r\n")) < 0)
        {
            if (!Fill()) throw new IOException("connection closed before the response headers (" + _len + " bytes)");
        }
        string head = Encoding.ASCII.GetString(_buf, 0, headerEnd);
        Consume(headerEnd + 4);
        var lines = head.Split("\r\n");
        var r = new Response { StatusLine = lines[0], Status = int.Parse(lines[0].Split(' ')[1]) };
        for (int i = 1; i < lines.Length; i++)
        {
            int c = lines[i].IndexOf(':');
            r.Headers[lines[i][..c].Trim().ToLowerInvariant()] = lines[i][(c + 1)..].Trim();
        }
        var body = new MemoryStream();
        if (r.Headers.TryGetValue("content-length", out var cl))
        {
            long n = long.Parse(cl);
            while (body.Length < n)
            {
                if (_len == 0 && !Fill()) throw new IOException("connection closed inside the body");
                int take = (int)Math.Min(_len, n - body.Length);
                body.Write(_buf, 0, take);
                Consume(take);
            }
        }
        else if (r.Headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked"))
        {
            while (true)
            {
                int eol;
                while ((eol = IndexOf("\r\n")) < 0) if (!Fill()) throw new IOException("closed in chunk size");
                int size = Convert.ToInt32(Encoding.ASCII.GetString(_buf, 0, eol).Split(';')[0], 16);
                Consume(eol + 2);
                if (size == 0)
                {
                    while (IndexOf("\r\n") < 0) if (!Fill()) throw new IOException("closed in trailer");
                    Consume(IndexOf("\r\n") + 2);
                    break;
                }
                while (_len < size + 2) if (!Fill()) throw new IOException("closed in chunk");
                body.Write(_buf, 0, size);
                Consume(size + 2);
            }
        }
        else
        {
            body.Write(_buf, 0, _len);
            Consume(_len);
            while (Fill()) { body.Write(_buf, 0, _len); Consume(_len); }
        }
        r.Body = body.ToArray();
        return r;
    }

    /// <summary>True when the server closed the connection (read returns 0) within the timeout.</summary>
    /// <summary>Everything received so far and not yet consumed as a response.</summary>
    public string ReceivedText => Encoding.ASCII.GetString(_buf, 0, _len);

    public bool WaitClosed(int timeoutMs)
    {
        Socket.ReceiveTimeout = timeoutMs;
        try { return !Fill(); }
        catch (SocketException) { return false; }
    }

    private bool Fill()
    {
        if (_len == _buf.Length) throw new IOException("response head too large");
        int n;
        try { n = Socket.Receive(_buf, _len, _buf.Length - _len, SocketFlags.None); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return false; }
        _len += n;
        return n > 0;
    }

    private int IndexOf(string s)
    {
        var pat = Encoding.ASCII.GetBytes(s);
        for (int i = 0; i + pat.Length <= _len; i++)
        {
            int j = 0;
            while (j < pat.Length && _buf[i + j] == pat[j]) j++;
            if (j == pat.Length) return i;
        }
        return -1;
    }

    private void Consume(int n)
    {
        Array.Copy(_buf, n, _buf, 0, _len - n);
        _len -= n;
    }

    public void Dispose() => Socket.Dispose();

    public sealed class Response
    {
        public string StatusLine;
        public int Status;
        public Dictionary<string, string> Headers = new();
        public byte[] Body;
        public string Text => Encoding.UTF8.GetString(Body);
    }
}
