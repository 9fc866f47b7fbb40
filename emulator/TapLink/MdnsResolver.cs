using System.Diagnostics;
using System.Text;

namespace NanoStack.TapLink;

/// <summary>
/// Makes <c>NAME.local</c> resolve inside a network namespace the way it does on a LAN with mDNS: Debian's
/// avahi-daemon runs in the namespace on one interface (no D-Bus, publishing nothing of its own), and
/// /etc/netns/NS/nsswitch.conf — which <c>ip netns exec</c> mounts over /etc/nsswitch.conf for that namespace only —
/// asks libnss-mdns (<c>mdns4_minimal</c>) before DNS. So <c>ip netns exec NS curl http://nanostack.local/</c> finds the
/// board by its own mDNS answer. The machine's own resolver is not touched. avahi keeps its socket and pid at the
/// fixed /run/avahi-daemon, so one resolver runs at a time.
/// </summary>
public sealed class MdnsResolver : IDisposable
{
    private readonly Process _daemon;
    private readonly string _etc;
    private readonly string _config;
    private readonly StringBuilder _log = new();

    private MdnsResolver(string ns, string iface)
    {
        _etc = Path.Combine("/etc/netns", ns);
        Directory.CreateDirectory(_etc);
        string nsswitch = File.Exists("/etc/nsswitch.conf") ? File.ReadAllText("/etc/nsswitch.conf") : "hosts: files dns\n";
        var lines = nsswitch.Split('\n').Select(l => l.StartsWith("hosts:", StringComparison.Ordinal) ? "hosts: files mdns4_minimal [NOTFOUND=return] dns" : l);
        File.WriteAllText(Path.Combine(_etc, "nsswitch.conf"), string.Join("\n", lines));
        _config = Path.Combine(Path.GetTempPath(), "nanostack-avahi-" + ns + ".conf");
        File.WriteAllText(_config, "[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=" + iface + "\nenable-dbus=no\n"
            + "ratelimit-interval-usec=1000000\nratelimit-burst=1000\n[publish]\ndisable-publishing=yes\n[reflector]\n[rlimits]\n");
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "netns", "exec", ns, "avahi-daemon", "--no-drop-root", "--no-chroot", "-f", _config }) psi.ArgumentList.Add(a);
        _daemon = Process.Start(psi)!;
        _daemon.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _daemon.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
    }

    /// <summary>What avahi-daemon printed (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts the resolver for <paramref name="iface"/> in <paramref name="ns"/>; waits (at most 10 s) until avahi is up.</summary>
    public static MdnsResolver Start(string ns, string iface)
    {
        if (!File.Exists("/usr/sbin/avahi-daemon")) throw new InvalidOperationException("avahi-daemon is not installed (tools/install-deps.sh installs avahi-daemon and libnss-mdns)");
        // A pid file whose process is gone (an earlier run killed hard) would make avahi refuse to start.
        string pidFile = "/run/avahi-daemon/pid";
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int old) && !Directory.Exists("/proc/" + old)) File.Delete(pidFile);
        var r = new MdnsResolver(ns, iface);
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < 10_000 && !r.Log.Contains("Server startup complete", StringComparison.Ordinal))
        {
            if (r._daemon.HasExited) break;
            Thread.Sleep(100);
        }

        if (!r.Log.Contains("Server startup complete", StringComparison.Ordinal))
        {
            string log = r.Log;
            r.Dispose();
            throw new InvalidOperationException("avahi-daemon did not start in the namespace:\n" + log);
        }

        return r;
    }

    public void Dispose()
    {
        try
        {
            if (!_daemon.HasExited)
            {
                // SIGTERM first: avahi then removes its pid file and socket (a SIGKILL leaves them behind).
                using (var term = Process.Start("kill", new[] { "-TERM", _daemon.Id.ToString() })) term?.WaitForExit(5000);
                if (!_daemon.WaitForExit(5000)) _daemon.Kill(true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        try { File.Delete(Path.Combine(_etc, "nsswitch.conf")); } catch (IOException) { }
        try { Directory.Delete(_etc); } catch (IOException) { }
        try { File.Delete(_config); } catch (IOException) { }
        _daemon.Dispose();
    }
}
