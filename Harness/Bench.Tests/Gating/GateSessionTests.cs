using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Gating;

/// <summary>The gate's loop over a seeded synthetic sampler: measure, compare, re-measure the Unknowns within the budget, decide.</summary>
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
    public void Loop_RemeasuresOnlyTheUnknownsForEveryRound()
    {
        const string noisy = "native/dispatch/ops/provider-off";
        var sampler = new FakeSampler(Suite, seed: 5) { Hopeless = { noisy } };
        var result = Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 100, MaxRounds = 3 } });
        Assert.Equal(4, sampler.Calls.Count);
        Assert.Null(sampler.Calls[0].Ids);
        Assert.All(sampler.Calls.Skip(1), c => Assert.Equal([noisy], c.Ids!));
        Assert.Equal([0, 1, 2, 3], sampler.Calls.Select(c => c.Round));
        // one benchmark left of several: each rerun round takes the most launches a round may (4x the profile's)
        Assert.Equal([1, 4, 4, 4], sampler.Calls.Select(c => c.LaunchFactor));
        var row = result.Comparison.Benchmarks.Single(b => b.Id == noisy);
        Assert.Equal((Verdict.Unknown, 3), (row.Verdict, row.Reruns));
        Assert.Equal(32 * 30 * (1 + 3 * GateSession.MaxLaunchFactor), row.Pairs);
        Assert.Equal(Verdict.Unknown, result.First.Benchmarks.Single(b => b.Id == noisy).Verdict);
        Assert.Equal(Bench.Core.ExitCodes.Inconclusive, result.Comparison.Gate!.ExitCode);
    }

    [Fact]
    public void Loop_RoundThatWouldOverrunTheBudget_IsNotStarted()
    {
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" } };
        var t = 0.0;
        // every read of the clock is 30 s later: the first rerun fits (30 s spent + 10 s estimated), then it
        // took 30 s for one benchmark, and 120 s spent + 30 s more would pass the 60 s budget
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 60, MaxRounds = 5 } }, () => TimeSpan.FromSeconds(t += 30));
        Assert.Equal([0, 1], sampler.Calls.Select(c => c.Round));
    }

    [Fact]
    public void Loop_RoundThatWouldEndPastTheGatesWallTime_IsNotStarted()
    {
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" } };
        var t = 0.0;
        // every read of the clock is 30 s later; the rerun budget alone (1000 s) would allow every round, but the gate's
        // 130 s lets the first rerun start (read at 90 s, a few seconds estimated) and not the second (read at 210 s)
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 5, WallSeconds = 130 } },
            () => TimeSpan.FromSeconds(t += 30));
        Assert.Equal([0, 1], sampler.Calls.Select(c => c.Round));
    }

    [Fact]
    public void Loop_ARerunStartsNoLaunchPastTheGatesWallTime()
    {
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" } };
        var t = 0.0;
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 1, WallSeconds = 130 } },
            () => TimeSpan.FromSeconds(t += 30));
        // the first round runs whole; the rerun is handed a stop that holds once the gate's clock reaches 130 s
        Assert.Null(sampler.Stops[0]);
        var stop = sampler.Stops[1]!;
        t = 60;
        Assert.False(stop()); // read at 90 s
        Assert.False(stop()); // 120 s
        Assert.True(stop()); // 150 s: past the wall time
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
    public void Loop_ARerunOfTwinsAndNativeKernels_MeasuresTheTwinsFirst_EachPartWithItsOwnStop()
    {
        var suite = new Dictionary<string, double> { ["native/lock"] = 20, ["managed/lock"] = 20, ["native/for_loop"] = 1 };
        var sampler = new FakeSampler(suite, seed: 6) { Hopeless = { "native/lock", "managed/lock" } };
        var t = 0.0;
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 1000, MaxRounds = 1, WallSeconds = 600 } },
            () => TimeSpan.FromSeconds(t += 30));
        Assert.Equal([0, 1, 1], sampler.Calls.Select(c => c.Round));
        Assert.Equal(["managed/lock"], sampler.Calls[1].Ids!);
        Assert.Equal(["native/lock"], sampler.Calls[2].Ids!);
        Assert.NotNull(sampler.Stops[1]);
        Assert.NotNull(sampler.Stops[2]);
    }

    [Fact]
    public void Loop_FewerLaunchesWhereMoreWouldNotFitTheBudget()
    {
        var sampler = new FakeSampler(Suite, seed: 6) { Hopeless = { "native/lock" } };
        var t = 0.0;
        // every read of the clock is 30 s later: the first round took 30 s for the whole suite, so one benchmark at 4x
        // its launches is estimated at 120/n s; a budget of 30 + 70/n s leaves room for 2x (60/n), not 3x or 4x
        var n = Suite.Count;
        Run(sampler, GateConfigFile.Default with { Rerun = new RerunPolicy { BudgetSeconds = 30 + 70.0 / n, MaxRounds = 1 } },
            () => TimeSpan.FromSeconds(t += 30));
        Assert.Equal([1, 2], sampler.Calls.Select(c => c.LaunchFactor));
    }

    [Fact]
    public void Loop_NoRerunWhereMeasuringAgainCannotHelp()
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
