namespace Bench.Core.Comparison;

/// <summary>What the gate decided, in one word (serialized as pass, regression, failed, inconclusive).</summary>
public enum GateOutcome
{
    Pass,
    Regression,
    Failed,
    Inconclusive,
}

/// <summary>Everything an outcome maps to, in one place: its word, its icon, its commit status.</summary>
public static class GateOutcomes
{
    public static string Word(this GateOutcome o) => o.ToString().ToLowerInvariant();

    /// <summary>The icon a PR comment leads with.</summary>
    public static string Icon(this GateOutcome o) => o switch
    {
        GateOutcome.Pass => "✅",
        GateOutcome.Regression or GateOutcome.Failed => "❌",
        _ => "⚠️",
    };

    /// <summary>The GitHub commit-status state: a regression or a failed benchmark fails; an undecided gate is an error.</summary>
    public static string CommitState(this GateOutcome o) => o switch
    {
        GateOutcome.Pass => "success",
        GateOutcome.Regression or GateOutcome.Failed => "failure",
        _ => "error",
    };
}
