using Bench.Core.Comparison;

using Bench.Core.Results;
using static Bench.Tests.TestSupport.SampleDocuments;

namespace Bench.Tests.Comparison;

public class ComparerTests
{
    private const string Id = "native/pp01-fast/ops/provider-off";
    private static readonly Comparer Comparer = new(GateConfigFile.Default);
    private static readonly ComparedSide Side = new("x", null, null, DateTimeOffset.UnixEpoch, "m");

    private static BenchmarkComparison ComparePaired(double[] @base, double[] head, int[]? perLaunch = null, int[]? cpus = null)
    {
        var (b, h) = Paired(With(Samples(Id, @base, perLaunch) with { LaunchCpus = cpus }), With(Samples(Id, head, perLaunch) with { LaunchCpus = cpus }));
        return Comparer.Compare(b, h, Side, Side).Benchmarks.Single();
    }

    /// <summary>Paired arms: <paramref name="launches"/> launches of <paramref name="pairs"/> pairs, each launch its own level (the process), head = base + shift + noise.</summary>
    private static (double[] Base, double[] Head, int[] PerLaunch) Arms(int launches, int pairs, double center, double shift, int seed,
        double launchSpread = 0.3, double pairNoise = 0.1, Func<Random, double>? jump = null)
    {
        var rng = new Random(seed);
        var b = new List<double>();
        var h = new List<double>();
        for (var l = 0; l < launches; l++)
        {
            var level = center + (rng.NextDouble() * 2 - 1) * launchSpread;
            for (var i = 0; i < pairs; i++)
            {
                var x = level + (rng.NextDouble() * 2 - 1) * pairNoise;
                b.Add(x);
                h.Add(x + shift + (rng.NextDouble() * 2 - 1) * pairNoise + (jump?.Invoke(rng) ?? 0));
            }
        }
        return (b.ToArray(), h.ToArray(), Enumerable.Repeat(pairs, launches).ToArray());
    }

    [Fact]
    public void Paired_OneCycleOnFiveAndAHalf_OverTenLaunches_IsSlower()
    {
        var (b, h, n) = Arms(10, 10, 5.5, 1.0, 1);
        var c = ComparePaired(b, h, n);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal(Comparer.Paired, c.Mode);
        Assert.Equal(10, c.Launches);
        Assert.Equal(100, c.Pairs);
        Assert.InRange(c.Shift!.Value, 0.9, 1.1);
        Assert.True(c.ShiftLow > c.Threshold, c.Reason);
        Assert.Contains("over 10 launches (100 pairs)", c.Reason);
    }

    [Fact]
    public void Paired_HeadFaster_IsFaster()
    {
        var (b, h, n) = Arms(10, 10, 14, -1.5, 2);
        Assert.Equal(Verdict.Faster, ComparePaired(b, h, n).Verdict);
    }

    [Fact]
    public void Paired_NoChange_IsSame()
    {
        var (b, h, n) = Arms(12, 10, 5.5, 0, 3, pairNoise: 0.05);
        var c = ComparePaired(b, h, n);
        Assert.Equal(Verdict.Same, c.Verdict);
        Assert.True(c.ShiftLow > -c.Threshold && c.ShiftHigh < c.Threshold);
    }

    [Fact]
    public void Paired_TooNoisyToBoundWithinThreshold_IsUnknownNeverSame()
    {
        var (b, h, n) = Arms(10, 10, 14, 0, 4, pairNoise: 3);
        var c = ComparePaired(b, h, n);
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Contains("too noisy", c.Reason);
    }

    [Fact]
    public void Paired_FourLaunches_CannotBoundTheShift_IsUnknownWhateverThePairs()
    {
        // 200 pairs from 4 processes are 4 draws: no 99 % signed-rank interval over 4 launch effects
        var (b, h, n) = Arms(4, 50, 5.5, 2.0, 5);
        var c = ComparePaired(b, h, n);
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Contains("too few launches to bound the shift", c.Reason);
    }

    [Fact]
    public void Paired_EachLaunchItsOwnOffset_IsNotAVerdict()
    {
        // Within a launch the arms differ steadily (one copy placed better in that process), by ±1.2
        // cycles at random: 120 consistent pairs would look decisive; 12 launch effects are not.
        var rng = new Random(6);
        var offsets = Enumerable.Range(0, 12).Select(_ => (rng.NextDouble() * 2 - 1) * 1.2).ToArray();
        var (b, h, n) = Arms(12, 10, 14, 0, 7, pairNoise: 0.02);
        var shifted = h.Select((v, i) => v + offsets[i / 10]).ToArray();
        var c = ComparePaired(b, shifted, n);
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.True(c.ShiftHigh - c.ShiftLow > 1, c.Reason);
    }

