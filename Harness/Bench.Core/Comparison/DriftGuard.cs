using Bench.Core.Catalog;
using Bench.Core.Statistics;
using static Bench.Core.Comparison.VerdictText;

namespace Bench.Core.Comparison;

/// <summary>What the control benchmarks showed of the machine between a stored baseline and this run.</summary>
/// <param name="Controls">Each control's relative shift (head/base - 1), from its Hodges-Lehmann shift.</param>
/// <param name="Guarded">How many Slower or Faster cycle verdicts it turned into Unknown (their raw verdict stays in the row).</param>
public sealed record MachineDriftReport(IReadOnlyList<ControlShift> Controls, int Guarded);

/// <summary>
/// Against a stored baseline, a cycles Slower (Faster) stands only where its interval clears the
/// threshold plus the slowdown (speed-up) the control benchmarks show (<see cref="MachineDrift"/>):
/// a change no larger than the machine's own drift is Unknown, and its raw verdict is kept beside
/// it. It can only take a Slower or Faster away, never make a Same.
/// </summary>
internal static class DriftGuard
{
    public static (IReadOnlyList<BenchmarkComparison> Rows, MachineDriftReport? Report) Apply(IReadOnlyList<BenchmarkComparison> rows,
        IReadOnlyList<string> controls)
    {
        if (controls.Count == 0)
            return (rows, null);
        var filter = new BenchmarkFilter(controls);
        var shifts = rows.Where(r => filter.Matches(r.Id) && r.Mode == Comparer.Unpaired && r.Shift is { } && r.BaseMedian is > 0)
            .Select(r => new ControlShift(r.Id, r.Shift!.Value / r.BaseMedian!.Value)).ToList();
        if (shifts.Count == 0)
            return (rows, null);
        var guarded = 0;
        var result = rows.Select(r =>
        {
            if (r.Verdict is not (Verdict.Slower or Verdict.Faster) || r.BaseMedian is not { } median || r.ShiftLow is not { } lo || r.ShiftHigh is not { } hi)
                return r;
            var (up, down) = MachineDrift.Envelope(shifts, r.Id);
            var t = r.ChangeThreshold ?? r.Threshold ?? 0;
            var clears = r.Verdict == Verdict.Slower ? lo > t + up * median : hi < -(t + down * median);
            if (clears)
                return r;
            guarded++;
            var moved = r.Verdict == Verdict.Slower ? Pct(up) : Pct(-down);
            return r with
            {
                Verdict = Verdict.Unknown,
                RawVerdict = r.Verdict,
                Reason = $"{r.Verdict.ToString().ToLowerInvariant()} on its own ({r.Reason}), but the control benchmarks moved by {moved} " +
                         "between the baseline and this run: a change that size cannot be told from the machine's drift",
            };
        }).ToList();
        return (result, new MachineDriftReport(shifts, guarded));
    }
}
