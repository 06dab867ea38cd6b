using Bench.Core.Gating;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Cli;

/// <summary>compare, baseline, gate, ab and selftest through the real CLI, on one or two kernels.</summary>
public class GateCliTests
{
    private const string Kernel = "native/for_loop";
    private static readonly string[] Small = ["--filter", Kernel, "--launches", "3", "--samples", "30"];

    private static string Run(TempDir dir, string name)
    {
        var path = dir.File(name);
        var r = CliProcess.Run(["run", .. Small, "--out", path]);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        return path;
    }

    [Fact]
    public void Compare_TwoRuns_WritesVerdictsAndPrintsThem()
    {
        using var dir = new TempDir();
        var (a, b) = (Run(dir, "a.json"), Run(dir, "b.json"));
        var out_ = dir.File("cmp.json");
        var r = CliProcess.Run("compare", a, b, "--out", out_);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("unpaired comparison of cycles", r.Stdout);
        Assert.Contains(Kernel, r.Stdout);
        var doc = ComparisonFile.Read(out_);
        var row = Assert.Single(doc.Benchmarks);
        Assert.Equal(Kernel, row.Id);
        Assert.Equal(3, row.BaseLaunches);
        Assert.NotNull(doc.Gate);
    }

    [Fact]
    public void Compare_OtherMachine_IsNoComparableBaselineUnlessAsked()
    {
        using var dir = new TempDir();
        var a = Run(dir, "a.json");
        var other = dir.File("other.json");
        var doc = ResultsFile.Read(a);
        ResultsFile.Write(other, doc with { Host = doc.Host with { CpuModel = "Some Other CPU" } });
        var r = CliProcess.Run("compare", other, a, "--out", dir.File("c.json"));
        Assert.Equal(ExitCodes.NoComparableBaseline, r.ExitCode);
        Assert.Contains("Some Other CPU", r.Stderr);
        Assert.False(File.Exists(dir.File("c.json")));
        Assert.Equal(ExitCodes.Success, CliProcess.Run("compare", other, a, "--out", dir.File("c.json"), "--any-machine").ExitCode);
    }

    [Fact]
    public void Compare_TruncatedInput_IsUsageErrorAndWritesNothing()
    {
        using var dir = new TempDir();
        var a = Run(dir, "a.json");
        var bad = dir.File("bad.json");
        File.WriteAllText(bad, File.ReadAllText(a)[..300]);
        var r = CliProcess.Run("compare", a, bad, "--out", dir.File("c.json"));
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(bad, r.Stderr);
        Assert.False(File.Exists(dir.File("c.json")));
    }

