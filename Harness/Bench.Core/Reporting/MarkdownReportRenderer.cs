using System.Text;
using Bench.Core.Comparison;
using static Bench.Core.Reporting.Figures;

namespace Bench.Core.Reporting;

/// <summary>
/// A comparison as GitHub Markdown, for a PR comment and the job summary: the outcome, then the
/// benchmarks that need a person (slower, failed, unknown) in a compact table with why, then
/// everything else folded in &lt;details&gt;. Kept within a <see cref="TextLimit"/> (by default a
/// comment's 65,536 characters; a check run's summary counts UTF-8 bytes): rows that do not fit
/// are left out from the end (the least important), with a note saying so and a link to the full
/// report. Pure; invariant culture; every name escaped.
/// </summary>
public static class MarkdownReportRenderer
{
    /// <param name="title">The heading's text, e.g. "Bench (x64)".</param>
    /// <param name="reportUrl">The full HTML report, linked at the end and from the truncation note; null: none published.</param>
    /// <param name="marker">A first line kept as is (the sticky comment's hidden marker); null: none.</param>
    /// <param name="limit">What the text must fit (default: a comment's 65,536 characters).</param>
    public static string Render(ComparisonDocument doc, string title = "Bench", string? reportUrl = null, string? marker = null,
        TextLimit? limit = null)
    {
        limit ??= TextLimit.Comment;
        var gate = doc.Gate ?? throw new ArgumentException("a comparison to render carries its gate's decision");
        var rows = VerdictOrder.Sort(doc.Benchmarks);
        var attention = rows.Where(r => VerdictOrder.NeedsAttention(r.Verdict)).ToList();
        var rest = rows.Where(r => !VerdictOrder.NeedsAttention(r.Verdict)).ToList();
        var counts = doc.Benchmarks.Any(b => b.BaseInstructions is not null || b.HeadInstructions is not null);
        var restSummary = string.Join(", ", rest.GroupBy(r => r.Verdict).Select(g => Inv($"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")));

        var head = new StringBuilder();
        if (marker is not null)
            head.Append(marker).Append('\n');
        head.Append("### ").Append(gate.Outcome.Icon()).Append(' ').Append(MarkdownText.Escape(title)).Append(": ")
            .Append(MarkdownText.Escape(gate.Outcome.Word())).Append(Inv($" (exit {gate.ExitCode})")).Append("\n\n")
            .Append("**").Append(MarkdownText.Escape(VerdictOrder.Summary(doc))).Append("**\n\n")
            .Append("Base: ").Append(Side(doc.Base)).Append(" · head: ").Append(Side(doc.Head)).Append("  \n")
            .Append("Machine: ").Append(MarkdownText.Escape(doc.Head.Machine)).Append("  \n")
            .Append(MarkdownText.Escape($"{doc.Mode} comparison of {doc.Metric} ({doc.Unit}); rules: {doc.ConfigSource}")).Append('\n');
        foreach (var note in ComparisonNotes.Of(doc))
            head.Append("\n> ").Append(MarkdownText.Escape(note)).Append('\n');

        var link = reportUrl is null ? "" : $"\n[Full report]({LinkTarget(reportUrl)})\n";
        var tail = "\n<sub>bench " + MarkdownText.Escape(doc.Tool.Version) + Inv($", {Time(doc.CreatedUtc)}") + "</sub>\n";

        string Compose(int keepAttention, int keepRest) => head +
            Body(attention.Take(keepAttention).ToList(), attention.Count, rest.Take(keepRest).ToList(), rest.Count, restSummary, counts, reportUrl, limit) + link + tail;

        // Fit: every attention row and as many of the rest as the limit allows; if even the attention rows do not fit, as many of them as do.
        var whole = Compose(attention.Count, rest.Count);
        if (limit.Fits(whole))
            return whole;
        if (limit.Fits(Compose(attention.Count, 0)))
            return Compose(attention.Count, MostThatFit(rest.Count, r => limit.Fits(Compose(attention.Count, r))));
        return limit.Cut(Compose(MostThatFit(attention.Count, a => limit.Fits(Compose(a, 0))), 0));
    }

    /// <summary>The largest k in [0, n] with fits(k), for a fits that holds up to some k and not beyond (binary search).</summary>
    private static int MostThatFit(int n, Func<int, bool> fits)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (fits(mid))
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    private static string Body(IReadOnlyList<BenchmarkComparison> attention, int attentionTotal, IReadOnlyList<BenchmarkComparison> rest, int restTotal,
        string restSummary, bool counts, string? reportUrl, TextLimit limit)
    {
        var sb = new StringBuilder();
        if (attentionTotal > 0)
        {
            sb.Append("\n#### Needs a look\n\n");
            Table(sb, attention, counts, why: true);
        }
        if (restTotal > 0)
        {
            sb.Append(Inv($"\n<details><summary>{(attentionTotal > 0 ? "The other" : "All")} {restTotal} benchmark(s): {restSummary}</summary>\n\n"));
            if (rest.Count > 0)
                Table(sb, rest, counts, why: false);
            sb.Append("\n</details>\n");
        }
        var left = attentionTotal - attention.Count + restTotal - rest.Count;
        if (left > 0)
            sb.Append(Inv($"\n_{left} row(s) left out: {limit.Holder} holds at most {limit.Describe()}. "))
              .Append(reportUrl is null ? "Every row is in the comparison file and the HTML report._\n" : $"Every row is in the [full report]({LinkTarget(reportUrl)})._\n");
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, IEnumerable<BenchmarkComparison> rows, bool counts, bool why)
    {
        var list = rows.ToList();
        var layouts = list.Any(r => r.LayoutSpread is not null);
        sb.Append("| verdict | benchmark | base | head | shift [interval] |").Append(layouts ? " layout ± |" : "").Append(" ratio |")
          .Append(counts ? " Δinstr |" : "").Append(why ? " why |" : "").Append('\n')
          .Append("|---|---|--:|--:|--:|").Append(layouts ? "--:|" : "").Append("--:|").Append(counts ? "--:|" : "").Append(why ? "---|" : "").Append('\n');
        foreach (var r in list)
        {
            sb.Append("| ").Append(r.Verdict.ToString().ToLowerInvariant()).Append(" | ").Append(MarkdownText.Escape(r.Id)).Append(" | ")
              .Append(Num(r.BaseMedian)).Append(" | ").Append(Num(r.HeadMedian)).Append(" | ").Append(MarkdownText.Escape(Shift(r))).Append(" | ")
              .Append(layouts ? Num(r.LayoutSpread) + " | " : "").Append(Num(r.Ratio, "F3")).Append(" |");
            if (counts)
                sb.Append(' ').Append(MarkdownText.Escape(InstructionDelta(r))).Append(" |");
            if (why)
                sb.Append(' ').Append(MarkdownText.Escape(r.Reason)).Append(" |");
            sb.Append('\n');
        }
    }

    private static string Side(ComparedSide s) =>
        MarkdownText.Escape(s.Label) + (s.Commit is { Length: >= 7 } c ? " (" + MarkdownText.Escape(c[..7]) + ")" : "");

    /// <summary>A link target is a URL the user gave: kept only when http(s), with its parentheses and spaces encoded.</summary>
    private static string LinkTarget(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? u.AbsoluteUri.Replace("(", "%28").Replace(")", "%29").Replace(" ", "%20")
            : "#";
}
