using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.Results;
using static Bench.Tests.TestSupport.SampleDocuments;

namespace Bench.Tests.Comparison;

public class ComparerTests
{
    private const string Id = "native/pp01-fast/ops/provider-off";
    private static readonly Comparer Comparer = new(GateConfigFile.Default);
    private static readonly ComparedSide Side = new("x", null, null, DateTimeOffset.UnixEpoch, "m");

    private static BenchmarkComparison ComparePaired(double[] @base, double[] head)
    {
        var (b, h) = Paired(With(Samples(Id, @base)), With(Samples(Id, head)));
        return Comparer.Compare(b, h, Side, Side).Benchmarks.Single();
    }

    [Fact]
    public void Paired_OneCycleOnFiveAndAHalf_IsSlower()
    {
        var b = Noisy(5.5, 0.1, 40, 1);
        var h = b.Select((v, i) => v + 1.0 + (new Random(i).NextDouble() - 0.5) * 0.1).ToArray();
        var c = ComparePaired(b, h);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal(Comparer.Paired, c.Mode);
        Assert.InRange(c.Shift!.Value, 0.9, 1.1);
        Assert.True(c.ShiftLow > c.Threshold, c.Reason);
        Assert.Contains("defaults", c.Rule);
    }

    [Fact]
    public void Paired_HeadFaster_IsFaster() =>
        Assert.Equal(Verdict.Faster, ComparePaired(Noisy(14, 0.2, 40, 2), Noisy(12.5, 0.2, 40, 3)).Verdict);

    [Fact]
    public void Paired_NoChange_IsSame()
    {
        var b = Noisy(5.5, 0.05, 40, 4);
        var c = ComparePaired(b, b.Select((v, i) => v + (i % 2 == 0 ? 0.01 : -0.01)).ToArray());
        Assert.Equal(Verdict.Same, c.Verdict);
        Assert.True(c.ShiftLow > -c.Threshold && c.ShiftHigh < c.Threshold);
    }

    [Fact]
    public void Paired_TooNoisyToBoundWithinThreshold_IsUnknownNeverSame()
    {
        var c = ComparePaired(Noisy(14, 0.1, 40, 5), Noisy(14, 3, 40, 6));
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Contains("too noisy", c.Reason);
    }

    [Fact]
    public void Paired_TooFewPairs_IsUnknown()
    {
        var c = ComparePaired(Noisy(5.5, 0.01, 10, 7), Noisy(8, 0.01, 10, 8));
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Contains("too few", c.Reason);
    }

    [Fact]
    public void Paired_ModeBeyondThreshold_IsUnknownNotSame()
    {
        // half the pairs unchanged, half two cycles slower: the median shift says little
        var b = Noisy(5.5, 0.02, 60, 9);
        var h = b.Select((v, i) => v + (i % 2 == 0 ? 0 : 2.0) + (i % 7) * 0.003).ToArray();
        var c = ComparePaired(b, h);
        Assert.NotEqual(Verdict.Same, c.Verdict);
    }

    [Fact]
    public void Unpaired_ClearShiftOverEnoughLaunches_IsSlower()
    {
        var b = With(Samples(Id, Noisy(10, 0.1, 80, 10)));
        var h = With(Samples(Id, Noisy(13, 0.1, 80, 11)));
        var c = Comparer.Compare(b, h, Side, Side).Benchmarks.Single();
        Assert.Equal(Comparer.Unpaired, c.Mode);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal(8, c.HeadLaunches);
    }

    [Fact]
    public void Unpaired_TooFewLaunches_IsUnknown()
    {
        var b = With(Samples(Id, Noisy(10, 0.1, 40, 12), [40]));
        var h = With(Samples(Id, Noisy(20, 0.1, 40, 13), [40]));
        var c = Comparer.Compare(b, h, Side, Side).Benchmarks.Single();
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Contains("too few launches", c.Reason);
    }

