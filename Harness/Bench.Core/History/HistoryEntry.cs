using Bench.Core.Baselines;
using Bench.Core.Comparison;
using Bench.Core.Results;
using Bench.Core.Statistics;

namespace Bench.Core.History;

/// <summary>
/// One run in a history folder: when, which commit, which machine, the gate's outcome, and per
/// benchmark the median and quartiles of cycles per element and the instruction count. Small on
/// purpose (no raw samples): a history is read whole to draw trends.
/// </summary>
public sealed record HistoryEntry
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required DateTimeOffset CreatedUtc { get; init; }
    public string? Commit { get; init; }
    /// <summary><see cref="MachineFingerprint.Key"/>: only entries of one machine are comparable in cycles.</summary>
    public required string MachineKey { get; init; }
    public required string Machine { get; init; }
    /// <summary>The gate's outcome for this run (pass, regression, ...); null when no gate decided.</summary>
    public string? Outcome { get; init; }
    public required IReadOnlyDictionary<string, HistoryPoint> Benchmarks { get; init; }

    /// <summary>The entry for a measured run: every benchmark that completed, summarised.</summary>
    public static HistoryEntry From(ResultsDocument run, GateDecision? gate)
    {
        var fingerprint = MachineFingerprint.Of(run.Host);
        var points = new SortedDictionary<string, HistoryPoint>(StringComparer.Ordinal);
        foreach (var b in run.Benchmarks.Where(b => b.Status == BenchmarkStatus.Ok))
        {
            SampleSummary? cycles = b.Metrics.TryGetValue(MetricNames.Cycles, out var c) && c.Samples.Count > 0 ? SampleSummary.Of(c.Samples) : null;
            double? instructions = b.Metrics.TryGetValue(MetricNames.Instructions, out var i) && i.Samples.Count > 0 ? SampleSummary.Of(i.Samples).Median : null;
            if (cycles is null && instructions is null)
                continue;
            points[b.Id] = new HistoryPoint(cycles?.Median, cycles?.Q1, cycles?.Q3, instructions);
        }
        return new HistoryEntry
        {
            CreatedUtc = run.CreatedUtc,
            Commit = run.Host.Commit,
            MachineKey = fingerprint.Key(),
            Machine = fingerprint.Describe(),
            Outcome = gate?.Outcome.Word(),
            Benchmarks = points,
        };
    }
}

/// <summary>One benchmark in one run: cycles(tsc) per element (median, quartiles) and instructions per element.</summary>
public sealed record HistoryPoint(double? Cycles, double? CyclesQ1, double? CyclesQ3, double? Instructions);
