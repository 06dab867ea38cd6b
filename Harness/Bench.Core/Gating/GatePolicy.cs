using Bench.Core.Comparison;

namespace Bench.Core.Gating;

/// <summary>
/// From verdicts to the gate's exit code. Precedence: a regression (Slower)
/// first, then a benchmark head could not complete, then anything still
/// Unknown; otherwise success. Faster, Same, Added, Removed and Skipped pass.
/// </summary>
public static class GatePolicy
{
    public static GateDecision Decide(ComparisonDocument doc)
    {
        int slower = doc.Count(Verdict.Slower), failed = doc.Count(Verdict.Failed), unknown = doc.Count(Verdict.Unknown);
        if (slower > 0)
            return new GateDecision(ExitCodes.RegressionFound, GateOutcome.Regression, $"{slower} benchmark(s) slower beyond the threshold");
        if (failed > 0)
            return new GateDecision(ExitCodes.BenchmarkFailed, GateOutcome.Failed, $"{failed} benchmark(s) did not complete on head");
        if (unknown > 0)
            return new GateDecision(ExitCodes.Inconclusive, GateOutcome.Inconclusive, $"{unknown} benchmark(s) still unknown after the last look");
        return new GateDecision(ExitCodes.Success, GateOutcome.Pass, $"no regression beyond the thresholds ({VerdictOrder.Summary(doc)})");
    }
}
