namespace Bench.Core.Comparison;

/// <summary>The order every view lists verdicts in: what needs a person first (regressions), then the rest.</summary>
public static class VerdictOrder
{
    public static readonly IReadOnlyList<Verdict> All =
        [Verdict.Slower, Verdict.Failed, Verdict.Unknown, Verdict.Faster, Verdict.Same, Verdict.Added, Verdict.Removed, Verdict.Skipped];

    /// <summary>The verdicts a reviewer must look at: a regression, a benchmark head could not complete, and what the data could not decide.</summary>
    public static bool NeedsAttention(Verdict v) => v is Verdict.Slower or Verdict.Failed or Verdict.Unknown;

    public static int Rank(Verdict v)
    {
        for (var i = 0; i < All.Count; i++)
            if (All[i] == v)
                return i;
        return All.Count;
    }

    /// <summary>
    /// Worst first; within a verdict by kernel (ordinal), each native kernel followed by its managed
    /// twins (PGO on, then off) and its BenchmarkDotNet cross-check: the row order of every comparison table.
    /// </summary>
    public static IReadOnlyList<BenchmarkComparison> Sort(IEnumerable<BenchmarkComparison> rows) =>
        rows.OrderBy(b => Rank(b.Verdict)).ThenBy(b => TwinKey(b.Id), StringComparer.Ordinal).ThenBy(b => TwinRank(b.Id))
            .ThenBy(b => b.Id, StringComparer.Ordinal).ToList();

    /// <summary>What twins share: <c>native/pp01-fast/ops/provider-on</c> and <c>managed/pp01-fast/ops/provider-on@pgo-off</c> -> <c>pp01-fast/ops/provider-on</c>.</summary>
    public static string TwinKey(string id) => Catalog.BenchmarkId.Parse(id).Name;

    /// <summary>native, managed, managed with PGO off, native via BenchmarkDotNet, anything else.</summary>
    public static int TwinRank(string id) => Catalog.BenchmarkId.Parse(id).TwinRank;

    /// <summary>"2 slower, 1 unknown, 40 same" in this order, zero counts left out.</summary>
    public static string Summary(ComparisonDocument doc) =>
        string.Join(", ", All.Select(v => (v, n: doc.Count(v))).Where(x => x.n > 0)
            .Select(x => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{x.n} {x.v.ToString().ToLowerInvariant()}")))
        is { Length: > 0 } s ? s : "nothing compared";
}
