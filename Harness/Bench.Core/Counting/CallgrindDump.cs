using System.Globalization;

namespace Bench.Core.Counting;

/// <summary>
/// The totals of one callgrind dump: its <c>events:</c> line names the counters,
/// its <c>summary:</c> (or <c>totals:</c>) line gives their values. Pure parsing.
/// </summary>
public sealed record CallgrindDump(IReadOnlyDictionary<string, long> Events)
{
    public long this[string name] => Events.TryGetValue(name, out var v) ? v : 0;

    public static CallgrindDump Parse(string text, string source)
    {
        string[]? names = null;
        string[]? values = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("events:", StringComparison.Ordinal))
                names = line["events:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            else if (line.StartsWith("summary:", StringComparison.Ordinal))
                values = line["summary:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            else if (values is null && line.StartsWith("totals:", StringComparison.Ordinal))
                values = line["totals:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        if (names is null || values is null)
            throw new FormatException($"{source} is not a callgrind dump (no events/summary lines)");
        var events = new Dictionary<string, long>();
        for (var i = 0; i < names.Length; i++)
            events[names[i]] = i < values.Length ? long.Parse(values[i], CultureInfo.InvariantCulture) : 0;
        return new CallgrindDump(events);
    }
}
