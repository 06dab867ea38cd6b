namespace Bench.Core.Gating;

/// <summary>
/// The numbers one verdict is decided by. A change counts when it exceeds the
/// threshold: the larger of <see cref="RelativeThresholdPercent"/> of the base
/// median and <see cref="AbsoluteFloor"/> (cycles(tsc) per element).
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

    public double ThresholdFor(double baseMedian) => Math.Max(RelativeThresholdPercent / 100.0 * Math.Abs(baseMedian), AbsoluteFloor);
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

/// <summary>How the gate reruns what stays Unknown before it decides.</summary>
public sealed record RerunPolicy
{
    /// <summary>Wall-clock budget for all reruns together; a rerun that would start after it is not started.</summary>
    public double BudgetSeconds { get; init; }
    public int MaxRounds { get; init; }
}

/// <summary>The deterministic metric: whether the gate counts it, and how much per element may change before it counts.</summary>
public sealed record InstructionRules
{
    /// <summary>`bench gate` and `bench ab` count instructions (needs valgrind; without it they gate on cycles and say so).</summary>
    public bool Measure { get; init; }
    /// <summary>Instructions per element a change must exceed: only loop-count rounding, the counts themselves do not vary.</summary>
    public double Tolerance { get; init; } = 0.01;
}
