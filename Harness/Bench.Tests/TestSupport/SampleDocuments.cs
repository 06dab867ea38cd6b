using Bench.Core.Results;

namespace Bench.Tests.TestSupport;

/// <summary>Results documents built in code, with seeded samples: inputs for renderer and file tests.</summary>
internal static class SampleDocuments
{
    public static HostContext Host() => new()
    {
        CpuModel = "Test CPU <model> | 9000",
        LogicalCores = 2,
        Architecture = "x86-64",
        Kernel = "6.1.0-test",
        Os = "Debian GNU/Linux 12 (bookworm)",
        DotnetRuntime = ".NET 10.0.0",
        Timer = "x86-64 TSC (start CPUID;RDTSC, stop RDTSCP;CPUID)",
        TimerFrequencyHz = 2_600_000_000,
        TimerFrequencySource = "test",
        Compiler = "GCC 12.2.0",
        CompilerFlags = "-O2 -falign-functions=64",
        StaticKey = new StaticKeyInfo("patched-jump", "test"),
        Commit = "0123456789abcdef0123456789abcdef01234567",
        CommitDirty = false,
    };

    public static BenchmarkResult Result(string id, string @case, string? dispatch, string? provider, double center, int seed,
        BenchmarkStatus status = BenchmarkStatus.Ok, string? error = null, int n = 100)
    {
        var rng = new Random(seed);
        var cycles = Enumerable.Range(0, n).Select(_ => center * (1 + (rng.NextDouble() - 0.5) * 0.04)).ToArray();
        var metrics = status == BenchmarkStatus.Ok
            ? new Dictionary<string, MetricSeries>
            {
                [MetricNames.Cycles] = new(MetricNames.CyclesUnit, cycles),
                [MetricNames.Nanoseconds] = new(MetricNames.NanosecondsUnit, cycles.Select(c => c / 2.6).ToArray()),
            }
            : new Dictionary<string, MetricSeries>();
        return new BenchmarkResult
        {
            Id = id, Implementation = "native", Tags = BenchmarkResult.TagsOf(@case, dispatch, provider),
            Status = status, Error = error, Loops = 262144, Metrics = metrics,
            // ten launches: enough for a paired verdict (a 99 % signed-rank interval needs 8)
            SamplesPerLaunch = status == BenchmarkStatus.Ok ? [.. Enumerable.Repeat(n / 10, 9), n - 9 * (n / 10)] : [],
        };
    }

    public static ResultsDocument Document() => new()
    {
        Tool = new ToolInfo("bench", "0.1.0"),
        CreatedUtc = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
        Host = Host(),
        Run = new RunSettings
        {
            Profile = "quick", Filters = ["*"], Launches = 4, WarmupSamples = 2, RoundsPerLaunch = 2, SamplesPerBlock = 5, DiscardedPerBlock = 1,
            SampleTargetMilliseconds = 1, Seed = 1, WallSeconds = 1.5,
        },
        Benchmarks =
        [
            Result("native/for_loop", "for_loop", null, null, 0.68, 1),
            Result("native/pp01-fast/none/provider-off", "pp01-fast", "none", "off", 6.25, 2),
            Result("native/pp01-fast/ops/provider-off", "pp01-fast", "ops", "off", 6.3, 3),
            Result("native/pp01-fast/ops/provider-on", "pp01-fast", "ops", "on", 6.45, 4),
            Result("native/pp03-slow/ops-retpoline/provider-off", "pp03-slow", "ops-retpoline", "off", 11.4, 5),
            Result("native/pp03-slow/ops-retpoline/provider-on", "pp03-slow", "ops-retpoline", "on", 0, 6, BenchmarkStatus.Crashed,
                "the worker crashed running native/pp03-slow/ops-retpoline/provider-on: killed by signal 11 (SIGSEGV)"),
            Result("native/dispatch/<script>alert(1)</script>/provider-off", "dispatch", "<script>|x|", "off", 13.8, 7),
        ],
    };

    /// <summary>A result with exactly these cycle samples, split over launches as given (default: one launch per 10).</summary>
    public static BenchmarkResult Samples(string id, IReadOnlyList<double> cycles, IReadOnlyList<int>? perLaunch = null) => new()
    {
        Id = id, Implementation = "native", Tags = BenchmarkResult.TagsOf(id.Split('/')[1]), Status = BenchmarkStatus.Ok, Loops = 262144,
        Metrics = new Dictionary<string, MetricSeries> { [MetricNames.Cycles] = new(MetricNames.CyclesUnit, cycles.ToArray()) },
        SamplesPerLaunch = perLaunch?.ToArray() ?? Enumerable.Range(0, (cycles.Count + 9) / 10).Select(i => Math.Min(10, cycles.Count - 10 * i)).ToArray(),
    };

    /// <summary>A document holding these results (the sample host and run).</summary>
    public static ResultsDocument With(params BenchmarkResult[] results) => Document() with { Benchmarks = results };

    /// <summary>Two documents marked as the arms of one interleaved run.</summary>
    public static (ResultsDocument Base, ResultsDocument Head) Paired(ResultsDocument @base, ResultsDocument head) =>
        (@base with { Pairing = new PairingInfo("run1", "base", ["base", "head"]) },
         head with { Pairing = new PairingInfo("run1", "head", ["base", "head"]) });

    /// <summary>n values around <paramref name="center"/>, uniform noise of ±<paramref name="noise"/>, seeded.</summary>
    public static double[] Noisy(double center, double noise, int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => center + (rng.NextDouble() * 2 - 1) * noise).ToArray();
    }
}
