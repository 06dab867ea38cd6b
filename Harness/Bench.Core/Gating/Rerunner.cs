using System.Diagnostics;
using Bench.Core.Comparison;

namespace Bench.Core.Gating;

/// <summary>
/// Re-samples what is Unknown before the gate decides: each round runs only the
/// Unknown benchmarks again (a caller-supplied step that adds samples and
/// returns a fresh comparison), until none is Unknown, the rounds run out, or
/// the next round would start after the time budget.
/// </summary>
public sealed class Rerunner(RerunPolicy policy, Func<TimeSpan> elapsed)
{
    public static Rerunner Started(RerunPolicy policy)
    {
        var clock = Stopwatch.StartNew();
        return new Rerunner(policy, () => clock.Elapsed);
    }

    /// <param name="first">The comparison before any rerun.</param>
    /// <param name="rerun">Runs the given IDs again, appends their samples, and compares anew with the given rerun counts.</param>
    /// <param name="lastRound">How long the first measurement took: a round that would not fit in the budget is not started.</param>
    public ComparisonDocument Run(ComparisonDocument first, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, ComparisonDocument> rerun,
        TimeSpan lastRound)
    {
        var current = first;
        var counts = new Dictionary<string, int>();
        for (var round = 0; round < policy.MaxRounds; round++)
        {
            // cycles that cannot tell are re-sampled even where instructions settled the row:
            // a cycle regression with unchanged instructions must be able to show
            var unknown = current.Benchmarks.Where(b => (b.Verdict == Verdict.Unknown || b.CyclesVerdict == Verdict.Unknown) && IsResamplable(b))
                .Select(b => b.Id).ToList();
            if (unknown.Count == 0)
                break;
            var estimate = TimeSpan.FromTicks(lastRound.Ticks * unknown.Count / Math.Max(1, current.Benchmarks.Count));
            if (elapsed() + estimate > TimeSpan.FromSeconds(policy.BudgetSeconds))
                break;
            foreach (var id in unknown)
                counts[id] = counts.GetValueOrDefault(id) + 1;
            var started = elapsed();
            current = rerun(unknown, counts);
            lastRound = (elapsed() - started) * Math.Max(1, current.Benchmarks.Count) / unknown.Count;
        }
        return current;
    }

    /// <summary>More samples cannot help a benchmark whose base side is missing or failed.</summary>
    private static bool IsResamplable(BenchmarkComparison b) => b.HeadSamples > 0 && b.BaseSamples > 0;
}
