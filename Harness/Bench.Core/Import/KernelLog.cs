using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Core.Import;

/// <summary>One time_bench result line: where it was, the case as printed, and its exact figures.</summary>
/// <param name="Printed">The per-element cycles as printed (time_bench truncates to a whole number; Bench's driver prints 3 decimals).</param>
/// <param name="PrintedNs">The per-element ns as printed.</param>
/// <param name="TimeInterval">Wall-clock ns around the whole loop.</param>
/// <param name="Invocations">Elements the loop ran (time_bench's invoke count).</param>
/// <param name="TscInterval">TSC ticks around the whole loop.</param>
public sealed record KernelLine(string File, int Line, string Name, double Printed, double PrintedNs, int Step, ulong TimeInterval, ulong Invocations, ulong TscInterval)
{
    /// <summary>tsc_interval / invoke count: the per-element cycles without time_bench's truncation.</summary>
    public double Cycles => (double)TscInterval / Invocations;

    /// <summary>time_interval / invoke count.</summary>
    public double Nanoseconds => (double)TimeInterval / Invocations;

    /// <summary>The TSC rate the line says it ran at: tsc_interval / time_interval, in MHz.</summary>
    public double TscMhz => (double)TscInterval / TimeInterval * 1e3;

    public string Where => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}

/// <summary>A line that looked like a time_bench result and was not taken, and why.</summary>
public sealed record RefusedLine(string File, int Line, string Why, string Text);

/// <summary>What reading the captures found: each module load's lines, and what was refused.</summary>
/// <param name="Loads">One list per load of the module (a launch), in file order.</param>
/// <param name="OtherLines">Lines with no time_bench result in them (the rest of a kernel log), not reported one by one.</param>
public sealed record KernelLogCapture(IReadOnlyList<IReadOnlyList<KernelLine>> Loads, IReadOnlyList<RefusedLine> Refused, int OtherLines);

/// <summary>
/// Reads the kernel benchmark's output: <c>dmesg</c> or <c>journalctl -k</c> text, or the selftest
/// script's log, with any prefix before <c>Type:</c> (a timestamp, a module name). One line per
/// case, as time_bench prints it:
/// <c>Type:NAME Per elem: N cycles(tsc) N.NNN ns (step:S) - (measurement period time:S.NNNNNNNNN sec time_interval:NS) - (invoke count:N tsc_interval:T)</c>;
/// Bench's own driver prints the same line with decimal cycles (`--format precise`), and both are read.
/// Every load of the module is one launch: a load ends where a case it already printed comes
/// again, and at the end of each file. A line whose printed cycles disagree with its own
/// tsc_interval / invoke count is refused (a garbled capture), as are truncated lines; CRLF is
/// read as LF.
/// </summary>
public static class KernelLog
{
    /// <summary>The longest line read: time_bench's lines are about 200 characters, with a timestamp and module prefix far under this.</summary>
    public const int MaxLineLength = 4096;

