namespace Bench.Core.Results;

/// <summary>How a run sampled: enough to repeat it, and to judge what its samples mean.</summary>
public sealed record RunSettings
{
    public required string Profile { get; init; }
    public required IReadOnlyList<string> Filters { get; init; }
    /// <summary>Worker processes the samples were spread over.</summary>
    public required int Launches { get; init; }
    public required int WarmupSamples { get; init; }
    public required int RoundsPerLaunch { get; init; }
    public required int SamplesPerBlock { get; init; }
    /// <summary>Samples run and thrown away at the start of each block (after the static key may have been re-patched).</summary>
    public required int DiscardedPerBlock { get; init; }
    public required double SampleTargetMilliseconds { get; init; }
    public required int Seed { get; init; }
    public double WallSeconds { get; init; }
    /// <summary>
    /// Launches that ran at once, each on a CPU of its own; null: one at a time. With more than one,
    /// <see cref="Phases"/> are lane-seconds: they add up to as much as the lanes times the wall time.
    /// </summary>
    public int? Lanes { get; init; }
    /// <summary>The speed of each CPU the launches were pinned to, probed just before measuring; null when not probed.</summary>
    public IReadOnlyList<Hosting.CpuSpeed>? CpuProbe { get; init; }
    /// <summary>How placement was randomized (paired runs); null for a run of one placement per launch.</summary>
    public PlacementSettings? Placement { get; init; }
    /// <summary>Where the run's time went, in seconds by phase (<see cref="Running.PhaseClock.Order"/>); null: not kept (older files).</summary>
    public IReadOnlyDictionary<string, double>? Phases { get; init; }
    /// <summary>The gate's looks at the evidence, in order; null: a run that was not a gate's, or a file from before looks.</summary>
    public IReadOnlyList<LookRecord>? Looks { get; init; }
}

/// <summary>
/// One look of a gate at its evidence: after a batch of launches, every benchmark still undecided is
/// decided if its interval, at this look's share of the error rate, allows.
/// </summary>
/// <param name="Look">1 for the first.</param>
/// <param name="NativeLaunches">Launches of native kernels every benchmark measured in this look has had by now (0: none measured).</param>
/// <param name="ManagedLaunches">The same for managed kernels.</param>
/// <param name="Measured">Benchmarks measured in this look's batch.</param>
/// <param name="Decided">Benchmarks decided at this look.</param>
/// <param name="Alpha">The error rate this look spends: its intervals are at confidence 1 - Alpha.</param>
/// <param name="Seconds">The batch's measuring time.</param>
public sealed record LookRecord(int Look, int NativeLaunches, int ManagedLaunches, int Measured, int Decided, double Alpha, double Seconds);

/// <summary>
/// Placement as a factor of a paired run: each launch ran <paramref name="PerLaunch"/> placements a
/// side, native ones drawn from <paramref name="NativeLayouts"/> layouts of each side's build.
/// </summary>
/// <param name="NativeLayoutsUnavailable">Why a side's native kernels ran in their one layout only; null when both had their layouts.</param>
public sealed record PlacementSettings(int PerLaunch, int NativeLayouts, string? NativeLayoutsUnavailable = null);
