namespace Bench.Core.Statistics;

/// <summary>
/// Samples grouped by the worker process (launch) that took them. On a shared VM one process is
/// one draw of the machine (its CPU's speed, where its memory landed), so the launch, not the
/// sample, is the unit of evidence: every interval the comparison gives is built over launches.
/// </summary>
public static class LaunchSamples
{
    /// <summary>
    /// The values of each launch, in order, by the per-launch counts (launches with no samples are
    /// left out); all one launch when the counts do not add up to the values.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<double>> Split(IReadOnlyList<double> values, IReadOnlyList<int> perLaunch)
    {
        if (values.Count == 0)
            return [];
        if (perLaunch.Count == 0 || perLaunch.Sum(n => (long)n) != values.Count)
            return [values];
        var launches = new List<IReadOnlyList<double>>(perLaunch.Count);
        var start = 0;
        foreach (var n in perLaunch)
        {
            if (n > 0)
                launches.Add(values.Skip(start).Take(n).ToArray());
            start += n;
        }
        return launches;
    }

    /// <summary>The CPU of each launch that has samples (as <see cref="Split"/> keeps them); null when not recorded or not matching.</summary>
    public static IReadOnlyList<int>? CpusOfKept(IReadOnlyList<int> perLaunch, IReadOnlyList<int>? cpus) =>
        cpus is null || cpus.Count != perLaunch.Count ? null : perLaunch.Select((n, i) => (n, i)).Where(x => x.n > 0).Select(x => cpus[x.i]).ToArray();

    /// <summary>
    /// The value of each launch: its median, or, where the launch ran several placements, the mean
    /// of their medians (each placement one draw of the layout, weighted alike).
    /// </summary>
    public static IReadOnlyList<double> Medians(IReadOnlyList<double> values, IReadOnlyList<int> perLaunch,
        IReadOnlyList<IReadOnlyList<int>>? perPlacement = null) =>
        Placements(values, perLaunch, perPlacement).Select(l => l.Average(p => SampleSummary.Of(p).Median)).ToArray();

    /// <summary>
    /// Each launch's samples, split by placement (<see cref="Results.BenchmarkResult.SamplesPerPlacement"/>);
    /// a launch is one placement when the counts are not given or do not fit. Launches and placements with no samples are left out.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> Placements(IReadOnlyList<double> values, IReadOnlyList<int> perLaunch,
        IReadOnlyList<IReadOnlyList<int>>? perPlacement)
    {
        var launches = Split(values, perLaunch);
        if (perPlacement is null || perPlacement.Count != perLaunch.Count || launches.Count != perLaunch.Count(n => n > 0)
            || perPlacement.Select((c, l) => c.Sum() == perLaunch[l]).Contains(false))
            return launches.Select(l => (IReadOnlyList<IReadOnlyList<double>>)[l]).ToArray();
        var kept = perPlacement.Where((_, l) => perLaunch[l] > 0).ToArray();
        return launches.Select((l, i) => Split(l, kept[i])).ToArray();
    }

    /// <summary>
    /// Paired: the effect of each launch, the median of its differences head_i - base_i (samples i
    /// of both arms were taken back to back in that process). The median keeps one pair that
    /// straddled a change of the machine's state from moving the launch. Where the launch ran
    /// several placements a side (placement p of head paired with placement p of base, both drawn
    /// at random), its effect is the mean of their medians: the effect over the layouts it drew.
    /// </summary>
    public static IReadOnlyList<double> PairedEffects(IReadOnlyList<double> @base, IReadOnlyList<double> head, IReadOnlyList<int> perLaunch,
        IReadOnlyList<IReadOnlyList<int>>? perPlacement = null) =>
        Medians(Differences(@base, head), perLaunch, perPlacement);

    /// <summary>Paired: head_i - base_i for every pair.</summary>
    public static double[] Differences(IReadOnlyList<double> @base, IReadOnlyList<double> head)
    {
        if (@base.Count != head.Count)
            throw new ArgumentException("paired arms have the same number of samples");
        var d = new double[head.Count];
        for (var i = 0; i < d.Length; i++)
            d[i] = head[i] - @base[i];
        return d;
    }

    /// <summary>1.4826 x the median absolute deviation: a standard deviation that one odd launch does not inflate.</summary>
    public static double RobustSpread(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return 0;
        var m = SampleSummary.Of(values).Median;
        return 1.4826 * SampleSummary.Of(values.Select(v => Math.Abs(v - m)).ToArray()).Median;
    }
}
