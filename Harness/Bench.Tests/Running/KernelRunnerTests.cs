using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Tests.Running;

/// <summary>The runner with a real worker process and the real library.</summary>
public class KernelRunnerTests
{
    private static readonly RunProfile Tiny = new("tiny", Launches: 2, WarmupSamples: 1, RoundsPerLaunch: 2, SamplesPerBlock: 3,
        DiscardedPerBlock: 1, SampleTargetMilliseconds: 0.2);
    private static readonly string Library = NativeLibraries.LoadDefault().Path;

    [Fact]
    public void Run_TwoKernels_KeepsEveryRoundsSamplesPerElement()
    {
        var ids = new[] { "native/for_loop", "native/pp01-fast/if/provider-on" };
        var progress = new List<RunProgress>();
        var outcome = new KernelRunner(WorkerLaunch.Default(), new SyncProgress(progress.Add)).Run(Library, ids, Tiny, seed: 7);
        Assert.Equal(ids, outcome.Results.Select(r => r.Id));
        foreach (var r in outcome.Results)
        {
            Assert.Equal(BenchmarkStatus.Ok, r.Status);
            Assert.True(r.Loops >= LoopCalibration.MinLoops);
            Assert.Equal(Tiny.SamplesPerBenchmark, r.Metrics[MetricNames.Cycles].Samples.Count);
            Assert.Equal(Tiny.SamplesPerBenchmark, r.Metrics[MetricNames.Nanoseconds].Samples.Count);
            Assert.Equal([6, 6], r.SamplesPerLaunch); // each worker process gave its share
            Assert.All(r.Metrics[MetricNames.Cycles].Samples, v => Assert.True(v > 0 && double.IsFinite(v)));
        }
        // The for_loop costs less per element than a page_pool alloc + recycle.
        Assert.True(outcome.Results[0].Metrics[MetricNames.Cycles].Samples.Min() < outcome.Results[1].Metrics[MetricNames.Cycles].Samples.Min());
        Assert.Equal(progress[^1].Total, progress[^1].Done);
    }

    [Fact]
    public void Run_PinsEachLaunchToTheNextCpuAndRecordsIt()
    {
        // what this test process started with: tests running beside it narrow the process while they measure
        var allowed = Bench.Core.Hosting.CpuAffinity.AtStart;
        var launch = WorkerLaunch.Default() with { Cpus = allowed };
        var profile = Tiny with { Launches = 2 * allowed.Count };
        var r = new KernelRunner(launch).Run(Library, ["native/for_loop"], profile, seed: 0).Results.Single();
        // launch i runs on CPU i (mod the count) for seed 0, each as the worker itself reported it
        Assert.Equal(Enumerable.Range(0, profile.Launches).Select(i => allowed[i % allowed.Count]), r.LaunchCpus!);
    }

    [Fact]
    public void Run_OneCpu_EveryLaunchMeasuresThere()
    {
        var cpu = Bench.Core.Hosting.CpuAffinity.AtStart[^1];
        var r = new KernelRunner(WorkerLaunch.Default() with { Cpus = [cpu] }).Run(Library, ["native/lock"], Tiny, seed: 3).Results.Single();
        Assert.Equal([cpu, cpu], r.LaunchCpus!);
    }

    [Fact]
    public void Run_Unpinned_RecordsNoCpus()
    {
        var r = new KernelRunner(WorkerLaunch.Default() with { Cpus = null }).Run(Library, ["native/lock"], Tiny, seed: 3).Results.Single();
        Assert.Null(r.LaunchCpus);
    }

    [Fact]
    public void Run_StopLaunching_EndsAfterTheLaunchInHand()
    {
        var asked = 0;
        var r = new KernelRunner(WorkerLaunch.Default() with { Lanes = 1 }) { StopLaunching = () => ++asked >= 2 }
            .Run(Library, ["native/lock"], Tiny with { Launches = 5 }, seed: 3).Results.Single();
        // asked before launches 2 and 3: the second ran, the third did not start
        Assert.Equal(2, asked);
        Assert.Equal([6, 6], r.SamplesPerLaunch);
    }

    [Fact]
    public void Run_TwoLanes_RunLaunchesAtOnceEachOnItsCpuAndKeepLaunchOrder()
    {
        var allowed = Bench.Core.Hosting.CpuAffinity.AtStart;
        if (allowed.Count < 2)
            return; // one CPU: one lane
        var cpus = allowed.Take(2).ToList();
        // the first launch chooses the loop count alone; then each lane asks before its first launch, and
        // waits for the other to ask too: only lanes that run at once both get past the wait
        using var both = new CountdownEvent(2);
        var met = new List<bool>();
        var r = new KernelRunner(WorkerLaunch.Default() with { Cpus = cpus, Lanes = 2 })
        {
            StopLaunching = () =>
            {
                if (!both.IsSet)
                {
                    both.Signal();
                    var ok = both.Wait(TimeSpan.FromSeconds(30));
                    lock (met)
                        met.Add(ok);
                }
                return false;
            },
        }.Run(Library, ["native/lock", "native/for_loop"], Tiny with { Launches = 5 }, seed: 0).Results;
        Assert.Equal([true, true], met);
        foreach (var b in r)
        {
            Assert.Equal(BenchmarkStatus.Ok, b.Status);
            Assert.Equal([6, 6, 6, 6, 6], b.SamplesPerLaunch);
            // launch i on CPU i mod 2 for seed 0, whichever lane finished first
            Assert.Equal(Enumerable.Range(0, 5).Select(i => cpus[i % 2]), b.LaunchCpus!);
        }
    }

    [Fact]
    public void Run_KernelCrashes_ReportsItAndKeepsTheOthers()
    {
        var launch = WorkerLaunch.Default() with
        {
            Environment = new Dictionary<string, string> { [WorkerHost.CrashVariable] = "native/pp01-fast/ops/provider-on" },
        };
        var ids = new[] { "native/pp01-fast/ops/provider-off", "native/pp01-fast/ops/provider-on", "native/lock" };
        var outcome = new KernelRunner(launch).Run(Library, ids, Tiny, seed: 1);
        var byId = outcome.Results.ToDictionary(r => r.Id);
        var crashed = byId["native/pp01-fast/ops/provider-on"];
        Assert.Equal(BenchmarkStatus.Crashed, crashed.Status);
        Assert.Contains("SIGSEGV", crashed.Error);
        foreach (var id in new[] { "native/pp01-fast/ops/provider-off", "native/lock" })
        {
            Assert.Equal(BenchmarkStatus.Ok, byId[id].Status);
            Assert.Equal(Tiny.SamplesPerBenchmark, byId[id].Metrics[MetricNames.Cycles].Samples.Count);
        }
    }

    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
