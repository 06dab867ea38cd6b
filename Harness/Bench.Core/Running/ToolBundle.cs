namespace Bench.Core.Running;

/// <summary>
/// What the .NET tool package carries beside the CLI (docs/install.md), so that an installed
/// <c>bench</c> gates without a clone: the repository's baselines (<c>baselines/</c>) and each
/// baseline's own build (<c>base-builds/{commit}-{toolchain}/</c>, laid out as the
/// <see cref="BuildCache"/> keeps one). A build from a clone has neither: there the baselines are
/// the checkout's and the base is rebuilt from git.
/// </summary>
public static class ToolBundle
{
    public const string BaselinesFolder = "baselines";
    public const string BuildsFolder = "base-builds";
    public const string LayoutsFolder = "layouts";

    /// <summary>The folder the CLI runs from (the tool's install folder, or a build's bin/).</summary>
    public static string Home => AppContext.BaseDirectory;

    /// <summary>The baselines the package carries; null outside a packaged tool.</summary>
    public static string? Baselines =>
        Path.Combine(Home, BaselinesFolder) is var dir && Directory.Exists(dir) ? Path.GetFullPath(dir) : null;

    /// <summary>The build of <paramref name="commit"/> the package carries, complete; null when it carries none.</summary>
    public static CachedBuild? FindBuild(string commit, string? home = null)
    {
        var root = Path.Combine(home ?? Home, BuildsFolder);
        if (!Directory.Exists(root) || commit.Length == 0)
            return null;
        // the toolchain part of the name is the packing machine's: the build is binaries, whoever installs it
        foreach (var folder in Directory.EnumerateDirectories(root, commit + "-*").Order(StringComparer.Ordinal))
            if (BuildCache.Open(folder) is { } build)
                return build;
        return null;
    }

    /// <summary>
    /// Writes what the tool package carries into <paramref name="dir"/> (the pack passes it on as
    /// <c>BenchBundleDir</c>): each base build as the cache keeps it, but with only the twins'
    /// assembly of its managed folder (their dependencies are the tool's own, loaded from the
    /// default context), and this build's layout variants beside where its library goes.
    /// </summary>
    public static void Write(string dir, IReadOnlyList<CachedBuild> builds, NativeLayouts.Pool headLayouts)
    {
        if (Directory.Exists(dir))
        {
            // a bundle written before is replaced whole; anything else in the folder is never deleted
            var other = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Where(n => n is not (BuildsFolder or LayoutsFolder)).ToList();
            if (other.Count > 0)
                throw BenchException.Usage($"--bundle {dir} holds {string.Join(", ", other.Take(3))}{(other.Count > 3 ? ", ..." : "")}, which is not a bundle: " +
                                           "give a new or empty folder (a bundle written before is replaced whole).");
            Directory.Delete(dir, recursive: true);
        }
        foreach (var b in builds)
        {
            var to = Path.Combine(dir, BuildsFolder, Path.GetFileName(Path.TrimEndingDirectorySeparator(b.Folder)));
            BuildCache.CopyTree(Path.Combine(b.Folder, "bin"), Path.Combine(to, "bin"));
            if (b.Managed is not null)
            {
                Directory.CreateDirectory(Path.Combine(to, "managed"));
                File.Copy(b.Managed, Path.Combine(to, "managed", Path.GetFileName(b.Managed)));
            }
            File.Copy(Path.Combine(b.Folder, BuildCache.CompleteMarker), Path.Combine(to, BuildCache.CompleteMarker));
        }
        if (headLayouts.Unavailable is null && headLayouts.Libraries.Count > 1)
        {
            var variants = Path.GetDirectoryName(headLayouts.Libraries[0])!;
            BuildCache.CopyTree(variants, Path.Combine(dir, LayoutsFolder, Path.GetFileName(variants)));
        }
    }
}
