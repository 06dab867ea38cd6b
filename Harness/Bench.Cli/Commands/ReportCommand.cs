using System.CommandLine;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.History;
using Bench.Core.Reporting;
using Bench.Core.Results;

namespace Bench.Cli.Commands;

/// <summary>`bench report`: one self-contained HTML file from a results file (and a comparison, and a history); Markdown for a PR.</summary>
internal sealed class ReportCommand : Command
{
    public ReportCommand(TextWriter output) : base("report", "Render a results file (with its comparison and a history folder) as one self-contained HTML file; the comparison also as Markdown for a PR comment.")
    {
        var results = new Option<string>("--results") { Description = "Results file whose samples the charts show (for a gate: head-results.json).", HelpName = "FILE", Required = true };
        var comparison = new Option<string?>("--comparison") { Description = "Comparison file (comparison.json of `bench compare`, `gate` or `ab`).", HelpName = "FILE" };
        var history = new Option<string?>("--history") { Description = "History folder (written by `bench gate`): a trend per benchmark with change points.", HelpName = "DIR" };
        var out_ = new Option<string>("--out", "-o") { Description = "The HTML file to write.", HelpName = "FILE", DefaultValueFactory = _ => Path.Combine("reports", "report.html") };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the comparison as Markdown (needs --comparison); it goes to the job summary too when GITHUB_STEP_SUMMARY is set.", HelpName = "FILE" };
        var reportUrl = new Option<string?>("--report-url") { Description = "Where the HTML will be published: linked from the Markdown.", HelpName = "URL" };
        var addToHistory = new Option<bool>("--add-to-history") { Description = "Add these results to the --history folder first (as `bench gate` does), then draw the trend." };
        var title = new Option<string?>("--title") { Description = "The report's title.", HelpName = "TEXT" };
        var costs = new Option<string?>("--costs") { Description = "A `bench cost` results file: its cost matrix goes first in the report.", HelpName = "FILE" };
        var config = CommonOptions.Config();
        Add(results);
        Add(comparison);
        Add(history);
        Add(out_);
        Add(markdown);
        Add(reportUrl);
        Add(addToHistory);
        Add(title);
        Add(costs);
        Add(config);
        SetAction(parse =>
        {
            var outPath = parse.GetValue(out_)!;
            var markdownPath = parse.GetValue(markdown);
            var comparisonPath = parse.GetValue(comparison);
            if (markdownPath is not null && comparisonPath is null)
                throw BenchException.Usage("--markdown renders a comparison: give --comparison FILE too.");
            var rules = GateConfigFile.Load(parse.GetValue(config));
            var doc = ResultsFile.Read(parse.GetValue(results)!);
            var cmp = comparisonPath is null ? null : ComparisonFile.Read(comparisonPath);
            var historyDir = parse.GetValue(history);
            HistoryEntry? added = null;
            if (parse.GetValue(addToHistory))
            {
                if (historyDir is null)
                    throw BenchException.Usage("--add-to-history needs --history DIR: the folder to add the results to.");
                added = HistoryEntry.From(doc, cmp?.Gate);
            }
            // the new point is drawn from memory; its file is added only once the report is written, so a failed report adds nothing
            var entries = historyDir is null ? null : new HistoryStore(historyDir).ReadAll();
            if (added is not null)
                entries = entries!.Append(added).OrderBy(e => e.CreatedUtc).ToList();
            var model = ReportBuilder.Build(doc, cmp, entries, parse.GetValue(title), rules.Defaults.RelativeThresholdPercent / 100);
            if (parse.GetValue(costs) is { } costsPath)
                model = model with
                {
                    Costs = ResultsFile.Read(costsPath).Contrasts
                            ?? throw BenchException.Usage($"--costs {costsPath} holds no contrasts: write it with `bench cost --out {costsPath}`."),
                };
            var (bytes, took) = ReportWriter.Html(outPath, model);
            output.WriteLine($"report: {outPath} ({bytes / 1024} KiB, {HtmlReportRenderer.ChartCount(model)} charts, rendered in {took.TotalMilliseconds:F0} ms)");
            if (added is not null)
                output.WriteLine($"history: {new HistoryStore(historyDir!).Append(added)}");
            if (cmp is not null)
            {
                var md = MarkdownReportRenderer.Render(cmp, parse.GetValue(title) ?? "Bench", parse.GetValue(reportUrl));
                if (markdownPath is not null)
                {
                    ReportWriter.Text(markdownPath, md);
                    output.WriteLine($"markdown: {markdownPath} ({md.Length} characters)");
                }
                ReportOptions.StepSummary(md, output);
            }
            return ExitCodes.Success;
        });
    }
}
