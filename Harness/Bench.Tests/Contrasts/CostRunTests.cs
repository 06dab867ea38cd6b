using Bench.Core.Comparison;
using Bench.Core.Contrasts;
using Bench.Core.Results;
using Bench.Tests.TestSupport;
using Xunit;

namespace Bench.Tests.Contrasts;

/// <summary>Contrasts decided from results files: paired where the kernels were sampled in one family, unpaired otherwise. Seeded data.</summary>
public sealed class CostRunTests
{
    private const int Launches = 16, PerLaunch = 10;

    /// <summary>
    /// A family sampled together: every launch draws a speed of its CPU (1x or 1.8x), which moves all
    /// kernels of that launch alike; each kernel adds its own cost and seeded noise.
    /// </summary>
    private static ResultsDocument Family(int seed, params (string Style, string Provider, double Cost, string? Control)[] kernels)
    {
        var rng = new Random(seed);
        var speeds = Enumerable.Range(0, Launches).Select(_ => rng.Next(2) == 0 ? 1.0 : 1.8).ToArray();
        var results = kernels.Select(k =>
        {
            var samples = Enumerable.Range(0, Launches * PerLaunch).Select(i => (5.5 + k.Cost) * speeds[i / PerLaunch] + (rng.NextDouble() - 0.5) * 0.05).ToArray();
            var tags = new Dictionary<string, string> { ["case"] = "pp01-fast", ["style"] = k.Style, ["provider"] = k.Provider };
            if (k.Control is not null)
                tags["contrast-control"] = k.Control;
            return new BenchmarkResult
            {
                Id = $"native/pp01-fast/{k.Style}/provider-{k.Provider}", Implementation = "native", Tags = tags, Status = BenchmarkStatus.Ok, Loops = 4096,
                Family = "native pp01-fast",
                SamplesPerLaunch = Enumerable.Repeat(PerLaunch, Launches).ToArray(),
                Metrics = new Dictionary<string, MetricSeries> { [MetricNames.Cycles] = new(MetricNames.CyclesUnit, samples) },
            };
        }).ToList();
        return SampleDocuments.With([.. results]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decide_Family_PairedCostsSurviveCpusApart(int seed)
    {
        var doc = Family(seed, ("none", "off", 0, null), ("ops", "off", 0, null), ("ops", "on", 2.5, null), ("none-copy", "off", 0, "null"), ("none+call", "off", 2.5, "detection"));
        var report = CostRun.Decide(doc, ContrastSpec.Default, GateConfigFile.Default).Contrasts!;
        Assert.Equal(ContrastReport.Paired, report.Mode);
        string D(string kernel) => report.Rows.Single(r => r.Kernel == kernel && r.Kind != "toggle").Decision;
        Assert.Equal("no cost", D("native/pp01-fast/ops/provider-off"));
        Assert.Equal("costs more", D("native/pp01-fast/ops/provider-on"));
        Assert.Equal("no cost", D("native/pp01-fast/none-copy/provider-off"));
        Assert.Equal("costs more", D("native/pp01-fast/none+call/provider-off"));
        var toggle = report.Rows.Single(r => r.Kind == "toggle");
        Assert.Equal("costs more", toggle.Decision);
        // the cost is the paired shift, near 2.5 x the launch speed: never the 1.8x between CPUs
        var call = report.Rows.Single(r => r.Kind == "detection").Comparison;
        Assert.Equal(Comparer.Paired, call.Mode);
        Assert.InRange(call.Shift!.Value, 2.4, 4.6);
    }

    [Fact]
    public void Decide_NoFamily_IsUnpairedAndSaysSo()
    {
        var doc = Family(4, ("none", "off", 0, null), ("ops", "off", 0, null));
        doc = doc with { Benchmarks = doc.Benchmarks.Select(b => b with { Family = null }).ToList() };
        var report = CostRun.Decide(doc, ContrastSpec.Default, GateConfigFile.Default).Contrasts!;
        Assert.Equal(ContrastReport.Unpaired, report.Mode);
        Assert.Equal(Comparer.Unpaired, report.Rows.Single().Comparison.Mode);
        Assert.Contains(report.Notes, n => n.StartsWith("unpaired:"));
        // two CPUs 1.8x apart, unpaired: the launch medians cannot pin it down to ±T
        Assert.NotEqual("costs more", report.Rows.Single().Decision);
    }

    [Fact]
    public void Decide_FamiliesOfOtherShapes_DoNotPair()
    {
        var doc = Family(5, ("none", "off", 0, null), ("ops", "off", 0, null));
        var ops = doc.Benchmarks[1];
        doc = doc with { Benchmarks = [doc.Benchmarks[0], ops with { SamplesPerLaunch = [.. ops.SamplesPerLaunch.Take(Launches - 2), 20, 0] }] };
        Assert.False(ContrastSides.Pairs(doc.Benchmarks[1], doc.Benchmarks[0]));
        Assert.Equal(ContrastReport.Unpaired, CostRun.Decide(doc, ContrastSpec.Default, GateConfigFile.Default).Contrasts!.Mode);
    }

    [Fact]
    public void SharedLaunches_KernelsRerunInDifferentRounds_PairOnlyOnTheLaunchesTheyShared()
    {
        var doc = Family(7, ("none", "off", 0, null), ("ops", "off", 0, null), ("if", "off", 2.5, null));
        // round 0: launches 0-15 for all three; a rerun of the reference with ops: launches 16-19, which `if` did not run
        BenchmarkResult Numbered(BenchmarkResult b, int launches) => b with
        {
            FamilyLaunches = Enumerable.Range(0, launches).ToArray(),
            SamplesPerLaunch = Enumerable.Repeat(PerLaunch, launches).ToArray(),
            Metrics = b.Metrics.ToDictionary(m => m.Key, m => m.Value with { Samples = Enumerable.Range(0, launches * PerLaunch).Select(i => m.Value.Samples[i % m.Value.Samples.Count]).ToArray() }),
        };
        var none = Numbered(doc.Benchmarks[0], Launches + 4);
        var ops = Numbered(doc.Benchmarks[1], Launches + 4);
        var @if = Numbered(doc.Benchmarks[2], Launches);
        Assert.Equal(Launches + 4, ContrastSides.SharedLaunches(ops, none).Count);
        Assert.Equal(Launches, ContrastSides.SharedLaunches(@if, none).Count);
        var report = CostRun.Decide(doc with { Benchmarks = [none, ops, @if] }, ContrastSpec.Default, GateConfigFile.Default).Contrasts!;
        Assert.Equal(ContrastReport.Paired, report.Mode);
        Assert.Equal((Launches + 4) * PerLaunch, report.Rows.Single(r => r.Level == "ops").Comparison.Pairs);
        Assert.Equal(Launches * PerLaunch, report.Rows.Single(r => r.Level == "if").Comparison.Pairs);
        Assert.Equal("costs more", report.Rows.Single(r => r.Level == "if").Decision);
    }

    [Fact]
    public void Decide_ImportedKernelLogs_AreUnpairedByNature_AndSaySo()
    {
        // eight module loads of Bench's driver in the kernel's line format: none, and ops 2 cycles dearer
        var rng = new Random(8);
        var text = string.Concat(Enumerable.Range(0, 8).Select(load =>
            $"[{load}.0] bench_page_pool_simple: Loaded\n" + string.Concat(new[] { ("none", 5.5), ("ops", 7.5) }.Select(k =>
            {
                var tsc = (ulong)((k.Item2 + (rng.NextDouble() - 0.5) * 0.1) * 10_000_000);
                return $"[{load}.1] bench_page_pool_simple: " + Bench.Tests.Import.KernelImportTests.Line($"native/pp01-fast/{k.Item1}/provider-off", tsc, tsc * 10 / 26) + "\n";
            }))));
        var doc = Bench.Core.Import.KernelImport.Build(Bench.Core.Import.KernelLog.Read([("dmesg", text)]), Bench.Core.Import.ImportContext.None, ["dmesg"],
            new ToolInfo("bench", "test"), DateTimeOffset.UnixEpoch).Document;
        var report = CostRun.Decide(doc, ContrastSpec.Default, GateConfigFile.Default).Contrasts!;
        Assert.Equal(ContrastReport.Unpaired, report.Mode);
        Assert.Contains(report.Notes, n => n.StartsWith("unpaired:") && n.Contains("imported"));
        var row = report.Rows.Single();
        Assert.Equal("native/pp01-fast/ops/provider-off vs native/pp01-fast/none/provider-off", row.Id);
        Assert.Equal(Comparer.Unpaired, row.Comparison.Mode);
        Assert.Equal("costs more", row.Decision);
        Assert.Contains("UNPAIRED", Bench.Core.Reporting.CostMatrixRenderer.Text(report));
    }

    [Fact]
    public void Decide_NoStyleTag_IsUsageErrorNamingWhy()
    {
        var e = Assert.Throws<Bench.Core.BenchException>(() => CostRun.Decide(SampleDocuments.With(SampleDocuments.Samples("native/for_loop", SampleDocuments.Noisy(1, 0.1, 40, 1))),
            ContrastSpec.Default, GateConfigFile.Default));
        Assert.Contains("nothing to contrast", e.Message);
    }

    [Fact]
    public void ContrastSides_LeaveCountsOut_SoCyclesAloneDecide()
    {
        var doc = Family(6, ("none", "off", 0, null), ("ops", "off", 0, null));
        doc = doc with
        {
            Benchmarks = doc.Benchmarks.Select((b, i) => b with
            {
                Metrics = new Dictionary<string, MetricSeries>(b.Metrics) { [MetricNames.Instructions] = new(MetricNames.InstructionsUnit, [29 + 2 * i]) { Deterministic = true } },
            }).ToList(),
        };
        var report = CostRun.Decide(doc, ContrastSpec.Default, GateConfigFile.Default).Contrasts!;
        var row = report.Rows.Single();
        Assert.Equal("no cost", row.Decision);
        Assert.Equal(2, row.InstructionDelta);
        Assert.Null(row.Comparison.InstructionsVerdict);
    }
}
