using System.Globalization;
using System.Text;
using Bench.Core.Gating;

namespace Bench.Core.Reporting;

/// <summary>
/// The selftest's table: per mode, condition and case, the three qualities of a verdict
/// (decisiveness and false alarms on A/A, detection of each injection beside what it really
/// costs), and a plain 5 % rule's rate on the same data. Pure.
/// </summary>
public static class SelfTestRenderer
{
    public static string Render(SelfTestReport r)
    {
        var sb = new StringBuilder();
        var o = r.Options;
        sb.AppendLine(Inv($"selftest: {o.Repetitions} repetition(s), modes {string.Join(", ", o.Modes)}, A/A and {(o.Injections.Count == 0 ? "no injection" : string.Join(", ", o.Injections))}; {o.Profile.Name} profile, reruns {(o.Rerun ? "on" : "off")}; rules: {r.ConfigSource}; {r.WallSeconds:F0} s"));
        sb.AppendLine(Inv($"filters: {string.Join(" ", o.Filters)}"));
        if (r.TrueCosts.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("true cost (real and injected in one process pinned to each CPU, taking turns: the driver for native kernels, a worker with both");
            sb.AppendLine("builds of the managed twins for managed ones; the median of the paired differences, cycles(tsc)/elem, median per case):");
            foreach (var g in r.TrueCosts.GroupBy(c => (c.Injection, Case: SelfTest.CaseOf(c.Id))).OrderBy(g => g.Key.Injection, StringComparer.Ordinal).ThenBy(g => g.Key.Case, StringComparer.Ordinal))
            {
                var perCpu = g.GroupBy(c => c.Cpu).OrderBy(c => c.Key)
                    .Select(c => Inv($"CPU {c.Key} {Shift(Median(c.Select(x => x.Cost)))} (real {Median(c.Select(x => x.Real)):F2})"));
                sb.AppendLine(Inv($"  {g.Key.Injection,-6} {g.Key.Case,-18} {string.Join(", ", perCpu)}"));
            }
        }
        sb.AppendLine();
        sb.AppendLine(Inv($"{"mode",-9} {"condition",-9} {"case",-18} {"n",5} {"slower",7} {"faster",7} {"same",6} {"unknown",8} {"shift",7} {"cost",6}  {"the gate",-30} {"plain 5%",-20}"));
        foreach (var row in r.Rows)
        {
            var gate = row.IsAa
                ? $"{Pct(row.Decisiveness)} same, {Pct(row.FalseAlarms)} false alarms"
                : $"{Pct(row.Detection)} detected";
            var plain = $"{Pct(row.PlainRate)} {(row.IsAa ? "false alarms" : "detected")}";
            sb.AppendLine(Inv($"{row.Mode,-9} {(row.IsAa ? "A/A" : row.Injection),-9} {row.Case,-18} {row.Comparisons,5} {row.Slower,7} {row.Faster,7} {row.Same,6} {row.Unknown,8} {Shift(row.MedianShift),7} {Shift(row.TrueCost),6}  {gate,-30} {plain,-20}").TrimEnd());
        }
        var smallest = r.Options.Modes.SelectMany(m => r.Options.Injections.SelectMany(i => new[] { "native", "managed" }
                .Select(impl => (m, i, impl, v: SelfTest.SmallestDetected(r, m, i, impl)))))
            .Where(x => x.m != SelfTest.CountMode && x.v is not null).ToList();
        if (smallest.Count > 0)
        {
            sb.AppendLine();
            var nsPerTick = r.Host.TimerFrequencyHz > 0 ? 1e9 / r.Host.TimerFrequencyHz : double.NaN;
            foreach (var (m, i, impl, v) in smallest)
                sb.AppendLine(Inv($"{m}, {i}, {impl}: every kernel whose true cost is at least {v:F2} cycles(tsc)/elem ({v * nsPerTick:F2} ns) was called Slower in at least 95 % of its comparisons"));
        }
        sb.AppendLine();
        sb.AppendLine("A/A: the real library (or build of the twins) against a copy of itself; Same is decisiveness, any Slower or Faster a");
        sb.AppendLine("false alarm. An injection: Slower counts as detected. cost: what the injection costs there, measured apart, pinned to");
        sb.AppendLine("each CPU (a cost under the threshold is not a change the gate should call). shift: the median estimated shift");
        sb.AppendLine("(count mode: the change in instructions/elem). The ab and baseline modes decide on cycles alone.");
        sb.AppendLine("plain 5%: head median / base median beyond ±5 % on the first measurement, no statistics and no reruns.");
        return sb.ToString();
    }

    private static double Median(IEnumerable<double> v) => Statistics.SampleSummary.Of(v.ToList()).Median;

    private static string Pct(double v) => double.IsNaN(v) ? "-" : (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Shift(double? v) => v is { } x ? x.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "-";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
