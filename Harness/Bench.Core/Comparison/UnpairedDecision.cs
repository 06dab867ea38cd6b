using Bench.Core.Results;
using Bench.Core.Statistics;
using static Bench.Core.Comparison.VerdictText;

namespace Bench.Core.Comparison;

/// <summary>
/// The cycles verdict against a stored baseline: no sample of head was taken beside one of base,
/// so the unit is the launch median (one process is one draw). The shift is the two-sample
/// Hodges-Lehmann estimate with Moses' interval where the launches can reach the asked
/// confidence; with fewer (4 against 4 cannot reach 99.98 %), Welch's interval on the launch
/// medians, which assumes them roughly normal. The base's own launch-to-launch spread raises the
/// threshold a change must pass (what one run cannot see through), never the one Same must stay
/// within.
/// </summary>
internal static class UnpairedDecision
{
    public static BenchmarkComparison Decide(BenchmarkComparison row, BenchmarkResult @base, BenchmarkResult head, IReadOnlyList<double> b,
        IReadOnlyList<double> h, GateRule rule, double t, double confidence, string shared)
    {
        row = row with { Mode = Comparer.Unpaired };
        var bl = LaunchSamples.Medians(b, @base.SamplesPerLaunch, @base.SamplesPerPlacement);
        var hl = LaunchSamples.Medians(h, head.SamplesPerLaunch, head.SamplesPerPlacement);
        row = row with { BaseLaunches = bl.Count, HeadLaunches = hl.Count };
        if (bl.Count < rule.MinLaunches || hl.Count < rule.MinLaunches)
            return row with
            {
                Reason = $"too few launches: base {bl.Count}, head {hl.Count}; against a stored baseline a launch is the unit " +
                         $"(one process is one draw), and the rule needs {rule.MinLaunches} on each side ({MoreLaunches(@base, head, rule.MinLaunches)})",
            };
        var noise = rule.NoiseFactor * LaunchSamples.RobustSpread(bl);
        var tChange = Math.Max(t, noise);
        if (tChange > t)
            row = row with { ChangeThreshold = tChange };
        var ci = ShiftEstimators.Unpaired(hl, bl, confidence);
        var method = "Moses";
        if (!ci.IsBounded)
        {
            ci = ShiftEstimators.Welch(hl, bl, confidence) with { Estimate = ci.Estimate };
            method = "Welch";
        }
        row = WithInterval(row, ci);
        var evidence = $"{Interval(ci)}{shared} ({method}) over {bl.Count} base and {hl.Count} head launch medians";
        var raised = tChange > t ? $" (the threshold for a change, raised by {F(rule.NoiseFactor)} x the base's launch spread {F(noise / rule.NoiseFactor)})" : "";
        if (ci.IsBounded && ci.Low > tChange)
            return row with { Verdict = Verdict.Slower, Reason = $"{evidence} lies above +{F(tChange)}{raised}" };
        if (ci.IsBounded && ci.High < -tChange)
            return row with { Verdict = Verdict.Faster, Reason = $"{evidence} lies below -{F(tChange)}{raised}" };
        var undecided = Undecided(row, ci, t, evidence, "launches");
        if (undecided.Verdict != Verdict.Unknown)
            return undecided;
        if (tChange > t)
            undecided = undecided with { Reason = $"{undecided.Reason}; a change would have to pass ±{F(tChange)}{raised}" };
        var needed = LaunchPlanning.Needed(bl, hl, ci.Estimate, t, tChange, confidence,
            ci.IsBounded ? (ci.High - ci.Low) / 2 : double.PositiveInfinity, Math.Min(bl.Count, hl.Count));
        var plan = needed is { } n
            ? $"about {n} launches per side{(IsBenchmarkDotNet(@base, head) ? $" (BenchmarkDotNet's --launchCount {n})" : "")} would decide it if the shift and spread stay as seen"
            : "no number of launches would decide it as seen: the shift estimate sits at ±" + F(t) + " or between it and the change threshold, " +
              "or the interval is too wide for a million launches";
        return undecided with { Reason = $"{undecided.Reason}; {plan}" };
    }

    /// <summary>How to take more launches: Bench's own runs, or BenchmarkDotNet's for its imports.</summary>
    private static string MoreLaunches(BenchmarkResult @base, BenchmarkResult head, int min) =>
        IsBenchmarkDotNet(@base, head) ? $"run BenchmarkDotNet with --launchCount {min} or more and import again" : "bench run --launches N";

    private static bool IsBenchmarkDotNet(BenchmarkResult @base, BenchmarkResult head) =>
        Import.BenchmarkDotNetImport.IsImport(@base) || Import.BenchmarkDotNetImport.IsImport(head);
}
