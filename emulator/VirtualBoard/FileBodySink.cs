using System.Text;
using NanoStack.Firmware.Client;

namespace NanoStack.VirtualBoard;

/// <summary>
/// --save-bodies DIR: the host side of the client demo's <see cref="IBodySink"/>. Each body is written as it streams
/// to DIR/NAME.part and renamed to DIR/NAME once complete (a body cut short is deleted), so a file present under its
/// name is always a whole body, byte for byte, for a test to compare with its source (sha256). NAME is the URL
/// without "http://", every character other than a letter, digit, '.' or '-' turned into '_'
/// (http://192.0.2.1:8000/big.bin -> 192.0.2.1_8000_big.bin). The device has no sink: its path stays streaming.
/// </summary>
public sealed class FileBodySink : IBodySink
{
    private readonly string _directory;
    private FileStream _file;
    private string _url;
    private string _path;
    private long _bytes;

    public FileBodySink(string directory) => _directory = directory;

    public static string FileName(string url)
    {
        string rest = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url.Substring(7) : url;
        var sb = new StringBuilder(rest.Length);
        foreach (char c in rest) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' ? c : '_');
        return sb.ToString();
    }

    public void Begin(string url)
    {
        Discard();
        _url = url;
        _path = Path.Combine(_directory, FileName(url));
        _file = new FileStream(_path + ".part", FileMode.Create, FileAccess.Write);
        _bytes = 0;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        _file.Write(buffer, offset, count);
        _bytes += count;
    }

    public void End(bool complete)
    {
        if (_file == null) return;
        if (!complete)
        {
            Discard();
            return;
        }
        _file.Dispose();
        _file = null;
        File.Move(_path + ".part", _path, overwrite: true);
        Console.WriteLine("[virtual board] saved " + _url + " -> " + _path + " (" + _bytes + " bytes)");
    }

    private void Discard()
    {
        if (_file == null) return;
        _file.Dispose();
        _file = null;
        File.Delete(_path + ".part");
    }
}
