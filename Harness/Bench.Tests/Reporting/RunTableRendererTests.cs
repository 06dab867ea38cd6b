using Bench.Core.Reporting;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Reporting;

public class RunTableRendererTests
{
    [Theory]
    [InlineData("")]        // invariant
    [InlineData("de-DE")]   // decimal comma: must not leak into the table
    public void Render_SampleDocument_MatchesGoldenFileInAnyCulture(string culture)
    {
        Golden.AssertMatchesInCulture(culture, "run-table.txt", () => RunTableRenderer.Render(SampleDocuments.Document()));
    }

    [Fact]
    public void Render_ProblemBenchmarks_AreListedWithTheirError()
    {
        var text = RunTableRenderer.Render(SampleDocuments.Document());
        Assert.Contains("native/pp03-slow/ops-retpoline/provider-on: crashed: the worker crashed", text);
    }

    /// <summary>A suite's kernels: no provider tag, two sharing case and style and differing in a tag of their own.</summary>
    private static Core.Results.ResultsDocument SuiteRun() => SampleDocuments.With(
        SampleDocuments.Samples("lookup/switch", SampleDocuments.Noisy(40, 0.01, 40, 1)) with
            { Tags = new Dictionary<string, string> { ["case"] = "lookup", ["style"] = "switch", ["targets"] = "4" } },
        SampleDocuments.Samples("lookup/switch-wide", SampleDocuments.Noisy(60, 0.01, 40, 2)) with
            { Tags = new Dictionary<string, string> { ["case"] = "lookup", ["style"] = "switch", ["targets"] = "64" } },
        SampleDocuments.Samples("lookup/for_loop", SampleDocuments.Noisy(1, 0.01, 40, 3)) with { Tags = Core.Results.BenchmarkResult.TagsOf("for_loop") },
        SampleDocuments.Samples("lookup/empty", SampleDocuments.Noisy(2, 0.01, 40, 4)) with { Tags = Core.Results.BenchmarkResult.TagsOf("for_loop") });

    [Fact]
    public void Render_ASuiteWithoutProviders_HasOneRowPerKernel_AndNoProviderColumns()
    {
        var lines = RunTableRenderer.Render(SuiteRun()).Split('\n');
        Assert.DoesNotContain(lines, l => l.Contains("provider", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("lookup ", StringComparison.Ordinal) && l.Contains(" switch ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("for_loop ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Report_ChartsEveryKernelOfASuite_EvenWhereTwoShareTheirCaseAndStyle()
    {
        var model = ReportBuilder.Build(SuiteRun(), null, null);
        var charted = model.Cases.SelectMany(c => c.Series).SelectMany(s => s.Ids).OfType<string>().Order().ToList();
        Assert.Equal(["lookup/empty", "lookup/for_loop", "lookup/switch", "lookup/switch-wide"], charted);
    }
}
