using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Managed;

/// <summary>
/// The real CLI runs a tiny managed suite in Bench's pinned workers (tiered PGO on and off, both
/// static-key states) and, for the cross-check, one native kernel through BenchmarkDotNet out of
/// process; the results file reads back.
/// </summary>
public class ManagedRunCliTests
{
    [Fact]
    public void Run_ManagedStaticKeyBothStates_InPinnedWorkers_RecordsRawSamplesPerLaunch()
    {
        using var dir = new TempDir();
        var results = Path.Combine(dir.Path, "managed.json");
        var r = CliProcess.Run("run", "--quick", "--launches", "2", "--filter", "managed/pp03-slow/static-key/*", "--filter", "managed/for_loop*",
            "--out", results);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var doc = ResultsFile.Read(results);
        Assert.Equal(
        [
            "managed/for_loop", "managed/for_loop@pgo-off",
            "managed/pp03-slow/static-key/provider-off", "managed/pp03-slow/static-key/provider-off@pgo-off",
            "managed/pp03-slow/static-key/provider-on", "managed/pp03-slow/static-key/provider-on@pgo-off",
        ], doc.Benchmarks.Select(b => b.Id).Order().ToList());
        // a managed launch runs the profile's rounds, in its own number of launches
        var managed = Bench.Core.Running.RunProfile.Quick.ForManaged();
        var perLaunch = managed.RoundsPerLaunch * managed.SamplesPerBlock;
        foreach (var b in doc.Benchmarks)
        {
            // provider-on and -off static-key kernels both completed in one process: each in a load context of its own
            // with the key its way (a kernel whose dispatch missed or hit the provider wrongly fails its close check)
            Assert.True(b.Status == BenchmarkStatus.Ok, $"{b.Id}: {b.Error}");
            Assert.Equal("managed", b.Implementation);
            Assert.Equal([perLaunch, perLaunch], b.SamplesPerLaunch);
            Assert.Equal(2, b.LaunchCpus!.Count); // pinned, like the native kernels
            var cycles = b.Metrics[MetricNames.Cycles].Samples;
            Assert.Equal(2 * perLaunch, cycles.Count);
            Assert.All(cycles, c => Assert.True(c > 0));
            var runner = b.Runner!;
            Assert.Equal("bench worker", runner.Name);
            var pgoOff = b.Id.EndsWith("@pgo-off", StringComparison.Ordinal);
            Assert.Equal(pgoOff ? "off" : "on", runner.Pgo);
            Assert.Equal(pgoOff ? "0" : null, runner.Environment.GetValueOrDefault("DOTNET_TieredPGO"));
            Assert.Equal("0", runner.Environment["DOTNET_TC_CallCountingDelayMs"]);
            // ns and cycles agree through the recorded TSC frequency
            var ns = b.Metrics[MetricNames.Nanoseconds].Samples;
            Assert.Equal(cycles[0], ns[0] * doc.Host.TimerFrequencyHz / 1e9, 6);
        }
        Assert.Contains("PGO off", r.Stdout);
        Assert.DoesNotContain("BenchmarkDotNet log", r.Stdout);
    }

    [Fact]
    public void Run_CrossCheck_ImportsBenchmarkDotNetsSamplesOfTheNativeKernel()
    {
        using var dir = new TempDir();
        var results = Path.Combine(dir.Path, "cross.json");
        var r = CliProcess.Run("run", "--quick", "--launches", "1", "--crosscheck", "--filter", "native/for_loop*", "--out", results);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var doc = ResultsFile.Read(results);
        Assert.Equal(["native/for_loop", "native/for_loop@bdn"], doc.Benchmarks.Select(b => b.Id).ToList());
        var bdn = doc.Benchmarks[1];
        Assert.True(bdn.Status == BenchmarkStatus.Ok, bdn.Error);
        Assert.Equal(Bench.Benchmarks.Suites.BenchJobs.QuickIterations * Bench.Core.Running.RunProfile.Quick.BdnLaunches, bdn.Metrics[MetricNames.Cycles].Samples.Count);
        Assert.Equal("BenchmarkDotNet", bdn.Runner!.Name);
        Assert.Equal("0.15.8", bdn.Runner.Version);
        Assert.NotNull(bdn.Runner.Cpu);
        Assert.True(File.Exists(Path.Combine(dir.Path, "cross.bdn.log")));
    }
}
