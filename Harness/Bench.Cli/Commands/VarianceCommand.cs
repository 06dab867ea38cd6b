using System.CommandLine;
using System.Text.Json;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Core.Statistics;

namespace Bench.Cli.Commands;

/// <summary>`bench variance FILE`: the variance decomposition of every benchmark of a results or comparison file.</summary>
internal sealed class VarianceCommand : Command
{
    public VarianceCommand(TextWriter output) : base("variance",
        "Print where every benchmark's cycles vary: within a placement, between the placements of one launch (the layout spread), between launches. " +
        "Takes a results file (each side as it ran) or a comparison of `bench ab`/`gate` (the paired effects the verdicts rest on).")
    {
        var file = new Argument<string>("FILE") { Description = "A results file (head-results.json, a baseline) or a comparison.json." };
        var filter = CommonOptions.Filter();
        Add(file);
        Add(filter);
        SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var match = new Bench.Core.Catalog.BenchmarkFilter(parse.GetValue(filter));
            if (IsComparison(path))
            {
                var cmp = ComparisonFile.Read(path);
                var rows = cmp.Benchmarks.Where(b => match.Matches(b.Id) && b.Mode == Comparer.Paired).Select(b => (b.Id, b.Variance)).ToList();
                if (rows.Count == 0)
                    throw BenchException.Usage($"{path} has no paired rows{(match.IsAll ? "" : " matching the filter")}: the decomposition of a comparison is of the paired effects of `bench ab` or `gate`; give a results file instead.");
                output.Write(VarianceRenderer.Render($"of the paired effects (head - base) in {path}", cmp.Unit.Split(" + ")[0], rows));
                return 0;
            }
            var doc = ResultsFile.Read(path);
            var results = doc.Benchmarks.Where(b => match.Matches(b.Id))
                .Select(b => (b.Id, b.Variance ?? PlacementVariance.Recorded(b).Variance)).ToList();
            output.Write(VarianceRenderer.Render($"of each benchmark's cycles in {path}", MetricNames.CyclesUnit, results));
            return 0;
        });
    }

    /// <summary>A comparison has "mode" and verdict rows; a results file has "run".</summary>
    private static bool IsComparison(string path)
    {
        var text = Bench.Core.IO.InputFile.ReadAllText(path, "results or comparison file");
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("mode", out _) && !json.RootElement.TryGetProperty("run", out _);
        }
        catch (JsonException)
        {
            return false; // the results reader names the file and what is wrong
        }
    }
}
