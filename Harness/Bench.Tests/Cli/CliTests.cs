using System.Text.Json;
using Bench.Core;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Cli;

/// <summary>The real `bench` CLI, run as a process on small suites.</summary>
public class CliTests
{
    [Fact]
    public void List_PrintsEveryPermanentId()
    {
        var r = CliProcess.Run("list");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // the native kernels (68 in this tree), the managed twins (78) under two jobs (PGO on, off), and each native kernel again through BenchmarkDotNet
        Assert.Equal(Matrix.NativeKernels, lines.Count(l => l.StartsWith("native/") && !l.Contains('@')));
        Assert.Equal(Matrix.ManagedKernels, lines.Count(l => l.StartsWith("managed/") && !l.Contains('@')));
        Assert.Equal(Matrix.ManagedKernels, lines.Count(l => l.StartsWith("managed/") && l.Contains("@pgo-off")));
        Assert.Contains("native/pp03-slow/static-key+ops/provider-on", lines);
        Assert.Contains("managed/pp03-slow/static-key+ops/provider-on", lines);
        Assert.Contains("managed/pp03-slow/ops-fnptr/provider-on@pgo-off", lines);
        Assert.Contains("native/pp03-slow/ops/provider-on@bdn", lines);
    }

    [Fact]
    public void List_Filter_SelectsByGlob()
    {
        var r = CliProcess.Run("list", "--filter", "native/pp01-fast/*/provider-?n", "--filter", "native/lock");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal(7, r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("native/[z-a]")]
    [InlineData("[]")]
    [InlineData("[!]")]
    public void List_AGlobWithABadBracket_IsAUsageErrorNamingIt(string glob)
    {
        var r = CliProcess.Run("list", "--filter", glob);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains($"'{glob}' is not a glob", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    [Fact]
    public void OutNamingAnInput_IsRefusedAndTheInputIsLeftAsItWas()
    {
        using var dir = new TempDir();
        var results = dir.File("s.json");
        ResultsFile.Write(results, SampleDocuments.With(SampleDocuments.Samples("native/for_loop", SampleDocuments.Noisy(1, 0.1, 40, 1))));
        var before = File.ReadAllText(results);
        var compare = CliProcess.Run("compare", results, results, "--out", results);
        Assert.Equal(ExitCodes.UsageError, compare.ExitCode);
        Assert.Contains("is also an input", compare.Stderr);
        var log = dir.File("x.dmesg");
        File.WriteAllText(log, "not a kernel log\n");
        var import = CliProcess.Run("import", log, "--out", log);
        Assert.Equal(ExitCodes.UsageError, import.ExitCode);
        Assert.Contains("is also an input", import.Stderr);
        Assert.Equal(before, File.ReadAllText(results));
        Assert.Equal("not a kernel log\n", File.ReadAllText(log));
    }

    [Fact]
    public void AFolderGivenAsAnInputFile_SaysItIsAFolder()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run("compare", dir.Path, dir.Path, "--out", dir.File("c.json"));
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("it is a folder, not a file", r.Stderr);
    }

    [Fact]
    public void Count_WithTmpdirMissing_IsAnEnvironmentProblemNamingTmpdir()
    {
        using var dir = new TempDir();
        var r = CliProcess.Run(new Dictionary<string, string> { ["TMPDIR"] = dir.File("no-such-folder") }, "count", "--filter", "native/for_loop");
        Assert.Equal(ExitCodes.EnvironmentProblem, r.ExitCode);
        Assert.Contains("TMPDIR", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    [Fact]
    public void Run_Quick_WritesSelfDescribingResultsAndPrintsTheTable()
    {
        using var dir = new TempDir();
        var out_ = dir.File("results.json");
        var r = CliProcess.Run("run", "--quick", "--filter", "native/pp01-fast/ops/*", "--out", out_);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("pp01-fast     ops", r.Stdout);
        Assert.Contains($"results: {out_}", r.Stdout);

        var doc = ResultsFile.Read(out_);
        Assert.Equal(ResultsDocument.CurrentSchemaVersion, doc.SchemaVersion);
        Assert.Equal(["native/pp01-fast/ops/provider-off", "native/pp01-fast/ops/provider-on"], doc.Benchmarks.Select(b => b.Id));
        Assert.All(doc.Benchmarks, b =>
        {
            Assert.Equal(BenchmarkStatus.Ok, b.Status);
            Assert.Equal(("native", "pp01-fast", "ops"), (b.Implementation, b.Case, b.Style));
            Assert.Equal(RunProfile.Quick.SamplesPerBenchmark, b.Metrics["cycles"].Samples.Count);
            // every launch pinned, the CPUs it was allowed (those it probed) taken in turn
            var allowed = doc.Run.CpuProbe!.Select(p => p.Cpu).ToList();
            Assert.Equal(RunProfile.Quick.Launches, b.LaunchCpus!.Count);
            Assert.All(b.LaunchCpus, c => Assert.Contains(c, allowed));
            Assert.Equal(Math.Min(allowed.Count, RunProfile.Quick.Launches), b.LaunchCpus.Distinct().Count());
            Assert.Equal("cycles(tsc)/elem", b.Metrics["cycles"].Unit);
        });
        Assert.True(doc.Host.TimerFrequencyHz > 1e6);
        Assert.False(string.IsNullOrEmpty(doc.Host.CpuModel));
        Assert.Contains("-falign-loops=64", doc.Host.CompilerFlags);
        Assert.Equal("quick", doc.Run.Profile);

        using var raw = JsonDocument.Parse(File.ReadAllText(out_));
        Assert.Equal(2, raw.RootElement.GetProperty("schemaVersion").GetInt32());
        // the page_pool fields are the suite's tags, as the kernel library gave them (ABI 4), in its order
        Assert.Equal("{\"case\":\"pp01-fast\",\"style\":\"ops\",\"provider\":\"on\"}",
            raw.RootElement.GetProperty("benchmarks")[1].GetProperty("tags").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.False(raw.RootElement.GetProperty("benchmarks")[1].TryGetProperty("provider", out _));
    }

    [Fact]
    public void Run_FilterMatchingNothing_IsUsageError()
    {
        var r = CliProcess.Run("run", "--quick", "--filter", "native/no-such-kernel*");
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("'native/no-such-kernel*'", r.Stderr);
        Assert.Contains("bench list", r.Stderr);
    }

    [Fact]
    public void Run_UnwritableOut_FailsBeforeMeasuring()
    {
        var r = CliProcess.Run("run", "--quick", "--out", "/nonexistent-bench-dir/results.json");
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("/nonexistent-bench-dir", r.Stderr);
        Assert.DoesNotContain("round", r.Stderr);
    }

    [Fact]
    public void Run_MissingNativeLibrary_IsEnvironmentProblemNamingTheFix()
    {
        var env = new Dictionary<string, string> { ["BENCH_NATIVE_LIB"] = "/nonexistent/libbenchnative.so" };
        var r = CliProcess.Run(env, "run", "--quick");
        Assert.Equal(ExitCodes.EnvironmentProblem, r.ExitCode);
        Assert.Contains("/nonexistent/libbenchnative.so", r.Stderr);
        Assert.Contains("dotnet build -c Release", r.Stderr);
    }

    [Fact]
    public void Run_KernelCrash_KeepsOtherResultsAndExitsBenchmarkFailed()
    {
        using var dir = new TempDir();
        var out_ = dir.File("results.json");
        var env = new Dictionary<string, string> { ["BENCH_TEST_CRASH_KERNEL"] = "native/lock" };
        var r = CliProcess.Run(env, "run", "--quick", "--filter", "native/lock", "--filter", "native/for_loop", "--out", out_);
        Assert.Equal(ExitCodes.BenchmarkFailed, r.ExitCode);
        Assert.Contains("native/lock (crashed)", r.Stderr);
        var doc = ResultsFile.Read(out_);
        var lockResult = doc.Benchmarks.Single(b => b.Id == "native/lock");
        Assert.Equal(BenchmarkStatus.Crashed, lockResult.Status);
        Assert.Contains("SIGSEGV", lockResult.Error);
        Assert.Equal(BenchmarkStatus.Ok, doc.Benchmarks.Single(b => b.Id == "native/for_loop").Status);
    }

    [Theory]
    [InlineData("run", "--no-such-option")]
    [InlineData("no-such-verb")]
    [InlineData("run", "--samples", "many")]
    public void BadCommandLine_IsUsageError(params string[] args)
    {
        var r = CliProcess.Run(args);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("--help", r.Stderr);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("run")]
    [InlineData("gate")]
    [InlineData("ab")]
    [InlineData("selftest")]
    public void Help_EveryVerb_Succeeds(string verb)
    {
        var r = CliProcess.Run(verb, "--help");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("--filter", r.Stdout);
    }

    [Theory]
    [InlineData("ab", "--filter", "native/for_loop")]
    [InlineData("ab", "--base", "HEAD", "--base-library", "x.so")]
    [InlineData("selftest", "--k", "3")]
    [InlineData("selftest", "--mode", "nightly")]
    [InlineData("compare", "only-one.json")]
    public void BadVerbUsage_IsUsageError(params string[] args) => Assert.Equal(ExitCodes.UsageError, CliProcess.Run(args).ExitCode);
}
