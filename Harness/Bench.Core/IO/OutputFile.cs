using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Bench.Core.IO;

/// <summary>
/// Opens a file another program named for Bench to add to (the Actions job summary): without
/// blocking (a FIFO with no reader would hold a plain open forever), created if missing, and only
/// if it is a regular file, so that what is written lands in a file and ends.
/// </summary>
public static class OutputFile
{
    /// <summary>An append-only stream on <paramref name="path"/>; a usage error naming it when it is no regular file or cannot be opened.</summary>
    public static FileStream OpenAppend(string path)
    {
        if (!OperatingSystem.IsLinux())
            return new FileStream(path, FileMode.Append, FileAccess.Write);
        const int WriteOnlyCreateAppendNonBlockingCloseOnExec = 0x1 | 0x40 | 0x400 | 0x800 | 0x80000; // the same on x86-64 and arm64
        var fd = Open(path, WriteOnlyCreateAppendNonBlockingCloseOnExec, 0x1A4 /* 0644 */);
        if (fd < 0)
            throw BenchException.Usage($"cannot write {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw BenchException.Usage($"cannot write {path}: it is not a regular file (a pipe, FIFO or socket)");
        }
        return stream;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);
}
