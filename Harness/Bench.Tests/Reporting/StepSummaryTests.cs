using Bench.Core.Reporting;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Reporting;

/// <summary>The Actions job summary is best-effort: whatever GITHUB_STEP_SUMMARY names, a warning at worst, never a hang or a crash.</summary>
public sealed class StepSummaryTests
{
    [Fact]
    public void Append_ToAFile_AddsAfterWhatOtherStepsWrote()
    {
        using var dir = new TempDir();
        var path = dir.File("summary.md");
        File.WriteAllText(path, "earlier step\n");
        Assert.Null(ReportWriter.AppendStepSummary(path, "## Bench"));
        Assert.Equal("earlier step\n## Bench\n\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("missing/summary.md")]
    [InlineData("/dev/full")]
    public void Append_WhereNoFileCanTakeIt_IsAWarningNamingThePath(string where)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("folder"));
        var path = where.StartsWith('/') ? where : dir.File(where);
        var warning = ReportWriter.AppendStepSummary(path, "## Bench");
        Assert.NotNull(warning);
        Assert.Contains(path, warning);
    }

    [Fact]
    public async Task Append_ToAFifoWithNoReader_IsAWarning_NotWaitedOn()
    {
        using var dir = new TempDir();
        var fifo = dir.File("summary.fifo");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo))
            mk.WaitForExit();
        var append = Task.Run(() => ReportWriter.AppendStepSummary(fifo, "## Bench"));
        Assert.True(await Task.WhenAny(append, Task.Delay(TimeSpan.FromSeconds(60))) == append, "appending to a FIFO with no reader did not return");
        Assert.Contains(fifo, await append);
    }

    [Fact]
    public void Append_MoreThanGitHubKeeps_IsCutAtALineWithANote()
    {
        using var dir = new TempDir();
        var path = dir.File("summary.md");
        var huge = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"| row {i} | {new string('x', 40)} |\n"));
        Assert.Null(ReportWriter.AppendStepSummary(path, huge));
        var written = File.ReadAllText(path);
        Assert.True(new FileInfo(path).Length <= ReportWriter.StepSummaryMaxBytes, $"{new FileInfo(path).Length} bytes");
        Assert.Contains("cut here", written);
        Assert.DoesNotContain("| row 39999 |", written);
    }
}
