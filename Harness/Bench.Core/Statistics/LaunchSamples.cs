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

    /// <summary>The median of each launch.</summary>
    public static IReadOnlyList<double> Medians(IReadOnlyList<double> values, IReadOnlyList<int> perLaunch) =>
        Split(values, perLaunch).Select(l => SampleSummary.Of(l).Median).ToArray();

    /// <summary>
    /// Paired: the effect of each launch, the median of its differences head_i - base_i (samples i
    /// of both arms were taken back to back in that process). The median keeps one pair that
    /// straddled a change of the machine's state from moving the launch.
    /// </summary>
    public static IReadOnlyList<double> PairedEffects(IReadOnlyList<double> @base, IReadOnlyList<double> head, IReadOnlyList<int> perLaunch)
    {
        if (@base.Count != head.Count)
            throw new ArgumentException("paired arms have the same number of samples");
        var d = new double[head.Count];
        for (var i = 0; i < d.Length; i++)
            d[i] = head[i] - @base[i];
        return Split(d, perLaunch).Select(l => SampleSummary.Of(l).Median).ToArray();
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
