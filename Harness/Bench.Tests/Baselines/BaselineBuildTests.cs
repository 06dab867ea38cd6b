using Bench.Core;
using Bench.Core.Baselines;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Baselines;

/// <summary>A baseline is a build as well as its figures: when the gate can rebuild it, and what it says when it cannot.</summary>
public class BaselineBuildTests
{
    private static ResultsDocument Doc(string? commit = "0123456789abcdef0123456789abcdef01234567", bool dirty = false) =>
        SampleDocuments.With(SampleDocuments.Samples("native/for_loop/x/provider-off", SampleDocuments.Noisy(1, 0.1, 40, 1))) is var d
            ? d with { Host = d.Host with { Commit = commit, CommitDirty = dirty } }
            : throw new InvalidOperationException();

    /// <summary>A repository with one commit that has the native kernels' CMakeLists (an empty one), and its SHA.</summary>
    private static string Repo(TempDir dir)
    {
        var repo = dir.File("repo");
        Directory.CreateDirectory(Path.Combine(repo, "Benchmarks", "Native"));
        File.WriteAllText(Path.Combine(repo, "Benchmarks", "Native", "CMakeLists.txt"), "# stand-in\n");
        GitRepo.Git(repo, "init", "-q");
        GitRepo.Commit(repo, "one");
        return GitRepo.Head(repo);
    }

    private static BaselineEntry Entry(TempDir dir, ResultsDocument doc)
    {
        var folder = Path.Combine(dir.File("repo"), "baselines");
        Directory.CreateDirectory(folder);
        var results = dir.File("r.json");
        ResultsFile.Write(results, doc);
        var path = new BaselineStore(folder).Save(results, "native", force: false, allowDirty: true);
        return new BaselineEntry(path, "native", ResultsFile.Read(path));
    }

    [Fact]
    public void CommitInTheClone_IsRebuilt()
    {
        using var dir = new TempDir();
        var sha = Repo(dir);
        var e = Entry(dir, Doc(sha));
        var source = BaselineBuild.Choose(new BaselineStore(Path.GetDirectoryName(e.Path)!), "native", SampleDocuments.Host() with { Kernel = "other" });
        Assert.True(source.Paired, source.WhyNotPaired);
        Assert.Equal(sha, source.Commit);
    }

    [Fact]
    public void DirtyTree_NoCommit_MissingCommit_EachSayWhyAndTheFix()
    {
        using var dir = new TempDir();
        var sha = Repo(dir);
        var repo = dir.File("repo");
        Assert.Contains("dirty tree", BaselineBuild.WhyUnavailable(Entry(dir, Doc(sha, dirty: true)), repo));
        File.Delete(Assert.Single(Directory.GetFiles(Path.Combine(repo, "baselines"), "native--*")));
        Assert.Contains("records no commit", BaselineBuild.WhyUnavailable(Entry(dir, Doc(null)), repo));
        File.Delete(Assert.Single(Directory.GetFiles(Path.Combine(repo, "baselines"), "native--*")));
        var missing = BaselineBuild.WhyUnavailable(Entry(dir, Doc("fedcba9876543210fedcba9876543210fedcba98")), repo);
        Assert.Contains("git fetch origin fedcba9876543210fedcba9876543210fedcba98", missing);
        Assert.Contains("fetch-depth: 0", missing);
    }

    [Fact]
    public void ShallowClone_SaysUnshallow()
    {
        using var dir = new TempDir();
        var first = Repo(dir);
        var repo = dir.File("repo");
        File.WriteAllText(Path.Combine(repo, "two.txt"), "2\n");
        GitRepo.Commit(repo, "two");
        GitRepo.Git(dir.Path, "clone", "-q", "--depth", "1", "file://" + repo, "shallow");
        var why = BaselineBuild.WhyUnavailable(Entry(dir, Doc(first)), dir.File("shallow"));
        Assert.Contains("git fetch --unshallow", why);
    }

