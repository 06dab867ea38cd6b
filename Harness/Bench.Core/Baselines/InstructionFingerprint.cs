using Bench.Core.Results;

namespace Bench.Core.Baselines;

/// <summary>
/// What must be equal for instruction counts to be comparable: the
/// architecture, the compiler and its flags, and the C library. Unlike cycles,
/// counts do not depend on the CPU model, its clock, the kernel or the load.
/// </summary>
public sealed record InstructionFingerprint(string Architecture, string Compiler, string CompilerFlags, string? Libc)
{
    public static InstructionFingerprint Of(HostContext h) => new(h.Architecture, h.Compiler, h.CompilerFlags, h.Libc);

    /// <summary>Every field that differs, as "name: this vs other"; empty when counts are comparable.</summary>
    public IReadOnlyList<string> Differences(InstructionFingerprint other)
    {
        var d = new List<string>();
        if (Architecture != other.Architecture) d.Add($"architecture: {Architecture} vs {other.Architecture}");
        if (Compiler != other.Compiler) d.Add($"compiler: {Compiler} vs {other.Compiler}");
        if (CompilerFlags != other.CompilerFlags) d.Add($"compiler flags: {CompilerFlags} vs {other.CompilerFlags}");
        if (Libc != other.Libc) d.Add($"libc: {Libc ?? "unknown"} vs {other.Libc ?? "unknown"}");
        return d;
    }

    public static bool HasCounts(ResultsDocument doc) => doc.Benchmarks.Any(b => b.Metrics.ContainsKey(MetricNames.Instructions));

    /// <summary>
    /// Null when cycles of the two documents compare; otherwise why not, provided their
    /// instruction counts still do (an instructions-only comparison). Throws the
    /// no-comparable-baseline error when neither metric compares.
    /// </summary>
    public static string? CyclesNotComparable(ResultsDocument @base, ResultsDocument head, string baseName, string headName)
    {
        var machine = MachineFingerprint.Of(@base.Host).Differences(MachineFingerprint.Of(head.Host));
        if (machine.Count == 0)
            return null;
        var why = $"{baseName} was measured on another machine ({string.Join("; ", machine)})";
        var toolchain = Of(@base.Host).Differences(Of(head.Host));
        if (toolchain.Count == 0 && HasCounts(@base) && HasCounts(head))
            return why;
        throw new BenchException($"{why}: its cycles are not comparable with {headName}'s, " +
                                 (toolchain.Count > 0 ? $"and neither are instruction counts ({string.Join("; ", toolchain)})."
                                     : "and one side has no instruction counts to compare instead (`bench run --with-count`)."),
            ExitCodes.NoComparableBaseline);
    }
}
