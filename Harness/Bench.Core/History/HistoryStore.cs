using System.Globalization;
using System.Text.Json;
using Bench.Core.IO;
using Bench.Core.Results;

namespace Bench.Core.History;

/// <summary>
/// A history folder: one small JSON file per run (<see cref="HistoryEntry"/>), named by time and
/// commit so that files sort in time and two runs never share a name. Entries are only added,
/// each written atomically and never over another; nothing here rewrites or deletes one. Each is
/// read as any input is (<see cref="InputFile"/>): a FIFO, a device or an outsized file is refused, naming it.
/// </summary>
public sealed class HistoryStore(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>Adds the entry as a new file and returns its path; an existing file is never replaced.</summary>
    public string Append(HistoryEntry entry)
    {
        // a folder that does not read is refused before anything is added: no new entry on every retry
        ReadAll();
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot create the history folder {Directory}: {e.Message}. Choose another with --history.");
        }
        var stem = entry.CreatedUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" +
                   (entry.Commit is { Length: >= 7 } c && c[..7].All(char.IsAsciiHexDigit) ? c[..7].ToLowerInvariant() : "nocommit");
        // the name comes from the file's content: only a timestamp and hex digits, so it never leaves the folder
        var text = JsonSerializer.Serialize(entry, ResultsFile.Json) + "\n";
        // a name is taken by creating its file, never by looking first: runs adding to one folder at once each get their own
        for (var n = 1; n <= MaxNamesPerSecond; n++)
        {
            var path = Path.Combine(Directory, n == 1 ? stem + ".json" : string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.json"));
            if (AtomicFile.TryWriteNew(path, text))
                return path;
        }
        throw BenchException.Usage($"the history folder {Directory} already holds {MaxNamesPerSecond} entries named {stem}: choose another folder with --history.");
    }

    /// <summary>Entries of one second and commit a folder may hold.</summary>
    private const int MaxNamesPerSecond = 1000;

    /// <summary>The most one entry may hold: a few hundred benchmarks' medians take tens of kilobytes.</summary>
    public const long MaxEntryBytes = 16L << 20;

    /// <summary>Every entry, oldest first. A missing folder is an empty history; a bad file is an error naming it.</summary>
    public IReadOnlyList<HistoryEntry> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        var entries = new List<HistoryEntry>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
            entries.Add(Read(path));
        return entries.OrderBy(e => e.CreatedUtc).ToList();
    }

    private static HistoryEntry Read(string path)
    {
        string Fix() => $"move it out of {Path.GetDirectoryName(path)} (history files are written by `bench gate`) and run again.";
        try
        {
            var entry = JsonSerializer.Deserialize<HistoryEntry>(InputFile.ReadAllText(path, "history file", "; " + Fix(), MaxEntryBytes), ResultsFile.Json)
                        ?? throw BenchException.Usage($"history file {path} is empty: {Fix()}");
            if (entry.SchemaVersion != HistoryEntry.CurrentSchemaVersion)
                throw BenchException.Usage($"history file {path} has schema version {entry.SchemaVersion}; this bench reads {HistoryEntry.CurrentSchemaVersion}: {Fix()}");
            if (entry.MachineKey is null || entry.Machine is null || entry.Benchmarks is null || entry.Benchmarks.Values.Any(p => p is null))
                throw BenchException.Usage($"history file {path} lacks machineKey, machine or benchmarks, or has a null point: {Fix()}");
            double?[] figures = [.. entry.Benchmarks.Values.SelectMany(p => new[] { p.Cycles, p.CyclesQ1, p.CyclesQ3, p.Instructions })];
            if (figures.Any(f => f is { } v && !(v is >= 0 and <= ResultsFile.MaxFigure)))
                throw BenchException.Usage($"history file {path} has a figure that is not a finite number >= 0: {Fix()}");
            return entry;
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"history file {path} is not a history entry ({e.Message}): {Fix()}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot read history file {path}: {e.Message}");
        }
    }
}
