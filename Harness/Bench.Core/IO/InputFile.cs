namespace Bench.Core.IO;

/// <summary>
/// Reads a file the user handed in: one that cannot be read is a usage error naming it (exit 2),
/// never an internal error. A file named <c>.gz</c> is read through gzip.
/// </summary>
public static class InputFile
{
    /// <param name="what">What the file is, e.g. "results file".</param>
    /// <param name="fix">What to do instead, appended to the message (e.g. "; pass --pr N and --sha SHA instead").</param>
    public static string ReadAllText(string path, string what, string fix = "")
    {
        if (Directory.Exists(path))
            throw BenchException.Usage($"cannot read {what} {path}: it is a folder, not a file{(fix.Length > 0 ? fix : "; give the file's path.")}");
        try
        {
            if (!IsCompressed(path))
                return File.ReadAllText(path);
            using var file = File.OpenRead(path);
            using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException e)
        {
            throw BenchException.Usage($"cannot read {what} {path}: it is named .gz but is not a whole gzip file ({e.Message}){fix}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot read {what} {path}: {e.Message}{fix}");
        }
    }

    /// <summary>Whether a file is kept gzip-compressed: named <c>.gz</c> (a baseline: <c>.json.gz</c>).</summary>
    public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
