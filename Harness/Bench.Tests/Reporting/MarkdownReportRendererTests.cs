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
        Assert.True(md.Length <= MarkdownReportRenderer.GitHubCommentLimit, $"{md.Length} characters");
        Assert.True(md.Length > MarkdownReportRenderer.GitHubCommentLimit - 2000, "it should fill the comment, not drop far more than needed");
        Assert.Contains("native/the\\-regression", md);
        Assert.Matches(@"_\d+ row\(s\) left out: a comment holds at most 65,536 characters\. Every row is in the \[full report\]\(https://example\.test/r\.html\)\._", md);
        Assert.EndsWith("</sub>\n", md);
    }

    [Fact]
    public void Render_ReportUrlThatIsNotHttp_IsNotLinked()
    {
        var md = MarkdownReportRenderer.Render(ReportSamples.Comparison(ReportSamples.Run()), reportUrl: "javascript:alert(1)");
        Assert.DoesNotContain("javascript:", md);
    }

    private static int CellCount(string row) => System.Text.RegularExpressions.Regex.Matches(row, @"(?<!\\)\|").Count;
}
