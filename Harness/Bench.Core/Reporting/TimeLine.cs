using System.Globalization;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Core.Reporting;

/// <summary>
/// Where a gate's minutes went, in one line: the build, the measuring and its phases, the share of
/// the measuring that was samples, and each look. The measuring is the looks' own wall time, so
/// what no phase names (comparing between looks, linking layouts, the driver's own work) is
/// shown as <c>other</c> rather than lost. Where launches ran in lanes at once (<see cref="RunSettings.Lanes"/>),
/// the phases are lane-seconds, and so are <c>other</c> (which then includes a lane waiting for
/// the others) and the sampling share's whole: the measuring's wall time times the lanes.
/// </summary>
public static class TimeLine
{
    /// <summary>The line, or null for a run that kept no phases (an older file, or no gate).</summary>
    public static string? Describe(RunSettings run)
    {
        if (run.Phases is not { Count: > 0 } phases)
            return null;
        static string S(double v) => v.ToString(v >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);
        var lanes = run.Lanes is > 1 and var n ? n : 1;
        var measuring = run.Looks is { Count: > 0 } looks ? looks.Sum(l => l.Seconds) : PhaseClock.Measuring.Sum(p => phases.GetValueOrDefault(p)) / lanes;
        var parts = PhaseClock.Measuring.Where(phases.ContainsKey).Select(p => $"{p} {S(phases[p])}").ToList();
        var other = measuring * lanes - PhaseClock.Measuring.Sum(p => phases.GetValueOrDefault(p));
        if (other > 0.05)
            parts.Add($"other {S(other)}");
        var line = "time:";
        if (phases.TryGetValue(PhaseClock.Build, out var build))
            line += $" build {S(build)} s;";
        line += lanes > 1
            ? $" measuring {S(measuring)} s in {lanes} lanes at once (lane-seconds: {string.Join(", ", parts)})"
            : $" measuring {S(measuring)} s ({string.Join(", ", parts)})";
        if (measuring > 0 && phases.TryGetValue(PhaseClock.Sampling, out var sampling))
            line += $"; sampling share {(100 * sampling / (measuring * lanes)).ToString("F0", CultureInfo.InvariantCulture)}%";
        if (run.Looks is { Count: > 0 } all)
            line += $"; {all.Count} look{(all.Count == 1 ? "" : "s")}: " + string.Join(", ", all.Select(l =>
                $"{l.Look} ({Launches(l)}, {l.Measured} measured, {l.Decided} decided, {S(l.Seconds)} s)"));
        return line;
    }

    private static string Launches(LookRecord l) => (l.NativeLaunches, l.ManagedLaunches) switch
    {
        (> 0, > 0) => $"{l.NativeLaunches} native / {l.ManagedLaunches} managed launches",
        (0, var m) => $"{m} launches",
        (var n, _) => $"{n} launches",
    };
}
