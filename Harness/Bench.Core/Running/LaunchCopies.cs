namespace Bench.Core.Running;

/// <summary>
/// A fresh copy of every native library one launch loads, in a folder of its own that goes with
/// the launch. Two things hold for the life of a file and so would hold for a whole run: the
/// dynamic loader maps one copy per file (two placements of one file would share one library and
/// one static key), and the page cache keeps a file's pages where they first landed, so its code
/// would sit in the same physical pages, and the same sets of the physically indexed caches, in
/// every launch. Copied anew each launch, both are drawn again with the launch. A build of the
/// managed twins is not copied: each kernel already opens in a load context of its own.
/// </summary>
public sealed class LaunchCopies : IDisposable
{
    private string? _dir;

    /// <summary>The path the worker loads for <paramref name="library"/> in slot <paramref name="slot"/>: a fresh copy of a native library, else the spec itself.</summary>
    public string Of(string library, int slot)
    {
        if (Managed.ManagedKernelSpec.IsManaged(library) || !File.Exists(library))
            return library;
        _dir ??= IO.TempFolder.Create("bench-launch-");
        var copy = Path.Combine(_dir, $"{slot}-{Path.GetFileName(library)}");
        try
        {
            File.Copy(library, copy);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Environment($"cannot copy {library} for a launch into {_dir} ({e.Message}): free some space in {Path.GetTempPath()} or point TMPDIR elsewhere.", e);
        }
        return copy;
    }

    public void Dispose()
    {
        if (_dir is null)
            return;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover temporary folder is not worth failing a run for
        }
        _dir = null;
    }
}
