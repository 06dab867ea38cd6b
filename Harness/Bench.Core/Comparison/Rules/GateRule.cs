namespace Bench.Core.Comparison;

/// <summary>
/// The numbers one verdict is decided by. A change counts when it exceeds the
/// threshold: the larger of <see cref="RelativeThresholdPercent"/> of the base
/// median and <see cref="AbsoluteFloor"/> (cycles(tsc) per element: ticks of a GHz-class
/// counter such as the x86-64 TSC). A slower timer (the aarch64 generic timer runs at 25 MHz to
/// 1 GHz) ticks fewer times in the same time, so there the floor is taken as the same time at
/// 1 GHz: <see cref="FloorScale"/>.
/// </summary>
public sealed record GateRule
{
    public double RelativeThresholdPercent { get; init; }
    public double AbsoluteFloor { get; init; }
    /// <summary>Below this many pairs (paired mode) the answer is Unknown.</summary>
    public int MinPairs { get; init; }
    /// <summary>Below this many launches on either side (unpaired mode) the answer is Unknown: a launch is one draw.</summary>
    public int MinLaunches { get; init; }
    /// <summary>Below this many samples on either side the answer is Unknown.</summary>
    public int MinSamples { get; init; }
    /// <summary>Against a stored baseline, T is at least this many robust SDs of the base's launch medians.</summary>
    public double NoiseFactor { get; init; }

    /// <param name="floorScale">What one configured floor unit is in the results' ticks (<see cref="FloorScale"/>).</param>
    public double ThresholdFor(double baseMedian, double floorScale = 1) =>
        Math.Max(RelativeThresholdPercent / 100.0 * Math.Abs(baseMedian), AbsoluteFloor * floorScale);

    /// <summary>The timer's rate over 1 GHz where it ticks slower than that (a generic timer); 1 for a TSC or a clock in ns.</summary>
    public static double FloorScale(double timerHz) => timerHz is > 0 and < 1e9 ? timerHz / 1e9 : 1;
}

/// <summary>Rule values for the benchmarks whose ID matches <see cref="Match"/> (a glob); unset values keep the defaults.</summary>
public sealed record GateOverride
{
    public required string Match { get; init; }
    public double? RelativeThresholdPercent { get; init; }
    public double? AbsoluteFloor { get; init; }
    public int? MinPairs { get; init; }
    public int? MinLaunches { get; init; }
    public int? MinSamples { get; init; }
    public double? NoiseFactor { get; init; }
    /// <summary>true: only for figures imported with `bench import` (one sample per module load); false: only for figures Bench measured; unset: both.</summary>
    public bool? Imported { get; init; }
    /// <summary>Why this benchmark needs its own numbers: kept in every verdict the override decides.</summary>
    public string? Why { get; init; }

    public GateRule Apply(GateRule r) => r with
    {
        RelativeThresholdPercent = RelativeThresholdPercent ?? r.RelativeThresholdPercent,
        AbsoluteFloor = AbsoluteFloor ?? r.AbsoluteFloor,
        MinPairs = MinPairs ?? r.MinPairs,
        MinLaunches = MinLaunches ?? r.MinLaunches,
        MinSamples = MinSamples ?? r.MinSamples,
        NoiseFactor = NoiseFactor ?? r.NoiseFactor,
    };
}

/// <summary>
/// How far the gate's tail goes: the looks past the profile's launches (<see cref="Gating.LookPlan"/>),
/// taken only for what is still undecided. The name is the configuration's from before the looks,
/// when the tail was a stage of reruns.
/// </summary>
public sealed record RerunPolicy
{
    /// <summary>Wall-clock budget of the tail; once spent, no further tail look starts, and a tail batch running then starts no further launch.</summary>
    public double BudgetSeconds { get; init; }
    /// <summary>The most tail looks (0: the gate stops at the profile's launches).</summary>
    public int MaxRounds { get; init; }
    /// <summary>
    /// The whole gate's measuring should end within this: no batch starts past it, and a batch
    /// still running when it is reached starts no further launch. 0: no such limit.
    /// </summary>
    public double WallSeconds { get; init; }
}

/// <summary>The deterministic metric: whether the gate counts it, how much per element may change before it counts, and when it may decide Same.</summary>
public sealed record InstructionRules
{
    /// <summary>`bench gate` and `bench ab` count instructions (needs valgrind; without it they gate on cycles and say so).</summary>
    public bool Measure { get; init; }
    /// <summary>
    /// The change that counts, relative to the base count (0.5 %: one more instruction on the
    /// 29 of pp01 is 3.4 %, so a one-instruction change is always seen; pp02's amortised refill
    /// moves its count by a few hundredths with the loop count, which an absolute 0.01 called a change).
    /// </summary>
    public double TolerancePercent { get; init; } = 0.5;
    /// <summary>An absolute floor under the relative tolerance: loop-count rounding, the counts themselves do not vary.</summary>
    public double Tolerance { get; init; } = 0.01;
    /// <summary>
    /// When an unchanged count may make a row Same although its cycles are not Same:
    /// <see cref="Never"/>; <see cref="WhenCyclesNotCompared"/> (the default: the baseline is from
    /// another machine of the same toolchain, so cycles cannot be judged at all); or
    /// <see cref="Always"/> (also when cycles were compared and stayed undecided). Whichever
    /// decided, the row's decidedBy and the report say so.
    /// </summary>
    public string SameFromInstructions { get; init; } = WhenCyclesNotCompared;

    public const string Never = "never";
    public const string WhenCyclesNotCompared = "when-cycles-not-compared";
    public const string Always = "always";

    /// <summary>The instructions per element a change must exceed, for a base count.</summary>
    public double ThresholdFor(double baseCount) => Math.Max(TolerancePercent / 100.0 * Math.Abs(baseCount), Tolerance);
}
