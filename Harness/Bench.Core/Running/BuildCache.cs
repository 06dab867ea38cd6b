using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Core.Running;

/// <summary>A base's build kept in the cache: its kernel library (with the driver beside it) and its managed twins, if it has them.</summary>
public sealed record CachedBuild(string Folder, string Library, string? Managed);

/// <summary>
/// Finished builds of base commits, one folder per commit and toolchain
/// (<c>{root}/{commit}-{toolchain key}</c>), so that a gate against the same baseline builds it
/// once. A folder is complete or absent: a build is copied into a private folder and moved into
/// place whole, and a folder without its <see cref="CompleteMarker"/> is never used.
/// </summary>
public sealed class BuildCache(string root)
{
    public const string CompleteMarker = "complete";
    public const string EnvironmentVariable = "BENCH_CACHE";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>$BENCH_CACHE, else $XDG_CACHE_HOME/bench, else ~/.cache/bench; builds go under base-builds/.</summary>
    public static BuildCache Default()
    {
        var dir = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? Path.Combine(x, "bench")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "bench");
        return new BuildCache(Path.Combine(dir, "base-builds"));
    }

    private string? _toolchain;

    /// <summary>
    /// What else decides the build besides the commit: the C compiler (`cc --version`), CMake, the
    /// .NET SDK and the architecture, and how many layouts a build brings and how they are made
    /// (<see cref="NativeLayouts"/>: a cached build keeps its linked layouts, not the objects to link
    /// others from). A new compiler or layout scheme is a new folder, never a stale hit.
    /// </summary>
    public string ToolchainKey()
    {
        if (_toolchain is not null)
            return _toolchain;
        string First(string tool, string arg)
        {
            var r = IO.ToolProcess.Run(tool, [arg], Environment.CurrentDirectory, $"apt-get install {tool}");
            return r.ExitCode == 0 ? r.Stdout.Split('\n')[0].Trim() : $"{tool}: exit {r.ExitCode}";
        }
        var text = string.Join("\n", First("cc", "--version"), First("cmake", "--version"), First("dotnet", "--version"), RuntimeInformation.OSArchitecture,
            $"layouts {NativeLayouts.DefaultCount} scheme {NativeLayouts.Scheme}");
        return _toolchain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    public string FolderFor(string commit) => Path.Combine(Root, $"{commit}-{ToolchainKey()}");

    public CachedBuild? Find(string commit) => Open(FolderFor(commit));

    /// <summary>The build kept in <paramref name="folder"/> when it is complete (its marker and every file it names); else null.</summary>
    public static CachedBuild? Open(string folder)
    {
        if (!File.Exists(Path.Combine(folder, CompleteMarker)))
            return null;
        var build = Describe(folder);
        return File.Exists(build.Library) && (build.Managed is null || File.Exists(build.Managed)) ? build : null;
    }

    /// <summary>Copies a finished build into the cache whole (a concurrent keeper of the same build wins the race harmlessly).</summary>
    public CachedBuild Keep(string commit, string library, string? managed)
    {
        var folder = FolderFor(commit);
        Directory.CreateDirectory(Root);
        var staging = Path.Combine(Root, $".tmp-{Guid.NewGuid():n}");
        try
        {
            CopyTree(Path.GetDirectoryName(library)!, Path.Combine(staging, "bin"));
            if (managed is not null)
                CopyTree(Path.GetDirectoryName(managed)!, Path.Combine(staging, "managed"));
            File.WriteAllText(Path.Combine(staging, CompleteMarker), $"{commit}\n{Path.GetFileName(library)}\n{(managed is null ? "" : Path.GetFileName(managed))}\n");
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true); // incomplete (Find refused it): replaced whole
            Directory.Move(staging, folder);
        }
        catch (IOException) when (Find(commit) is not null)
        {
            // another gate kept the same build first
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Environment($"cannot keep the base's build in the cache {Root}: {e.Message} (set {EnvironmentVariable} to a writable folder).", e);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
        return Find(commit) ?? throw BenchException.Environment($"the base's build in the cache {folder} is incomplete after keeping it.");
    }

    private static CachedBuild Describe(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, CompleteMarker));
        var lib = Path.Combine(folder, "bin", lines.Length > 1 && lines[1].Length > 0 ? lines[1] : "libbenchnative.so");
        var managed = lines.Length > 2 && lines[2].Length > 0 ? Path.Combine(folder, "managed", lines[2]) : null;
        return new CachedBuild(folder, lib, managed);
    }

    /// <summary>Copies a folder and everything under it (the target's parent must exist or be creatable).</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
