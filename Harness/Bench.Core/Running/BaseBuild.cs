namespace Bench.Core.Running;

/// <summary>
/// The base side of `bench ab`: a git ref checked out in a temporary worktree
/// and its native kernel library (CMake, Release) and its managed twins (dotnet build, Release)
/// built there, so the head's checkout and build stay untouched. Disposing removes the worktree.
/// Given a cache folder, the finished build is kept there per commit and toolchain
/// (<see cref="BuildCache"/>), so the next comparison with the same base costs no build. The build
/// includes the library's <see cref="NativeLayouts"/>, linked while its objects are at hand.
/// </summary>
public sealed class BaseBuild : IDisposable
{
    private readonly string _repo;
    private readonly string? _root;

    private BaseBuild(string repo, string? root, string commit, string library, string? worktree, string? managed, string? cachedAt = null)
    {
        CachedAt = cachedAt;
        Managed = managed;
        _repo = repo;
        _root = root;
        Commit = commit;
        Library = library;
        Worktree = worktree;
    }

    public string Commit { get; }
    public string Library { get; }
    /// <summary>The base's checkout; null when the build came from the cache (no checkout was needed).</summary>
    public string? Worktree { get; }
    /// <summary>The base's build of the managed twins (its Bench.Benchmarks.dll); null when the base has none.</summary>
    public string? Managed { get; }
    /// <summary>The cache folder holding this build; null when it was built for this run only.</summary>
    public string? CachedAt { get; }

    /// <param name="gitRef">Anything `git rev-parse` takes: a branch, tag, SHA, HEAD~1, origin/main.</param>
    /// <param name="log">Receives a line per step (for the console).</param>
    /// <param name="cache">Where finished builds are kept per commit and toolchain; null: build for this run only.</param>
    /// <param name="suite">A suite of its own (its manifest in this repository): the base is built by the base's manifest; null: Bench's own suite.</param>
    public static BaseBuild Create(string gitRef, string workingDirectory, Action<string>? log = null, BuildCache? cache = null, Suites.SuiteManifest? suite = null)
    {
        var repo = RunStep("git", ["rev-parse", "--show-toplevel"], workingDirectory, "find the git repository").Trim();
        string commit;
        try
        {
            commit = RunStep("git", ["rev-parse", "--verify", "--quiet", gitRef + "^{commit}"], repo, "resolve the base").Trim();
        }
        catch (BenchException)
        {
            throw BenchException.Usage($"--base {gitRef}: no such commit in {repo} (a branch, tag or SHA; in CI fetch it first, e.g. `git fetch origin main`).");
        }
        if (cache?.Find(commit) is { } hit)
        {
            log?.Invoke($"base {gitRef} = {commit[..12]}: built before, taken from the cache {hit.Folder}");
            return new BaseBuild(repo, null, commit, hit.Library, null, hit.Managed, hit.Folder);
        }
        var built = Build(repo, gitRef, commit, log, suite);
        if (cache is null)
            return built;
        try
        {
            var kept = cache.Keep(commit, built.Library, built.Managed);
            log?.Invoke($"kept the base's build in the cache {kept.Folder}");
            return new BaseBuild(repo, null, commit, kept.Library, null, kept.Managed, kept.Folder);
        }
        finally
        {
            built.Dispose();
        }
    }

    /// <summary>A base built before, as the installed tool carries it (<see cref="ToolBundle"/>): no git, no build.</summary>
    public static BaseBuild Carried(string commit, CachedBuild build, Action<string>? log = null)
    {
        log?.Invoke($"base {commit[..Math.Min(12, commit.Length)]}: the build the tool carries, {build.Folder}");
        return new BaseBuild("", null, commit, build.Library, null, build.Managed, build.Folder);
    }

    private static BaseBuild Build(string repo, string gitRef, string commit, Action<string>? log, Suites.SuiteManifest? suite)
    {
        var root = IO.TempFolder.Create("bench-ab-");
        var worktree = Path.Combine(root, "src");
        try
        {
            log?.Invoke($"base {gitRef} = {commit[..12]}: checking out in {worktree}");
            RunStep("git", ["worktree", "add", "--detach", worktree, commit], repo, "check out the base");
            if (suite is not null)
                return BuildSuite(repo, root, worktree, gitRef, commit, Path.GetRelativePath(repo, suite.Folder), suite.Name, log);
            // Bench's own suite: built by the base's own manifest, as any suite is; a base from before it had one, as it was built then
            if (File.Exists(Path.Combine(worktree, Suites.Suite.OwnManifest)))
                return BuildSuite(repo, root, worktree, gitRef, commit, Path.GetDirectoryName(Suites.Suite.OwnManifest)!, Baselines.BaselineStore.DefaultSuite, log);
            return BuildBeforeManifest(repo, root, worktree, gitRef, commit, log);
        }
        catch
        {
            Cleanup(repo, root, worktree);
            throw;
        }
    }

