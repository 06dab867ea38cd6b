using Bench.Core.Results;

namespace Bench.Core.Comparison;

/// <summary>A comparison file: what was compared with what, under which rules, and a verdict per benchmark.</summary>
public sealed record ComparisonDocument
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required ToolInfo Tool { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    /// <summary><c>paired</c> when base and head are arms of one interleaved run, else <c>unpaired</c>.</summary>
    public required string Mode { get; init; }
    public required string Metric { get; init; }
    public required string Unit { get; init; }
    public required ComparedSide Base { get; init; }
    public required ComparedSide Head { get; init; }
    /// <summary>Where the rules came from (a file, or the embedded default).</summary>
    public required string ConfigSource { get; init; }
    public required IReadOnlyList<BenchmarkComparison> Benchmarks { get; init; }
    /// <summary>Why the verdicts judge another metric than the rules name (files of time only); null when they judge the rules' metric.</summary>
    public string? MetricNote { get; init; }
    /// <summary>Why cycles were not compared (the sides ran on different machines); instructions still are. Null: they were.</summary>
    public string? CyclesNotCompared { get; init; }
    /// <summary>The command that records a baseline for the head's machine, where the gate had none of its own.</summary>
    public string? RecordBaseline { get; init; }
    /// <summary>Unpaired: how the control benchmarks moved (the machine's drift) and how many verdicts that made Unknown; null when not judged.</summary>
    public MachineDriftReport? MachineDrift { get; init; }
    /// <summary>A gate against a baseline's rebuilt build: how that build runs here now against its stored figures (no verdict rests on it).</summary>
    public Baselines.RecordedDrift? BaselineDrift { get; init; }
    /// <summary>Paired: how placement was randomized in the run (the head's <see cref="Results.RunSettings.Placement"/>); null when each side ran one placement.</summary>
    public Results.PlacementSettings? Placement { get; init; }
    /// <summary>Set by whoever decided the gate (gate, ab, compare, selftest): renderers show it and never decide again.</summary>
    public GateDecision? Gate { get; init; }

    public int Count(Verdict v) => Benchmarks.Count(b => b.Verdict == v);
}

/// <summary>One side of a comparison: where its results came from.</summary>
public sealed record ComparedSide(string Label, string? Source, string? Commit, DateTimeOffset CreatedUtc, string Machine);

/// <summary>The gate's decision: its exit code, and in words.</summary>
public sealed record GateDecision(int ExitCode, GateOutcome Outcome, string Summary);
