using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Bench.Core.IO;

/// <summary>
/// Reads a file the user handed in: one that cannot be read is a usage error naming it (exit 2),
/// never an internal error. A file named <c>.gz</c> is read through gzip. Only a regular file is
/// read: a FIFO with no writer would block forever and a device such as <c>/dev/zero</c> never
/// ends, so what cannot seek is refused and at most the length the file had when it was opened is
/// read; a compressed file may hold at most <see cref="MaxBytes"/> once decompressed.
/// </summary>
public static class InputFile
{
    /// <summary>The most a file (or a .gz file's content) may hold: a results file of the whole suite's default run is about 15 MB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <param name="what">What the file is, e.g. "results file".</param>
    /// <param name="fix">What to do instead, appended to the message (e.g. "; pass --pr N and --sha SHA instead").</param>
    /// <param name="maxBytes">The most the file may hold (compressed or not): <see cref="MaxBytes"/> unless its kind is always smaller.</param>
    public static string ReadAllText(string path, string what, string fix = "", long maxBytes = MaxBytes)
    {
        if (Directory.Exists(path))
            throw BenchException.Usage($"cannot read {what} {path}: it is a folder, not a file{(fix.Length > 0 ? fix : "; give the file's path.")}");
        try
        {
            using var file = OpenRegular(path, what, fix);
            if (file.Length > maxBytes)
                throw BenchException.Usage($"cannot read {what} {path}: it holds {file.Length:N0} bytes, more than any {what} ({maxBytes:N0}){fix}");
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            Stream body = new MemoryStream(bytes, writable: false);
            if (IsCompressed(path))
                body = new BoundedStream(new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress), maxBytes,
                    () => BenchException.Usage($"cannot read {what} {path}: decompressed, it holds more than {maxBytes:N0} bytes, more than any {what}{fix}"));
            using var reader = new StreamReader(body);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException e)
        {
            throw BenchException.Usage($"cannot read {what} {path}: it is named .gz but is not a whole gzip file ({e.Message}){fix}");
        }
        catch (EndOfStreamException)
        {
            throw BenchException.Usage($"cannot read {what} {path}: it became shorter while it was read; read it again once it is written{fix}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot read {what} {path}: {e.Message}{fix}");
        }
    }

    /// <summary>Whether a file is kept gzip-compressed: named <c>.gz</c> (a baseline: <c>.json.gz</c>).</summary>
    public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens without blocking (O_NONBLOCK: opening a FIFO for reading waits for a writer otherwise)
    /// and refuses what cannot seek: a FIFO, a socket, a terminal.
    /// </summary>
    private static FileStream OpenRegular(string path, string what, string fix)
    {
        if (!OperatingSystem.IsLinux())
            return File.OpenRead(path);
        const int ReadOnlyNonBlockingCloseOnExec = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC (the same on x86-64 and arm64)
        var fd = Open(path, ReadOnlyNonBlockingCloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => BenchException.Usage($"cannot read {what} {path}: no such file{(fix.Length > 0 ? fix : "; check the path.")}"),
                13 => BenchException.Usage($"cannot read {what} {path}: permission denied{(fix.Length > 0 ? fix : "; make it readable or give another file.")}"),
                _ => BenchException.Usage($"cannot read {what} {path}: {Marshal.GetPInvokeErrorMessage(errno)}{fix}"),
            };
        }
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw BenchException.Usage($"cannot read {what} {path}: it is not a regular file (a pipe, FIFO or socket, which may never end){(fix.Length > 0 ? fix : "; save it to a file first and give that.")}");
        }
        return stream;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>A read-only stream that refuses to give more than a limit.</summary>
    private sealed class BoundedStream(Stream inner, long limit, Func<Exception> tooLong) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            return _read > limit ? throw tooLong() : n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
