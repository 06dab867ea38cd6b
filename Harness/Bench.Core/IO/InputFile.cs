namespace Bench.Core.IO;

/// <summary>Reads a file the user handed in: one that cannot be read is a usage error naming it (exit 2), never an internal error.</summary>
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
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot read {what} {path}: {e.Message}{fix}");
        }
    }
}
