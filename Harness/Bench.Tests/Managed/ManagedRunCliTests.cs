using System.Text.Json;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Managed;

/// <summary>The real CLI runs a tiny managed suite through BenchmarkDotNet (out of process, PGO on and off) and the results file reads back.</summary>
public class ManagedRunCliTests
{
    [Fact]
    public void Run_ManagedStaticKeyBothStates_ThroughBenchmarkDotNet_ImportsRawSamplesPerJob()
    {
        using var dir = new TempDir();
        var results = Path.Combine(dir.Path, "managed.json");
        var r = CliProcess.Run("run", "--quick", "--launches", "1", "--filter", "managed/pp03-slow/static-key/*", "--filter", "managed/for_loop*",
            "--out", results);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var doc = ResultsFile.Read(results);
        var ids = doc.Benchmarks.Select(b => b.Id).ToList();
        Assert.Equal(
        [
            "managed/for_loop", "managed/for_loop@pgo-off",
            "managed/pp03-slow/static-key/provider-off", "managed/pp03-slow/static-key/provider-off@pgo-off",
            "managed/pp03-slow/static-key/provider-on", "managed/pp03-slow/static-key/provider-on@pgo-off",
        ], ids.Order().ToList());
        foreach (var b in doc.Benchmarks)
        {
            // provider-on and -off static-key kernels both completed: each process set the key its way
            // (a kernel whose dispatch missed or hit the provider wrongly fails its close check)
            Assert.True(b.Status == BenchmarkStatus.Ok, $"{b.Id}: {b.Error}");
            Assert.Equal("managed", b.Implementation);
            var cycles = b.Metrics[MetricNames.Cycles].Samples;
            Assert.Equal(Bench.Benchmarks.Suites.BenchJobs.QuickIterations, cycles.Count);
            Assert.All(cycles, c => Assert.True(c > 0));
            Assert.Equal([cycles.Count], b.SamplesPerLaunch);
            var runner = b.Runner!;
            Assert.Equal("BenchmarkDotNet", runner.Name);
            Assert.Equal("0.14.0", runner.Version);
            var pgoOff = b.Id.EndsWith("@pgo-off", StringComparison.Ordinal);
            Assert.Equal(pgoOff ? "off" : "on", runner.Pgo);
            Assert.NotNull(runner.Cpu); // pinned, like the native workers
            Assert.Equal(pgoOff ? "0" : "1", runner.Environment["DOTNET_TieredPGO"]);
            // ns and cycles agree through the recorded TSC frequency
            var ns = b.Metrics[MetricNames.Nanoseconds].Samples;
            Assert.Equal(cycles[0], ns[0] * doc.Host.TimerFrequencyHz / 1e9, 6);
        }
        Assert.Contains("managed", r.Stdout);
        Assert.Contains("PGO off", r.Stdout);
        Assert.True(File.Exists(Path.Combine(dir.Path, "managed.bdn.log")));
    }
}