    [Fact]
    public void Unpaired_NoisyBaseLaunches_RaiseTheThresholdAndSayWhy()
    {
        // base launches at 10, 12, 10, 12 ...: a robust spread of about 1.5 cycles
        var baseValues = Enumerable.Range(0, 80).Select(i => (i / 10 % 2 == 0 ? 10.0 : 12.0) + i % 10 * 0.001).ToArray();
        var c = Comparer.Compare(With(Samples(Id, baseValues)), With(Samples(Id, Noisy(11, 0.05, 80, 14))), Side, Side).Benchmarks.Single();
        Assert.True(c.Threshold > 1, $"threshold {c.Threshold}");
        Assert.Contains("launch spread", c.Rule);
    }

    [Fact]
    public void Compare_SidesDiffer_ListsAddedRemovedFailedAndSkipped()
    {
        var b = With(Samples("native/a/x/provider-off", Noisy(5, 0.1, 40, 1)), Samples("native/gone/x/provider-off", Noisy(5, 0.1, 40, 2)),
            Samples("native/crash/x/provider-off", Noisy(5, 0.1, 40, 3)),
            Result("native/na/x/provider-off", "na", "x", "off", 0, 4, BenchmarkStatus.Unavailable, "not built"));
        var h = With(Samples("native/a/x/provider-off", Noisy(5, 0.1, 40, 5)), Samples("native/new/x/provider-off", Noisy(5, 0.1, 40, 6)),
            Result("native/crash/x/provider-off", "crash", "x", "off", 0, 7, BenchmarkStatus.Crashed, "SIGSEGV"),
            Result("native/na/x/provider-off", "na", "x", "off", 0, 8, BenchmarkStatus.Unavailable, "not built"));
        var byId = Comparer.Compare(b, h, Side, Side).Benchmarks.ToDictionary(c => c.Id, c => c.Verdict);
        Assert.Equal(Verdict.Added, byId["native/new/x/provider-off"]);
        Assert.Equal(Verdict.Removed, byId["native/gone/x/provider-off"]);
        Assert.Equal(Verdict.Failed, byId["native/crash/x/provider-off"]);
        Assert.Equal(Verdict.Skipped, byId["native/na/x/provider-off"]);
    }

