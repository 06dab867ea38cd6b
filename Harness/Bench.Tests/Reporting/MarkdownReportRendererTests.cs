using Bench.Core.Comparison;
using Bench.Core.Reporting;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Reporting;

public class MarkdownReportRendererTests
{
    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void Render_IsStableUnderAnyCulture(string culture)
    {
        Golden.AssertMatchesInCulture(culture, "comparison.md", () =>
            MarkdownReportRenderer.Render(ReportSamples.Comparison(ReportSamples.Run()), "Bench (x64)", "https://example.test/reports/pr-7.html", "<!-- bench-report -->"));
    }

    [Fact]
    public void Render_HostileNames_RenderAsText()
    {
        var md = MarkdownReportRenderer.Render(ReportSamples.Comparison(ReportSamples.Run()));
        Assert.DoesNotContain("<script>", md);
        Assert.Contains(@"native/dispatch/&lt;script&gt;alert\(1\)&lt;/script&gt;/provider\-off", md);
        // within each table every row has the header's cell count: no name adds a cell
        var tables = 0;
        int? cells = null;
        foreach (var line in md.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                cells = null;
                continue;
            }
            if (cells is null)
                tables++;
            cells ??= CellCount(line);
            Assert.True(cells == CellCount(line), line);
        }
        Assert.Equal(2, tables);
        Assert.Contains(@"a\|b\*c\_\[x\]\(y\)\`z\`", md);
    }

    [Fact]
    public void Render_RegressionsFirst_TheRestFolded()
    {
        var md = MarkdownReportRenderer.Render(ReportSamples.Comparison(ReportSamples.Run()));
        var look = md.IndexOf("#### Needs a look", StringComparison.Ordinal);
        var details = md.IndexOf("<details>", StringComparison.Ordinal);
        Assert.True(look >= 0 && details > look, md);
        Assert.Contains("| slower | native/pp01\\-fast/ops/provider\\-on |", md[look..details]);
        Assert.DoesNotContain("| same |", md[look..details]);
    }

    [Fact]
    public void Render_TooManyRows_StaysWithinGitHubsLimitAndSaysSo()
    {
        var doc = ReportSamples.Comparison(ReportSamples.Run());
        var many = Enumerable.Range(0, 3000).Select(i => doc.Benchmarks[0] with { Id = $"native/case-{i:D4}/a-rather-long-dispatch-style-name/provider-off", Verdict = Verdict.Same })
            .Append(doc.Benchmarks[0] with { Id = "native/the-regression", Verdict = Verdict.Slower }).ToList();
        var md = MarkdownReportRenderer.Render(doc with { Benchmarks = many }, reportUrl: "https://example.test/r.html");
        Assert.True(md.Length <= TextLimit.Comment.Max, $"{md.Length} characters");
        Assert.True(md.Length > TextLimit.Comment.Max - 2000, "it should fill the comment, not drop far more than needed");
        Assert.Contains("native/the\\-regression", md);
        Assert.Matches(@"_\d+ row\(s\) left out: a comment holds at most 65,536 characters\. Every row is in the \[full report\]\(https://example\.test/r\.html\)\._", md);
        Assert.EndsWith("</sub>\n", md);
    }

    [Fact]
    public void Render_CheckRunSummary_CountsUtf8BytesNotCharacters()
    {
        // 3,000 regressions with non-ASCII IDs: within 65,536 characters is not within 65,535 bytes
        var doc = ReportSamples.Comparison(ReportSamples.Run());
        var many = Enumerable.Range(0, 3000).Select(i => doc.Benchmarks[0] with { Id = $"native/fäll-{i:D4}/dispatch-ü/provider-ön", Verdict = Verdict.Slower }).ToList();
        var comment = MarkdownReportRenderer.Render(doc with { Benchmarks = many });
        var summary = MarkdownReportRenderer.Render(doc with { Benchmarks = many }, limit: TextLimit.CheckRunOutput);
        Assert.True(comment.Length <= 65_536);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(comment) > 65_535, "the comment's characters would not fit the check run's bytes");
        var bytes = System.Text.Encoding.UTF8.GetByteCount(summary);
        Assert.True(bytes <= 65_535, $"{bytes} bytes");
        Assert.True(bytes > 65_535 - 2000, $"{bytes} bytes: it should fill the summary");
        Assert.Matches(@"_\d+ row\(s\) left out: a check run's summary holds at most 65,535 bytes \(UTF-8\)\.", summary);
    }

    [Theory]
    [InlineData("abc", 2, false, "ab")]
    [InlineData("aé", 2, true, "a")]
    [InlineData("a😀b", 2, false, "a")]
    [InlineData("a😀b", 5, true, "a😀")]
    [InlineData("a😀b", 4, true, "a")]
    public void TextLimit_CutsWithinTheLimitWithoutSplittingACharacter(string text, int max, bool bytes, string expected)
    {
        var limit = new TextLimit(max, bytes, "x", max);
        Assert.Equal(expected, limit.Cut(text));
        Assert.True(limit.Fits(limit.Cut(text)));
    }

    [Fact]
    public void Render_ReportUrlThatIsNotHttp_IsNotLinked()
    {
        var md = MarkdownReportRenderer.Render(ReportSamples.Comparison(ReportSamples.Run()), reportUrl: "javascript:alert(1)");
        Assert.DoesNotContain("javascript:", md);
    }

    private static int CellCount(string row) => System.Text.RegularExpressions.Regex.Matches(row, @"(?<!\\)\|").Count;
}
