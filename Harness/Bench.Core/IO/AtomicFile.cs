namespace Bench.Core.IO;

/// <summary>
/// Writes a file whole or not at all: a temporary file beside it, flushed, then renamed over. A
/// place that cannot be written (a read-only folder, a path that is a folder, a full disk) is a
/// usage error naming the path (exit 2), never an internal error.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> as UTF-8; gzip-compressed when the path is named <c>.gz</c> (<see cref="InputFile.IsCompressed"/>).</summary>
    public static void WriteAllText(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full))
            throw BenchException.Usage($"cannot write {path}: it is a folder; give a file name in it, e.g. {Path.Combine(path, Path.GetFileName(full.TrimEnd('/')) + ".out")}, or another path.");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
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
            File.Move(tmp, full, overwrite: true);
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
}
