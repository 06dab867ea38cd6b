using Bench.Core.Results;
using Bench.Core.Statistics;
using static Bench.Core.Comparison.VerdictText;

namespace Bench.Core.Comparison;

/// <summary>
/// The cycles verdict of two arms of one interleaved run (`bench ab`). Sample i of base and of
/// head were taken back to back in one pinned process, so each launch gives one effect: the
/// median of its differences head_i - base_i (<see cref="LaunchSamples.PairedEffects"/>). The
/// launches are the independent units: the shift is the Hodges-Lehmann estimate over the launch
/// effects with its Wilcoxon signed-rank interval, so the machine's variation between processes
/// (and between the ms-scale states within one) widens the interval instead of hiding in 100
/// pairs taken as independent. Where each launch ran several placements a side (layouts of the
/// build, load contexts of the twins), its effect is the mean over them, so the interval is of
/// the layout-independent effect (widened where launches drew the same layouts: <see cref="LayoutReuse"/>) and placement is one more source of variation it absorbs. A change must also show on every CPU the launches ran on: a
/// Slower or Faster whose launches on one CPU point the other way is Unknown.
/// </summary>
internal static class PairedDecision
{
    /// <summary>Fewest launches on one CPU before that CPU's own direction is required to agree.</summary>
    public const int LaunchesPerCpuToAgree = 3;

    public static BenchmarkComparison Decide(BenchmarkComparison row, BenchmarkResult @base, BenchmarkResult head, IReadOnlyList<double> b, IReadOnlyList<double> h,
        GateRule rule, double t, double confidence)
    {
        var n = b.Count;
        row = row with { Mode = Comparer.Paired, Pairs = n };
        if (n < rule.MinPairs)
            return row with { Reason = $"too few pairs: {n}; the rule needs {rule.MinPairs}" };
        // placement p of head pairs with placement p of base only when both took the same samples from each
        var placements = Same(@base.SamplesPerPlacement, head.SamplesPerPlacement) ? head.SamplesPerPlacement : null;
        var d = LaunchSamples.Differences(b, h);
        var effects = LaunchSamples.Medians(d, head.SamplesPerLaunch, placements);
        var variance = PlacementVariance.Of(d, head.SamplesPerLaunch, placements);
        var ci = ShiftEstimators.Paired(effects, confidence);
        // launches that drew a layout another launch drew too are not independent in it: the interval says so by its width
        var reuse = placements is null ? null : LayoutReuse.Of(head.PlacementLayouts);
        var fixedSpread = reuse is { Reused: true } ? LayoutReuse.FixedSpread(d, head.SamplesPerLaunch, placements!, head.PlacementLayouts!) : null;
        var widened = fixedSpread is { } spread && reuse!.ExtraSd(spread) > 0;
        if (widened)
            ci = reuse!.Widen(ci, fixedSpread!.Value);
        row = WithInterval(row, ci) with { Launches = effects.Count, Variance = variance, LayoutSpread = variance?.BetweenPlacements };
        var perLaunch = variance?.Placements ?? 1;
        var evidence = $"{Interval(ci)} over {effects.Count} launches ({n} pairs{(perLaunch > 1 ? $" in {perLaunch} placements a launch" : "")}" +
                       $"{(widened ? $"; widened for {reuse!.Draws} layout draws worth {F(Math.Round(reuse.Effective, 1))} distinct layouts, whose own effects spread by {F(Math.Round(fixedSpread!.Value, 3))}" : "")})";
        var direction = ci.IsBounded && ci.Low > t ? 1 : ci.IsBounded && ci.High < -t ? -1 : 0;
        if (direction != 0 && Disagreeing(effects, LaunchSamples.CpusOfKept(head.SamplesPerLaunch, head.LaunchCpus), direction) is { } cpu)
            return row with { Reason = $"not on every CPU: {evidence} lies {(direction > 0 ? "above +" : "below -")}{F(t)}, but the launches on {cpu}" };
        if (direction > 0)
            return row with { Verdict = Verdict.Slower, Reason = $"{evidence} lies above +{F(t)}" };
        if (direction < 0)
            return row with { Verdict = Verdict.Faster, Reason = $"{evidence} lies below -{F(t)}" };
        return Undecided(row, ci, t, evidence, "launches");
    }

    private static bool Same(IReadOnlyList<IReadOnlyList<int>>? a, IReadOnlyList<IReadOnlyList<int>>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.Zip(b).All(x => x.First.SequenceEqual(x.Second));

    /// <summary>A CPU with enough launches whose median effect does not point the way of the verdict, in words; null when all agree.</summary>
    private static string? Disagreeing(IReadOnlyList<double> effects, IReadOnlyList<int>? cpus, int direction)
    {
        if (cpus is null)
            return null;
        foreach (var group in effects.Select((e, i) => (e, cpu: cpus[i])).GroupBy(x => x.cpu).OrderBy(g => g.Key))
        {
            var values = group.Select(x => x.e).ToArray();
            if (values.Length < LaunchesPerCpuToAgree)
                continue;
            var median = SampleSummary.Of(values).Median;
            if (Math.Sign(median) != direction)
                return $"CPU {group.Key} ({values.Length}) have a median effect of {S(median)}";
        }
        return null;
    }
}
