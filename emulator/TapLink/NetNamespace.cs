using System.Diagnostics;

namespace NanoStack.TapLink;

/// <summary>
/// A network namespace this process owns: unique name with our prefix, created with <c>ip netns add</c>,
/// deleted on <see cref="Dispose"/> (and by <see cref="CleanupStale"/> after a crash). Commands run inside with
/// <c>ip netns exec</c>, always with a timeout. Needs root.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    /// <summary>Every namespace we create starts with this, followed by the owning process id.</summary>
    public const string Prefix = "nsboard-";
    private static int s_counter;
    private bool _disposed;

    public string Name { get; }

    private NetNamespace(string name) { Name = name; }

    /// <summary>Creates a fresh namespace with loopback up; <paramref name="tag"/> makes names readable (a-z0-9, short).</summary>
    public static NetNamespace Create(string tag = "t")
    {
        CleanupStale();
        string name = Prefix + Environment.ProcessId + "-" + tag + "-" + Interlocked.Increment(ref s_counter);
        var r = Run("ip", ["netns", "add", name], 10_000);
        if (r.ExitCode != 0) throw new InvalidOperationException("ip netns add " + name + " failed: " + r.Stderr);
        var ns = new NetNamespace(name);
        try { ns.ExecChecked("ip", "link", "set", "lo", "up"); }
        catch { ns.Dispose(); throw; }
        return ns;
    }

    /// <summary>
    /// Creates TAP <paramref name="ifName"/> inside this namespace, gives the kernel side <paramref name="cidr"/>
    /// (e.g. 192.0.2.1/24) and brings it up.
    /// </summary>
    public TapDevice CreateTap(string ifName = "tap0", string cidr = "192.0.2.1/24", int mtu = 1500)
    {
        var tap = TapDevice.CreateInNamespace(Name, ifName);
        try
        {
            ExecChecked("ip", "link", "set", ifName, "mtu", mtu.ToString());
            ExecChecked("ip", "addr", "add", cidr, "dev", ifName);
            ExecChecked("ip", "link", "set", ifName, "up");
        }
        catch { tap.Dispose(); throw; }
        return tap;
    }

    /// <summary>Runs a command inside the namespace, killing it after <paramref name="timeoutMs"/>.</summary>
    public ProcessResult Exec(int timeoutMs, string file, params string[] args)
    {
        var all = new List<string> { "netns", "exec", Name, file };
        all.AddRange(args);
        return Run("ip", all, timeoutMs);
    }

    public ProcessResult ExecChecked(string file, params string[] args)
    {
        var r = Exec(15_000, file, args);
        if (r.ExitCode != 0) throw new InvalidOperationException(file + " " + string.Join(' ', args) + " in " + Name + " failed (" + r.ExitCode + "): " + r.Stderr);
        return r;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a fresh thread that has entered this namespace (setns), so sockets it
    /// creates live inside. Only that thread moves; it ends with the call.
    /// </summary>
    public T RunInside<T>(Func<T> body, int timeoutMs = 60_000)
    {
        T result = default;
        Exception error = null;
        var t = new Thread(() =>
        {
            try
            {
                EnterOnThisThread(Name);
                result = body();
            }
            catch (Exception e) { error = e; }
        })
        { IsBackground = true, Name = "in-" + Name };
        t.Start();
        if (!t.Join(timeoutMs)) throw new TimeoutException("code inside " + Name + " did not finish within " + timeoutMs + " ms");
        if (error != null) throw new AggregateException("inside " + Name, error);
        return result;
    }

    internal static void EnterOnThisThread(string name)
    {
        int nsFd = Native.Open("/run/netns/" + name, Native.O_RDONLY | Native.O_CLOEXEC);
        if (nsFd < 0) throw new IOException("open netns " + name + ": errno " + System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        try
        {
            if (Native.SetNs(nsFd, Native.CLONE_NEWNET) != 0)
                throw new IOException("setns: errno " + System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
        finally { Native.Close(nsFd); }
    }

    /// <summary>Starts a long-running command inside the namespace (caller kills it; Dispose of the namespace does too).</summary>
    public Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Name, file }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public static ProcessResult Run(string file, IEnumerable<string> args, int timeoutMs)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        // The pipes are drained on threads of their own, not with ReadToEndAsync: a test that keeps many Execs
        // waiting on thread-pool tasks (the SYN-flood test's parallel curls) starves the pool, and the async read
        // of a command that ended long ago then missed its 5 s and came back empty.
        var stdout = new PipeReader(p.StandardOutput);
        var stderr = new PipeReader(p.StandardError);
        bool exited = p.WaitForExit(timeoutMs);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch { }
            p.WaitForExit(5_000);
        }
        else p.WaitForExit();
        return new ProcessResult(exited ? p.ExitCode : -1, stdout.Text(5_000), stderr.Text(5_000), !exited);
    }

    /// <summary>Reads a stream to its end on a dedicated background thread.</summary>
    private sealed class PipeReader
    {
        private readonly Thread _thread;
        private string _text = "";

        public PipeReader(StreamReader reader)
        {
            _thread = new Thread(() =>
            {
                try { _text = reader.ReadToEnd(); }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
            })
            { IsBackground = true, Name = "exec-pipe" };
            _thread.Start();
        }

        /// <summary>What was read, once the stream ended (at most <paramref name="timeoutMs"/> after the call).</summary>
        public string Text(int timeoutMs) => _thread.Join(timeoutMs) ? _text : "";
    }

    /// <summary>Deletes namespaces with our prefix whose owning process no longer exists (earlier crashed runs).</summary>
    public static void CleanupStale()
    {
        ProcessResult list;
        try { list = Run("ip", ["netns", "list"], 10_000); } catch { return; }
        foreach (var line in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            string rest = name.Substring(Prefix.Length);
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), out int pid)) continue;
            if (pid == Environment.ProcessId || Directory.Exists("/proc/" + pid)) continue;
            Delete(name);
        }
    }

    private static void Delete(string name)
    {
        // Kill whatever still runs inside (ping, curl, servers), then remove the namespace itself.
        try
        {
            var pids = Run("ip", ["netns", "pids", name], 5_000);
            foreach (var s in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(s.Trim(), out int pid) && pid != Environment.ProcessId)
                    try { Process.GetProcessById(pid).Kill(); } catch { }
        }
        catch { }
        Run("ip", ["netns", "delete", name], 10_000);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Delete(Name);
    }
}

public readonly record struct ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);
