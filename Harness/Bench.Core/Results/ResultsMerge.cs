namespace Bench.Core.Results;

/// <summary>Adds the samples of a later run of some benchmarks to a results document (a rerun of the inconclusive ones).</summary>
public static class ResultsMerge
{
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
        });
    }
}
