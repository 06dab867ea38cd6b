using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.Results;
using static Bench.Tests.TestSupport.SampleDocuments;

namespace Bench.Tests.Comparison;

/// <summary>
/// The stored-baseline cases that a gate must answer right, on synthetic data shaped like this
/// project's suite (3 control loops and 52 page_pool kernels, each launch its own level within
/// 1 %; a baseline and a quick run of 32 launches, or fewer where a case says so): nothing
/// measured, so every answer is reproducible. Untouched kernels may be Unknown where the launches
/// cannot bound them, never Slower or Faster.
/// </summary>
public sealed class StoredBaselineCasesTests
{
    private static readonly Comparer Comparer = new(GateConfigFile.Default);
    private static readonly ComparedSide Side = new("x", null, null, DateTimeOffset.UnixEpoch, "m");

    private static readonly string[] Controls = ["native/for_loop", "native/atomic_inc", "native/lock"];
    private static readonly string[] PagePool = [.. from c in new[] { "pp01-fast", "pp02-ptr-ring", "pp03-slow", "dispatch" }
        from s in new[] { "ops", "if", "static-key", "static-key+ops", "indirect-call-wrapper", "ops-retpoline" }
        from p in new[] { "off", "on" } select $"native/{c}/{s}/provider-{p}"];
    private static readonly string[] PagePoolAndNone = [.. PagePool, "native/pp01-fast/none/provider-off", "native/pp02-ptr-ring/none/provider-off",
        "native/pp03-slow/none/provider-off", "native/dispatch/none/provider-off"];

    private static double Center(string id) => id switch
    {
        "native/for_loop" => 0.7,
        "native/atomic_inc" => 13.5,
        "native/lock" => 13.8,
        _ when id.Contains("pp01") => 6.2,
        _ when id.Contains("pp02") => 25,
        _ when id.Contains("pp03") => 11.5,
        _ => 20,
    };

    private static ResultsDocument Run(int launches, int seed, Func<string, double>? factor = null)
    {
        var rng = new Random(seed);
        var results = Controls.Concat(PagePoolAndNone).Select(id =>
        {
            var c = Center(id) * (factor?.Invoke(id) ?? 1);
            var values = new List<double>();
            for (var l = 0; l < launches; l++)
            {
                var level = c * (1 + (rng.NextDouble() * 2 - 1) * 0.01);
                for (var i = 0; i < 10; i++)
                    values.Add(level * (1 + (rng.NextDouble() * 2 - 1) * 0.005));
            }
            return Samples(id, values, Enumerable.Repeat(10, launches).ToArray()) with { Tags = BenchmarkResult.TagsOf(id.Split('/')[1]) };
        }).ToArray();
        return With(results);
    }

    private static ComparisonDocument Compare(Func<string, double>? factor, int headLaunches = 32, int baseLaunches = 32, int seed = 2)
    {
        var doc = Comparer.Compare(Run(baseLaunches, 1), Run(headLaunches, seed, factor), Side, Side);
        return doc with { Gate = GatePolicy.Decide(doc) };
    }

    [Fact]
    public void OneKernelThreeTimesSlower_FourHeadLaunches_IsSlowerAndFailsTheGate()
    {
        const string id = "native/pp03-slow/ops/provider-on";
        var doc = Compare(x => x == id ? 3 : 1, headLaunches: 4, baseLaunches: 8);
        Assert.Equal(Verdict.Slower, doc.Benchmarks.Single(b => b.Id == id).Verdict);
        Assert.DoesNotContain(doc.Benchmarks.Where(b => b.Id != id), b => b.Verdict is Verdict.Slower or Verdict.Faster);
        Assert.Equal(Bench.Core.ExitCodes.RegressionFound, doc.Gate!.ExitCode);
    }

    [Fact]
    public void EverythingTwentyFivePercentSlower_IsNotAPass()
    {
        var doc = Compare(_ => 1.25);
        Assert.NotEqual(Bench.Core.ExitCodes.Success, doc.Gate!.ExitCode);
        Assert.DoesNotContain(doc.Benchmarks, b => b.Verdict is Verdict.Same or Verdict.Faster);
        // the controls moved as much: no code change can be told from that, and every row says so
        Assert.All(doc.Benchmarks, b => Assert.Equal(Verdict.Slower, b.RawVerdict));
        Assert.Equal(55, doc.MachineDrift!.Guarded);
    }

    [Fact]
    public void PagePoolTenPercentFaster_ControlsUntouched_AreNoVerdictOnTheControls()
    {
        var doc = Compare(x => Controls.Contains(x) ? 1 : 0.9);
        foreach (var c in Controls)
            Assert.Equal(Verdict.Same, doc.Benchmarks.Single(b => b.Id == c).Verdict);
        Assert.All(doc.Benchmarks.Where(b => !Controls.Contains(b.Id)), b => Assert.Equal(Verdict.Faster, b.Verdict));
        Assert.Equal(Bench.Core.ExitCodes.Success, doc.Gate!.ExitCode);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(20)]
    public void SomeBenchmarksSevenPercentSlower_AreAllSlower_NoCliff(int count)
    {
        var slow = PagePool.Take(count).ToHashSet();
        var doc = Compare(x => slow.Contains(x) ? 1.07 : 1);
        Assert.All(doc.Benchmarks.Where(b => slow.Contains(b.Id)), b => Assert.Equal(Verdict.Slower, b.Verdict));
        Assert.All(doc.Benchmarks.Where(b => !slow.Contains(b.Id)), b => Assert.Equal(Verdict.Same, b.Verdict));
    }

    [Fact]
    public void Pp01OneCycleSlower_FourAgainstFourLaunches_IsDecided()
    {
        var id = "native/pp01-fast/ops/provider-off";
        var @base = Run(4, 3);
        var head = Run(4, 4, x => x == id ? 1 + 1.0 / 6.2 : 1);
        var row = Comparer.Compare(@base, head, Side, Side).Benchmarks.Single(b => b.Id == id);
        Assert.Equal(Verdict.Slower, row.Verdict);
        Assert.Contains("Welch", row.Reason);
        Assert.True(row.ShiftLow is > 0.5, row.Reason);
    }

    [Fact]
    public void UnchangedRun_IsSameAndPasses()
    {
        var doc = Compare(null);
        Assert.All(doc.Benchmarks, b => Assert.Equal(Verdict.Same, b.Verdict));
    }
}
