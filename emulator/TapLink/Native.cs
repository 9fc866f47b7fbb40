using System.Runtime.InteropServices;

namespace NanoStack.TapLink;

/// <summary>The few libc calls a TAP device needs (Linux x86-64/arm64 ABI).</summary>
internal static unsafe class Native
{
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_RDONLY = 0;
    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int CLONE_NEWNET = 0x40000000;
    public const ulong TUNSETIFF = 0x400454ca;
    public const short IFF_TAP = 0x0002;
    public const short IFF_NO_PI = 0x1000;
    public const short POLLIN = 0x001;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd { public int Fd; public short Events; public short Revents; }

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "close")]
    public static extern int Close(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "ioctl")]
    public static extern int Ioctl(int fd, ulong request, byte* arg);

    [DllImport("libc", SetLastError = true, EntryPoint = "read")]
    public static extern nint Read(int fd, byte* buf, nint count);

    [DllImport("libc", SetLastError = true, EntryPoint = "write")]
    public static extern nint Write(int fd, byte* buf, nint count);

    [DllImport("libc", SetLastError = true, EntryPoint = "poll")]
    public static extern int Poll(PollFd* fds, nuint nfds, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = true, EntryPoint = "ppoll")]
    public static extern int Ppoll(PollFd* fds, nuint nfds, TimeSpec* timeout, void* sigmask);

    [DllImport("libc", SetLastError = true, EntryPoint = "setns")]
    public static extern int SetNs(int fd, int nstype);

    [DllImport("libc", SetLastError = true, EntryPoint = "unshare")]
    public static extern int Unshare(int flags);
}
