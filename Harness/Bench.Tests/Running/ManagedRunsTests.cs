using System.Runtime.Loader;
using Bench.Suite.Host;
using Bench.Core.Gating;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Managed;
using Bench.Core.Running.Worker;

namespace Bench.Tests.Running;

/// <summary>The managed twins in Bench's own workers: the spec, the load contexts, the worker protocol, and real pinned runs.</summary>
public class ManagedRunsTests
{
    private static readonly RunProfile Tiny = new("tiny", Launches: 2, WarmupSamples: 1, RoundsPerLaunch: 2, SamplesPerBlock: 3,
        DiscardedPerBlock: 1, SampleTargetMilliseconds: 0.2) { ManagedLaunches = 2 };

    private static double TimerHz => NativeLibraries.LoadDefault().BuildInfo.TimerHz;

    [Theory]
    [InlineData("/x/Bench.Benchmarks.dll", "/x/Bench.Benchmarks.dll", 0)]
    [InlineData("/x/Bench.Benchmarks.dll#inject-calls=1", "/x/Bench.Benchmarks.dll", 1)]
    [InlineData("/a#b/Bench.Benchmarks.dll#inject-calls=12", "/a#b/Bench.Benchmarks.dll", 12)]
    public void Spec_ParsesAndPrintsBack(string text, string path, int calls)
    {
        var spec = ManagedKernelSpec.Parse(text);
        Assert.Equal((path, calls), (spec.AssemblyPath, spec.InjectCalls));
        Assert.Equal(text, spec.ToString());
        Assert.True(ManagedKernelSpec.IsManaged(text));
    }

    [Theory]
    [InlineData("/x/libbenchnative.so", false)]
    [InlineData("/x/Bench.Benchmarks.DLL", true)]
    public void Spec_ManagedIsAnAssembly(string text, bool managed) => Assert.Equal(managed, ManagedKernelSpec.IsManaged(text));

    [Fact]
    public void Spec_BadInjectCount_IsAUsageError() =>
        Assert.Equal(Bench.Core.ExitCodes.UsageError,
            Assert.Throws<Bench.Core.BenchException>(() => ManagedKernelSpec.Parse("/x/Bench.Benchmarks.dll#inject-calls=-1")).ExitCode);

    [Fact]
    public void Injection_Call1_HasAManagedCounterpart_TheAluOnesDoNot()
    {
        Assert.Equal(1, Injection.Parse("call1").Managed()!.InjectCalls);
        Assert.Null(Injection.Parse("k1").Managed());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData("2", 2)]
    [InlineData("x", 0)]
    [InlineData(-3, 0)]
    [InlineData(null, 0)]
    public void ManagedInjection_ParsesTheAppContextData(object? data, int calls) =>
        Assert.Equal(calls, Bench.Benchmarks.Managed.ManagedInjection.Parse(data));

    [Fact]
    public void Assembly_BothStaticKeyStatesAndAnInjectedCopy_OpenInOneProcess()
    {
        // one process, both key states: each kernel's copy of the twins has a static key of its own
        var plain = ManagedKernelAssembly.Load(ManagedKernelSpec.Default());
        Assert.Equal(Bench.Benchmarks.Managed.ManagedKernels.All.Select(k => k.Id), plain.Kernels.Select(k => k.Id));
        var sessions = new List<IWorkerSession>();
        foreach (var id in new[] { "managed/pp03-slow/static-key/provider-on", "managed/pp03-slow/static-key/provider-off" })
        {
            var s = plain.Open(plain.Kernels.Single(k => k.Id == id).Index, out var status, out var error);
            Assert.True(s is not null, error);
            Assert.Equal(NativeStatus.Ok, status);
            sessions.Add(s);
        }
        var injected = ManagedKernelAssembly.Load(ManagedKernelSpec.Default(injectCalls: 1));
        var forLoop = injected.Kernels.Single(k => k.Id == "managed/for_loop");
        sessions.Add(injected.Open(forLoop.Index, out _, out var why) ?? throw new Xunit.Sdk.XunitException(why));
        // the injected copy read its count when it opened; the plain copies read 0
        Assert.Equal(1, InjectionOf("bench-kernel managed/for_loop").Max());
        Assert.All(InjectionOf("bench-kernel managed/pp03-slow/static-key/provider-on"), c => Assert.Equal(0, c));

        var (_, quiet) = ManagedKernelAssembly.Settle(sessions, TimeSpan.FromSeconds(30));
        Assert.True(quiet);
        foreach (var s in sessions)
        {
            Assert.Equal(NativeStatus.Ok, s.Sample(4096, out var sample, out var error));
            Assert.Null(error);
            Assert.Equal(4096ul, sample.Invocations);
            Assert.Equal(0ul, sample.Ticks); // timed by the clock alone: the runner derives cycles
            Assert.True(sample.Nanoseconds > 0);
            Assert.Null(s.Close());
        }
    }