    [Fact]
    public void Paired_ChangeOnOneCpuOnly_IsUnknownNamingTheCpu()
    {
        // the 12 launches on CPU 1 see a 1.5-cycle slowdown, the 4 on CPU 0 none: not a change of the code
        var (b, h, n) = Arms(16, 10, 14, 0, 8, pairNoise: 0.02);
        var cpus = Enumerable.Range(0, 16).Select(i => i < 12 ? 1 : 0).ToArray();
        var head = h.Select((v, i) => v + (cpus[i / 10] == 1 ? 1.5 : -0.05)).ToArray();
        var c = ComparePaired(b, head, n, cpus);
        Assert.Equal(Verdict.Unknown, c.Verdict);
        Assert.Contains("not on every CPU", c.Reason);
        Assert.Contains("CPU 0 (4)", c.Reason);
        // the same change on both CPUs is Slower
        Assert.Equal(Verdict.Slower, ComparePaired(b, h.Select(v => v + 1.5).ToArray(), n, cpus).Verdict);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Paired_SeededAaTrials_AreSameAndNeverCryWolf(int seed)
    {
        // 100 A/A comparisons shaped like this VM's: 32 launches of 30 pairs, each launch its own
        // small offset between the arms, and a quarter of the pairs thrown ±1.5 cycles by a
        // ms-scale state change that caught one arm and not the other
        var rng = new Random(seed);
        int same = 0, alarms = 0;
        for (var t = 0; t < 100; t++)
        {
            var (b, h, n) = Arms(32, 30, 14, 0, rng.Next(), pairNoise: 0.15,
                jump: r => r.NextDouble() switch { < 0.125 => -1.5, > 0.875 => 1.5, _ => 0 });
            var v = ComparePaired(b, h, n).Verdict;
            same += v == Verdict.Same ? 1 : 0;
            alarms += v is Verdict.Slower or Verdict.Faster ? 1 : 0;
        }
        Assert.Equal(0, alarms);
        Assert.True(same >= 90, $"{same} of 100 Same");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Paired_SeededOneCycleTrials_AreDetected(int seed)
    {
        var rng = new Random(seed);
        var detected = 0;
        for (var t = 0; t < 100; t++)
        {
            var (b, h, n) = Arms(32, 30, 14, 1.0, rng.Next(), pairNoise: 0.15,
                jump: r => r.NextDouble() switch { < 0.125 => -1.5, > 0.875 => 1.5, _ => 0 });
            detected += ComparePaired(b, h, n).Verdict == Verdict.Slower ? 1 : 0;
        }
        Assert.True(detected >= 95, $"{detected} of 100 detected");
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
    public void Unpaired_NoisyBaseLaunches_RaiseTheChangeThresholdNotTheSameOne()
    {
        // base launches at 10, 12, 10, 12 ...: a robust spread of about 1.5 cycles
        var baseValues = Enumerable.Range(0, 80).Select(i => (i / 10 % 2 == 0 ? 10.0 : 12.0) + i % 10 * 0.001).ToArray();
        var c = Comparer.Compare(With(Samples(Id, baseValues)), With(Samples(Id, Noisy(11, 0.05, 80, 14))), Side, Side).Benchmarks.Single();
        Assert.True(c.ChangeThreshold > 1, $"change threshold {c.ChangeThreshold}");
        Assert.InRange(c.Threshold!.Value, 0.2, 0.3); // Same is still judged against the configured 2 %
        Assert.NotEqual(Verdict.Same, c.Verdict);
        Assert.Contains("launch spread", c.Reason);
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
        var b = Noisy(5.5, 0.02, 100, 30);
        var c = CompareCounted(b, 29, b, 30);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal("instructions", c.DecidedBy);
        Assert.Equal(Verdict.Same, c.CyclesVerdict);
        Assert.Equal(Verdict.Slower, c.InstructionsVerdict);
    }

    [Fact]
    public void Cycles_RegressionWithUnchangedInstructions_IsSlowerDecidedByCyclesAndShowsBoth()
    {
        var b = Noisy(5.5, 0.02, 100, 31);
        var c = CompareCounted(b, 29, b.Select(v => v + 1).ToArray(), 29);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal("cycles", c.DecidedBy);
        Assert.Equal(Verdict.Same, c.InstructionsVerdict);
    }

    [Fact]
    public void Instructions_UnchangedWhileCyclesCannotTell_StaysUnknownByDefault()
    {
        // a 3x regression that the cycles cannot bound must not pass on an unchanged count
        var c = CompareCounted(Noisy(14, 0.1, 100, 32), 102, Noisy(14, 3, 100, 33), 102.004);
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
        var c = CompareCounted(Noisy(14, 0.1, 100, 32), 102, Noisy(14, 3, 100, 33), 102.004, always);
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
        var b = Noisy(baseTicks, baseTicks * 0.001, 100, 40);
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
        var b = Noisy(5.5, 0.02, 100, 30);
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
}