    [Fact]
    public void ArePaired_NeedsOneRunIdAndTwoRoles()
    {
        var (b, h) = Paired(With(), With());
        Assert.True(Comparer.ArePaired(b, h));
        Assert.False(Comparer.ArePaired(b, h with { Pairing = h.Pairing! with { RunId = "other" } }));
        Assert.False(Comparer.ArePaired(b, b));
        Assert.False(Comparer.ArePaired(With(), With()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Paired_SeededAaTrials_RarelyCryWolf(int seed)
    {
        // 200 A/A comparisons of independent noise: at 99 % and a 0.25-cycle floor, a false alarm is rare
        var rng = new Random(seed);
        var alarms = 0;
        for (var t = 0; t < 200; t++)
        {
            var b = Noisy(5.5, 0.3, 40, rng.Next());
            var h = Noisy(5.5, 0.3, 40, rng.Next());
            if (ComparePaired(b, h).Verdict is Verdict.Slower or Verdict.Faster)
                alarms++;
        }
        Assert.True(alarms <= 2, $"{alarms} false alarms in 200");
    }

    private static BenchmarkResult WithCount(BenchmarkResult r, double instructions) => r with
    {
        Metrics = new Dictionary<string, MetricSeries>(r.Metrics)
        {
            [MetricNames.Instructions] = new(MetricNames.InstructionsUnit, [instructions]) { Deterministic = true },
        },
    };

    private static BenchmarkComparison CompareCounted(double[] b, double bi, double[] h, double hi, Comparer? comparer = null)
    {
        var (bd, hd) = Paired(With(WithCount(Samples(Id, b), bi)), With(WithCount(Samples(Id, h), hi)));
        return (comparer ?? Comparer).Compare(bd, hd, Side, Side).Benchmarks.Single();
    }

    [Fact]
    public void Instructions_ChangeWithUnchangedCycles_IsSlowerDecidedByInstructions()
    {
        var b = Noisy(5.5, 0.02, 40, 30);
        var c = CompareCounted(b, 29, b, 30);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal("instructions", c.DecidedBy);
        Assert.Equal(Verdict.Same, c.CyclesVerdict);
        Assert.Equal(Verdict.Slower, c.InstructionsVerdict);
    }

    [Fact]
    public void Cycles_RegressionWithUnchangedInstructions_IsSlowerDecidedByCyclesAndShowsBoth()
    {
        var b = Noisy(5.5, 0.02, 40, 31);
        var c = CompareCounted(b, 29, b.Select(v => v + 1).ToArray(), 29);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal("cycles", c.DecidedBy);
        Assert.Equal(Verdict.Same, c.InstructionsVerdict);
    }

    [Fact]
    public void Instructions_UnchangedWhileCyclesCannotTell_StaysUnknownByDefault()
    {
        // a 3x regression that the cycles cannot bound must not pass on an unchanged count
        var c = CompareCounted(Noisy(14, 0.1, 40, 32), 102, Noisy(14, 3, 40, 33), 102.004);
        Assert.Equal(Verdict.Unknown, c.CyclesVerdict);
        Assert.Equal(Verdict.Same, c.InstructionsVerdict);
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Null(c.DecidedBy);
        Assert.Contains("too noisy", c.Reason);
        Assert.Contains("sameFromInstructions: when-cycles-not-compared", c.Reason);
    }

    [Fact]
    public void Instructions_UnchangedWhileCyclesCannotTell_IsSameWhenTheConfigurationSaysSo()
    {
        var always = new Comparer(GateConfigFile.Default with { Instructions = GateConfigFile.Default.Instructions with { SameFromInstructions = InstructionRules.Always } });
        var c = CompareCounted(Noisy(14, 0.1, 40, 32), 102, Noisy(14, 3, 40, 33), 102.004, always);
        Assert.Equal(Verdict.Same, c.Verdict);
        Assert.Equal("instructions", c.DecidedBy);
        Assert.Contains("Same on instructions alone (instructions.sameFromInstructions: always)", c.Reason);
        Assert.Contains("too noisy", c.Reason); // the cycles' uncertainty stays in the words
    }

    [Theory]
    [InlineData(25e6)]
    [InlineData(62.5e6)]
    [InlineData(1e9)]
    public void Floor_OnASubGigahertzTimer_IsTheSameTimeInItsTicks(double hz)
    {
        // the aarch64 generic timer: pp01 at 27 ns is 0.7 ticks at 25 MHz; a 0.25-tick floor would be 37 % of it
        var baseTicks = 27e-9 * hz;
        var b = Noisy(baseTicks, baseTicks * 0.001, 40, 40);
        var (bd, hd) = Paired(With(Samples(Id, b)) with { Host = Host() with { TimerFrequencyHz = hz, Architecture = "aarch64" } },
            With(Samples(Id, b.Select(v => v * 1.1).ToArray())) with { Host = Host() with { TimerFrequencyHz = hz, Architecture = "aarch64" } });
        var row = Comparer.Compare(bd, hd, Side, Side).Benchmarks.Single();
        var floor = GateConfigFile.Default.Defaults.AbsoluteFloor * Math.Min(1, hz / 1e9);
        Assert.Equal(Math.Max(0.02 * row.BaseMedian!.Value, floor), row.Threshold!.Value, 9);
        Assert.Equal(Verdict.Slower, row.Verdict); // a 10 % change is seen at any timer rate
        if (hz < 1e9)
            Assert.Contains("at 1 GHz", row.Rule);
    }

    [Theory]
    [InlineData(29.0, 29.1, Verdict.Same)]      // under 0.5 %
    [InlineData(29.0, 30.0, Verdict.Slower)]    // one instruction more on pp01: 3.4 %
    [InlineData(56.47, 56.487, Verdict.Same)]   // pp02's amortised refill moving by +0.03 %
    [InlineData(105.0, 104.0, Verdict.Faster)]
    public void Instructions_ToleranceIsRelative(double baseCount, double headCount, Verdict expected)
    {
        var b = Noisy(5.5, 0.02, 40, 30);
        Assert.Equal(expected, CompareCounted(b, baseCount, b, headCount).InstructionsVerdict);
    }

    [Fact]
    public void CyclesNotComparable_OtherMachineSameToolchainWithCounts_ComparesInstructionsOnly()
    {
        var b = With(WithCount(Samples(Id, Noisy(5.5, 0.1, 40, 34)), 29));
        var h = With(WithCount(Samples(Id, Noisy(9.0, 0.1, 40, 35)), 29)) with { Host = Host() with { CpuModel = "Other CPU", TimerFrequencyHz = 3e9 } };
        var why = Bench.Core.Baselines.InstructionFingerprint.CyclesNotComparable(b, h, "base", "head");
        Assert.Contains("Other CPU", why);
        var c = Comparer.Compare(b, h, Side, Side, cyclesNotComparable: why).Benchmarks.Single();
        Assert.Equal(Verdict.Same, c.Verdict); // 5.5 vs 9 cycles on different CPUs means nothing; the code is the same
        Assert.Null(c.CyclesVerdict);
        Assert.Equal("instructions", c.DecidedBy);
    }

    [Fact]
    public void CyclesNotComparable_OtherToolchain_IsNoComparableBaseline()
    {
        var b = With(WithCount(Samples(Id, Noisy(5.5, 0.1, 40, 36)), 29));
        var h = b with { Host = Host() with { CpuModel = "Other CPU", Compiler = "clang 18" } };
        var e = Assert.Throws<Bench.Core.BenchException>(() => Bench.Core.Baselines.InstructionFingerprint.CyclesNotComparable(b, h, "base", "head"));
        Assert.Equal(Bench.Core.ExitCodes.NoComparableBaseline, e.ExitCode);
        Assert.Contains("clang 18", e.Message);
    }

    [Fact]
    public void Unpaired_WholeRunDrift_IsTakenOutAndOnlyTheOutlierIsSlower()
    {
        // ten benchmarks, the whole head run 8 % slower (the machine), one of them 30 % slower (the code)
        var ids = Enumerable.Range(0, 10).Select(i => $"native/case{i}/x/provider-off").ToArray();
        var b = With(ids.Select((id, i) => Samples(id, Noisy(10 + i, 0.05, 80, 100 + i))).ToArray());
        var h = With(ids.Select((id, i) => Samples(id, Noisy((10 + i) * (i == 3 ? 1.30 : 1.08), 0.05, 80, 200 + i))).ToArray());
        var doc = Comparer.Compare(b, h, Side, Side);
        Assert.InRange(doc.CyclesDrift!.Value, 1.07, 1.09);
        Assert.Equal(Verdict.Slower, doc.Benchmarks.Single(r => r.Id == ids[3]).Verdict);
        Assert.DoesNotContain(doc.Benchmarks.Where(r => r.Id != ids[3]), r => r.Verdict is Verdict.Slower or Verdict.Faster);

        var raw = new Comparer(GateConfigFile.Default with { NormalizeRunDrift = false }).Compare(b, h, Side, Side);
        Assert.Null(raw.CyclesDrift);
        Assert.All(raw.Benchmarks, r => Assert.Equal(Verdict.Slower, r.Verdict));
    }

    [Fact]
    public void Unpaired_FewBenchmarks_NoDriftCorrection() =>
        Assert.Null(Comparer.RunDrift(With(Samples(Id, Noisy(10, 0.1, 40, 1))), With(Samples(Id, Noisy(11, 0.1, 40, 2)))));
}
