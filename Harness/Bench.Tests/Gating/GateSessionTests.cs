using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Gating;

/// <summary>The gate's looks over a seeded synthetic sampler: measure a batch, decide what can be, measure only what is undecided, within the budget.</summary>
public sealed class GateSessionTests
{
    private static readonly Dictionary<string, double> Suite = new()
    {
        ["native/lock"] = 13.8, ["native/pp01-fast/ops/provider-off"] = 6.2, ["native/pp01-fast/static-key/provider-on"] = 6.4,
        ["native/pp03-slow/ops/provider-off"] = 11.5, ["native/dispatch/ops/provider-off"] = 20, ["native/dispatch/if/provider-on"] = 21,
    };

    private static GateResult Run(FakeSampler sampler, GateConfig? config = null, Func<TimeSpan>? clock = null, bool stored = false) =>
        new GateSession(config ?? GateConfigFile.Default, clock: clock ?? (() => TimeSpan.Zero))
            .Run(sampler, stored ? sampler.Stored() : null, "base", null, "head", null);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ab_AaOnABimodalPerCpuMachine_IsSame(int seed)
    {
        var result = Run(new FakeSampler(Suite, seed: seed));
        Assert.All(result.Comparison.Benchmarks, b => Assert.Equal(Verdict.Same, b.Verdict));
        Assert.Equal(Bench.Core.ExitCodes.Success, result.Comparison.Gate!.ExitCode);
    }

    [Fact]
    public void Ab_OneCycleRegressionOnBothCpus_IsSlowerAndNothingElse()
    {
        const string id = "native/pp01-fast/ops/provider-off";
        var result = Run(new FakeSampler(Suite, new Dictionary<string, double> { [id] = 1.0 }, seed: 4));
        Assert.Equal(Verdict.Slower, result.Comparison.Benchmarks.Single(b => b.Id == id).Verdict);
        Assert.All(result.Comparison.Benchmarks.Where(b => b.Id != id), b => Assert.Equal(Verdict.Same, b.Verdict));
        Assert.Equal(Bench.Core.ExitCodes.RegressionFound, result.Comparison.Gate!.ExitCode);
    }

