using System.Globalization;
using System.Text;
using Bench.Core.Gating;

namespace Bench.Core.Reporting;

/// <summary>The selftest's table: per mode and k, the gate's false-alarm or detection rate beside a plain 5 % rule's. Pure.</summary>
public static class SelfTestRenderer
{
    public static string Render(SelfTestReport r)
    {
        var sb = new StringBuilder();
        var o = r.Options;
        sb.AppendLine(Inv($"selftest: {o.Repetitions} repetition(s), modes {string.Join(", ", o.Modes)}, k = 0 (A/A), {string.Join(", ", o.Ks)}; {o.Profile.Name} profile, reruns {(o.Rerun ? "on" : "off")}; rules: {r.ConfigSource}; {r.WallSeconds:F0} s"));
        sb.AppendLine(Inv($"filters: {string.Join(" ", o.Filters)}"));
        sb.AppendLine();
        sb.AppendLine(Inv($"{"mode",-9} {"k",2} {"case",-14} {"n",5} {"slower",7} {"faster",7} {"same",6} {"unknown",8} {"shift",8}  {"gate rate",-22} {"plain 5% rate",-22}"));
        foreach (var row in r.Rows)
        {
            var what = row.K == 0 ? "false alarms" : "detected";
            sb.AppendLine(Inv($"{row.Mode,-9} {row.K,2} {row.Case,-14} {row.Comparisons,5} {row.Slower,7} {row.Faster,7} {row.Same,6} {row.Unknown,8} {Shift(row.MedianShift),8}  {Pct(row.Rate) + " " + what,-22} {Pct(row.PlainRate) + " " + what,-22}").TrimEnd());
        }
        sb.AppendLine();
        sb.AppendLine("k = 0: the real library against a copy of itself; any Slower or Faster is a false alarm. k > 0: Slower counts as detected.");
        sb.AppendLine("shift: median over the comparisons of the Hodges-Lehmann shift in cycles(tsc)/elem (count mode: the change in");
        sb.AppendLine("instructions/elem), what k really costs here. The ab and baseline modes decide on cycles alone.");
        sb.AppendLine("plain 5%: head median / base median beyond ±5 % on the first measurement, no statistics and no reruns.");
        return sb.ToString();
    }

    private static string Pct(double v) => double.IsNaN(v) ? "-" : (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Shift(double? v) => v is { } x ? x.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "-";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
