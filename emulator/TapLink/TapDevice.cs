using System.Runtime.InteropServices;
using System.Text;

namespace NanoStack.TapLink;

/// <summary>
/// A Linux TAP interface (IFF_TAP | IFF_NO_PI: raw Ethernet frames, no packet-info header) created directly
/// inside a network namespace. The kernel side of the TAP is the "LAN" the namespace sees; our end of the file
/// descriptor is the wire of whatever board we emulate.
/// </summary>
/// <remarks>
/// The device is created on a short-lived dedicated thread that first calls setns(2) into the namespace:
/// a network namespace is a per-thread attribute, a TUNSETIFF creates the interface in the caller's namespace,
/// and the descriptor keeps working from any thread afterwards. Nothing ever appears in the root namespace,
/// and no thread of the process other than that throw-away one changes namespace.
/// </remarks>
public sealed unsafe class TapDevice : IWire
{
    private int _fd;
    private long _framesIn, _framesOut, _writeErrors;

    public string Name { get; }
    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesOut => Interlocked.Read(ref _framesOut);
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    private TapDevice(int fd, string name) { _fd = fd; Name = name; }

    /// <summary>Creates TAP <paramref name="name"/> inside namespace <paramref name="netnsName"/> (as made by <c>ip netns add</c>).</summary>
    public static TapDevice CreateInNamespace(string netnsName, string name)
    {
        if (Encoding.ASCII.GetByteCount(name) > 15) throw new ArgumentException("interface names have at most 15 bytes", nameof(name));
        int fd = -1;
        Exception error = null;
        var thread = new Thread(() =>
        {
            try { fd = OpenInNamespace("/run/netns/" + netnsName, name); }
            catch (Exception e) { error = e; }
        })
        { IsBackground = true, Name = "tap-setns" };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(10))) throw new TimeoutException("creating the TAP device timed out");
        if (error != null) throw new InvalidOperationException("could not create TAP " + name + " in netns " + netnsName + ": " + error.Message, error);
        return new TapDevice(fd, name);
    }

    private static int OpenInNamespace(string nsPath, string name)
    {
        int nsFd = Native.Open(nsPath, Native.O_RDONLY | Native.O_CLOEXEC);
        if (nsFd < 0) throw new IOException("open " + nsPath + ": errno " + Marshal.GetLastPInvokeError());
        try
        {
            // Only this thread moves; it ends right after, so the process's other threads stay in the root namespace.
            if (Native.SetNs(nsFd, Native.CLONE_NEWNET) != 0) throw new IOException("setns: errno " + Marshal.GetLastPInvokeError());
        }
        finally { Native.Close(nsFd); }

        int fd = Native.Open("/dev/net/tun", Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC);
        if (fd < 0) throw new IOException("open /dev/net/tun: errno " + Marshal.GetLastPInvokeError());
        byte* ifr = stackalloc byte[40]; // struct ifreq: char ifr_name[16]; short ifr_flags; padding
        new Span<byte>(ifr, 40).Clear();
        Encoding.ASCII.GetBytes(name, new Span<byte>(ifr, 15));
        *(short*)(ifr + 16) = (short)(Native.IFF_TAP | Native.IFF_NO_PI);
        if (Native.Ioctl(fd, Native.TUNSETIFF, ifr) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Native.Close(fd);
            throw new IOException("ioctl TUNSETIFF: errno " + errno);
        }
        return fd;
    }

    public bool Send(byte[] frame, int offset, int length)
    {
        int fd = _fd;
        if (fd < 0) return false;
        fixed (byte* p = &frame[offset])
        {
            nint n = Native.Write(fd, p, length);
            if (n != length) { Interlocked.Increment(ref _writeErrors); return false; }
        }
        Interlocked.Increment(ref _framesOut);
        return true;
    }

    public int Receive(byte[] buffer, int offset, int capacity)
    {
        int fd = _fd;
        if (fd < 0 || capacity <= 0) return 0;
        fixed (byte* p = &buffer[offset])
        {
            while (true)
            {
                nint n = Native.Read(fd, p, capacity);
                if (n > 0) { Interlocked.Increment(ref _framesIn); return (int)n; }
                if (n < 0 && Marshal.GetLastPInvokeError() == Native.EINTR) continue;
                return 0; // EAGAIN: nothing waiting
            }
        }
    }

    public bool WaitReadable(int timeoutMs)
    {
        int fd = _fd;
        if (fd < 0) { Thread.Sleep(Math.Max(0, timeoutMs)); return false; }
        Native.PollFd pfd = new() { Fd = fd, Events = Native.POLLIN };
        int r = Native.Poll(&pfd, 1, timeoutMs);
        return r > 0 && (pfd.Revents & Native.POLLIN) != 0;
    }

    /// <summary>ppoll(2): poll with a timespec timeout, so a wait of a few hundred microseconds is not rounded to a millisecond.</summary>
    public bool WaitReadableMicros(int timeoutMicros)
    {
        int fd = _fd;
        if (fd < 0) { Thread.Sleep(Math.Max(0, (timeoutMicros + 999) / 1000)); return false; }
        Native.PollFd pfd = new() { Fd = fd, Events = Native.POLLIN };
        int us = Math.Max(0, timeoutMicros);
        Native.TimeSpec timeout = new() { Seconds = us / 1000000, Nanoseconds = us % 1000000 * 1000L };
        int r = Native.Ppoll(&pfd, 1, &timeout, null);
        return r > 0 && (pfd.Revents & Native.POLLIN) != 0;
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Native.Close(fd);
    }
}