    [Fact]
    public void BaselineThenGate_SameMachine_DecidesAndWritesFiles()
    {
        using var dir = new TempDir();
        var baselines = dir.File("baselines");
        var save = CliProcess.Run("baseline", "save", Run(dir, "a.json"), "--baselines", baselines);
        Assert.True(save.ExitCode == ExitCodes.Success, save.Stderr);
        Assert.Contains("saved", save.Stdout);
        var again = CliProcess.Run("baseline", "save", dir.File("a.json"), "--baselines", baselines);
        Assert.Equal(ExitCodes.UsageError, again.ExitCode);
        Assert.Contains("--force", again.Stderr);

        var list = CliProcess.Run("baseline", "list", "--baselines", baselines);
        Assert.Contains("this machine", list.Stdout);
        var show = CliProcess.Run("baseline", "show", "--baselines", baselines);
        Assert.True(show.ExitCode == ExitCodes.Success, show.Stderr);
        Assert.Contains("for_loop", show.Stdout);

        var outDir = dir.File("gate");
        var summary = dir.File("step-summary.md");
        File.WriteAllText(summary, "earlier step\n");
        var gate = CliProcess.Run(new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary },
            ["gate", .. Small, "--baselines", baselines, "--out-dir", outDir, "--report", dir.File("r/gate.html"), "--history", dir.File("history")]);
        Assert.Contains(gate.ExitCode, new[] { ExitCodes.Success, ExitCodes.RegressionFound, ExitCodes.Inconclusive });
        Assert.Contains("gate: ", gate.Stdout);
        var cmp = ComparisonFile.Read(Path.Combine(outDir, "comparison.json"));
        Assert.Equal(gate.ExitCode, cmp.Gate!.ExitCode);
        Assert.Equal("unpaired", cmp.Mode);
        Assert.True(File.Exists(Path.Combine(outDir, "head-results.json")));
        // the report, its Markdown, the job summary (appended to), and one history entry
        var html = File.ReadAllText(dir.File("r/gate.html"));
        Assert.Contains("<canvas id=\"chart-case-0\"", html);
        Assert.Contains(Kernel, html);
        var markdown = File.ReadAllText(dir.File("r/gate.md"));
        Assert.Contains($"(exit {gate.ExitCode})", markdown);
        Assert.Equal("earlier step\n" + markdown + "\n", File.ReadAllText(summary));
        var entry = Assert.Single(new Bench.Core.History.HistoryStore(dir.File("history")).ReadAll());
        Assert.Equal(cmp.Gate.Outcome.Word(), entry.Outcome);
        Assert.Contains(Kernel, entry.Benchmarks.Keys);
    }

    [Fact]
    public void Gate_NoBaselineForThisMachine_ExitsFourBeforeMeasuring()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run("gate", "--quick", "--baselines", dir.File("empty"), "--out-dir", dir.File("g"));
        Assert.Equal(ExitCodes.NoComparableBaseline, r.ExitCode);
        Assert.Contains("bench baseline save", r.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.File("g"), "head-results.json")));
    }

    private static readonly string[] Counted = ["--filter", "native/pp01-fast/ops/*", "--filter", "native/lock"];

    /// <summary>A counted baseline of <see cref="Counted"/> as if recorded on another machine of this toolchain.</summary>
    private static string OtherMachineBaseline(TempDir dir, Func<BenchmarkResult, BenchmarkResult>? edit = null)
    {
        var count = CliProcess.Run(["count", "--no-cache-sim", .. Counted, "--out", dir.File("counted.json")]);
        Assert.True(count.ExitCode == ExitCodes.Success, count.Stderr);
        var doc = ResultsFile.Read(dir.File("counted.json"));
        doc = doc with
        {
            Host = doc.Host with { CpuModel = "Some Other CPU", TimerFrequencyHz = 2_594_800_000 },
            Benchmarks = doc.Benchmarks.Select(edit ?? (b => b)).ToList(),
        };
        ResultsFile.Write(dir.File("other.json"), doc);
        var baselines = dir.File("baselines");
        var save = CliProcess.Run("baseline", "save", dir.File("other.json"), "--baselines", baselines);
        Assert.True(save.ExitCode == ExitCodes.Success, save.Stderr);
        return baselines;
    }

    [Fact]
    public void Gate_BaselineOfAnotherMachine_GatesOnInstructionsWithoutMeasuringCycles()
    {
        using var dir = new TempDir();
        var baselines = OtherMachineBaseline(dir);
        var outDir = dir.File("g");
        var r = CliProcess.Run(["gate", "--quick", .. Counted, "--baselines", baselines, "--out-dir", outDir, "--no-report"]);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stdout + r.Stderr);
        // said before anything was measured, and the way to a baseline of its own after
        var said = r.Stdout.IndexOf("cycles will not be compared and none are measured", StringComparison.Ordinal);
        Assert.True(said >= 0, r.Stdout);
        Assert.True(said < r.Stdout.IndexOf("verdict ", StringComparison.Ordinal));
        Assert.Contains("Some Other CPU", r.Stdout);
        Assert.Contains("record its baseline: ./bench run --with-count --out results.json && ./bench baseline save results.json", r.Stdout);
        var head = ResultsFile.Read(Path.Combine(outDir, "head-results.json"));
        Assert.All(head.Benchmarks, b => Assert.False(b.Metrics.ContainsKey(MetricNames.Cycles)));
        var cmp = ComparisonFile.Read(Path.Combine(outDir, "comparison.json"));
        Assert.Equal(3, cmp.Benchmarks.Count);
        Assert.All(cmp.Benchmarks, b =>
        {
            Assert.Equal(Verdict.Same, b.Verdict);
            Assert.Equal("instructions", b.DecidedBy);
            Assert.Null(b.CyclesVerdict);
        });
        Assert.NotNull(cmp.CyclesNotCompared);
        Assert.NotNull(cmp.RecordBaseline);
    }

    [Fact]
    public void Gate_BaselineOfAnotherMachine_CountChanged_IsARegression()
    {
        using var dir = new TempDir();
        // the baseline had one instruction less per element on pp01-fast/ops/provider-off: head is one slower
        var baselines = OtherMachineBaseline(dir, b => b.Id != "native/pp01-fast/ops/provider-off" ? b : b with
        {
            Metrics = new Dictionary<string, MetricSeries>(b.Metrics)
            {
                [MetricNames.Instructions] = b.Metrics[MetricNames.Instructions] with { Samples = [b.Metrics[MetricNames.Instructions].Samples[0] - 1] },
            },
        });
        var r = CliProcess.Run(["gate", "--quick", .. Counted, "--baselines", baselines, "--out-dir", dir.File("g"), "--no-report"]);
        Assert.Equal(ExitCodes.RegressionFound, r.ExitCode);
        var row = ComparisonFile.Read(Path.Combine(dir.File("g"), "comparison.json")).Benchmarks.Single(b => b.Verdict != Verdict.Same);
        Assert.Equal(("native/pp01-fast/ops/provider-off", Verdict.Slower, "instructions"), (row.Id, row.Verdict, row.DecidedBy));
    }

    [Fact]
    public void Gate_BaselineOfAnotherMachine_NoValgrind_IsNoComparableBaselineSayingWhy()
    {
        using var dir = new TempDir();
        var baselines = OtherMachineBaseline(dir);
        var env = new Dictionary<string, string> { ["PATH"] = dir.Path };
        var r = CliProcess.Run(env, ["gate", "--quick", .. Counted, "--baselines", baselines, "--out-dir", dir.File("g")]);
        Assert.Equal(ExitCodes.NoComparableBaseline, r.ExitCode);
        Assert.Contains("valgrind is not installed", r.Stderr);
        Assert.Contains("./bench baseline save results.json", r.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.File("g"), "head-results.json")));
    }

    [Fact]
    public void Gate_PrintConfig_PrintsTheEmbeddedDefault()
    {
        var r = CliProcess.Run("gate", "--print-config");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("\"absoluteFloor\"", r.Stdout);
    }

    [Fact]
    public void Ab_SameLibraryTwice_RunsPairedAndNeverCallsItSlowerOrFaster()
    {
        using var dir = new TempDir();
        var lib = NativeLibraries.LoadDefault().Path;
        var r = CliProcess.Run(["ab", "--base-library", lib, .. Small, "--out-dir", dir.Path, "--no-report"]);
        Assert.Contains(r.ExitCode, new[] { ExitCodes.Success, ExitCodes.Inconclusive });
        var cmp = ComparisonFile.Read(dir.File("comparison.json"));
        Assert.Equal("paired", cmp.Mode);
        var row = Assert.Single(cmp.Benchmarks);
        // 30 samples over 3 launches is 10 pairs a launch; the first look takes the launches its interval needs (10), and
        // an undecided row more in every later look, each interleaved again
        Assert.Equal(10 * row.Launches, row.Pairs);
        Assert.True(row.Launches >= LookPlan.MinLaunches(LookPlan.Default.Confidence(0, 0.99)));
        Assert.Matches("(decided|still undecided) at look [1-5] of 5", row.Reason);
        // where the time went: every phase a native ab passes through, each look, and the line that says so
        var head = ResultsFile.Read(dir.File("head-results.json"));
        foreach (var phase in new[] { "start", "open", "calibrate", "warm-up", "sampling", "requests", "close" })
            Assert.True(head.Run.Phases![phase] > 0, phase);
        var look = int.Parse(System.Text.RegularExpressions.Regex.Match(row.Reason, "at look ([1-5]) of").Groups[1].Value);
        Assert.Equal(look, head.Run.Looks!.Count);
        Assert.Equal(1, head.Run.Looks[0].Measured);
        // one launch a CPU at once: the phases are lane-seconds, and the results say how many lanes
        var lanes = Bench.Core.Hosting.CpuAffinity.AtStart.Count;
        Assert.Equal(lanes > 1 ? lanes : null, head.Run.Lanes);
        var measuring = lanes > 1 ? $@"measuring [0-9.]+ s in {lanes} lanes at once \(lane-seconds: " : @"measuring [0-9.]+ s \(";
        Assert.Matches($@"time: {measuring}probe [0-9.]+, start .*sampling share [0-9]+%; [1-5] looks?: 1 \(10 launches, 1 measured", r.Stdout);
        Assert.Contains(row.Verdict, new[] { Verdict.Same, Verdict.Unknown });
        Assert.True(Comparer.ArePaired(ResultsFile.Read(dir.File("base-results.json")), ResultsFile.Read(dir.File("head-results.json"))));
    }

    [Fact]
    public void Ab_OneLane_RecordsNoLanesAndTakesTheCpusInTurn()
    {
        var cpus = Bench.Core.Hosting.CpuAffinity.AtStart;
        using var dir = new TempDir();
        var lib = NativeLibraries.LoadDefault().Path;
        var r = CliProcess.Run(["ab", "--base-library", lib, .. Small, "--lanes", "1", "--out-dir", dir.Path, "--no-report"]);
        Assert.True(r.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive, r.Stdout + r.Stderr);
        var head = ResultsFile.Read(dir.File("head-results.json"));
        Assert.Null(head.Run.Lanes);
        Assert.Matches(@"time: measuring [0-9.]+ s \(probe [0-9.]+, start ", r.Stdout);
        var row = head.Benchmarks.Single();
        Assert.Equal(Math.Min(cpus.Count, row.LaunchCpus!.Count), row.LaunchCpus!.Distinct().Count());
    }

    [Fact]
    public void Ab_NoLanes_IsAUsageError()
    {
        var r = CliProcess.Run(["ab", "--base-library", NativeLibraries.LoadDefault().Path, .. Small, "--lanes", "0", "--no-report"]);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("--lanes 0", r.Stderr + r.Stdout);
    }

    [Fact]
    public void Ab_TwoPlacementsALaunch_RecordsEachPlacementItsLayoutAndTheLayoutSpread()
    {
        using var dir = new TempDir();
        var lib = NativeLibraries.LoadDefault().Path;
        var r = CliProcess.Run(["ab", "--base-library", lib, .. Small, "--placements", "2", "--out-dir", dir.Path, "--no-report"]);
        Assert.True(r.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive, r.Stdout + r.Stderr);
        Assert.Contains($"Placement: every launch ran 2 placements a side, native kernels in layouts drawn from {NativeLayouts.DefaultCount} relinks", r.Stdout);
        Assert.Contains("layout ±", r.Stdout);
        foreach (var side in new[] { "base", "head" })
        {
            var doc = ResultsFile.Read(dir.File($"{side}-results.json"));
            Assert.Equal(new PlacementSettings(2, NativeLayouts.DefaultCount), doc.Run.Placement);
            var b = Assert.Single(doc.Benchmarks);
            Assert.Equal(b.SamplesPerLaunch.Count, b.SamplesPerPlacement!.Count);
            Assert.All(b.SamplesPerPlacement, l => Assert.Equal(2, l.Count));
            // a launch draws two different layouts of a side, and the launches do not all draw the same two
            Assert.All(b.PlacementLayouts!, l => Assert.Equal(2, l.Distinct().Count()));
            Assert.True(b.PlacementLayouts!.Select(l => string.Join(",", l)).Distinct().Count() > 1);
            Assert.Equal(2, b.Variance!.Placements);
        }
        var row = Assert.Single(ComparisonFile.Read(dir.File("comparison.json")).Benchmarks);
        Assert.NotNull(row.LayoutSpread);
        Assert.Equal(2, row.Variance!.Placements);
    }

    [Fact]
    public void Variance_OfResultsAndOfTheirComparison_PrintsEveryBenchmarksComponents()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(["ab", "--base-library", NativeLibraries.LoadDefault().Path, .. Small, "--filter", "native/atomic_inc", "--placements", "2",
            "--out-dir", dir.Path, "--no-report"]);
        Assert.True(r.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive, r.Stdout + r.Stderr);
        var results = CliProcess.Run(["variance", dir.File("head-results.json")]);
        Assert.Equal(0, results.ExitCode);
        Assert.Contains("Where the variation comes from, of each benchmark's cycles", results.Stdout);
        var head = ResultsFile.Read(dir.File("head-results.json"));
        foreach (var b in head.Benchmarks)
        {
            var line = Assert.Single(results.Stdout.Split('\n'), l => l.StartsWith(b.Id + " "));
            Assert.Contains(b.Variance!.WithinPlacement.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), line);
            Assert.Contains($"{b.Variance.Launches}x2x", line);
        }
        var paired = CliProcess.Run(["variance", dir.File("comparison.json")]);
        Assert.Equal(0, paired.ExitCode);
        Assert.Contains("of the paired effects (head - base)", paired.Stdout);
        Assert.Equal(2, paired.Stdout.Split('\n').Count(l => l.StartsWith("native/")));
    }

    [Fact]
    public void Ab_OnePlacement_RecordsNone()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(["ab", "--base-library", NativeLibraries.LoadDefault().Path, .. Small, "--placements", "1", "--out-dir", dir.Path, "--no-report"]);
        Assert.True(r.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive, r.Stdout + r.Stderr);
        var b = Assert.Single(ResultsFile.Read(dir.File("head-results.json")).Benchmarks);
        Assert.Null(b.SamplesPerPlacement);
        Assert.Null(ResultsFile.Read(dir.File("head-results.json")).Run.Placement);
        Assert.DoesNotContain("layout ±", r.Stdout);
    }

    [Theory]
    [InlineData("--placements", "0")]
    [InlineData("--placements", "9")]
    [InlineData("--layouts", "0")]
    public void Ab_PlacementsOutOfRange_IsAUsageError(string option, string value)
    {
        var r = CliProcess.Run(["ab", "--base-library", NativeLibraries.LoadDefault().Path, .. Small, option, value, "--no-report"]);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(option, r.Stderr);
    }

    [Fact]
    public void Ab_PrebuiltBaseWithoutItsTwins_ComparesNativeAndSaysTheTwinsAreNot()
    {
        using var dir = new TempDir();
        var lib = NativeLibraries.LoadDefault().Path;
        var r = CliProcess.Run(["ab", "--base-library", lib, .. Small, "--out-dir", dir.Path, "--no-report"]);
        Assert.Contains("the managed twins are not compared", r.Stderr);
        Assert.All(ComparisonFile.Read(dir.File("comparison.json")).Benchmarks, b => Assert.StartsWith("native/", b.Id));
    }

    [Fact]
    public void Ab_ManagedInjectedCallPerElement_IsSlower()
    {
        // the twins' for_loop is one increment per element: an extra call is several times that
        using var dir = new TempDir();
        var dll = Bench.Core.Running.Managed.ManagedKernelSpec.Default().AssemblyPath;
        var r = CliProcess.Run(["ab", "--base-library", NativeLibraries.LoadDefault().Path, "--base-managed", dll, "--head-managed", dll + "#inject-calls=1",
            "--filter", "managed/for_loop", "--launches", "8", "--out-dir", dir.Path, "--no-report"]);
        Assert.True(r.ExitCode == ExitCodes.RegressionFound, r.Stdout + r.Stderr);
        var row = Assert.Single(ComparisonFile.Read(dir.File("comparison.json")).Benchmarks);
        Assert.Equal(("managed/for_loop", Verdict.Slower, "paired"), (row.Id, row.Verdict, row.Mode));
    }

    [Fact]
    public void Ab_InjectedRegressionOnALatencyBoundLoop_IsSlower()
    {
        // for_loop is one dependent add per element: k = 4 more is 4 core cycles, far past any threshold
        using var dir = new TempDir();
        var r = CliProcess.Run(["ab", "--base-library", NativeLibraries.LoadDefault().Path, "--head-library", NativeLibraries.LoadDefault(4).Path,
            .. Small, "--out-dir", dir.Path, "--report", dir.File("ab.html")]);
        Assert.True(r.ExitCode == ExitCodes.RegressionFound, r.Stdout + r.Stderr);
        Assert.Equal(Verdict.Slower, Assert.Single(ComparisonFile.Read(dir.File("comparison.json")).Benchmarks).Verdict);
        Assert.Contains("| slower | native/for\\_loop |", File.ReadAllText(dir.File("ab.md")));
        Assert.Contains("outcome-regression", File.ReadAllText(dir.File("ab.html")));
    }

    [Fact]
    public void Ab_BaseRefBuiltInAWorktree_ComparesWithThisBuild_AndIsCachedPerCommit()
    {
        var repo = FindRepo();
        using var dir = new TempDir();
        var cache = dir.File("cache");
        // the native kernel and its managed twin: the base's twins are built in the worktree too, and both builds run side by side
        string[] args = ["ab", "--base", "HEAD", .. Small, "--filter", "managed/for_loop", "--out-dir", dir.Path, "--cache", cache];
        var r = CliProcess.RunIn(null, repo, [.. args, "--report", dir.File("ab.html")]);
        Assert.True(r.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive or ExitCodes.RegressionFound, r.Stderr);
        Assert.Contains("checking out", r.Stderr);
        // Bench's own base is built by the base's Benchmarks/bench.json, as any suite's is
        Assert.Contains("building the suite 'native' (native)", r.Stderr);
        Assert.Contains("building the suite 'native' (managed)", r.Stderr);
        Assert.Contains("kept the base's build in the cache", r.Stderr);
        var @base = ResultsFile.Read(dir.File("base-results.json"));
        Assert.Equal(40, @base.Host.Commit?.Length);
        Assert.Equal(false, @base.Host.CommitDirty);
        Assert.Equal(["native/for_loop", "managed/for_loop"], @base.Benchmarks.Select(b => b.Id));
        Assert.Contains(Path.GetFullPath(cache), @base.Benchmarks[1].Runner!.Toolchain); // the base's own build of the twins
        var head = ResultsFile.Read(dir.File("head-results.json"));
        Assert.DoesNotContain(Path.GetFullPath(cache), head.Benchmarks[1].Runner!.Toolchain);
        var managedRow = ComparisonFile.Read(dir.File("comparison.json")).Benchmarks.Single(b => b.Id == "managed/for_loop");
        Assert.Equal("paired", managedRow.Mode);
        Assert.Contains(managedRow.Verdict, new[] { Verdict.Same, Verdict.Unknown, Verdict.Slower, Verdict.Faster });
        // the base's worktree is gone again (this run's: other tests, run in parallel, check out their own bases in this repository)
        var mine = System.Text.RegularExpressions.Regex.Match(r.Stderr, @"checking out in (\S+)").Groups[1].Value;
        Assert.NotEqual("", mine);
        var worktrees = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", repo, "worktree", "list"]) { RedirectStandardOutput = true })!;
        var listed = worktrees.StandardOutput.ReadToEnd();
        worktrees.WaitForExit();
        Assert.DoesNotContain(mine, listed);
        Assert.False(Directory.Exists(mine), $"{mine} is left behind");
        // the second comparison with the same base builds nothing
        var again = CliProcess.RunIn(null, repo, args);
        Assert.True(again.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive or ExitCodes.RegressionFound, again.Stderr);
        Assert.Contains("taken from the cache", again.Stderr);
        Assert.DoesNotContain("checking out", again.Stderr);
        Assert.Equal(@base.Host.Commit, ResultsFile.Read(dir.File("base-results.json")).Host.Commit);
    }

    [Fact]
    public void Gate_RepositorysBaseline_RebuildsItsCommitAndJudgesHeadPairedWithIt()
    {
        var repo = FindRepo();
        using var dir = new TempDir();
        var r = CliProcess.RunIn(null, repo, ["gate", .. Small, "--out-dir", dir.Path, "--cache", dir.File("cache"), "--no-rerun"]);
        var shallow = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", repo, "rev-parse", "--is-shallow-repository"])
            { RedirectStandardOutput = true })!;
        var isShallow = shallow.StandardOutput.ReadToEnd().Trim() == "true";
        shallow.WaitForExit();
        if (isShallow && !r.Stdout.Contains("gate: base = ", StringComparison.Ordinal))
        {
            // a shallow clone without the baseline's commit: the gate must say so, with the fix, before falling back
            Assert.Contains("git fetch --unshallow", r.Stdout);
            return;
        }
        Assert.True(r.ExitCode is ExitCodes.Success or ExitCodes.Inconclusive or ExitCodes.RegressionFound, r.Stdout + r.Stderr);
        Assert.Contains("gate: base = the build of baseline native--", r.Stdout);
        Assert.Contains("run paired with this build", r.Stdout);
        var stored = Bench.Core.Baselines.BaselineBuild.Choose(new Bench.Core.Baselines.BaselineStore(Path.Combine(repo, "baselines")), "native",
            ResultsFile.Read(dir.File("head-results.json")).Host);
        Assert.True(stored.Paired, stored.WhyNotPaired);
        Assert.Equal(stored.Commit, ResultsFile.Read(dir.File("base-results.json")).Host.Commit);
        var comparison = ComparisonFile.Read(dir.File("comparison.json"));
        Assert.All(comparison.Benchmarks, b => Assert.Equal("paired", b.Mode));
        Assert.Null(comparison.CyclesNotCompared);
        Assert.NotNull(comparison.BaselineDrift); // the stored figures, as this machine's drift
        Assert.Contains("not the code's", r.Stdout);
    }

    [Fact]
    public void Gate_BaselineFromADirtyTree_SaysWhyItIsNotRebuiltBeforeFallingBack()
    {
        using var dir = new TempDir();
        var results = dir.File("r.json");
        var doc = SampleDocuments.With(SampleDocuments.Samples(Kernel, SampleDocuments.Noisy(1, 0.1, 40, 1)));
        ResultsFile.Write(results, doc with { Host = doc.Host with { CommitDirty = true } });
        var refused = CliProcess.Run(["baseline", "save", results, "--baselines", dir.File("b")]);
        Assert.Equal(ExitCodes.UsageError, refused.ExitCode);
        Assert.Contains("--allow-dirty", refused.Stderr);
        Assert.Equal(0, CliProcess.Run(["baseline", "save", results, "--baselines", dir.File("b"), "--allow-dirty"]).ExitCode);
        var r = CliProcess.Run(["gate", .. Small, "--baselines", dir.File("b"), "--out-dir", dir.File("out")]);
        Assert.Contains("the baseline's build cannot be had", r.Stdout);
        Assert.Contains("dirty tree", r.Stdout);
    }

    [Fact]
    public void BaselineBuild_OfOnlyADirtyBaseline_BuildsNothing_SaysWhy_AndExits4_YetBundlesTheLayouts()
    {
        using var dir = new TempDir();
        var results = dir.File("r.json");
        var doc = SampleDocuments.With(SampleDocuments.Samples(Kernel, SampleDocuments.Noisy(1, 0.1, 40, 1)));
        ResultsFile.Write(results, doc with { Host = doc.Host with { CommitDirty = true } });
        Assert.Equal(0, CliProcess.Run(["baseline", "save", results, "--baselines", dir.File("b"), "--allow-dirty"]).ExitCode);
        var r = CliProcess.Run(["baseline", "build", "--baselines", dir.File("b"), "--cache", dir.File("cache"), "--bundle", dir.File("bundle")]);
        Assert.True(r.ExitCode == ExitCodes.NoComparableBaseline, r.Stdout + r.Stderr);
        Assert.Contains("not built: ", r.Stdout);
        Assert.Contains("dirty tree", r.Stdout);
        Assert.Contains("bundle: ", r.Stdout);
        Assert.False(Directory.Exists(dir.File("bundle/base-builds")));
        // this build's layouts are linked and carried whatever the baselines are
        Assert.True(File.Exists(dir.File($"bundle/layouts/libbenchnative.{NativeLayouts.DefaultCount}/manifest.txt")), r.Stdout + r.Stderr);
        var none = CliProcess.Run(["baseline", "build", "--baselines", dir.File("b"), "--cache", "none"]);
        Assert.Equal(ExitCodes.UsageError, none.ExitCode);
    }

    [Fact]
    public void Ab_UnknownRef_IsUsageError()
    {
        using var dir = new TempDir();
        var r = CliProcess.RunIn(null, FindRepo(), ["ab", "--base", "no-such-ref-xyz", "--filter", Kernel, "--out-dir", dir.Path]);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("no-such-ref-xyz", r.Stderr);
    }

    [Fact]
    public void SelfTest_Tiny_PrintsRatesAndWritesTrials()
    {
        using var dir = new TempDir();
        var out_ = dir.File("st.json");
        // a native kernel and its managed twin: call1 has a managed counterpart, so both are graded, apart
        var r = CliProcess.Run(["selftest", "-r", "1", "--inject", "call1", "--mode", "ab", "--no-rerun", .. Small, "--filter", "managed/" + Kernel["native/".Length..],
            "--out", out_]);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("false alarms", r.Stdout);
        Assert.Contains("detected", r.Stdout);
        Assert.Contains("true cost (real and injected in one process pinned to each CPU", r.Stdout);
        var report = System.Text.Json.JsonSerializer.Deserialize<Bench.Core.Gating.SelfTestReport>(File.ReadAllText(out_), Bench.Core.Results.ResultsFile.Json)!;
        Assert.Equal(["managed", "native"], report.Trials.Select(t => t.Id.Split('/')[0]).Distinct().Order());
        Assert.Equal(["call1", "none"], report.Trials.Select(t => t.Injection).Distinct().Order());
        // each side's injection was measured on its own kernel: the managed twin's true cost came from the twins' builds
        Assert.Contains(report.TrueCosts, c => c.Id == Kernel && c.Injection == "call1");
        Assert.Contains(report.TrueCosts, c => c.Id == "managed/" + Kernel["native/".Length..] && c.Injection == "call1");
        Assert.Contains(report.Rows, row => row.Case.StartsWith("managed ", StringComparison.Ordinal));
    }

    private static string FindRepo() => RepoRoot.Path;
}
