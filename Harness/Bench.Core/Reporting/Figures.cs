using System.Globalization;
using Bench.Core.Comparison;

namespace Bench.Core.Reporting;

/// <summary>How every renderer writes a figure: invariant culture, fixed decimals, a dash for none.</summary>
internal static class Figures
{
    public static string Num(double? v, string format = "F2") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>"+0.512 [+0.31, +0.70]": the Hodges-Lehmann shift and its interval; "[unbounded]" when the interval could not be bounded.</summary>
    public static string Shift(BenchmarkComparison b) => b.Shift is not { } s
        ? "-"
        : b.ShiftLow is { } lo && b.ShiftHigh is { } hi
            ? Inv($"{s:+0.000;-0.000;0.000} [{lo:+0.00;-0.00;0.00}, {hi:+0.00;-0.00;0.00}]")
            : Inv($"{s:+0.000;-0.000;0.000} [unbounded]");

    /// <summary>Head minus base instructions per element, signed; "-" when either is missing.</summary>
    public static string InstructionDelta(BenchmarkComparison b) => b.HeadInstructions is { } h && b.BaseInstructions is { } x
        ? (h - x).ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture) : "-";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
