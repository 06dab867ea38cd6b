using Bench.Core;
using Bench.Core.Results;
using Bench.Tests.TestSupport;
using Xunit;

namespace Bench.Tests.Cli;

/// <summary>`bench cost` through the real CLI, on the real kernels of one case (few launches: behaviour, not speed).</summary>
public sealed class CostCliTests
{
    [Fact]
    public void Cost_OneCase_PrintsThePairedMatrixWritesResultsAndDecidesTheControls()
    {
        using var dir = new TempDir();
        var out_ = dir.File("cost.json");
        var md = dir.File("cost.md");
        var r = CliProcess.Run("cost", "--quick", "--launches", "8", "--filter", "native/pp01-fast/*", "--no-count", "--out", out_, "--markdown", md);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        Assert.Contains("paired within launches", r.Stdout);
        Assert.Contains("native pp01-fast: against native/pp01-fast/none/provider-off", r.Stdout);
        Assert.Contains("none+call (detection)", r.Stdout);

        var doc = ResultsFile.Read(out_);
        var report = doc.Contrasts!;
        Assert.Equal(ContrastReport.Paired, report.Mode);
        // 6 styles x 2 states against none, 6 toggles, the 2 controls
        Assert.Equal(20, report.Rows.Count);
        Assert.All(doc.Benchmarks, b => Assert.Equal("native pp01-fast", b.Family));
        // the first round's 8 launches are every kernel's; a rerun of some contrasts numbers its launches after them
        Assert.All(doc.Benchmarks, b => Assert.Equal(Enumerable.Range(0, 8), b.FamilyLaunches!.Take(8)));
        Assert.All(doc.Benchmarks, b => Assert.Equal(b.SamplesPerLaunch.Count, b.FamilyLaunches!.Count));
        // one call per element costs several cycles on this VM: even 8 launches see it
        Assert.Equal("costs more", report.Rows.Single(x => x.Kind == "detection").Decision);
        Assert.NotEqual("costs more", report.Rows.Single(x => x.Kind == "null-control").Decision);
        Assert.Contains("| style | provider off | provider on | provider on vs off |", File.ReadAllText(md));

        // the same file decided again: paired, the same decisions
        var again = CliProcess.Run("cost", "--results", out_, "--out", dir.File("again.json"));
        Assert.True(again.ExitCode == ExitCodes.Success, again.Stderr);
        var redone = ResultsFile.Read(dir.File("again.json")).Contrasts!;
        Assert.Equal(ContrastReport.Paired, redone.Mode);
        Assert.Equal(report.Rows.Select(x => x.Decision), redone.Rows.Select(x => x.Decision));
    }

    [Fact]
    public void Cost_ResultsOfAPlainRun_AreUnpairedAndSaySo()
    {
        using var dir = new TempDir();
        var run = dir.File("run.json");
        var r = CliProcess.Run("run", "--quick", "--launches", "4", "--filter", "native/pp01-fast/none/*", "--filter", "native/pp01-fast/ops/*", "--out", run);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("not costs", r.Stdout);
        var c = CliProcess.Run("cost", "--results", run, "--out", dir.File("cost.json"));
        Assert.True(c.ExitCode == ExitCodes.Success, c.Stderr);
        Assert.Contains("UNPAIRED", c.Stdout);
        Assert.Equal(ContrastReport.Unpaired, ResultsFile.Read(dir.File("cost.json")).Contrasts!.Mode);
    }

    [Fact]
    public void Cost_OutIsItsInput_IsRefusedAndTheInputKept()
    {
        using var dir = new TempDir();
        var file = dir.File("in.json");
        File.WriteAllText(file, "{}");
        var r = CliProcess.Run("cost", "--results", file, "--out", file);
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("is also an input", r.Stderr);
        Assert.Equal("{}", File.ReadAllText(file));
    }
}