    [Fact]
    public void Save_DirtyTree_IsRefusedUnlessAllowed_AndNothingIsWritten()
    {
        using var dir = new TempDir();
        var results = dir.File("r.json");
        ResultsFile.Write(results, Doc(dirty: true));
        var store = new BaselineStore(dir.File("baselines"));
        var e = Assert.Throws<BenchException>(() => store.Save(results, "native", force: false));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("--allow-dirty", e.Message);
        Assert.False(Directory.Exists(store.Directory) && Directory.EnumerateFiles(store.Directory).Any());
        Assert.True(File.Exists(store.Save(results, "native", force: false, allowDirty: true)));
    }

    [Fact]
    public void Drift_IsTheMedianRatioOfNowOverRecorded()
    {
        using var dir = new TempDir();
        Repo(dir);
        var e = Entry(dir, Doc());
        var recorded = e.Document.Benchmarks[0];
        var now = e.Document with
        {
            Benchmarks = [recorded with { Metrics = recorded.Metrics.ToDictionary(k => k.Key, k => k.Key == MetricNames.Cycles
                ? k.Value with { Samples = k.Value.Samples.Select(x => x * 1.5).ToList() } : k.Value) }],
        };
        var drift = BaselineBuild.Drift(e, now);
        Assert.NotNull(drift);
        Assert.Equal(1, drift.Benchmarks);
        Assert.Equal(1.5, drift.Median, 6);
        Assert.Contains("not the code's", drift.Describe());
    }