    // NonBacktracking: matching is linear in the line's length, whatever the line holds (a line of
    // "Type:" repeated after "Per elem: " was quadratic with the backtracking engine)
    private static readonly Regex Result = new(
        @"Type:(?<name>\S{1,200}) Per elem: (?<cycles>\d+(?:\.\d+)?) cycles\(tsc\) (?<ns>\d+\.\d+) ns \(step:(?<step>-?\d+)\) - " +
        @"\(measurement period time:(?<sec>\d+)\.(?<frac>\d+) sec time_interval:(?<interval>\d+)\) - " +
        @"\(invoke count:(?<invoked>\d+) tsc_interval:(?<tsc>\d+)\)",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>The TSC rates a line may say it ran at: a time stamp counter from 10 MHz to 100 GHz.</summary>
    public const double MinTscMhz = 10, MaxTscMhz = 100_000;

    public static KernelLogCapture Read(IEnumerable<(string File, string Text)> files)
    {
        var loads = new List<IReadOnlyList<KernelLine>>();
        var refused = new List<RefusedLine>();
        var other = 0;
        foreach (var (file, text) in files)
        {
            var load = new List<KernelLine>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var raw = lines[i].TrimEnd('\r');
                if (!raw.Contains("Per elem:", StringComparison.Ordinal) || !raw.Contains("Type:", StringComparison.Ordinal))
                {
                    if (raw.Length > 0)
                        other++;
                    continue;
                }
                string? why = null;
                var parsed = raw.Length > MaxLineLength ? null : Parse(file, i + 1, raw, out why);
                if (parsed is null)
                {
                    why ??= string.Create(CultureInfo.InvariantCulture, $"a line of {raw.Length} characters, longer than any time_bench line ({MaxLineLength})");
                    // the line is shown as text: its control characters escaped, never sent raw to a terminal
                    refused.Add(new RefusedLine(file, i + 1, why!, TextSafety.Shown(raw, 200)));
                    continue;
                }
                if (!seen.Add(parsed.Name))
                {
                    loads.Add(load);
                    load = [];
                    seen = [parsed.Name];
                }
                load.Add(parsed);
            }
            if (load.Count > 0)
                loads.Add(load);
        }
        return new KernelLogCapture(loads, refused, other);
    }

    /// <summary>One line, or null with why it was refused.</summary>
    public static KernelLine? Parse(string file, int line, string text, out string? why)
    {
        why = null;
        var m = Result.Match(text);
        if (!m.Success)
        {
            why = "not a whole time_bench result line (truncated, or another format)";
            return null;
        }
        if (!ulong.TryParse(m.Groups["invoked"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var invoked) ||
            !ulong.TryParse(m.Groups["tsc"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var tsc) ||
            !ulong.TryParse(m.Groups["interval"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var interval) ||
            !int.TryParse(m.Groups["step"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step))
        {
            why = "a count or step too large to read";
            return null;
        }
        if (invoked == 0 || tsc == 0 || interval == 0)
        {
            why = "an invoke count, tsc_interval or time_interval of 0: nothing was timed";
            return null;
        }
        var printed = double.Parse(m.Groups["cycles"].Value, CultureInfo.InvariantCulture);
        var printedNs = double.Parse(m.Groups["ns"].Value, CultureInfo.InvariantCulture);
        if (!double.IsFinite(printed) || !double.IsFinite(printedNs))
        {
            why = "a cycles or ns figure too large to be a number";
            return null;
        }
        // what the results file could not hold (and compare would refuse) is refused here, not written
        if ((double)tsc / invoked > Results.ResultsFile.MaxFigure || (double)interval / invoked > Results.ResultsFile.MaxFigure ||
            printed > Results.ResultsFile.MaxFigure || printedNs > Results.ResultsFile.MaxFigure)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"a figure past {Results.ResultsFile.MaxFigure:0e0} cycles or ns per element, which no run measures");
            return null;
        }
        var rate = (double)tsc / interval * 1e3;
        if (rate is < MinTscMhz or > MaxTscMhz)
        {
            why = string.Create(CultureInfo.InvariantCulture,
                $"its tsc_interval / time_interval says a TSC of {rate:G4} MHz, which no machine has ({MinTscMhz:0} to {MaxTscMhz:0} MHz)");
            return null;
        }
        var result = new KernelLine(file, line, m.Groups["name"].Value, printed, printedNs, step, interval, invoked, tsc);
        // time_bench prints tsc_interval / invoked truncated; the driver to 3 decimals: either way the line agrees with itself
        var exact = result.Cycles;
        var decimals = m.Groups["cycles"].Value.Contains('.');
        var agrees = decimals ? Math.Abs(printed - exact) <= 0.0005 + 1e-9 * exact : printed == Math.Floor(exact);
        if (!agrees)
        {
            why = string.Create(CultureInfo.InvariantCulture,
                $"its printed {m.Groups["cycles"].Value} cycles(tsc) disagree with its own tsc_interval / invoke count = {exact:F3}");
            return null;
        }
        return result;
    }
}