    private static IEnumerable<int> InjectionOf(string context) =>
        AssemblyLoadContext.All.Where(c => c.Name == context)
            .Select(c => (int)c.Assemblies.Single().GetType("Bench.Benchmarks.Managed.ManagedInjection")!.GetField("Calls")!.GetValue(null)!);

    [Fact]
    public void Assembly_Missing_IsAnEnvironmentErrorNamingIt()
    {
        var e = Assert.Throws<Bench.Core.BenchException>(() => ManagedKernelAssembly.Load(new ManagedKernelSpec("/nonexistent/Bench.Benchmarks.dll")));
        Assert.Equal(Bench.Core.ExitCodes.EnvironmentProblem, e.ExitCode);
        Assert.Contains("/nonexistent/Bench.Benchmarks.dll", e.Message);
    }

    [Fact]
    public void Run_TwoBuildsInterleaved_PinnedWorkers_PairsEverySample()
    {
        var ids = new[] { "managed/for_loop", "managed/pp01-fast/ops/provider-on", "managed/pp01-fast/if/provider-off@pgo-off" };
        var cpu = Bench.Core.Hosting.CpuAffinity.AtStart[^1];
        var builds = new[] { ManagedKernelSpec.Default(), ManagedKernelSpec.Default() };
        var arms = ManagedRuns.Run(builds, ids, Tiny, seed: 5, WorkerLaunch.Default() with { Cpus = [cpu] }, TimerHz, null);
        Assert.Equal(2, arms.Count);
        var perLaunch = Tiny.ForManaged().RoundsPerLaunch * Tiny.SamplesPerBlock;
        foreach (var arm in arms)
        {
            Assert.Equal(ids, arm.Select(r => r.Id));
            foreach (var r in arm)
            {
                Assert.True(r.Status == BenchmarkStatus.Ok, $"{r.Id}: {r.Error}");
                Assert.Equal("managed", r.Implementation);
                Assert.Equal([perLaunch, perLaunch], r.SamplesPerLaunch);
                Assert.Equal([cpu, cpu], r.LaunchCpus!);
                Assert.Equal(r.Id.EndsWith("@pgo-off", StringComparison.Ordinal) ? "off" : "on", r.Runner!.Pgo);
                var (cycles, ns) = (r.Metrics[MetricNames.Cycles].Samples, r.Metrics[MetricNames.Nanoseconds].Samples);
                Assert.Equal(2 * perLaunch, cycles.Count);
                Assert.Equal(cycles[0], ns[0] * TimerHz / 1e9, 6);
            }
        }
        // both arms ran every benchmark with one loop count (paired samples)
        Assert.Equal(arms[0].Select(r => r.Loops), arms[1].Select(r => r.Loops));
    }

    [Fact]
    public void Run_ManagedKernelsWithoutTheTimerRate_AreRefused()
    {
        var runner = new KernelRunner(WorkerLaunch.Default());
        Assert.Throws<InvalidOperationException>(() => runner.Run([ManagedKernelSpec.Default().ToString()], ["managed/for_loop"], Tiny, 1));
    }
}