    [Fact]
    public void Cache_KeepsABuildWhole_AndFindsItByCommit()
    {
        using var dir = new TempDir();
        var bin = Directory.CreateDirectory(dir.File("build/bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "libbenchnative.so"), "lib");
        File.WriteAllText(Path.Combine(bin, "bench-driver"), "driver");
        var managed = Directory.CreateDirectory(dir.File("managed")).FullName;
        File.WriteAllText(Path.Combine(managed, "Bench.Benchmarks.dll"), "dll");
        var cache = new BuildCache(dir.File("cache"));
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        Assert.Null(cache.Find(commit));
        var kept = cache.Keep(commit, Path.Combine(bin, "libbenchnative.so"), Path.Combine(managed, "Bench.Benchmarks.dll"));
        Assert.Equal("lib", File.ReadAllText(kept.Library));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(kept.Library)!, "bench-driver")));
        Assert.Equal("dll", File.ReadAllText(kept.Managed!));
        Assert.Equal(kept, cache.Find(commit));
        Assert.StartsWith(commit, Path.GetFileName(kept.Folder));
        // a folder without its marker (a build cut short) is never used
        File.Delete(Path.Combine(kept.Folder, BuildCache.CompleteMarker));
        Assert.Null(cache.Find(commit));
        Assert.Empty(Directory.GetDirectories(cache.Root, ".tmp-*"));
    }

    /// <summary>A build of <paramref name="commit"/> kept as the cache keeps one, with a managed folder holding the twins and a dependency.</summary>
    private static CachedBuild Kept(TempDir dir, string commit)
    {
        var bin = Directory.CreateDirectory(dir.File("build/bin/layouts/libbenchnative.8")).Parent!.Parent!.FullName;
        File.WriteAllText(Path.Combine(bin, "libbenchnative.so"), "lib");
        File.WriteAllText(Path.Combine(bin, "layouts", "libbenchnative.8", "L0.so"), "variant");
        var managed = Directory.CreateDirectory(dir.File("managed")).FullName;
        File.WriteAllText(Path.Combine(managed, "Bench.Benchmarks.dll"), "dll");
        File.WriteAllText(Path.Combine(managed, "BenchmarkDotNet.dll"), "a dependency the tool has itself");
        return new BuildCache(dir.File("cache")).Keep(commit, Path.Combine(bin, "libbenchnative.so"), Path.Combine(managed, "Bench.Benchmarks.dll"));
    }

    [Fact]
    public void OutsideAClone_TheBuildTheToolCarries_IsRunPaired_AndWithoutItTheGateSaysWhy()
    {
        using var dir = new TempDir();
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var e = Entry(dir, Doc(commit)); // dir/repo/baselines: no git here
        var store = new BaselineStore(Path.GetDirectoryName(e.Path)!);
        var host = SampleDocuments.Host() with { Kernel = "another VM's" };
        var home = dir.File("tool");
        var none = BaselineBuild.Choose(store, "native", host, bundle: home);
        Assert.False(none.Paired);
        Assert.Contains("not inside a git checkout", none.WhyNotPaired);

        ToolBundle.Write(home, [Kept(dir, commit)], NativeLayouts.Pool.Single("x", "none"));
        var carried = BaselineBuild.Choose(store, "native", host, bundle: home);
        Assert.True(carried.Paired, carried.WhyNotPaired);
        Assert.Equal((commit, null), (carried.Commit, carried.Repository));
        Assert.Equal("lib", File.ReadAllText(carried.Bundled!.Library));
        Assert.Equal("variant", File.ReadAllText(Path.Combine(Path.GetDirectoryName(carried.Bundled.Library)!, "layouts", "libbenchnative.8", "L0.so")));
        // the twins only: their dependencies are the tool's own
        Assert.Equal(["Bench.Benchmarks.dll"], Directory.GetFiles(Path.GetDirectoryName(carried.Bundled.Managed!)!).Select(Path.GetFileName));
        using var build = BaseBuild.Carried(commit, carried.Bundled);
        Assert.Equal(carried.Bundled.Library, build.Library);
    }

    [Fact]
    public void Bundle_IntoAFolderHoldingAnythingElse_IsRefused_AndNothingThereIsDeleted()
    {
        using var dir = new TempDir();
        var home = Directory.CreateDirectory(dir.File("somewhere")).FullName;
        File.WriteAllText(Path.Combine(home, "notes.txt"), "mine");
        var e = Assert.Throws<BenchException>(() => ToolBundle.Write(home, [], NativeLayouts.Pool.Single("x", "none")));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("notes.txt", e.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(home, "notes.txt")));
        // a bundle written before is replaced
        var bundle = dir.File("bundle");
        ToolBundle.Write(bundle, [Kept(dir, "0123456789abcdef0123456789abcdef01234567")], NativeLayouts.Pool.Single("x", "none"));
        ToolBundle.Write(bundle, [], NativeLayouts.Pool.Single("x", "none"));
        Assert.False(Directory.Exists(Path.Combine(bundle, ToolBundle.BuildsFolder)));
    }

    [Fact]
    public void TheToolsBuild_OfADirtyBaseline_OrCutShort_IsNeverTaken()
    {
        using var dir = new TempDir();
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var home = dir.File("tool");
        ToolBundle.Write(home, [Kept(dir, commit)], NativeLayouts.Pool.Single("x", "none"));
        var dirty = Entry(dir, Doc(commit, dirty: true));
        var fromDirty = BaselineBuild.Choose(new BaselineStore(Path.GetDirectoryName(dirty.Path)!), "native", SampleDocuments.Host(), bundle: home);
        Assert.False(fromDirty.Paired);
        Assert.Contains("dirty tree", fromDirty.WhyNotPaired);
        File.Delete(dirty.Path);

        var clean = Entry(dir, Doc(commit));
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(home, ToolBundle.BuildsFolder)));
        File.Delete(Path.Combine(folder, BuildCache.CompleteMarker));
        Assert.Null(ToolBundle.FindBuild(commit, home));
        Assert.False(BaselineBuild.Choose(new BaselineStore(Path.GetDirectoryName(clean.Path)!), "native", SampleDocuments.Host(), bundle: home).Paired);
    }
}

