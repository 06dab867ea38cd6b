namespace Bench.Core.IO;

/// <summary>Writes a file whole or not at all: a temporary file beside it, flushed, then renamed over.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> as UTF-8; gzip-compressed when the path is named <c>.gz</c> (<see cref="InputFile.IsCompressed"/>).</summary>
    public static void WriteAllText(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
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
        finally
        {
            if (File.Exists(tmp))
                File.Delete(tmp);
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
