using Bench.Core.Comparison;
using Bench.Core.Reporting;
using Bench.Core.Results;
using Bench.Tests.TestSupport;
using Xunit;

namespace Bench.Tests.Reporting;

public sealed class CostMatrixRendererTests
{
    private static ContrastResult Row(string style, string? state, string kind, Verdict v, double shift, double lo, double hi, double? instr, string impl = "native")
    {
        var kernel = $"{impl}/pp01-fast/{style}/provider-{(state == "on vs off" ? "on" : state ?? "off")}";
        var reference = kind == "toggle" ? $"{impl}/pp01-fast/{style}/provider-off" : $"{impl}/pp01-fast/none/provider-off";
        return new ContrastResult
        {
            Id = $"{kernel} vs {reference}", Family = $"{impl} pp01-fast", Implementation = impl, Kernel = kernel, Reference = reference,
            Kind = kind, Level = style, State = state,
            Comparison = new BenchmarkComparison
            {
                Id = $"{kernel} vs {reference}", Verdict = v, Reason = "shift <x> & \"why\"", Mode = Comparer.Paired, Shift = shift, ShiftLow = lo, ShiftHigh = hi,
                Threshold = 0.25, BaseMedian = 5.52, Launches = 32,
            },
            KernelInstructions = instr is null ? null : 29 + instr, ReferenceInstructions = instr is null ? null : 29,
        };
    }

    internal static ContrastReport Sample() => new(ContrastReport.Paired, "style against none, provider off (and on against off)", "embedded default",
    [
        Row("ops", "off", "style", Verdict.Same, 0.03, -0.01, 0.16, 2),
        Row("ops", "on", "style", Verdict.Slower, 2.01, 1.8, 2.3, 9),
        Row("ops", "on vs off", "toggle", Verdict.Slower, 1.98, 1.7, 2.2, 7),
        Row("if", "off", "style", Verdict.Unknown, 0.15, -0.1, 0.4, 1),
        Row("none-copy", "off", "null-control", Verdict.Same, 0.01, -0.02, 0.05, 0),
        Row("none+call", "off", "detection", Verdict.Slower, 2.66, 2.49, 2.84, 7),
        Row("ops|<b>", "off", "style", Verdict.Faster, -0.5, -0.7, -0.3, null, "managed"),
    ], ["native dispatch: not built here, so not contrasted: native/dispatch/ops-retpoline/provider-on"]);

    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void Text_MatchesGoldenFileInAnyCulture(string culture) =>
        Golden.AssertMatchesInCulture(culture, "cost-matrix.txt", () => CostMatrixRenderer.Text(Sample()));

    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void Markdown_MatchesGoldenFileInAnyCulture(string culture) =>
        Golden.AssertMatchesInCulture(culture, "cost-matrix.md", () => CostMatrixRenderer.Markdown(Sample()));

    [Fact]
    public void Markdown_EscapesNamesFromTheSuite()
    {
        var md = CostMatrixRenderer.Markdown(Sample());
        Assert.DoesNotContain("<b>", md);
        Assert.DoesNotContain("ops|<b>", md);
    }

    [Fact]
    public void Html_MatrixComesFirst_EscapedAndLabelledPaired()
    {
        var model = ReportSamples.Model() with { Costs = Sample() };
        var html = HtmlReportRenderer.Render(model, ReportSamples.StubAssets());
        var costs = html.IndexOf("<section id=\"costs\">", StringComparison.Ordinal);
        Assert.True(costs > 0 && costs < html.IndexOf("<section id=\"cases\">", StringComparison.Ordinal));
        Assert.True(costs < html.IndexOf("<section id=\"comparison\">", StringComparison.Ordinal));
        Assert.Contains("paired within launches", html);
        Assert.Contains("class=\"cost cost-costs-more\"", html);
        Assert.DoesNotContain("ops|<b>", html);
        Assert.Contains("distributions of samples, unpaired", html);
    }

    [Fact]
    public void Headline_Unpaired_SaysTheFiguresAreNotPaired()
    {
        var text = CostMatrixRenderer.Text(Sample() with { Mode = ContrastReport.Unpaired });
        Assert.Contains("UNPAIRED", text);
    }
}
