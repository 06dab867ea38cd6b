using System.Text.Json.Serialization;
using Bench.Core.Comparison;

namespace Bench.Core.Results;

/// <summary>
/// What each style costs, as a results file keeps it (`bench cost`): every contrast decided as a
/// comparison, with the exact instructions per element of both kernels beside it.
/// </summary>
/// <param name="Mode"><c>paired</c> (every contrast's kernels sampled in one family), <c>unpaired</c> (figures that cannot pair: imports, plain runs), or <c>mixed</c>.</param>
/// <param name="Spec">What was contrasted: the tag, its reference value and the toggled tag, in words.</param>
/// <param name="Notes">What could not be contrasted, and why.</param>
public sealed record ContrastReport(string Mode, string Spec, string ConfigSource, IReadOnlyList<ContrastResult> Rows, IReadOnlyList<string> Notes)
{
    public const string Paired = "paired", Unpaired = "unpaired", Mixed = "mixed";
}

/// <summary>One contrast and its decision: <see cref="Comparison"/>'s verdict read as a cost (Slower: costs more; Faster: costs less; Same: no cost within ±T).</summary>
public sealed record ContrastResult
{
    public required string Id { get; init; }
    public required string Family { get; init; }
    public required string Implementation { get; init; }
    public required string Kernel { get; init; }
    public required string Reference { get; init; }
    /// <summary><c>style</c>, <c>toggle</c>, <c>null-control</c> or <c>detection</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>The kernel's style (the contrasted tag's value).</summary>
    public required string Level { get; init; }
    /// <summary>Its provider state (<c>off</c>, <c>on</c>, or <c>on vs off</c> for a toggle); null where nothing is toggled.</summary>
    public string? State { get; init; }
    public required BenchmarkComparison Comparison { get; init; }
    /// <summary>Instructions per element of the kernel and of the reference (exact, callgrind); null where not counted (managed kernels, no valgrind).</summary>
    public double? KernelInstructions { get; init; }
    public double? ReferenceInstructions { get; init; }

    [JsonIgnore] public double? InstructionDelta => KernelInstructions - ReferenceInstructions;

    /// <summary>The decision in a cost's words.</summary>
    [JsonIgnore] public string Decision => DecisionOf(Comparison.Verdict);

    public static string DecisionOf(Verdict v) => v switch
    {
        Verdict.Slower => "costs more",
        Verdict.Faster => "costs less",
        Verdict.Same => "no cost",
        Verdict.Unknown => "unknown",
        _ => v.ToString().ToLowerInvariant(),
    };
}
