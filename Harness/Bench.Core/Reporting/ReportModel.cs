using Bench.Core.Comparison;
using Bench.Core.History;

namespace Bench.Core.Reporting;

/// <summary>
/// Everything an HTML report shows, decided before rendering: the renderer only lays it out.
/// Charts read the same model from a JSON block in the page.
/// </summary>
public sealed record ReportModel
{
    public required string Title { get; init; }
    public required ReportHeader Header { get; init; }
    public required IReadOnlyList<CaseChart> Cases { get; init; }
    /// <summary>Benchmarks that produced no samples (failed, crashed, unavailable), with why.</summary>
    public required IReadOnlyList<NotMeasured> NotMeasured { get; init; }
    public ComparisonSection? Comparison { get; init; }
    /// <summary>What each style costs (the results' contrasts, `bench cost`): drawn first; null when the results have none.</summary>
    public Results.ContrastReport? Costs { get; init; }
    public HistorySection? History { get; init; }
    /// <summary>time_bench-style lines (<see cref="TimeBenchLines"/>).</summary>
    public required IReadOnlyList<string> TextLines { get; init; }
    /// <summary>What the reader must know about how the figures were made (counting skipped, cycles not compared, ...).</summary>
    public required IReadOnlyList<string> Notes { get; init; }
    public required string ToolVersion { get; init; }
}

/// <param name="Outcome">The gate's outcome word (pass, regression, failed, inconclusive), or "run" for a run without a comparison.</param>
/// <param name="Headline">The outcome in words.</param>
/// <param name="Counts">Benchmarks per verdict, in <see cref="VerdictOrder"/>, zero counts left out.</param>
public sealed record ReportHeader(
    string Outcome, string Headline, int? ExitCode, IReadOnlyList<VerdictCount> Counts, string Machine,
    IReadOnlyList<ReportSide> Sides, DateTimeOffset CreatedUtc, string? Rules, string Metric);

public sealed record VerdictCount(string Verdict, int Count);

/// <summary>One side (base or head, or the one run) as the header shows it.</summary>
public sealed record ReportSide(string Role, string Label, string? Commit, DateTimeOffset CreatedUtc, string Machine);

/// <summary>
/// One case's chart: a category per dispatch style (or per loop, for the baselines), and a series
/// per implementation and provider state, each holding every sample (the distribution is drawn).
/// </summary>
/// <param name="AxisMin">The value axis starts here: just below the lowest whisker (so the boxes, not a far outlier, fill the chart).</param>
/// <param name="AxisMax">Just above the highest whisker.</param>
/// <param name="Clipped">Samples outside the axis: counted in the tables, not drawn.</param>
public sealed record CaseChart(string Case, string Title, string Unit, IReadOnlyList<string> Categories, IReadOnlyList<CaseSeries> Series,
    double AxisMin, double AxisMax, int Clipped);

/// <param name="Key">Stable key for the colour: implementation kind and provider, e.g. <c>native|on</c>.</param>
/// <param name="Samples">Per category: the samples (rounded to 0.001), or null when this series has no such benchmark.</param>
/// <param name="Ids">Per category: the benchmark's ID, or null.</param>
public sealed record CaseSeries(string Label, string Key, IReadOnlyList<double[]?> Samples, IReadOnlyList<string?> Ids)
{
    /// <summary>Per category: median, quartiles and count of the samples (null where there are none).</summary>
    public IReadOnlyList<Statistics.SampleSummary?> Summaries =>
        Samples.Select(s => s is { Length: > 0 } ? Statistics.SampleSummary.Of(s) : (Statistics.SampleSummary?)null).ToList();
}

public sealed record NotMeasured(string Id, string Status, string Reason);

/// <summary>The comparison: every benchmark's verdict and evidence, worst first.</summary>
public sealed record ComparisonSection(string Mode, string Metric, string Unit, IReadOnlyList<BenchmarkComparison> Rows, bool HasInstructions);

/// <summary>
/// The trend of each benchmark across the saved runs of one machine, with change points.
/// </summary>
/// <param name="Runs">One label per run, oldest first (date and commit).</param>
/// <param name="LeftOut">Entries of other machines, left out because their cycles are not comparable.</param>
public sealed record HistorySection(string Machine, IReadOnlyList<string> Runs, IReadOnlyList<HistoryChart> Cases, int LeftOut, double MinRelativeChange);

public sealed record HistoryChart(string Case, string Title, IReadOnlyList<HistorySeries> Series);

/// <param name="Values">Median cycles per element per run (null: not in that run).</param>
public sealed record HistorySeries(string Id, string Label, IReadOnlyList<double?> Values, IReadOnlyList<ChangePoint> ChangePoints);
