using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Cli;

/// <summary>`bench count` and instruction verdicts through the real CLI and real valgrind.</summary>
public class CountCliTests
{
    private static double Instructions(string path, string id) =>
        ResultsFile.Read(path).Benchmarks.Single(b => b.Id == id).Metrics[MetricNames.Instructions].Samples.Single();

    [Fact]
    public void Count_SameKernelTwice_GivesIdenticalDeterministicCounts()
    {
        using var dir = new TempDir();
        const string id = "native/pp01-fast/static-key/provider-on";
        var a = CliProcess.Run("count", "--filter", id, "--out", dir.File("a.json"));
        var b = CliProcess.Run("count", "--filter", id, "--out", dir.File("b.json"));
        Assert.True(a.ExitCode == ExitCodes.Success, a.Stderr);
        Assert.True(b.ExitCode == ExitCodes.Success, b.Stderr);
        Assert.Equal(Instructions(dir.File("a.json"), id), Instructions(dir.File("b.json"), id));
        var doc = ResultsFile.Read(dir.File("a.json"));
        var m = doc.Benchmarks.Single().Metrics[MetricNames.Instructions];
        Assert.True(m.Deterministic);
        Assert.Single(m.Samples);
        Assert.Contains("callgrind", doc.Counting!.Tool);
        Assert.Contains("instr", a.Stdout);
    }

    [Fact]
    public void Count_InjectedK1_AddsExactlyOneInstructionPerElement_AndCompareCallsItSlower()
    {
        using var dir = new TempDir();
        string[] ids = ["native/pp01-fast/ops/provider-off", "native/dispatch/static-key+ops/provider-on"];
        string[] filters = [.. ids.SelectMany(i => new[] { "--filter", i })];
        Assert.Equal(ExitCodes.Success, CliProcess.Run(["count", "--no-cache-sim", .. filters, "--out", dir.File("k0.json")]).ExitCode);
        Assert.Equal(ExitCodes.Success, CliProcess.Run(["count", "--no-cache-sim", "--library", NativeLibraries.LoadDefault(1).Path, .. filters,
            "--out", dir.File("k1.json")]).ExitCode);
        foreach (var id in ids)
            Assert.Equal(1.0, Instructions(dir.File("k1.json"), id) - Instructions(dir.File("k0.json"), id), 9);

        var cmp = CliProcess.Run("compare", dir.File("k0.json"), dir.File("k1.json"), "--out", dir.File("c.json"));
        Assert.True(cmp.ExitCode == ExitCodes.Success, cmp.Stderr);
        Assert.Contains("comparison of instructions (instructions/elem)", cmp.Stdout);
        foreach (var row in ComparisonFile.Read(dir.File("c.json")).Benchmarks)
        {
            Assert.Equal(Verdict.Slower, row.Verdict);
            Assert.Equal("instructions", row.DecidedBy);
        }
    }

    [Fact]
    public void Count_WithoutValgrind_IsEnvironmentProblemNamingTheInstall()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string> { ["PATH"] = dir.Path };
        var r = CliProcess.Run(env, "count", "--filter", "native/for_loop", "--out", dir.File("c.json"));
        Assert.Equal(ExitCodes.EnvironmentProblem, r.ExitCode);
        Assert.Contains("apt-get install valgrind", r.Stderr);
        Assert.False(File.Exists(dir.File("c.json")));
    }

    [Fact]
    public void RunWithCount_WithoutValgrind_KeepsTheTimingsAndSaysWhy()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string> { ["PATH"] = dir.Path };
        var r = CliProcess.Run(env, "run", "--with-count", "--filter", "native/for_loop", "--launches", "1", "--samples", "5", "--out", dir.File("r.json"));
        Assert.Equal(ExitCodes.EnvironmentProblem, r.ExitCode);
        var doc = ResultsFile.Read(dir.File("r.json"));
        Assert.Contains("valgrind", doc.CountingSkipped);
        Assert.True(doc.Benchmarks.Single().Metrics.ContainsKey(MetricNames.Cycles));
        Assert.False(doc.Benchmarks.Single().Metrics.ContainsKey(MetricNames.Instructions));
    }

    [Fact]
    public void RunWithCount_AddsBothMetrics()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run("run", "--with-count", "--filter", "native/lock", "--launches", "1", "--samples", "5", "--out", dir.File("r.json"));
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        var b = ResultsFile.Read(dir.File("r.json")).Benchmarks.Single();
        Assert.Equal(8.0, b.Metrics[MetricNames.Instructions].Samples.Single(), 9);
        Assert.Equal(5, b.Metrics[MetricNames.Cycles].Samples.Count);
        Assert.Contains("instr", r.Stdout);
    }
}
