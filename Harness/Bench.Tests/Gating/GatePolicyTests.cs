using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Gating;

namespace Bench.Tests.Gating;

public class GatePolicyTests
{
    private static ComparisonDocument Doc(params Verdict[] verdicts) => new()
    {
        Tool = new Bench.Core.Results.ToolInfo("bench", "t"),
        CreatedUtc = DateTimeOffset.UnixEpoch,
        Mode = "paired", Metric = "cycles", Unit = "cycles(tsc)/elem", ConfigSource = "t",
        Base = new ComparedSide("b", null, null, DateTimeOffset.UnixEpoch, "m"),
        Head = new ComparedSide("h", null, null, DateTimeOffset.UnixEpoch, "m"),
        Benchmarks = verdicts.Select((v, i) => new BenchmarkComparison { Id = $"b{i}", Verdict = v, Reason = "" }).ToList(),
    };

    [Theory]
    [InlineData(ExitCodes.RegressionFound, Verdict.Same, Verdict.Unknown, Verdict.Failed, Verdict.Slower)]
    [InlineData(ExitCodes.BenchmarkFailed, Verdict.Same, Verdict.Unknown, Verdict.Failed)]
    [InlineData(ExitCodes.Inconclusive, Verdict.Same, Verdict.Faster, Verdict.Unknown)]
    [InlineData(ExitCodes.Success, Verdict.Same, Verdict.Faster, Verdict.Added, Verdict.Removed, Verdict.Skipped)]
    public void Decide_FollowsPrecedence(int exit, params Verdict[] verdicts) => Assert.Equal(exit, GatePolicy.Decide(Doc(verdicts)).ExitCode);

    [Fact]
    public void Rerunner_ResamplesOnlyUnknownsWithinRounds()
    {
        var calls = new List<IReadOnlyList<string>>();
        var first = Doc(Verdict.Unknown, Verdict.Same, Verdict.Unknown) with
        {
            Benchmarks = Doc(Verdict.Unknown, Verdict.Same, Verdict.Unknown).Benchmarks.Select(b => b with { BaseSamples = 5, HeadSamples = 5 }).ToList(),
        };
        var rerunner = new Rerunner(new RerunPolicy { BudgetSeconds = 100, MaxRounds = 3 }, () => TimeSpan.Zero);
        var final = rerunner.Run(first, (ids, counts) =>
        {
            calls.Add(ids);
            // the second rerun settles b0; b2 never settles
            return first with
            {
                Benchmarks = first.Benchmarks.Select(b => b.Id == "b0" && calls.Count >= 2 ? b with { Verdict = Verdict.Same } : b).ToList(),
            };
        }, TimeSpan.FromSeconds(1));
        Assert.Equal(3, calls.Count);
        Assert.Equal(["b0", "b2"], calls[0]);
        Assert.Equal(["b2"], calls[2]);
        Assert.Equal(Verdict.Unknown, final.Benchmarks.Single(b => b.Id == "b2").Verdict);
    }

    [Fact]
    public void Rerunner_RoundThatWouldOverrunTheBudget_IsNotStarted()
    {
        var first = Doc(Verdict.Unknown) with { Benchmarks = [new BenchmarkComparison { Id = "b0", Verdict = Verdict.Unknown, Reason = "", BaseSamples = 5, HeadSamples = 5 }] };
        var rerunner = new Rerunner(new RerunPolicy { BudgetSeconds = 10, MaxRounds = 5 }, () => TimeSpan.FromSeconds(8));
        var calls = 0;
        rerunner.Run(first, (_, _) => { calls++; return first; }, TimeSpan.FromSeconds(5));
        Assert.Equal(0, calls);
    }
}
