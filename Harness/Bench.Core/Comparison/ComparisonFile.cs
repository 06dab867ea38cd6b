using System.Text.Json;
using Bench.Core.IO;
using Bench.Core.Results;

namespace Bench.Core.Comparison;

/// <summary>Writes comparison files (atomically, same JSON conventions as results files) and reads them back.</summary>
public static class ComparisonFile
{
    public static void Write(string path, ComparisonDocument doc) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(doc, ResultsFile.Json) + "\n");

    public static ComparisonDocument Read(string path)
    {
        var text = IO.InputFile.ReadAllText(path, "comparison file");
        try
        {
            var doc = JsonSerializer.Deserialize<ComparisonDocument>(text, ResultsFile.Json);
            if (doc is null || doc.Benchmarks is null)
                throw BenchException.Usage($"{path} is not a Bench comparison file: re-run `bench compare`.");
            if (doc.SchemaVersion > ComparisonDocument.CurrentSchemaVersion)
                throw BenchException.Usage($"{path} has comparison schema {doc.SchemaVersion}, newer than this bench understands: update bench.");
            if (doc.SchemaVersion < 1)
                throw BenchException.Usage($"{path} has comparison schema {doc.SchemaVersion}, which no bench ever wrote: re-run `bench compare`.");
            if (Problems(doc).FirstOrDefault() is { } problem)
                throw BenchException.Usage($"comparison file {path} is corrupt: {problem}; re-run `bench compare`.");
            return doc;
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"comparison file {path} is not valid ({e.Message}): re-run `bench compare`.");
        }
    }

    /// <summary>What no bench ever writes: missing parts, null or duplicate rows, figures that are not finite.</summary>
    private static IEnumerable<string> Problems(ComparisonDocument doc)
    {
        if (doc.Tool is not { Name: not null, Version: not null } || doc.Base is null || doc.Head is null || doc.Mode is null ||
            doc.Metric is null || doc.Unit is null || doc.ConfigSource is null)
        {
            yield return "it lacks tool, base, head, mode, metric, unit or configSource";
            yield break;
        }
        foreach (var (name, side) in new[] { ("base", doc.Base), ("head", doc.Head) })
            if (side.Label is null || side.Machine is null)
                yield return $"{name} lacks label or machine";
        if (doc.Gate is not { Summary: not null } g || !Enum.IsDefined(g.Outcome))
            yield return "it lacks the gate's decision (gate.exitCode, gate.outcome, gate.summary)";
        if (doc.MachineDrift is { } drift && (drift.Controls is null || drift.Controls.Any(c => c is null || c.Id is null || !double.IsFinite(c.Relative)) || drift.Guarded < 0))
            yield return "machineDrift lacks controls, or has one that is not a finite shift";
        if (doc.BaselineDrift is { } bd && (bd.Baseline is null || bd.RecordedOn is null || bd.Benchmarks <= 0 ||
                                            new[] { bd.Median, bd.Min, bd.Max }.Any(v => !(v > 0 && v <= ResultsFile.MaxFigure))))
            yield return "baselineDrift lacks its baseline, or has a ratio that is not a positive finite number";
        if (doc.Benchmarks.Any(b => b is null))
        {
            yield return "a benchmark row is null";
            yield break;
        }
        foreach (var dup in doc.Benchmarks.GroupBy(b => b.Id).Where(g => g.Count() > 1))
            yield return $"benchmark '{dup.Key}' appears {dup.Count()} times";
        foreach (var b in doc.Benchmarks)
        {
            if (string.IsNullOrEmpty(b.Id) || b.Reason is null)
                yield return "a row has no id or no reason";
            double?[] figures = [b.BaseMedian, b.HeadMedian, b.Shift, b.ShiftLow, b.ShiftHigh, b.Confidence, b.Ratio, b.Threshold, b.ChangeThreshold,
                b.BaseInstructions, b.HeadInstructions];
            if (figures.Any(f => f is { } v && !(Math.Abs(v) <= ResultsFile.MaxFigure)))
                yield return $"{b.Id} has a figure that is not a finite number within ±{ResultsFile.MaxFigure:0e0}";
            if (b.BaseSamples < 0 || b.HeadSamples < 0 || b.BaseLaunches < 0 || b.HeadLaunches < 0 || b.Pairs < 0 || b.Reruns < 0 || b.Launches < 0)
                yield return $"{b.Id} has a negative count";
        }
    }
}
