namespace Bench.Core.Results;

/// <summary>One metric of one benchmark: its unit and every per-element value, one per sample.</summary>
public sealed record MetricSeries(string Unit, IReadOnlyList<double> Samples)
{
    /// <summary>True for a metric that does not move with load (instruction counts): one sample per run.</summary>
    public bool Deterministic { get; init; }
}

public static class MetricNames
{
    public const string Cycles = "cycles";
    public const string Nanoseconds = "ns";
    public const string Instructions = "instructions";
    public const string EstimatedCycles = "estimated-cycles";

    public const string CyclesUnit = "cycles(tsc)/elem";
    public const string NanosecondsUnit = "ns/elem";
    public const string InstructionsUnit = "instructions/elem";
    public const string EstimatedCyclesUnit = "estimated cycles/elem";
}
