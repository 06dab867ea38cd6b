using Bench.Core.Reporting;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Reporting;

public class TimeBenchLinesTests
{
    [Fact]
    public void Render_OneGreppableLinePerBenchmark_InTimeBenchsShape()
    {
        var run = ReportSamples.Run();
        var lines = TimeBenchLines.Render(run);
        Assert.Equal(run.Benchmarks.Count, lines.Count);
        var median = Bench.Core.Statistics.SampleSummary.Of(run.Benchmarks[0].Metrics["cycles"].Samples).Median;
        Assert.Matches(@"^Type:native/for_loop Per elem: \d+\.\d{3} cycles\(tsc\) \d+\.\d{3} ns \(step:0\) - \(median of 100 samples, invoke count:262144\)$", lines[0]);
        Assert.Contains(median.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + " cycles(tsc)", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Type:native/pp03-slow/ops-retpoline/provider-on crashed: the worker crashed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Type:managed/pp01-fast/ops/provider-off@pgo-off Per elem:", StringComparison.Ordinal) && l.EndsWith("BenchmarkDotNet quick, PGO off)", StringComparison.Ordinal));
    }
}
