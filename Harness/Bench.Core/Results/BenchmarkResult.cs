namespace Bench.Core.Results;

/// <summary>One benchmark's outcome: identity, status, and its metrics' raw samples.</summary>
public sealed record BenchmarkResult
{
    /// <summary>Permanent ID, e.g. <c>native/pp03-slow/static-key+ops/provider-on</c>.</summary>
    public required string Id { get; init; }
    /// <summary><c>native</c> or <c>managed</c>.</summary>
    public required string Implementation { get; init; }
    public required string Case { get; init; }
    /// <summary>Dispatch style; null for the baseline loops.</summary>
    public string? Dispatch { get; init; }
    /// <summary><c>on</c> or <c>off</c>; null where no provider applies.</summary>
    public string? Provider { get; init; }
    public required BenchmarkStatus Status { get; init; }
    /// <summary>What went wrong, or why the benchmark could not run.</summary>
    public string? Error { get; init; }
    /// <summary>Elements per sample (one timed loop).</summary>
    public ulong Loops { get; init; }
    /// <summary>How many of the samples (in order) each worker process gave: launches are separate draws.</summary>
    public IReadOnlyList<int> SamplesPerLaunch { get; init; } = [];
    /// <summary>By metric name: <see cref="MetricNames"/>.</summary>
    public required IReadOnlyDictionary<string, MetricSeries> Metrics { get; init; }
}

public enum BenchmarkStatus
{
    Ok,
    /// <summary>It ran but failed its own checks, or the kernel refused a sample.</summary>
    Failed,
    /// <summary>The worker process died while running it.</summary>
    Crashed,
    /// <summary>Not built on this machine (e.g. retpolines off x86-64); the error says why.</summary>
    Unavailable,
}
