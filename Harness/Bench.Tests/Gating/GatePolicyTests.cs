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
}
