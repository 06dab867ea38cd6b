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
    /// <summary>The speed of each CPU the launches were pinned to, probed just before measuring; null when not probed.</summary>
    public IReadOnlyList<Hosting.CpuSpeed>? CpuProbe { get; init; }
    /// <summary>How placement was randomized (paired runs); null for a run of one placement per launch.</summary>
    public PlacementSettings? Placement { get; init; }
}

/// <summary>
/// Placement as a factor of a paired run: each launch ran <paramref name="PerLaunch"/> placements a
/// side, native ones drawn from <paramref name="NativeLayouts"/> layouts of each side's build.
/// </summary>
/// <param name="NativeLayoutsUnavailable">Why a side's native kernels ran in their one layout only; null when both had their layouts.</param>
public sealed record PlacementSettings(int PerLaunch, int NativeLayouts, string? NativeLayoutsUnavailable = null);
