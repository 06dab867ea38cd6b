using System.CommandLine;
using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.History;
using Bench.Core.Reporting;
using Bench.Core.Results;

namespace Bench.Cli.Commands;

/// <summary>
/// The report options `bench gate` and `bench ab` share, and the writing of what they ask for:
/// the HTML report, its Markdown beside it, the job summary, the history entry. A report that
/// cannot be written is said on the error stream; it never changes the gate's exit code.
/// </summary>
internal sealed class ReportOptions
{
    private readonly Option<string> _report;
    private readonly Option<bool> _noReport;
    private readonly Option<string?> _history;
    private readonly Option<string?> _reportUrl;
    private readonly string _verb;

    public ReportOptions(Command command, string verb, string? defaultHistory)
    {
        _verb = verb;
        _report = new Option<string>("--report")
        {
            Description = "The HTML report to write; the PR comment's Markdown goes beside it (.md).",
            HelpName = "FILE",
            DefaultValueFactory = _ => Path.Combine("reports", verb + ".html"),
        };
        _noReport = new Option<bool>("--no-report") { Description = "Write no report, Markdown or history entry." };
        _history = new Option<string?>("--history")
        {
            Description = defaultHistory is null
                ? "A history folder: this run is added to it, and the report draws its trend."
                : $"The history folder this run is added to, and whose trend the report draws (default: {defaultHistory}).",
            HelpName = "DIR",
            DefaultValueFactory = _ => defaultHistory,
        };
        _reportUrl = new Option<string?>("--report-url") { Description = "Where the HTML report will be published: linked from the Markdown.", HelpName = "URL" };
        command.Add(_report);
        command.Add(_noReport);
        command.Add(_history);
        command.Add(_reportUrl);
    }

    public void Write(ParseResult parse, GateResult result, GateConfig config, TextWriter output, TextWriter error)
    {
        if (parse.GetValue(_noReport))
            return;
        var htmlPath = parse.GetValue(_report)!;
        var store = parse.GetValue(_history) is { } historyDir ? new HistoryStore(historyDir) : null;
        var entry = HistoryEntry.From(result.Head, result.Comparison.Gate);
        var reported = false;
        Try(error, "report", () =>
        {
            // the report draws this run's point too; its file is added to the history only once the report is written
            var history = store?.ReadAll().Append(entry).OrderBy(e => e.CreatedUtc).ToList();
            var model = ReportBuilder.Build(result.Head, result.Comparison, history, $"Bench {_verb}", config.Defaults.RelativeThresholdPercent / 100);
            var (bytes, _) = ReportWriter.Html(htmlPath, model);
            output.WriteLine($"report: {htmlPath} ({bytes / 1024} KiB)");
            reported = true;
        });
        Try(error, "history entry", () =>
        {
            if (store is null)
                return;
            if (!reported)
                throw new IOException("its report was not written, and a history entry is added only with its report");
            output.WriteLine($"history: {store.Append(entry)}");
        });
        Try(error, "Markdown", () =>
        {
            var markdown = MarkdownReportRenderer.Render(result.Comparison, $"Bench {_verb}", parse.GetValue(_reportUrl));
            var mdPath = Path.ChangeExtension(htmlPath, ".md");
            ReportWriter.Text(mdPath, markdown);
            output.WriteLine($"markdown: {mdPath}");
            StepSummary(markdown, output);
        });
    }

    /// <summary>Appends the Markdown to the job summary when running under GitHub Actions.</summary>
    public static void StepSummary(string markdown, TextWriter output)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            // the job summary is a sink of its own: the token leaves it as it is and as Markdown escaping
            // writes it (ghp\_...), which a mask of the exact string would miss
            var raw = Environment.GetEnvironmentVariable("GITHUB_TOKEN") ?? "";
            foreach (var secret in new[] { raw, raw.Trim() }.SelectMany(t => new[] { t, Bench.Core.Reporting.MarkdownText.Escape(t) })
                         .Where(t => t.Trim().Length > 0).Distinct().OrderByDescending(t => t.Length))
                markdown = markdown.Replace(secret, "***", StringComparison.Ordinal);
            output.WriteLine(ReportWriter.AppendStepSummary(summary, markdown) is { } warning
                ? $"job summary: not appended (a warning, the exit code stands): {Bench.Core.TextSafety.Shown(warning, 400)}"
                : "job summary: appended");
        }
    }

    private static void Try(TextWriter error, string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e)
        {
            error.WriteLine($"bench: warning: the {what} was not written ({e.Message}); the gate's verdict and exit code stand.");
        }
    }
}