/// <summary>How a base commit of Bench's own suite is built: by the manifest it carries, or, before it had one, as it was built then.</summary>
public class OwnSuiteBaseBuildTests
{
    [Fact]
    public void ABaseWithTheSuitesManifest_IsBuiltByItsCommands_InItsFolder()
    {
        using var dir = new TempDir();
        var repo = dir.File("repo");
        var suite = Path.Combine(repo, Path.GetDirectoryName(Bench.Core.Suites.Suite.OwnManifest)!);
        Directory.CreateDirectory(suite);
        // the commands say where they ran: the base's build must run them in the suite's folder of the base's worktree
        File.WriteAllText(Path.Combine(repo, Bench.Core.Suites.Suite.OwnManifest), """
            { "suite": "native",
              "native": { "build": [["sh", "-c", "mkdir -p out && pwd > out/libk.so"]], "library": "out/libk.so" } }
            """);
        GitRepo.Git(repo, "init", "-q");
        GitRepo.Commit(repo, "one");
        var lines = new List<string>();
        using var build = BaseBuild.Create("HEAD", repo, lines.Add);
        Assert.NotNull(build.Worktree);
        var folder = Path.GetFullPath(Path.Combine(build.Worktree!, Path.GetDirectoryName(Bench.Core.Suites.Suite.OwnManifest)!));
        Assert.Equal(Path.Combine(folder, "out", "libk.so"), build.Library);
        Assert.Equal(folder, File.ReadAllText(build.Library).Trim());
        Assert.Null(build.Managed);
        Assert.Contains(lines, l => l.Contains("building the suite 'native' (native)", StringComparison.Ordinal));
    }

    [Fact]
    public void BenchsOwnManifest_DescribesThePagePoolSuite_WhereTheToolsBuildPutsIt()
    {
        var root = RepoRoot.Path;
        var manifest = Bench.Core.Suites.SuiteManifest.Read(Path.Combine(root, Bench.Core.Suites.Suite.OwnManifest));
        Assert.Equal(BaselineStore.DefaultSuite, manifest.Name);
        // the same library and twins' assembly the tool carries, by file name
        Assert.Equal(Path.GetFileName(Bench.Suite.Host.NativeLibraryLocator.Resolve()), Path.GetFileName(manifest.Native.Output));
        Assert.Equal(Bench.Core.Running.Managed.ManagedKernelSpec.AssemblyFileName, Path.GetFileName(manifest.Managed!.Output));
        Assert.Contains(manifest.Native.Build, c => c.SequenceEqual(["cmake", "--build", "Native/build", "--parallel", "--target", "benchnative", "bench-driver"]));
    }

    [Fact]
    public void TheCarriedManifest_GivesBenchsOwnSuite_ItsProbeAndControls()
    {
        Assert.True(File.Exists(Bench.Core.Suites.Suite.CarriedManifest), Bench.Core.Suites.Suite.CarriedManifest);
        var own = Bench.Core.Suites.Suite.Own();
        Assert.Null(own.Manifest);
        Assert.Equal("native/dispatch/ops/provider-off", own.Probe);
        // the embedded gate configuration's controls are the suite's: the default suite's gate reads "embedded default"
        Assert.Equal(Bench.Core.Comparison.GateConfigFile.Default.Controls, own.Controls!);
    }

    [Theory]
    [InlineData("b", "b")]
    [InlineData("c", null)] // named but not available: no probe, never another kernel in its place
    [InlineData("x", null)]
    [InlineData(null, "b")] // none named: the first available
    public void TheProbeKernel_IsTheOneNamed_ElseTheFirstAvailable(string? named, string? expected)
    {
        Bench.Suite.Host.KernelInfo K(int i, string id, bool available) => new(i, id, "kernel", null, null, available, available ? null : "no", 1024);
        var kernels = new[] { K(0, "a", false), K(1, "b", true), K(2, "c", false) };
        Assert.Equal(expected, Bench.Core.Hosting.CpuProbe.KernelOf(kernels, named));
    }
}
