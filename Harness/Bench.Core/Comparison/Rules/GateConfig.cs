using Bench.Core.Catalog;

namespace Bench.Core.Comparison;

/// <summary>
/// Thresholds, floors, confidence, rerun budget and per-benchmark overrides:
/// everything the verdicts depend on, in one file (<c>bench.config.json</c>)
/// with an embedded default (<see cref="GateConfigFile.Default"/>).
/// </summary>
public sealed record GateConfig
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary>The metric the verdicts are about (cycles).</summary>
    public required string Metric { get; init; }
    /// <summary>Two-sided confidence of the shift interval when samples are paired (`bench ab`).</summary>
    public required double PairedConfidence { get; init; }
    /// <summary>Two-sided confidence of the shift interval against a stored baseline (launch medians, unpaired).</summary>
    public required double UnpairedConfidence { get; init; }
    public required GateRule Defaults { get; init; }
    /// <summary>
    /// Control benchmarks (globs): code a change under test does not touch. Against a stored
    /// baseline their shift is the machine's drift, and a cycles change no larger than it is no
    /// verdict (<see cref="DriftGuard"/>). Empty: drift is not judged.
    /// </summary>
    public IReadOnlyList<string> Controls { get; init; } = ["native/for_loop", "native/atomic_inc", "native/lock"];
    /// <summary>Removed (it divided a change shared by many benchmarks out); a file that still sets it is refused with the replacement named.</summary>
    public bool? NormalizeRunDrift { get; init; }
    public required RerunPolicy Rerun { get; init; }
    public IReadOnlyList<GateOverride> Overrides { get; init; } = [];
    /// <summary>Instruction counts (callgrind): exact verdicts, comparable across machines of one toolchain.</summary>
    public InstructionRules Instructions { get; init; } = new();
    /// <summary>Where it was read from (not serialized): a path, or "embedded default".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Source { get; init; } = "embedded default";

    /// <summary>The rule for one benchmark: the defaults, then every matching override in file order.</summary>
    /// <param name="imported">Its figures were imported (`bench import`): overrides with <c>imported: true</c> apply, those with false do not.</param>
    public (GateRule Rule, string Name) RuleFor(string id, bool imported = false)
    {
        var rule = Defaults;
        var names = new List<string>();
        for (var i = 0; i < Overrides.Count; i++)
        {
            var o = Overrides[i];
            if (!new BenchmarkFilter([o.Match]).Matches(id) || (o.Imported is { } want && want != imported))
                continue;
            rule = o.Apply(rule);
            names.Add($"overrides[{i}] '{o.Match}'" + (o.Imported is true ? " (imported)" : o.Imported is false ? " (measured)" : "") + (o.Why is null ? "" : $" ({o.Why})"));
        }
        return (rule, names.Count == 0 ? "defaults" : "defaults + " + string.Join(" + ", names));
    }
}
