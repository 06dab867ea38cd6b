namespace Bench.Core.IO;

/// <summary>
/// Writes a file whole or not at all: a temporary file beside it, flushed, then renamed over. A
/// place that cannot be written (a read-only folder, a path that is a folder, a full disk) is a
/// usage error naming the path (exit 2), never an internal error.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> as UTF-8; gzip-compressed when the path is named <c>.gz</c> (<see cref="InputFile.IsCompressed"/>).</summary>
    public static void WriteAllText(string path, string contents) => Write(path, contents, overwrite: true);

    /// <summary>
    /// Writes a new file whole, never over one: false when <paramref name="path"/> exists (or comes to exist
    /// while this writes: the final move refuses an existing target), so two writers racing for one name
    /// never lose a file and the loser takes another name.
    /// </summary>
    public static bool TryWriteNew(string path, string contents)
    {
        if (File.Exists(path))
            return false;
        return Write(path, contents, overwrite: false);
    }

    private static bool Write(string path, string contents, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full))
            throw BenchException.Usage($"cannot write {path}: it is a folder; give a file name in it, e.g. {Path.Combine(path, Path.GetFileName(full.TrimEnd('/')) + ".out")}, or another path.");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            {
                Stream body = InputFile.IsCompressed(full)
                    ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true)
                    : stream;
                // closing the writer finishes the gzip stream; the file stays open to be flushed to disk
                using (var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), bufferSize: -1, leaveOpen: body == stream))
                    writer.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            if (overwrite)
                File.Move(tmp, full, overwrite: true);
            else if (OperatingSystem.IsLinux())
            {
                // link(2) makes the name or fails with EEXIST, in one step: of two writers racing for a name, one gets it
                if (Link(tmp, full) != 0)
                {
                    var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno == 17)
                        return false;
                    throw new IOException(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
                }
            }
            else
            {
                try
                {
                    File.Move(tmp, full, overwrite: false);
                }
                catch (IOException) when (File.Exists(full))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot write {path}: {e.Message} Choose a writable place for it (the folder must exist and take new files).");
        }
        finally
        {
            try
            {
                if (File.Exists(tmp))
                    File.Delete(tmp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // nothing was written that could be removed
            }
        }
    }

    /// <summary>Creates a folder outputs go into; one that cannot be made is a usage error naming it and the option that chose it.</summary>
    public static void EnsureFolder(string dir, string option)
    {
        try
        {
            if (File.Exists(dir))
                throw BenchException.Usage($"cannot write into {option} {dir}: it is a file, not a folder. Give a folder.");
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot create {option} {dir}: {e.Message} Give a writable folder.");
        }
    }

    /// <summary>
    /// Fails fast, before a long run, when <paramref name="path"/> cannot be written:
    /// its folder must exist and take a new file, and the path must not be a folder.
    /// </summary>
    /// <param name="inputs">Files the command reads: naming one of them as the output is refused (it would replace what is being read).</param>
    public static void EnsureWritable(string path, string option, params IEnumerable<string> inputs)
    {
        var full = Path.GetFullPath(path);
        foreach (var input in inputs)
            if (SameFile(full, input))
                throw BenchException.Usage($"{option} {path} is also an input ({input}): writing it would replace what is being read. Choose another {option}.");
        if (Directory.Exists(full))
            throw BenchException.Usage($"{option} {path} is a folder: give a file name, e.g. {option} {Path.Combine(path, "results.json")}.");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw BenchException.Usage($"cannot write {path}: folder {dir} does not exist. Create it or choose another {option}.");
        var probe = Path.Combine(dir, $".bench-write-probe.{Environment.ProcessId}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot write {path}: {e.Message}. Choose a writable {option}.");
        }
        if (File.Exists(full) && (File.GetAttributes(full) & FileAttributes.ReadOnly) != 0)
            throw BenchException.Usage($"cannot write {path}: the file is read-only. Choose another {option}.");
    }

    private static string Resolved(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool SameFile(string a, string b) => string.Equals(Resolved(a), Resolved(b), StringComparison.Ordinal);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string existing,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string created);
}
