using System.Globalization;
using Bench.Core.Statistics;

namespace Bench.Core.Comparison;

/// <summary>How figures read in a verdict's reason: one format for every decision, invariant culture.</summary>
internal static class VerdictText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A plain figure: up to three decimals.</summary>
    public static string F(double v) => v.ToString("0.###", Inv);

    /// <summary>A signed shift with three decimals.</summary>
    public static string S(double v) => v.ToString("+0.000;-0.000;0.000", Inv);

    /// <summary>A signed percentage with one decimal.</summary>
    public static string Pct(double ratio) => (ratio * 100).ToString("+0.0;-0.0;0.0", Inv) + "%";

    /// <summary>"shift +0.120 [-0.031, +0.270] at 99%", or "(unbounded at 99%)".</summary>
    public static string Interval(ShiftInterval ci) => ci.IsBounded
        ? $"shift {S(ci.Estimate)} [{S(ci.Low)}, {S(ci.High)}] at {F(ci.Confidence * 100)}%"
        : $"shift {S(ci.Estimate)} (unbounded at {F(ci.Confidence * 100)}%)";

    /// <summary>Neither Slower nor Faster: why not Same either, or Same.</summary>
    public static BenchmarkComparison Undecided(BenchmarkComparison row, ShiftInterval ci, double t, string evidence, string unit)
    {
        if (!ci.IsBounded)
            return row with { Reason = $"too few {unit} to bound the shift at {F(ci.Confidence * 100)}% confidence ({evidence})" };
        if (ci.Low > -t && ci.High < t)
            return row with { Verdict = Verdict.Same, Reason = $"{evidence} lies within ±{F(t)}" };
        return row with { Reason = $"too noisy: {evidence} reaches past ±{F(t)}" };
    }

    public static BenchmarkComparison WithInterval(BenchmarkComparison row, ShiftInterval ci) => row with
    {
        Shift = ci.Estimate,
        ShiftLow = ci.IsBounded ? ci.Low : null,
        ShiftHigh = ci.IsBounded ? ci.High : null,
        Confidence = ci.Confidence,
    };
}
