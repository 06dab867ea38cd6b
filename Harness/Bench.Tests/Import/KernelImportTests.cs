using System.Globalization;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Import;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Import;

/// <summary>`bench import` of bench_page_pool_simple's output, from the line up to compare and report.</summary>
public sealed class KernelImportTests
{
    private static readonly string[] Cases =
        ["for_loop", "atomic_inc", "lock", "no-softirq-page_pool01", "no-softirq-page_pool02", "no-softirq-page_pool03",
         "tasklet_page_pool01_fast_path", "tasklet_page_pool02_ptr_ring", "tasklet_page_pool03_slow"];

    /// <summary>A line exactly as time_bench prints it (its integer arithmetic), for a loop of `invoked` elements.</summary>
    public static string Line(string name, ulong tsc, ulong interval, ulong invoked = 10_000_000)
    {
        var perMille = invoked / 1000;
        var decimals = perMille > 0 ? interval % invoked / perMille : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"Type:{name} Per elem: {tsc / invoked} cycles(tsc) {interval / invoked}.{decimals:D3} ns (step:0) - (measurement period time:{interval / 1_000_000_000}.{interval % 1_000_000_000:D9} sec time_interval:{interval}) - (invoke count:{invoked} tsc_interval:{tsc})");
    }

    /// <summary>One module load's kernel log: every case at `perElem` x its base cost (TSC 2.5 GHz), with a dmesg prefix.</summary>
    private static string Load(double scale, double t0, Random? noise = null, string prefix = "[{0,12:F6}] bench_page_pool_simple: ")
    {
        var lines = new List<string> { string.Format(CultureInfo.InvariantCulture, "[{0,12:F6}] bench_page_pool_simple: Loaded", t0) };
        var baseCost = new[] { 0.3, 8.0, 20.0, 19.0, 54.0, 238.0, 19.5, 55.0, 240.0 };
        for (var i = 0; i < Cases.Length; i++)
        {
            var perElem = baseCost[i] * scale * (1 + (noise is null ? 0 : (noise.NextDouble() - 0.5) * 0.02));
            var tsc = (ulong)(perElem * 10_000_000);
            lines.Add(string.Format(CultureInfo.InvariantCulture, prefix, t0 + i * 0.1) + Line(Cases[i], tsc, (ulong)(tsc / 2.5)));
        }
        return string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void Parse_TheUpstreamLine_TakesTheExactFiguresNotTheTruncatedOnes()
    {
        var line = KernelLog.Parse("d", 3, "[ 1234.5678] time_bench: " + Line("no-softirq-page_pool01", 194_999_999, 75_000_003), out var why);
        Assert.Null(why);
        Assert.Equal("no-softirq-page_pool01", line!.Name);
        Assert.Equal(19, line.Printed);
        Assert.Equal(19.4999999, line.Cycles, 9);
        Assert.Equal(7.5000003, line.Nanoseconds, 9);
        Assert.Equal(10_000_000UL, line.Invocations);
        Assert.Equal("d:3", line.Where);
    }

    [Fact]
    public void Parse_AStepTooLargeForItsField_IsRefusedWithAReason()
    {
        var line = Line("no-softirq-page_pool01", 194_999_999, 75_000_003).Replace("(step:0)", "(step:99999999999)");
        Assert.Contains("(step:99999999999)", line);
        Assert.Null(KernelLog.Parse("d", 1, line, out var why));
        Assert.Contains("too large", why);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[  12.345678] ")]
    [InlineData("Nov 29 12:00:01 host kernel: bench_page_pool_simple: ")]
    [InlineData("<6>[ 9.1] time_bench: ")]
    public void Read_AnyPrefix_AndCrlf(string prefix)
    {
        var text = string.Join("\r\n", Cases.Select((c, i) => prefix + Line(c, (ulong)(1000 + i) * 10_000_000, 400UL * 10_000_000))) + "\r\n";
        var capture = KernelLog.Read([("a.log", text)]);
        Assert.Empty(capture.Refused);
        var load = Assert.Single(capture.Loads);
        Assert.Equal(Cases, load.Select(l => l.Name));
        Assert.Equal(1000.0, load[0].Cycles);
    }

    [Fact]
    public void Read_TwoLoadsInOneLog_WithOtherModulesAndATruncatedLine()
    {
        var text = Load(1.0, 100) + "[ 150.0] e1000e: eth0 NIC Link is Up\n" +
                   "[ 151.0] time_bench: " + Line("ptr_ring_bench", 100_000_000, 40_000_000) + "\n" +
                   Load(1.0, 200) + "[ 300.0] time_bench: " + Line("for_loop", 3_000_000, 1_200_000)[..60];
        var capture = KernelLog.Read([("dmesg.txt", text)]);
        Assert.Equal(2, capture.Loads.Count);
        Assert.Contains("ptr_ring_bench", capture.Loads[0].Select(l => l.Name));
        var refused = Assert.Single(capture.Refused);
        Assert.Equal(23, refused.Line);
        Assert.Contains("truncated", refused.Why);

        var result = KernelImport.Build(capture, ImportContext.None, ["dmesg.txt"], new ToolInfo("bench", "test"), DateTimeOffset.UnixEpoch);
        Assert.Equal("ptr_ring_bench", Assert.Single(result.Unknown).Name);
        var doc = result.Document;
        Assert.Equal(9, doc.Benchmarks.Count);
        Assert.All(doc.Benchmarks, b => Assert.Equal([1, 1], b.SamplesPerLaunch));
        Assert.Equal("kernel/no-softirq-page_pool01", doc.Benchmarks[3].Id);
        Assert.Equal("no-softirq-page_pool01", doc.Benchmarks[3].Case);
        Assert.Equal("kernel", doc.Benchmarks[3].Implementation);
        Assert.Equal(2, doc.Host.Imported!.Loads);
        Assert.Equal(2.5e9, doc.Host.TimerFrequencyHz, 3);
        Assert.Equal(KernelImport.NotGiven, doc.Host.CpuModel);
        Assert.Null(doc.Host.Commit);
        Assert.Equal(["dmesg.txt:5", "dmesg.txt:17"], doc.Benchmarks[3].Imported!.Lines);
    }

    [Theory]
    [InlineData("tasklet_page_pool01", "kernel/tasklet_page_pool01_fast_path")]
    [InlineData("tasklet_page_pool01_fast_path", "kernel/tasklet_page_pool01_fast_path")]
    [InlineData("tasklet_page_pool02_ptr_ring", "kernel/tasklet_page_pool02_ptr_ring")]
    [InlineData("tasklet_page_pool03_slow", "kernel/tasklet_page_pool03_slow")]
    [InlineData("no-softirq-page_pool03", "kernel/no-softirq-page_pool03")]
    [InlineData("lock", "kernel/lock")]
    [InlineData("native/pp01-fast-niov/if/provider-on", "native/pp01-fast-niov/if/provider-on")]
    [InlineData("no-softirq-page_pool04", null)]
    [InlineData("ptr_ring_bench", null)]
    [InlineData("page_pool01", null)]
    public void IdOf_MapsEveryCaseToAPermanentId(string name, string? id) => Assert.Equal(id, KernelImport.IdOf(name));

    [Fact]
    public void Parse_ALineThatDisagreesWithItself_IsRefused()
    {
        var garbled = Line("lock", 200_000_000, 80_000_000).Replace("Per elem: 20 cycles", "Per elem: 21 cycles");
        Assert.Null(KernelLog.Parse("x", 1, garbled, out var why));
        Assert.Contains("disagree", why);
        // Bench's driver prints three decimals: read as well
        var precise = "Type:native/lock Per elem: 20.000 cycles(tsc) 8.000 ns (step:0) - (measurement period time:0.080000000 sec time_interval:80000000) - (invoke count:10000000 tsc_interval:200000000)";
        Assert.Equal(20.0, KernelLog.Parse("x", 1, precise, out _)!.Cycles);
    }

    [Fact]
    public void Cli_ImportOfNothing_IsExit2NamingTheFiles()
    {
        using var dir = new TempDir();
        var empty = dir.File("empty.log");
        File.WriteAllText(empty, "[ 1.0] nothing here\n[ 2.0] time_bench: Type:lock Per elem: 20 cyc");
        var r = CliProcess.Run("import", empty, "--out", dir.File("r.json"));
        Assert.Equal(ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("nothing to import from " + empty, r.Stderr);
        Assert.Contains($"{empty}:2: not imported", r.Stderr);
        Assert.False(File.Exists(dir.File("r.json")));
    }

    [Fact]
    public void Cli_FiveLoadsPerSide_CompareCallsA20PercentChangeSlower_AndTwoCapturesOfOneKernelSame()
    {
        using var dir = new TempDir();
        var rng = new Random(17);
        string Capture(string name, double scale)
        {
            var path = dir.File(name);
            File.WriteAllText(path, string.Concat(Enumerable.Range(0, 5).Select(i => Load(scale, 100 * i, rng))));
            return path;
        }
        var (a, b, slow) = (Capture("a.log", 1.0), Capture("b.log", 1.0), Capture("slow.log", 1.2));
        var context = dir.File("ctx.json");
        File.WriteAllText(context, """{"machine": "test box", "kernel": "6.12.0-rc3+", "commit": "abc1234"}""");
        foreach (var (log, json) in new[] { (a, "a.json"), (b, "b.json"), (slow, "slow.json") })
        {
            var r = CliProcess.Run("import", log, "--context", context, "--kernel", json, "--out", dir.File(json));
            Assert.True(r.ExitCode == ExitCodes.Success, r.Stdout + r.Stderr);
            Assert.Contains("imported 45 line(s) from 5 module load(s)", r.Stdout);
        }
        var doc = ResultsFile.Read(dir.File("a.json"));
        Assert.Equal(("test box", "a.json", "abc1234"), (doc.Host.CpuModel, doc.Host.Kernel, doc.Host.Commit));

        var same = CliProcess.Run("compare", dir.File("a.json"), dir.File("b.json"), "--out", dir.File("same.json"));
        Assert.True(same.ExitCode == ExitCodes.Success, same.Stdout + same.Stderr);
        var sameDoc = ComparisonFile.Read(dir.File("same.json"));
        Assert.All(sameDoc.Benchmarks, row => Assert.True(row.Verdict == Verdict.Same, $"{row.Id}: {row.Verdict}: {row.Reason}"));

        var slower = CliProcess.Run("compare", dir.File("a.json"), dir.File("slow.json"), "--out", dir.File("slower.json"));
        Assert.True(slower.ExitCode == ExitCodes.Success, slower.Stdout + slower.Stderr);
        var slowerDoc = ComparisonFile.Read(dir.File("slower.json"));
        Assert.All(slowerDoc.Benchmarks.Where(r => r.Id != "kernel/for_loop"), row => Assert.True(row.Verdict == Verdict.Slower, $"{row.Id}: {row.Verdict}: {row.Reason}"));

        // a saved baseline of the first capture gates the slower one: a regression, decided without measuring
        var baselines = System.IO.Path.Combine(dir.Path, "baselines");
        Directory.CreateDirectory(baselines);
        var saved = CliProcess.Run("baseline", "save", dir.File("a.json"), "--suite", "kernel", "--baselines", baselines);
        Assert.True(saved.ExitCode == ExitCodes.Success, saved.Stdout + saved.Stderr);
        var gate = CliProcess.Run("gate", "--results", dir.File("slow.json"), "--suite", "kernel", "--baselines", baselines,
            "--out-dir", dir.File("gate"), "--report", dir.File("gate.html"), "--history", dir.File("history"));
        Assert.True(gate.ExitCode == ExitCodes.RegressionFound, gate.Stdout + gate.Stderr);
        Assert.Contains("nothing is measured", gate.Stdout);
        var pass = CliProcess.Run("gate", "--results", dir.File("b.json"), "--suite", "kernel", "--baselines", baselines,
            "--out-dir", dir.File("gate2"), "--no-report");
        Assert.True(pass.ExitCode == ExitCodes.Success, pass.Stdout + pass.Stderr);

        var report = CliProcess.Run("report", "--results", dir.File("slow.json"), "--comparison", dir.File("slower.json"), "--out", dir.File("r.html"));
        Assert.True(report.ExitCode == ExitCodes.Success, report.Stdout + report.Stderr);
        Assert.Contains("kernel/no-softirq-page_pool01", File.ReadAllText(dir.File("r.html")));
    }

    /// <summary>Five loads of one case, each per-element figure drawn around `perElem` with a relative SD.</summary>
    private static ResultsDocument Loads(Random rng, double perElem, double sd, int loads = 5)
    {
        var text = string.Concat(Enumerable.Range(0, loads).Select(_ =>
        {
            var u = 1 - rng.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var tsc = (ulong)(perElem * (1 + sd * z) * 10_000_000);
            return Line("no-softirq-page_pool01", tsc, (ulong)(tsc / 2.5)) + "\n";
        }));
        return KernelImport.Build(KernelLog.Read([("x", text)]), ImportContext.None, ["x"], new ToolInfo("bench", "test"), DateTimeOffset.UnixEpoch).Document;
    }

    [Fact]
    public void Seeded_FiveAgainstFiveLoads_A20PercentShiftIsSlower_AndOneDistributionIsNeverCalledDifferent()
    {
        var comparer = new Comparer(GateConfigFile.Default);
        var side = new ComparedSide("x", null, null, DateTimeOffset.UnixEpoch, "test");
        int slower = 0, falseAlarms = 0, same = 0;
        const int trials = 200;
        for (var seed = 0; seed < trials; seed++)
        {
            var rng = new Random(seed);
            // loads 1 % apart (SD): 19 cycles +- 0.2
            var @base = Loads(rng, 19.0, 0.01);
            var shifted = comparer.Compare(@base, Loads(rng, 19.0 * 1.2, 0.01), side, side).Benchmarks.Single();
            slower += shifted.Verdict == Verdict.Slower ? 1 : 0;
            var aa = comparer.Compare(@base, Loads(rng, 19.0, 0.01), side, side).Benchmarks.Single();
            falseAlarms += aa.Verdict is Verdict.Slower or Verdict.Faster ? 1 : 0;
            same += aa.Verdict == Verdict.Same ? 1 : 0;
        }
        Assert.True(slower >= trials * 0.98, $"a 20 % shift was Slower in {slower} of {trials}");
        Assert.Equal(0, falseAlarms);
        Assert.True(same >= trials * 0.5, $"A/A was Same in {same} of {trials}");
    }

    private static ResultsDocument Exactly(params double[] perElem)
    {
        var text = string.Concat(perElem.Select(p => Line("no-softirq-page_pool01", (ulong)Math.Round(p * 10_000_000), (ulong)(p * 4_000_000)) + "\n"));
        return KernelImport.Build(KernelLog.Read([("x", text)]), ImportContext.None, ["x"], new ToolInfo("bench", "test"), DateTimeOffset.UnixEpoch).Document;
    }

    [Fact]
    public void Unknown_SaysHowManyLoadsWouldDecide_OrThatNoneWould()
    {
        var comparer = new Comparer(GateConfigFile.Default);
        var side = new ComparedSide("x", null, null, DateTimeOffset.UnixEpoch, "test");
        double[] @base = [19.0, 19.3, 18.8, 19.2, 18.9];
        // one cycle more: the interval [0.5, 1.5] reaches under the change threshold; more loads would narrow it
        var plus1 = comparer.Compare(Exactly(@base), Exactly(@base.Select(x => x + 1).ToArray()), side, side).Benchmarks.Single();
        Assert.Equal(Verdict.Unknown, plus1.Verdict);
        Assert.Matches(@"about \d+ launches per side would decide it", plus1.Reason);
        // an estimate right at T (4 % of 19 = 0.76) can be neither Same nor a change, however many loads
        var atT = comparer.Compare(Exactly(@base), Exactly(@base.Select(x => x + 0.8).ToArray()), side, side).Benchmarks.Single();
        Assert.Equal(Verdict.Unknown, atT.Verdict);
        Assert.Contains("no number of launches would decide it", atT.Reason);
    }
}
