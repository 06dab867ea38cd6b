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
}
