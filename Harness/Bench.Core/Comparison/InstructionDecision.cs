using Bench.Core.Results;
using static Bench.Core.Comparison.VerdictText;

namespace Bench.Core.Comparison;

/// <summary>
/// The instructions verdict (exact: callgrind counts do not vary), and how it combines with the
/// cycles verdict: Slower if either metric says Slower, else Faster if either says Faster, else
/// Same when cycles say Same. An unchanged count makes a row Same on its own only where the
/// configuration lets it (<see cref="InstructionRules.SameFromInstructions"/>: by default only when
/// cycles were not compared at all, a baseline from another machine); otherwise the row keeps
/// the cycles' Unknown. Both verdicts stay in the row, so neither metric hides the other.
/// </summary>
internal static class InstructionDecision
{
    /// <summary>The deterministic instruction count per element, when the result has one.</summary>
    public static double? Count(BenchmarkResult r) =>
        r.Metrics.TryGetValue(MetricNames.Instructions, out var m) && m.Samples.Count > 0 ? m.Samples[0] : null;

    public static BenchmarkComparison Combine(BenchmarkComparison cycles, BenchmarkResult @base, BenchmarkResult head, bool cyclesCompared,
        InstructionRules rules, string metric)
    {
        var cycleVerdict = cyclesCompared ? cycles.Verdict : (Verdict?)null;
        cycles = cycles with { CyclesVerdict = cycleVerdict, DecidedBy = cyclesCompared ? metric : null };
        if (Count(@base) is not { } bi || Count(head) is not { } hi)
            return cycles;
        var delta = hi - bi;
        var tol = rules.ThresholdFor(bi);
        var iv = delta > tol ? Verdict.Slower : delta < -tol ? Verdict.Faster : Verdict.Same;
        var words = $"instructions {F(bi)} -> {F(hi)} per element ({S(delta)}, tolerance {F(tol)})";
        var row = cycles with { InstructionsVerdict = iv, BaseInstructions = bi, HeadInstructions = hi };
        (Verdict? V, string Name)[] both = [(cycleVerdict, metric), (iv, MetricNames.Instructions)];
        foreach (var decisive in new[] { Verdict.Slower, Verdict.Faster })
        {
            var deciders = both.Where(m => m.V == decisive).Select(m => m.Name).ToList();
            if (deciders.Count > 0)
                return row with { Verdict = decisive, DecidedBy = string.Join(" + ", deciders), Reason = $"{words}; {metric}: {Describe(cycles)}" };
        }
        if (cycleVerdict == Verdict.Same)
            return row with { Verdict = Verdict.Same, DecidedBy = $"{metric} + {MetricNames.Instructions}", Reason = $"{words}; {metric}: {cycles.Reason}" };
        var allowed = rules.SameFromInstructions == InstructionRules.Always ||
                      (rules.SameFromInstructions == InstructionRules.WhenCyclesNotCompared && !cyclesCompared);
        if (allowed)
            return row with
            {
                Verdict = Verdict.Same, DecidedBy = MetricNames.Instructions,
                Reason = $"{words}; Same on instructions alone (instructions.sameFromInstructions: {rules.SameFromInstructions}); {metric}: {Describe(cycles)}",
            };
        return row with
        {
            DecidedBy = null,
            Reason = $"{metric}: {Describe(cycles)}; {words}, which does not make it Same on its own (instructions.sameFromInstructions: {rules.SameFromInstructions})",
        };
    }

    private static string Describe(BenchmarkComparison cycles) =>
        cycles.Verdict is Verdict.Unknown ? cycles.Reason : $"{cycles.Verdict.ToString().ToLowerInvariant()}, {cycles.Reason}";
}