    /// <summary>
    /// Bench's own suite at a commit from before its manifest (<see cref="Suites.Suite.OwnManifest"/>):
    /// the kernels by CMake and the twins by dotnet build, at the paths that commit had them. Kept so
    /// a baseline's build and an older --base still build.
    /// </summary>
    private static BaseBuild BuildBeforeManifest(string repo, string root, string worktree, string gitRef, string commit, Action<string>? log)
    {
        var native = Path.Combine(worktree, "Benchmarks", "Native");
        if (!File.Exists(Path.Combine(native, "CMakeLists.txt")))
            throw BenchException.Usage($"--base {gitRef} ({commit[..12]}) has no Benchmarks/Native/CMakeLists.txt: it predates the native kernels, so there is nothing to compare.");
        var build = Path.Combine(root, "build");
        log?.Invoke($"building the base's kernels in {build}");
        RunStep("cmake", ["-S", native, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], repo, "configure the base's native build");
        // the library, and the driver beside it that counts its instructions under callgrind
        RunStep("cmake", ["--build", build, "--parallel", "--target", "benchnative", "bench-driver"], repo, "build the base's native library");
        var library = Path.Combine(build, "bin", "libbenchnative.so");
        if (!File.Exists(library))
            throw BenchException.Environment($"the base's build produced no {library}");
        // its layout variants, linked while the objects are at hand (they go into the cache with bin/)
        if (NativeLayouts.For(library, NativeLayouts.DefaultCount, log).Unavailable is { } why)
            log?.Invoke($"the base's kernels have one layout only: {why}");
        var project = Path.Combine(worktree, "Benchmarks", "Bench.Benchmarks", "Bench.Benchmarks.csproj");
        if (!File.Exists(project))
        {
            log?.Invoke($"the base {commit[..12]} has no {Path.GetRelativePath(worktree, project)} (it predates the managed twins): only native kernels are compared");
            return new BaseBuild(repo, root, commit, library, worktree, null);
        }
        var managedDir = Path.Combine(root, "managed");
        log?.Invoke($"building the base's managed twins in {managedDir}");
        // no build servers left behind: they would share the CPUs with the measurement
        RunStep("dotnet", ["build", project, "-c", "Release", "-o", managedDir, $"-p:NativeBuildDir={build}", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            "--nologo", "-v", "q"], worktree, "build the base's managed twins");
        var managed = Path.Combine(managedDir, Running.Managed.ManagedKernelSpec.AssemblyFileName);
        if (!File.Exists(managed))
            throw BenchException.Environment($"the base's build produced no {managed}");
        return new BaseBuild(repo, root, commit, library, worktree, managed);
    }

    /// <summary>
    /// The base of a suite: the base's manifest, in <paramref name="suiteFolder"/> (relative to the
    /// repository, where the head has it), builds it in the worktree.
    /// </summary>
    private static BaseBuild BuildSuite(string repo, string root, string worktree, string gitRef, string commit, string suiteFolder, string name, Action<string>? log)
    {
        var folder = Path.GetFullPath(Path.Combine(worktree, suiteFolder));
        var manifest = Path.Combine(folder, Suites.SuiteManifest.FileName);
        if (!File.Exists(manifest))
            throw BenchException.Usage($"--base {gitRef} ({commit[..12]}) has no {Path.GetRelativePath(worktree, manifest)}: it predates the suite '{name}', so there is nothing to compare.");
        var (library, managed) = Suites.Suite.Build(Suites.SuiteManifest.Read(manifest), folder, log);
        if (NativeLayouts.For(library, NativeLayouts.DefaultCount, log).Unavailable is { } why)
            log?.Invoke($"the base's kernels have one layout only: {why}");
        return new BaseBuild(repo, root, commit, library, worktree, managed?.AssemblyPath);
    }

    public void Dispose()
    {
        if (_root is not null)
            Cleanup(_repo, _root, Worktree);
    }

    private static void Cleanup(string repo, string root, string? worktree)
    {
        var removed = false;
        try
        {
            if (worktree is not null && Directory.Exists(worktree))
            {
                RunStep("git", ["worktree", "remove", "--force", worktree], repo, "remove the base's worktree");
                removed = true;
            }
        }
        catch (BenchException)
        {
            // pruned below, once its folder is gone; never hide the real outcome behind a cleanup failure
        }
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        if (removed || worktree is null)
            return;
        try
        {
            // the worktree's folder is gone: git forgets it, so the repository lists no stale bench-ab- worktree
            RunStep("git", ["worktree", "prune"], repo, "prune the base's worktree");
        }
        catch (BenchException)
        {
            // `git worktree prune` later does the same
        }
    }

    /// <summary>Runs a tool to completion; a failure is an environment problem naming the step and the tool's last words.</summary>
    internal static string RunStep(string tool, IReadOnlyList<string> args, string cwd, string step)
    {
        IO.ToolResult r;
        try
        {
            r = IO.ToolProcess.Run(tool, args, cwd, $"apt-get install {tool}");
        }
        catch (BenchException e)
        {
            throw BenchException.Environment($"cannot {step}: {e.Message}", e);
        }
        if (r.ExitCode == 0)
            return r.Stdout;
        var tail = string.Join(" | ", (r.Stderr + r.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8).Select(l => l.Trim()));
        throw BenchException.Environment($"cannot {step}: `{tool} {string.Join(' ', args)}` exited with {r.ExitCode}: {tail}");
    }
}
