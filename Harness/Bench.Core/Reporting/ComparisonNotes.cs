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
        if (doc.BaselineDrift is { } recorded)
            notes.Add($"Stored figures: {recorded.Describe()}.");
        return notes;
    }
}
