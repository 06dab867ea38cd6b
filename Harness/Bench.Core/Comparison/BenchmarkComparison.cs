namespace Bench.Core.Comparison;

/// <summary>One benchmark's verdict with the evidence behind it. Figures are in the compared metric's unit.</summary>
public sealed record BenchmarkComparison
{
    public required string Id { get; init; }
    public required Verdict Verdict { get; init; }
    /// <summary>Why: the evidence for a verdict, or what is missing for an Unknown.</summary>
    public required string Reason { get; init; }
    /// <summary><c>paired</c> (interleaved arms, per-pair differences) or <c>unpaired</c> (launch medians).</summary>
    public string? Mode { get; init; }
    public double? BaseMedian { get; init; }
    public double? HeadMedian { get; init; }
    /// <summary>Hodges-Lehmann shift, head minus base (positive: head slower).</summary>
    public double? Shift { get; init; }
    public double? ShiftLow { get; init; }
    public double? ShiftHigh { get; init; }
    public double? Confidence { get; init; }
    /// <summary>Head median over base median.</summary>
    public double? Ratio { get; init; }
    /// <summary>The change that counts: max(relative threshold x base median, absolute floor).</summary>
    public double? Threshold { get; init; }
    /// <summary>Which configuration entries decided this verdict, with their values.</summary>
    public string? Rule { get; init; }
    public int BaseSamples { get; init; }
    public int HeadSamples { get; init; }
    public int BaseLaunches { get; init; }
    public int HeadLaunches { get; init; }
    /// <summary>Pairs used (paired mode).</summary>
    public int? Pairs { get; init; }
    /// <summary>Paired: the launches (worker processes) the interval is built over, one effect each.</summary>
    public int? Launches { get; init; }
    /// <summary>
    /// Paired, with several placements per launch: the standard deviation of one placement's effect
    /// around its launch's (<see cref="Statistics.PlacementVariance.BetweenPlacements"/> of the paired
    /// differences): how far where the code landed moves this kernel's effect, beside the change's.
    /// </summary>
    public double? LayoutSpread { get; init; }
    /// <summary>Paired: where the effect's variation came from, within placements, between them, between launches.</summary>
    public Statistics.PlacementVariance? Variance { get; init; }
    /// <summary>Unpaired: the threshold a change had to pass, where the base's launch spread raised it above <see cref="Threshold"/> (Same still needs <see cref="Threshold"/>).</summary>
    public double? ChangeThreshold { get; init; }
    /// <summary>The cycles verdict before the control benchmarks' drift made it Unknown (<see cref="DriftGuard"/>); null when it stood.</summary>
    public Verdict? RawVerdict { get; init; }
    /// <summary>Times the gate re-sampled it because it was Unknown.</summary>
    public int Reruns { get; init; }
    /// <summary>Which metric(s) the verdict rests on: cycles, instructions, or both.</summary>
    public string? DecidedBy { get; init; }
    /// <summary>The cycles verdict alone; null when cycles were not compared (other machine, or no samples).</summary>
    public Verdict? CyclesVerdict { get; init; }
    /// <summary>The instructions verdict alone; null when either side has no instruction count.</summary>
    public Verdict? InstructionsVerdict { get; init; }
    public double? BaseInstructions { get; init; }
    public double? HeadInstructions { get; init; }
}