    [Fact]
    public void Looks_MeasureOnlyWhatIsUndecided_EachBatchDoublingTheLaunches()
    {
        const string noisy = "native/dispatch/ops/provider-off";
        var sampler = new FakeSampler(Suite, seed: 5) { Hopeless = { noisy } };
        var result = Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 100, MaxRounds = 3 } });
        Assert.Equal(5, sampler.Calls.Count);
        Assert.Null(sampler.Calls[0].Ids);
        Assert.All(sampler.Calls.Skip(1), c => Assert.Equal([noisy], c.Ids!));
        Assert.Equal([0, 1, 2, 3, 4], sampler.Calls.Select(c => c.Look));
        // the profile's 32 launches: looks at 12, 24, 48, 96 and 192, each batch what the look adds
        Assert.Equal([12, 12, 24, 48, 96], sampler.Calls.Select(c => c.NativeLaunches));
        var row = result.Comparison.Benchmarks.Single(b => b.Id == noisy);
        Assert.Equal(Verdict.Unknown, row.Verdict);
        Assert.Equal(192 * 30, row.Pairs);
        Assert.Contains("still undecided at look 5 of 5, after 192 launches", row.Reason);
        // the tail is the looks past the profile's launches (48, 96 and 192): what a rerun was
        Assert.Equal(3, row.Reruns);
        Assert.Equal(Verdict.Unknown, result.First.Benchmarks.Single(b => b.Id == noisy).Verdict);
        Assert.Equal(Bench.Core.ExitCodes.Inconclusive, result.Comparison.Gate!.ExitCode);
        // the others were decided at the first look, and say so
        Assert.All(result.Comparison.Benchmarks.Where(b => b.Id != noisy), b =>
        {
            Assert.Equal(Verdict.Same, b.Verdict);
            Assert.EndsWith("decided at look 1 of 5, after 12 launches", b.Reason);
        });
    }

    [Fact]
    public void Looks_AreRecordedWithTheirLaunchesTheirShareOfAlphaAndWhatTheyDecided()
    {
        const string noisy = "native/lock";
        var sampler = new FakeSampler(Suite, seed: 5) { Hopeless = { noisy } };
        var result = Run(sampler);
        var looks = result.Head.Run.Looks!;
        Assert.Equal([1, 2, 3, 4, 5], looks.Select(l => l.Look));
        Assert.Equal([12, 24, 48, 96, 192], looks.Select(l => l.NativeLaunches));
        Assert.Equal([Suite.Count, 1, 1, 1, 1], looks.Select(l => l.Measured));
        Assert.Equal([Suite.Count - 1, 0, 0, 0, 0], looks.Select(l => l.Decided));
        // 1 % spent over the looks: 0.4, 0.2, 0.15, 0.15 and 0.1 of it
        Assert.Equal([0.004, 0.002, 0.0015, 0.0015, 0.001], looks.Select(l => Math.Round(l.Alpha, 6)));
        Assert.Equal(1 - 0.01, 1 - looks.Sum(l => l.Alpha), 9);
        Assert.Same(result.Head.Run.Looks, result.Base.Run.Looks);
        // the intervals of a look are at its confidence
        Assert.Equal(0.996, result.Comparison.Benchmarks.First(b => b.Id != noisy).Confidence!.Value, 9);
        Assert.Equal(0.999, result.Comparison.Benchmarks.Single(b => b.Id == noisy).Confidence!.Value, 9);
    }

    [Fact]
    public void Looks_AClearRegressionStopsEarlyToo()
    {
        const string id = "native/pp03-slow/ops/provider-off";
        var sampler = new FakeSampler(Suite, new Dictionary<string, double> { [id] = 3.0 }, seed: 9);
        var result = Run(sampler);
        var row = result.Comparison.Benchmarks.Single(b => b.Id == id);
        Assert.Equal(Verdict.Slower, row.Verdict);
        Assert.EndsWith("decided at look 1 of 5, after 12 launches", row.Reason);
        Assert.Single(sampler.Calls);
    }

    [Fact]
    public void Looks_NoRerun_StopsAtTheProfilesLaunches()
    {
        var sampler = new FakeSampler(Suite, seed: 5) { Hopeless = { "native/lock" } };
        new GateSession(GateConfigFile.Default, rerun: false, clock: () => TimeSpan.Zero).Run(sampler, null, "base", null, "head", null);
        // 12 and 24 launches are within the profile's 32; 48, 96 and 192 are the tail
        Assert.Equal([0, 1], sampler.Calls.Select(c => c.Look));
    }

    [Fact]
    public void Looks_ATailLookIsNotStartedOnceTheTailsBudgetIsSpent()
    {
        var t = 0.0;
        // every batch takes 40 s; the tail begins at the third look (80 s) and may take 30 s
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" }, OnMeasure = _ => t += 40 };
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 30, MaxRounds = 4 } }, () => TimeSpan.FromSeconds(t));
        Assert.Equal([0, 1, 2], sampler.Calls.Select(c => c.Look));
    }

    [Fact]
    public void Looks_NoBatchStartsPastTheGatesWallTime()
    {
        var t = 0.0;
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" }, OnMeasure = _ => t += 40 };
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 4, WallSeconds = 70 } },
            () => TimeSpan.FromSeconds(t));
        // the second batch starts at 40 s, inside the wall; at 80 s none starts
        Assert.Equal([0, 1], sampler.Calls.Select(c => c.Look));
    }

    [Fact]
    public void Looks_ABatchStartsNoLaunchPastTheGatesWallTime()
    {
        var t = 0.0;
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" }, OnMeasure = _ => t += 40 };
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 4, WallSeconds = 130 } },
            () => TimeSpan.FromSeconds(t));
        // the first batch runs whole; a later one is handed a stop that holds once the gate's clock reaches 130 s
        Assert.Null(sampler.Stops[0]);
        var stop = sampler.Stops[1]!;
        t = 129;
        Assert.False(stop());
        t = 130;
        Assert.True(stop());
    }

    [Fact]
    public void Parts_OfARerunRound_TheTwinsFirstUntilTheirShareOfTheTimeLeft_ThenTheNativeKernelsToTheWall()
    {
        var session = new GateSession(GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 4, WallSeconds = 300 } });
        var parts = session.Parts(["native/lock", "managed/pp03-slow/if/provider-off", "managed/dispatch/if/provider-off", "managed/lock"], 200);
        Assert.Equal(2, parts.Count);
        Assert.Equal(["managed/pp03-slow/if/provider-off", "managed/dispatch/if/provider-off", "managed/lock"], parts[0].Ids);
        Assert.Equal(275, parts[0].Until); // 3 of 4 Unknowns: three quarters of the 100 s left
        Assert.Equal(["native/lock"], parts[1].Ids);
        Assert.Equal(300, parts[1].Until);
        // one kind alone runs to the wall; no wall, no stop
        Assert.Equal(300, Assert.Single(session.Parts(["native/lock", "native/for_loop"], 200)).Until);
        var unbounded = new GateSession(GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 4, WallSeconds = 0 } });
        Assert.Null(Assert.Single(unbounded.Parts(["native/lock", "managed/lock"], 200)).Until);
    }

    [Fact]
    public void Looks_ABatchOfTwinsAndNativeKernels_MeasuresTheTwinsFirst_EachPartWithItsOwnStop()
    {
        var suite = new Dictionary<string, double> { ["native/lock"] = 20, ["managed/lock"] = 20, ["native/for_loop"] = 1 };
        var t = 0.0;
        var sampler = new FakeSampler(suite, seed: 6) { Hopeless = { "native/lock", "managed/lock" }, OnMeasure = _ => t += 10 };
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 1, WallSeconds = 600 } },
            () => TimeSpan.FromSeconds(t));
        Assert.Equal([0, 1, 1], sampler.Calls.Take(3).Select(c => c.Look));
        Assert.Equal(["managed/lock"], sampler.Calls[1].Ids!);
        Assert.Equal(["native/lock"], sampler.Calls[2].Ids!);
        Assert.NotNull(sampler.Stops[1]);
        Assert.NotNull(sampler.Stops[2]);
    }

    [Fact]
    public void Looks_NoSecondBatchWhereMeasuringAgainCannotHelp()
    {
        var sampler = new FakeSampler(Suite, seed: 7) { Hopeless = { "native/lock" }, Resamples = false };
        Run(sampler);
        Assert.Single(sampler.Calls);
    }

    [Fact]
    public void Stored_AaAgainstABaselineOfTheSameShape_HasNoFalseVerdict()
    {
        var result = Run(new FakeSampler(Suite, paired: false, seed: 8), stored: true);
        Assert.Equal(Comparer.Unpaired, result.Comparison.Mode);
        Assert.DoesNotContain(result.Comparison.Benchmarks, b => b.Verdict is Verdict.Slower or Verdict.Faster);
        Assert.NotNull(result.Comparison.MachineDrift);
    }
}
