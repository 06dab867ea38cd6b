namespace Bench.Core.Results;

/// <summary>
/// A results file: self-describing (schema version, tool, host context, how the
/// run was done) and complete (raw per-element samples, not only a summary).
/// </summary>
public sealed record ResultsDocument
{
    /// <summary>Bumped on any change a reader of an older version would misread (2: benchmarks carry tags, not case, dispatch and provider).</summary>
    public const int CurrentSchemaVersion = 2;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required ToolInfo Tool { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required HostContext Host { get; init; }
    public required RunSettings Run { get; init; }
    public required IReadOnlyList<BenchmarkResult> Benchmarks { get; init; }
    /// <summary>Set when this file is one arm of an interleaved run; null for a plain run.</summary>
    public PairingInfo? Pairing { get; init; }
    /// <summary>How the deterministic metrics were counted; null when they were not (the reason is in <see cref="CountingSkipped"/> when asked for).</summary>
    public CountSettings? Counting { get; init; }
    /// <summary>Why instruction counts were asked for but not taken (e.g. valgrind missing); null otherwise.</summary>
    public string? CountingSkipped { get; init; }
    /// <summary>The folder (beside this file) holding the JIT's tier-1 disassembly of each managed style; null when not asked for.</summary>
    public string? Disassembly { get; init; }
    /// <summary>What each style costs (`bench cost`): the contrasts decided from this file's samples; null when not asked for.</summary>
    public ContrastReport? Contrasts { get; init; }
}

public sealed record ToolInfo(string Name, string Version);
