using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.History;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Cli;

/// <summary>`bench report` through the real CLI.</summary>
public class ReportCliTests
{
    [Fact]
    public void Report_ResultsComparisonAndHistory_WritesHtmlMarkdownAndAddsToHistory()
    {
        using var dir = new TempDir();
        var run = ReportSamples.Run();
        ResultsFile.Write(dir.File("results.json"), run);
        ComparisonFile.Write(dir.File("comparison.json"), ReportSamples.Comparison(run));
        var args = new[] { "report", "--results", dir.File("results.json"), "--comparison", dir.File("comparison.json"), "--history", dir.File("history"),
            "--add-to-history", "--out", dir.File("out/report.html"), "--markdown", dir.File("out/pr.md"), "--report-url", "https://example.test/r.html" };
        var first = CliProcess.Run(args);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);
        var second = CliProcess.Run(args);
        Assert.True(second.ExitCode == ExitCodes.Success, second.Stderr);
        Assert.Equal(2, new HistoryStore(dir.File("history")).ReadAll().Count);
        var html = File.ReadAllText(dir.File("out/report.html"));
        Assert.Contains("id=\"history\"", html);
        Assert.Contains("Chart.js v4.5.1", html);
        Assert.Contains("[Full report](https://example.test/r.html)", File.ReadAllText(dir.File("out/pr.md")));
        Assert.Matches(@"report: .*report\.html \(\d+ KiB, \d+ charts, rendered in \d+ ms\)", second.Stdout);
    }

    [Fact]
    public void Report_AddToHistory_WhoseReportCannotBeWritten_AddsNoEntry_HoweverOftenTried()
    {
        using var dir = new TempDir();
        ResultsFile.Write(dir.File("results.json"), ReportSamples.Run());
        Directory.CreateDirectory(dir.File("a-folder"));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var r = CliProcess.Run("report", "--results", dir.File("results.json"), "--history", dir.File("history"), "--add-to-history", "--out", dir.File("a-folder"));
            Assert.Equal(ExitCodes.UsageError, r.ExitCode);
            Assert.Contains("a-folder", r.Stderr);
        }
        Assert.Empty(new HistoryStore(dir.File("history")).ReadAll());
    }

    [Fact]
    public void Report_TruncatedResults_IsUsageErrorNamingTheFileAndWritesNothing()
    {
        using var dir = new TempDir();
        var path = dir.File("results.json");
        ResultsFile.Write(path, ReportSamples.Run());
        File.WriteAllText(path, File.ReadAllText(path)[..200]);
        var r = CliProcess.Run("report", "--results", path, "--out", dir.File("r.html"));
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains(path, r.Stderr);
        Assert.False(File.Exists(dir.File("r.html")));
    }

    [Fact]
    public void Report_TwoImplementationsOfOneKernel_WithoutRunners_AreTwoSeries_NotACrash()
    {
        using var dir = new TempDir();
        var path = dir.File("results.json");
        var cycles = SampleDocuments.Noisy(8, 0.1, 40, 1);
        var kernel = SampleDocuments.Samples("kernel/pp01-fast/ops/provider-off", cycles) with { Implementation = "kernel", Tags = BenchmarkResult.TagsOf("pp01-fast", "ops", "off") };
        var managed = SampleDocuments.Samples("managed/pp01-fast/ops/provider-off", cycles) with { Implementation = "managed", Tags = BenchmarkResult.TagsOf("pp01-fast", "ops", "off") };
        ResultsFile.Write(path, SampleDocuments.With(kernel, managed));
        var r = CliProcess.Run("report", "--results", path, "--out", dir.File("r.html"));
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stdout + r.Stderr);
        var html = File.ReadAllText(dir.File("r.html"));
        Assert.Contains("kernel/pp01-fast/ops/provider-off", html);
        Assert.Contains("managed/pp01-fast/ops/provider-off", html);
    }
}
