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
}
