using Bench.Core.Comparison;

namespace Bench.Core.Reporting;

/// <summary>One kernel of the matrix with the verdict of each implementation that ran it (null where it did not).</summary>
public sealed record TwinRow(string Case, string Dispatch, string Provider, IReadOnlyList<BenchmarkComparison?> Cells);

/// <summary>
/// The verdicts of a comparison laid out like the run table's side-by-side view: one line per
/// kernel (case, dispatch, provider), one column per implementation that has a verdict anywhere
/// (native, managed, managed with PGO off, native via BenchmarkDotNet), kernels in the order the
/// comparison lists them (the run's). Empty when no kernel has two implementations. Pure: the
/// console and the HTML report render it.
/// </summary>
public static class TwinTable
{
    public static readonly IReadOnlyList<string> Columns = ["native", "managed", "managed PGO off", "native via BDN"];

    public static (IReadOnlyList<string> Columns, IReadOnlyList<TwinRow> Rows) Of(IEnumerable<BenchmarkComparison> benchmarks)
    {
        var measured = benchmarks.Where(b => VerdictOrder.TwinRank(b.Id) < Columns.Count).ToList();
        var groups = measured.GroupBy(b => VerdictOrder.TwinKey(b.Id)).ToList();
        if (!groups.Any(g => g.Select(b => VerdictOrder.TwinRank(b.Id)).Distinct().Count() > 1))
            return ([], []);
        var present = measured.Select(b => VerdictOrder.TwinRank(b.Id)).Distinct().Order().ToList();
        var rows = groups.Select(g =>
        {
            var id = Catalog.BenchmarkId.Parse(g.First().Id);
            return new TwinRow(id.Case, id.Segments.ElementAtOrDefault(1) ?? "-", id.Provider ?? id.Segments.ElementAtOrDefault(2) ?? "-",
                present.Select(rank => g.FirstOrDefault(b => VerdictOrder.TwinRank(b.Id) == rank)).ToList());
        }).ToList();
        return (present.Select(rank => Columns[rank]).ToList(), rows);
    }

    /// <summary>"same +0.012" or "slower +2.16": the verdict and the shift, or "-" where the implementation did not run the kernel.</summary>
    public static string Cell(BenchmarkComparison? b) => b is null
        ? "-"
        : b.Verdict.ToString().ToLowerInvariant() + (b.Shift is { } s ? " " + s.ToString("+0.000;-0.000;0.000", System.Globalization.CultureInfo.InvariantCulture) : "");
}
