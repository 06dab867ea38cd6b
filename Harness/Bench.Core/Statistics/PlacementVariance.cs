namespace Bench.Core.Statistics;

/// <summary>
/// Where a benchmark's variation comes from, as standard deviations in the samples' unit:
/// within one placement (sample to sample), between the placements one launch ran side by side
/// (layouts of the build, or load contexts of the twins: how far placement alone moves the
/// kernel, its layout spread), and between launches beyond what the placements explain (the
/// process's draw of the machine: its CPU, where its memory landed).
/// </summary>
/// <param name="WithinPlacement">1.4826 x MAD of the samples within a placement, root-mean-square over placements.</param>
/// <param name="BetweenPlacements">Of one placement's median around its launch's mean; null when no launch ran two placements.</param>
/// <param name="BetweenLaunches">Of a launch's mean beyond what its placements and samples explain; null with fewer than two launches.</param>
/// <param name="Launches">Launches with samples.</param>
/// <param name="Placements">Placements per launch (the most any launch ran).</param>
/// <param name="SamplesPerPlacement">Median samples per placement.</param>
public sealed record PlacementVariance(double WithinPlacement, double? BetweenPlacements, double? BetweenLaunches, int Launches, int Placements,
    int SamplesPerPlacement)
{
    /// <summary>
    /// The variance of one launch's value (the mean of its placements' medians) with
    /// <paramref name="placements"/> placements of <paramref name="samples"/> samples each, from
    /// these components: what the interval over launches is built from. A sample median's variance
    /// is taken as pi/2 x the within variance / n (normal samples).
    /// </summary>
    public double LaunchVariance(int placements, int samples) =>
        Sq(BetweenLaunches ?? 0) + (Sq(BetweenPlacements ?? 0) + Math.PI / 2 * Sq(WithinPlacement) / Math.Max(samples, 1)) / Math.Max(placements, 1);

    /// <summary>The decomposition of one arm's values, or null when it has no samples.</summary>
    public static PlacementVariance? Of(IReadOnlyList<double> values, IReadOnlyList<int> perLaunch, IReadOnlyList<IReadOnlyList<int>>? perPlacement)
    {
        var launches = LaunchSamples.Placements(values, perLaunch, perPlacement);
        return launches.Count == 0 ? null : Of(launches);
    }

    /// <summary>The decomposition of values grouped by launch, then by placement within the launch.</summary>
    public static PlacementVariance? Of(IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> launches)
    {
        var placements = launches.SelectMany(l => l).Where(p => p.Count > 0).ToList();
        if (placements.Count == 0)
            return null;
        var within2 = placements.Average(p => Sq(LaunchSamples.RobustSpread(p)));
        var n = (int)SampleSummary.Of(placements.Select(p => (double)p.Count).ToArray()).Median;
        // noise of one placement's median from its own samples
        var medianNoise2 = Math.PI / 2 * within2 / Math.Max(n, 1);
        var medians = launches.Select(l => l.Where(p => p.Count > 0).Select(p => SampleSummary.Of(p).Median).ToArray()).Where(m => m.Length > 0).ToList();
        var maxPlacements = medians.Max(m => m.Length);
        double? between2 = null;
        var df = medians.Sum(m => m.Length - 1);
        if (df > 0)
        {
            var ss = medians.Sum(m => m.Sum(x => Sq(x - m.Average())));
            between2 = Math.Max(0, ss / df - medianNoise2);
        }
        double? launch2 = null;
        if (medians.Count > 1)
        {
            var means = medians.Select(m => m.Average()).ToArray();
            var mean = means.Average();
            var observed = means.Sum(x => Sq(x - mean)) / (means.Length - 1);
            var k = medians.Average(m => (double)m.Length);
            launch2 = Math.Max(0, observed - ((between2 ?? 0) + medianNoise2) / k);
        }
        return new PlacementVariance(Math.Sqrt(within2), between2 is { } b ? Math.Sqrt(b) : null, launch2 is { } l2 ? Math.Sqrt(l2) : null,
            medians.Count, maxPlacements, n);
    }

    /// <summary><paramref name="r"/> with the decomposition of its cycles recorded (as the results file keeps it).</summary>
    public static Results.BenchmarkResult Recorded(Results.BenchmarkResult r) =>
        r with
        {
            Variance = r.Metrics.TryGetValue(Results.MetricNames.Cycles, out var m) && !m.Deterministic
                ? Of(m.Samples, r.SamplesPerLaunch, r.SamplesPerPlacement)
                : null,
        };

    private static double Sq(double x) => x * x;
}
