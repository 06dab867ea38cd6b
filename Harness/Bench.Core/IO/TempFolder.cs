namespace Bench.Core.IO;

/// <summary>A fresh temporary folder; a TMPDIR that is missing or not writable is an environment problem that says so, not a crash.</summary>
public static class TempFolder
{
    public static string Create(string prefix)
    {
        try
        {
            return Directory.CreateTempSubdirectory(prefix).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Environment($"cannot create a temporary folder in {Path.GetTempPath()} ({e.Message}): " +
                                             "point TMPDIR at an existing writable folder, or unset it.", e);
        }
    }
}
