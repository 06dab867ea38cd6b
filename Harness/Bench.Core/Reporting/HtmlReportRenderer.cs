using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bench.Core.Comparison;
using static Bench.Core.Reporting.Figures;

namespace Bench.Core.Reporting;

/// <summary>
/// One self-contained HTML file: opens from disk with no network (the chart libraries and the
/// data are inlined; a Content-Security-Policy forbids every fetch and admits only the inlined
/// scripts, by hash). Tables, text and the header are rendered here, escaped; the charts are
/// drawn by <c>report.js</c> from a JSON block. Pure: model and assets in, text out; numbers in
/// the invariant culture whatever the current one.
/// </summary>
public static class HtmlReportRenderer
{
    // The default encoder escapes <, >, & and quotes as \uXXXX: nothing in the data block can close it.
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public static string Render(ReportModel model, ReportAssets assets)
    {
        var scripts = new[] { assets.ChartJs, assets.BoxplotJs, assets.ReportJs };
        var csp = "default-src 'none'; script-src " + string.Join(" ", scripts.Select(Hash)) + "; style-src 'unsafe-inline'; img-src data:";
        var sb = new StringBuilder(assets.ChartJs.Length + assets.BoxplotJs.Length + 64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(Html.Text(csp)).Append("\">\n")
          .Append("<meta name=\"generator\" content=\"bench ").Append(Html.Text(model.ToolVersion)).Append("\">\n")
          .Append("<title>").Append(Html.Text(model.Title)).Append(" - ").Append(Html.Text(model.Header.Outcome)).Append("</title>\n")
          .Append("<style>\n").Append(assets.Css).Append("</style>\n</head>\n<body>\n");
        Header(sb, model);
        Nav(sb, model);
        sb.Append("<main>\n");
        if (model.Notes.Count > 0)
        {
            sb.Append("<section id=\"notes\">\n<h2>Read this first</h2>\n<ul class=\"notes\">\n");
            foreach (var n in model.Notes)
                sb.Append("<li>").Append(Html.Text(n)).Append("</li>\n");
            sb.Append("</ul>\n</section>\n");
        }
        if (model.Costs is { } costs)
            Costs(sb, costs);
        if (model.Comparison is { } comparison)
            Comparison(sb, comparison);
        Cases(sb, model);
        if (model.History is { } history)
            History(sb, history);
        sb.Append("<section id=\"text\">\n<h2>Text</h2>\n<p class=\"muted\">One line per benchmark in the shape of the kernel's time_bench output, for grep.</p>\n<pre>");
        foreach (var line in model.TextLines)
            sb.Append(Html.Text(line)).Append('\n');
        sb.Append("</pre>\n</section>\n</main>\n");
        Footer(sb, model, assets);
        sb.Append("<script type=\"application/json\" id=\"bench-data\">").Append(Data(model)).Append("</script>\n");
        foreach (var script in scripts)
            sb.Append("<script>").Append(script).Append("</script>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>How many charts the page draws: the browser test checks that many rendered.</summary>
    public static int ChartCount(ReportModel model) =>
        model.Cases.Count + (model.Comparison is { } c && c.Rows.Any(Charted) ? 1 : 0) + (model.History?.Cases.Count ?? 0);

    /// <summary>A comparison row the shift chart can draw: one with an interval and a base to scale it by.</summary>
    private static bool Charted(BenchmarkComparison r) => r.ShiftLow is not null && r.ShiftHigh is not null && r.BaseMedian is { } b && b != 0;

    private static void Header(StringBuilder sb, ReportModel model)
    {
        var h = model.Header;
        sb.Append("<header class=\"banner outcome-").Append(Html.Anchor(h.Outcome)).Append("\">\n")
          .Append("<h1>").Append(Html.Text(model.Title)).Append("</h1>\n")
          .Append("<p class=\"headline\"><span class=\"outcome\">").Append(Html.Text(h.Outcome)).Append("</span>")
          .Append(h.ExitCode is { } code ? Inv($" (exit {code})") : "").Append(": ").Append(Html.Text(h.Headline)).Append("</p>\n");
        if (h.Counts.Count > 0)
        {
            sb.Append("<ul class=\"counts\">");
            foreach (var c in h.Counts)
                sb.Append("<li class=\"v-").Append(Html.Anchor(c.Verdict)).Append("\"><b>").Append(Inv($"{c.Count}")).Append("</b>").Append(Html.Text(c.Verdict)).Append("</li>");
            sb.Append("</ul>\n");
        }
        sb.Append("<dl class=\"meta\">\n");
        Meta(sb, "machine", h.Machine);
        foreach (var s in h.Sides)
            Meta(sb, s.Role, $"{s.Label}{(s.Commit is { } c ? " at " + c : "")}, measured {Time(s.CreatedUtc)}{(s.Machine != h.Machine ? " on " + s.Machine : "")}");
        Meta(sb, "metric", h.Metric);
        if (h.Rules is { } rules)
            Meta(sb, "rules", rules);
        Meta(sb, "created", Time(h.CreatedUtc));
        sb.Append("</dl>\n</header>\n");
    }

    private static void Meta(StringBuilder sb, string name, string value) =>
        sb.Append("<dt>").Append(Html.Text(name)).Append("</dt><dd>").Append(Html.Text(value)).Append("</dd>\n");

    private static void Nav(StringBuilder sb, ReportModel model)
    {
        sb.Append("<nav>");
        if (model.Costs is not null)
            sb.Append("<a href=\"#costs\">What each style costs</a>");
        if (model.Comparison is not null)
            sb.Append("<a href=\"#comparison\">Comparison</a>");
        sb.Append("<a href=\"#cases\">Distributions</a>");
        if (model.NotMeasured.Count > 0)
            sb.Append("<a href=\"#not-measured\">Not measured</a>");
        if (model.History is not null)
            sb.Append("<a href=\"#history\">History</a>");
        sb.Append("<a href=\"#text\">Text</a></nav>\n");
    }

    private static void Comparison(StringBuilder sb, ComparisonSection c)
    {
        sb.Append("<section id=\"comparison\">\n<h2>Comparison</h2>\n<p class=\"muted\">")
          .Append(Html.Text($"{c.Mode} comparison of {c.Metric} ({c.Unit}); worst first. Shift = head minus base (Hodges-Lehmann), with its interval; the threshold is the change that counts."))
          .Append("</p>\n");
        if (c.Rows.Any(Charted))
            sb.Append("<div class=\"chart\"><canvas id=\"chart-comparison\" role=\"img\" aria-label=\"shift intervals as a percentage of the base median\"></canvas></div>\n");
        var layouts = c.Rows.Any(r => r.LayoutSpread is not null);
        sb.Append("<table class=\"comparison\">\n<thead><tr><th class=\"text\">verdict</th><th class=\"text\">benchmark</th><th>base</th><th>head</th><th>shift [interval]</th>")
          .Append(layouts ? "<th title=\"how far placement alone moves this kernel's effect (one placement's standard deviation)\">layout ±</th>" : "")
          .Append("<th>ratio</th><th>threshold</th>");
        if (c.HasInstructions)
            sb.Append("<th>instructions base → head</th><th>Δinstr</th><th class=\"text\">decided by</th>");
        sb.Append("<th class=\"text\">why</th></tr></thead>\n<tbody>\n");
        foreach (var r in c.Rows)
        {
            var verdict = r.Verdict.ToString().ToLowerInvariant();
            sb.Append("<tr class=\"v-").Append(verdict).Append("\"><td class=\"verdict text\">").Append(verdict).Append("</td><td class=\"id\">").Append(Html.Text(r.Id)).Append("</td>")
              .Append("<td>").Append(Num(r.BaseMedian, "F2")).Append("</td><td>").Append(Num(r.HeadMedian, "F2")).Append("</td>")
              .Append("<td>").Append(Html.Text(Shift(r))).Append("</td>").Append(layouts ? "<td>" + Num(r.LayoutSpread, "F2") + "</td>" : "")
              .Append("<td>").Append(Num(r.Ratio, "F3")).Append("</td><td>")
              .Append(r.Threshold is { } t ? "±" + Num(t, "F2") : "-").Append("</td>");
            if (c.HasInstructions)
            {
                sb.Append("<td>").Append(Num(r.BaseInstructions, "F2")).Append(" → ").Append(Num(r.HeadInstructions, "F2")).Append("</td><td>").Append(InstructionDelta(r))
                  .Append("</td><td class=\"text\">").Append(Html.Text(r.DecidedBy ?? "-")).Append("</td>");
            }
            sb.Append("<td class=\"why\">").Append(Html.Text(r.Reason)).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        var (columns, twins) = TwinTable.Of(c.Rows);
        if (twins.Count > 0)
        {
            sb.Append("<h3>Native and managed side by side</h3>\n<table class=\"twins\">\n<thead><tr><th class=\"text\">case</th><th class=\"text\">dispatch</th><th class=\"text\">provider</th>");
            foreach (var col in columns)
                sb.Append("<th class=\"text\">").Append(Html.Text(col)).Append("</th>");
            sb.Append("</tr></thead>\n<tbody>\n");
            foreach (var t in twins)
            {
                sb.Append("<tr><td class=\"text\">").Append(Html.Text(t.Case)).Append("</td><td class=\"text\">").Append(Html.Text(t.Dispatch))
                  .Append("</td><td class=\"text\">").Append(Html.Text(t.Provider)).Append("</td>");
                foreach (var cell in t.Cells)
                    sb.Append("<td class=\"text").Append(cell is null ? "" : " v-" + cell.Verdict.ToString().ToLowerInvariant()).Append("\">")
                      .Append(Html.Text(TwinTable.Cell(cell))).Append("</td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
        }
        sb.Append("</section>\n");
    }

    /// <summary>The cost matrix: a table per family, each cell the paired shift with its interval and the decision.</summary>
    private static void Costs(StringBuilder sb, Results.ContrastReport report)
    {
        var m = CostMatrix.Of(report);
        sb.Append("<section id=\"costs\">\n<h2>What each style costs</h2>\n<p class=\"muted\">").Append(Html.Text(CostMatrixRenderer.Headline(m))).Append("</p>\n");
        foreach (var f in m.Families)
        {
            sb.Append("<article id=\"cost-").Append(Html.Anchor(f.Name)).Append("\">\n<h3>").Append(Html.Text(f.Name)).Append("</h3>\n<p class=\"muted\">")
              .Append(Html.Text(CostMatrixRenderer.FamilyDetails(f))).Append("</p>\n<table class=\"costs\">\n<thead><tr><th class=\"text\">style</th>");
            foreach (var state in f.States)
                sb.Append("<th>").Append(Html.Text(CostMatrixRenderer.StateHeader(state))).Append("</th>");
            if (f.HasToggle)
                sb.Append("<th>provider on vs off</th>");
            sb.Append("</tr></thead>\n<tbody>\n");
            foreach (var r in f.Rows)
            {
                sb.Append("<tr><td class=\"text\">").Append(Html.Text(CostMatrixRenderer.RowName(r))).Append("</td>");
                foreach (var c in r.Cells.Append(f.HasToggle ? r.Toggle : null).Take(r.Cells.Count + (f.HasToggle ? 1 : 0)))
                    sb.Append("<td class=\"cost cost-").Append(c is null ? "none" : Html.Anchor(c.Decision)).Append("\" title=\"").Append(Html.Text(c?.Comparison.Reason ?? ""))
                      .Append("\">").Append(Html.Text(CostMatrix.Cell(c))).Append("</td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody>\n</table>\n</article>\n");
        }
        if (m.Notes.Count > 0 || m.Families.Any(f => f.Rows.Any(r => r.Control is not null)))
        {
            sb.Append("<ul class=\"notes\">\n");
            foreach (var line in CostMatrixRenderer.FooterLines(m))
                sb.Append("<li>").Append(Html.Text(line)).Append("</li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("</section>\n");
    }

    private static void Cases(StringBuilder sb, ReportModel model)
    {
        sb.Append("<section id=\"cases\">\n<h2>Distributions of samples, per case</h2>\n<p class=\"muted\">Cycles(tsc) per element of every sample: boxes are the quartiles, whiskers 1.5 IQR, dots the samples beyond. The tables give median [first quartile – third quartile] and the sample count.</p>\n")
          .Append("<p class=\"note\">These are distributions of samples, unpaired: they pool every launch, on whichever CPU it ran, and the vCPUs of a shared VM run up to 1.9x apart. The difference of two medians here is not what a style costs; a cost is a paired figure: <code>bench cost</code>").Append(model.Costs is null ? "" : " (above)").Append(".</p>\n");
        if (model.Cases.Count == 0)
            sb.Append("<p>No benchmark in these results has cycle samples.</p>\n");
        for (var i = 0; i < model.Cases.Count; i++)
        {
            var c = model.Cases[i];
            sb.Append("<article id=\"case-").Append(Html.Anchor(c.Case)).Append("\">\n<h3>").Append(Html.Text(c.Title)).Append("</h3>\n")
              .Append("<div class=\"chart\"><canvas id=\"chart-case-").Append(Inv($"{i}")).Append("\" role=\"img\" aria-label=\"")
              .Append(Html.Text($"{c.Unit} of {c.Title}")).Append("\"></canvas></div>\n");
            if (c.Clipped > 0)
                sb.Append("<p class=\"muted\">").Append(Inv($"{c.Clipped} sample(s) beyond the whiskers lie outside the axis ({c.AxisMin:F2} to {c.AxisMax:F2}) and are not drawn; the table counts them.")).Append("</p>\n");
            sb.Append("<table class=\"medians\">\n<thead><tr><th class=\"text\">").Append(c.Case == ReportBuilder.BaselinesCase ? "loop" : "dispatch").Append("</th>");
            foreach (var s in c.Series)
                sb.Append("<th>").Append(Html.Text(s.Label)).Append("</th>");
            sb.Append("</tr></thead>\n<tbody>\n");
            var summaries = c.Series.Select(s => s.Summaries).ToList();
            for (var k = 0; k < c.Categories.Count; k++)
            {
                sb.Append("<tr><td class=\"text\">").Append(Html.Text(c.Categories[k])).Append("</td>");
                foreach (var column in summaries)
                    sb.Append("<td>").Append(column[k] is { } m ? Inv($"{m.Median:F2} [{m.Q1:F2} – {m.Q3:F2}] n={m.Count}") : "-").Append("</td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody>\n</table>\n</article>\n");
        }
        sb.Append("</section>\n");
        if (model.NotMeasured.Count > 0)
        {
            sb.Append("<section id=\"not-measured\">\n<h2>Not measured</h2>\n<table>\n<thead><tr><th class=\"text\">benchmark</th><th class=\"text\">status</th><th class=\"text\">why</th></tr></thead>\n<tbody>\n");
            foreach (var n in model.NotMeasured)
                sb.Append("<tr><td class=\"id\">").Append(Html.Text(n.Id)).Append("</td><td class=\"text\">").Append(Html.Text(n.Status))
                  .Append("</td><td class=\"why\">").Append(Html.Text(n.Reason)).Append("</td></tr>\n");
            sb.Append("</tbody>\n</table>\n</section>\n");
        }
    }

    private static void History(StringBuilder sb, HistorySection h)
    {
        sb.Append("<section id=\"history\">\n<h2>History</h2>\n<p class=\"muted\">")
          .Append(Html.Text(Inv($"Median cycles(tsc) per element over {h.Runs.Count} saved run(s) of {h.Machine}")))
          .Append(h.LeftOut > 0 ? Html.Text(Inv($"; {h.LeftOut} run(s) of other machines left out (their cycles are not comparable)")) : "")
          .Append(Html.Text(Inv($". Change points (ED-PELT, kept when the level moved by at least {h.MinRelativeChange * 100:0.#}%) are red triangles."))).Append("</p>\n");
        for (var i = 0; i < h.Cases.Count; i++)
            sb.Append("<h3>").Append(Html.Text(h.Cases[i].Title)).Append("</h3>\n<div class=\"chart short\"><canvas id=\"chart-history-").Append(Inv($"{i}"))
              .Append("\" role=\"img\" aria-label=\"").Append(Html.Text("history of " + h.Cases[i].Title)).Append("\"></canvas></div>\n");
        var points = h.Cases.SelectMany(c => c.Series).SelectMany(s => s.ChangePoints.Select(p => (s.Id, p))).ToList();
        if (points.Count == 0)
        {
            sb.Append("<p>No change points.</p>\n</section>\n");
            return;
        }
        sb.Append("<table class=\"change-points\">\n<thead><tr><th class=\"text\">benchmark</th><th class=\"text\">from run</th><th>before</th><th>after</th><th>change</th></tr></thead>\n<tbody>\n");
        foreach (var (id, p) in points)
            sb.Append("<tr><td class=\"id\">").Append(Html.Text(id)).Append("</td><td class=\"text\">").Append(Html.Text(h.Runs[p.Index]))
              .Append("</td><td>").Append(Num(p.Before, "F2")).Append("</td><td>").Append(Num(p.After, "F2")).Append("</td><td>")
              .Append(Inv($"{p.RelativeChange * 100:+0.0;-0.0;0.0}%")).Append("</td></tr>\n");
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Footer(StringBuilder sb, ReportModel model, ReportAssets assets)
    {
        sb.Append("<footer>\n<p>Made by bench ").Append(Html.Text(model.ToolVersion)).Append(". Charts: ")
          .Append(string.Join(", ", assets.Notices.Select(n => Html.Text($"{n.Name} {n.Version}")))).Append(", inlined.</p>\n")
          .Append("<details><summary>Third-party licences</summary>\n");
        foreach (var n in assets.Notices)
            sb.Append("<h4>").Append(Html.Text($"{n.Name} {n.Version}")).Append("</h4>\n<pre>").Append(Html.Text(n.LicenceText)).Append("</pre>\n");
        sb.Append("</details>\n</footer>\n");
    }

    /// <summary>The charts' data. Shift intervals are given as percentages of the base median.</summary>
    private static string Data(ReportModel model)
    {
        var data = new
        {
            expectedCharts = ChartCount(model),
            cases = model.Cases.Select(c => new
            {
                c.Title, c.Unit, c.Categories, c.AxisMin, c.AxisMax, categoryTitle = c.Case == ReportBuilder.BaselinesCase ? "loop" : "dispatch style",
                series = c.Series.Select(s => new { s.Label, s.Key, s.Samples, s.Ids }),
            }),
            comparison = model.Comparison is { } cmp ? new
            {
                rows = cmp.Rows.Where(Charted).Select(r => new
                {
                    r.Id, verdict = r.Verdict.ToString().ToLowerInvariant(),
                    shift = Pct(r.Shift, r.BaseMedian), low = Pct(r.ShiftLow, r.BaseMedian), high = Pct(r.ShiftHigh, r.BaseMedian),
                    threshold = Pct(r.Threshold, r.BaseMedian),
                }),
            } : null,
            history = model.History is { } h ? new
            {
                h.Runs, unit = "cycles(tsc)/elem",
                cases = h.Cases.Select(c => new { c.Title, series = c.Series.Select(s => new { s.Label, s.Values, changePoints = s.ChangePoints.Select(p => p.Index) }) }),
            } : null,
        };
        return JsonSerializer.Serialize(data, DataJson);
    }

    /// <summary>A percentage the chart can draw; none where the figures give no finite one (a base median near zero).</summary>
    private static double? Pct(double? value, double? @base) =>
        value is { } v && @base is { } b && b != 0 && double.IsFinite(v / b * 100) ? Math.Round(v / b * 100, 3) : null;

    private static string Hash(string script) => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'";

}
