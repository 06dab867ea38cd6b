namespace Bench.Core.Results;

/// <summary>
/// Puts results together: the parts of one run (native kernels, managed twins, BenchmarkDotNet's) in
/// the catalog's order, and the samples of a later run of some benchmarks (a rerun of the inconclusive ones).
/// </summary>
public static class ResultsMerge
{
    /// <summary>
    /// The results of a run's parts in the order of <paramref name="order"/> (the catalog's: each native
    /// kernel followed by its twins); a result of an ID the order lacks comes last. The one way native
    /// and managed results are merged.
    /// </summary>
    public static IReadOnlyList<BenchmarkResult> InOrder(IEnumerable<string> order, IEnumerable<BenchmarkResult> results)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in order)
            rank.TryAdd(id, rank.Count);
        return results.OrderBy(r => rank.GetValueOrDefault(r.Id, int.MaxValue)).ToList();
    }

    /// <summary>
    /// For every benchmark of <paramref name="extra"/> that completed, appends its samples
    /// and launches to the same benchmark in <paramref name="doc"/>; a failure in the
    /// rerun replaces the benchmark's status. Other benchmarks are left as they are.
    /// </summary>
    public static ResultsDocument Append(ResultsDocument doc, ResultsDocument extra)
    {
        var more = extra.Benchmarks.ToDictionary(b => b.Id);
        var merged = doc.Benchmarks.Select(b => more.TryGetValue(b.Id, out var m) ? Append(b, m) : b).ToList();
        return doc with
        {
            Benchmarks = merged,
            Run = doc.Run with { WallSeconds = Math.Round(doc.Run.WallSeconds + extra.Run.WallSeconds, 3) },
        };
    }

    private static BenchmarkResult Append(BenchmarkResult a, BenchmarkResult b)
    {
        if (a.Status != BenchmarkStatus.Ok)
            return a;
        if (b.Status != BenchmarkStatus.Ok)
            return a with { Status = b.Status, Error = $"in a rerun: {b.Error}" };
        var metrics = a.Metrics.ToDictionary(kv => kv.Key, kv => b.Metrics.TryGetValue(kv.Key, out var m)
            ? kv.Value with { Samples = kv.Value.Samples.Concat(m.Samples).ToArray() }
            : kv.Value);
        return Statistics.PlacementVariance.Recorded(a with
        {
            Metrics = metrics,
            SamplesPerLaunch = a.SamplesPerLaunch.Concat(b.SamplesPerLaunch).ToArray(),
            LaunchCpus = a.LaunchCpus is { } ca && b.LaunchCpus is { } cb ? ca.Concat(cb).ToArray() : null,
            SamplesPerPlacement = a.SamplesPerPlacement is { } pa && b.SamplesPerPlacement is { } pb ? pa.Concat(pb).ToArray() : null,
            PlacementLayouts = a.PlacementLayouts is { } la && b.PlacementLayouts is { } lb ? la.Concat(lb).ToArray() : null,
            FamilyLaunches = a.FamilyLaunches is { } fa && b.FamilyLaunches is { } fb ? fa.Concat(fb).ToArray() : null,
        });
    }
}
