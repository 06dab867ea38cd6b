using Bench.Core.Results;

namespace Bench.Core.Contrasts;

/// <summary>
/// A contrast as a comparison like any other: the reference's samples are the base, the
/// kernel's the head, both under the contrast's ID, so the gate's <see cref="Comparison.Comparer"/>
/// decides it with the same statistics, thresholds and Unknown. The two sides pair on the
/// launches in which both kernels were sampled in one family (<see cref="BenchmarkResult.Family"/>,
/// <see cref="BenchmarkResult.FamilyLaunches"/>); otherwise the contrast is unpaired, and says so.
/// </summary>
public static class ContrastSides
{
    public const string BaseRole = "reference", HeadRole = "kernel";

    /// <summary>The launches two kernels share in one family, where each took the same samples in the same placements; empty when they do not pair.</summary>
    public static IReadOnlyList<int> SharedLaunches(BenchmarkResult kernel, BenchmarkResult reference)
    {
        if (kernel.Family is not { } f || reference.Family != f)
            return [];
        var k = Launches(kernel);
        var r = Launches(reference);
        var shared = k.Keys.Where(r.ContainsKey).Where(n => k[n].Count == r[n].Count && k[n].Placements.SequenceEqual(r[n].Placements)).Order().ToList();
        // without launch numbers, the two must have run the very same launches
        return kernel.FamilyLaunches is null || reference.FamilyLaunches is null
            ? kernel.SamplesPerLaunch.SequenceEqual(reference.SamplesPerLaunch) && shared.Count == k.Count ? shared : []
            : shared;
    }

    /// <summary>Whether a contrast's two kernels pair: they share at least one launch of one family.</summary>
    public static bool Pairs(BenchmarkResult kernel, BenchmarkResult reference) => SharedLaunches(kernel, reference).Count > 0;

    /// <summary>
    /// The two sides of <paramref name="contrasts"/> (all paired, or all unpaired: <see cref="Pairs"/>) from the
    /// kernels' results: base = each reference under the contrast's ID, head = each kernel; paired, each cut to
    /// the launches the two share. Counts are left out, so cycles alone decide a cost; the counts go beside it.
    /// </summary>
    public static (ResultsDocument Base, ResultsDocument Head) Of(ResultsDocument kernels, IReadOnlyList<Contrast> contrasts, bool paired, string runId)
    {
        var byId = kernels.Benchmarks.ToDictionary(b => b.Id);
        var present = contrasts.Where(c => byId.ContainsKey(c.Kernel) && byId.ContainsKey(c.Reference)).ToList();
        BenchmarkResult As(Contrast c, string kernel)
        {
            var r = byId[kernel];
            if (paired)
                r = Restrict(r, SharedLaunches(byId[c.Kernel], byId[c.Reference]));
            return r with { Id = c.Id, Metrics = r.Metrics.Where(m => m.Key != MetricNames.Instructions).ToDictionary(m => m.Key, m => m.Value) };
        }
        string[] roles = [BaseRole, HeadRole];
        ResultsDocument Side(Func<Contrast, string> kernel, string role) => kernels with
        {
            Benchmarks = present.Select(c => As(c, kernel(c))).ToList(),
            Pairing = paired ? new PairingInfo(runId, role, roles) : null,
            Counting = null,
        };
        return (Side(c => c.Reference, BaseRole), Side(c => c.Kernel, HeadRole));
    }

    /// <summary>Each launch's number (its index where none is recorded), with its sample count, its placements' counts and where its samples start.</summary>
    private static Dictionary<int, (int Count, int[] Placements, int Start, int Index)> Launches(BenchmarkResult r)
    {
        var map = new Dictionary<int, (int, int[], int, int)>();
        var start = 0;
        for (var i = 0; i < r.SamplesPerLaunch.Count; i++)
        {
            var n = r.FamilyLaunches is { } numbers && numbers.Count == r.SamplesPerLaunch.Count ? numbers[i] : i;
            map[n] = (r.SamplesPerLaunch[i], r.SamplesPerPlacement is { } p && p.Count == r.SamplesPerLaunch.Count ? p[i].ToArray() : [], start, i);
            start += r.SamplesPerLaunch[i];
        }
        return map;
    }

    /// <summary>The result with only the given launches' samples (and their CPUs, placements and layouts), in order.</summary>
    private static BenchmarkResult Restrict(BenchmarkResult r, IReadOnlyList<int> launches)
    {
        var all = Launches(r);
        if (launches.Count == all.Count)
            return r;
        var kept = launches.Select(n => all[n]).ToList();
        IReadOnlyList<T>? Pick<T>(IReadOnlyList<T>? perLaunch) => perLaunch is { } l && l.Count == r.SamplesPerLaunch.Count ? kept.Select(x => l[x.Index]).ToArray() : null;
        return r with
        {
            Metrics = r.Metrics.ToDictionary(m => m.Key, m => m.Value.Samples.Count == r.SamplesPerLaunch.Sum()
                ? m.Value with { Samples = kept.SelectMany(x => m.Value.Samples.Skip(x.Start).Take(x.Count)).ToArray() }
                : m.Value),
            SamplesPerLaunch = kept.Select(x => x.Count).ToArray(),
            LaunchCpus = Pick(r.LaunchCpus),
            SamplesPerPlacement = Pick(r.SamplesPerPlacement),
            PlacementLayouts = Pick(r.PlacementLayouts),
            FamilyLaunches = Pick(r.FamilyLaunches),
            Variance = null,
        };
    }
}
