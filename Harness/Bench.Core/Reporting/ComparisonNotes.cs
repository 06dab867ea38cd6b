using Bench.Core.Comparison;

namespace Bench.Core.Reporting;

/// <summary>
/// What a reader must know about a comparison before its rows, in plain sentences: one text for
/// the console, the PR Markdown and the HTML report (each escapes it its own way). Pure.
/// </summary>
public static class ComparisonNotes
{
    public static IReadOnlyList<string> Of(ComparisonDocument doc)
    {
        var notes = new List<string>();
        if (doc.MetricNote is { } metric)
            notes.Add($"Metric: {metric}.");
        if (doc.CyclesNotCompared is { } why)
            notes.Add($"Cycles were not compared: {why}. The verdicts rest on instruction counts, which cover the native kernels: " +
                      "the managed twins (JIT-compiled, not counted) are not judged here.");
        if (doc.RecordBaseline is { } record)
            notes.Add($"To gate cycles on this machine too, record its baseline: {record}");
        if (doc.MachineDrift is { } drift)
        {
            var moved = string.Join(", ", drift.Controls.Select(c => $"{c.Id} {VerdictText.Pct(c.Relative)}"));
            notes.Add(drift.Guarded == 0
                ? $"Control benchmarks (the machine's drift since the baseline): {moved}."
                : $"Control benchmarks (the machine's drift since the baseline): {moved}. {drift.Guarded} Slower or Faster verdict(s) no larger " +
                  "than that drift are Unknown; their raw verdict is shown beside them.");
        }
        if (doc.Placement is { } placed)
        {
            var native = placed.NativeLayouts > 1
                ? $"native kernels in layouts drawn from {placed.NativeLayouts} relinks of each build (the same code behind another padding and object order; " +
                  "both sides load the same layouts in a launch, and no layout serves a second launch before every one has served one)"
                : "native kernels in their build's one layout";
            notes.Add($"Placement: every launch ran {placed.PerLaunch} placements a side, {native}, managed twins in load contexts of their own; " +
                      "each verdict is of the effect averaged over them, and \"layout ±\" is how far placement alone moves a kernel's effect." +
                      (placed.NativeLayoutsUnavailable is { } missing ? $" Not measured: {missing}." : ""));
        }
        if (doc.BaselineDrift is { } recorded)
            notes.Add($"Stored figures: {recorded.Describe()}.");
        return notes;
    }
}
