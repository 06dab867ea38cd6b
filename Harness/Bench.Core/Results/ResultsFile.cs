using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Core.IO;

namespace Bench.Core.Results;

/// <summary>Reads and writes results files (JSON); writing is atomic.</summary>
public static class ResultsFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ResultsDocument doc) => JsonSerializer.Serialize(doc, Json);

    public static void Write(string path, ResultsDocument doc) => AtomicFile.WriteAllText(path, Serialize(doc) + "\n");

    /// <summary>Reads a results file; a clear error names the file and what is wrong with it.</summary>
    public static ResultsDocument Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot read results file {path}: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(text))
            throw BenchException.Usage($"results file {path} is empty: re-run `bench run --out {path}`.");
        int version;
        try
        {
            using var probe = JsonDocument.Parse(text);
            if (probe.RootElement.ValueKind != JsonValueKind.Object ||
                !probe.RootElement.TryGetProperty("schemaVersion", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out version))
                throw BenchException.Usage($"{path} is not a Bench results file (no integer schemaVersion).");
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"results file {path} is not valid JSON ({e.Message}): it may be truncated; re-run `bench run --out {path}`.");
        }
        if (version > ResultsDocument.CurrentSchemaVersion)
            throw BenchException.Usage($"{path} has schema version {version}, newer than this bench understands ({ResultsDocument.CurrentSchemaVersion}): update bench.");
        if (version < 1)
            throw BenchException.Usage($"{path} has schema version {version}, which no bench ever wrote.");
        ResultsDocument doc;
        try
        {
            doc = JsonSerializer.Deserialize<ResultsDocument>(text, Json)
                  ?? throw BenchException.Usage($"{path} holds no results.");
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"results file {path} does not match schema {version}: {e.Message}");
        }
        var problem = Problems(doc).FirstOrDefault();
        if (problem is not null)
            throw BenchException.Usage($"results file {path} is corrupt: {problem}; re-run `bench run --out {path}`.");
        return doc;
    }

    /// <summary>What no bench ever writes: duplicate IDs, samples that are not finite and non-negative, launch counts that do not add up.</summary>
    private static IEnumerable<string> Problems(ResultsDocument doc)
    {
        if (doc.Benchmarks is null || doc.Host is null || doc.Run is null)
        {
            yield return "it lacks benchmarks, host or run";
            yield break;
        }
        foreach (var dup in doc.Benchmarks.GroupBy(b => b.Id).Where(g => g.Count() > 1))
            yield return $"benchmark '{dup.Key}' appears {dup.Count()} times";
        foreach (var b in doc.Benchmarks)
        {
            if (string.IsNullOrEmpty(b.Id))
                yield return "a benchmark has no id";
            foreach (var (name, m) in b.Metrics ?? new Dictionary<string, MetricSeries>())
            {
                if (m?.Samples is null)
                {
                    yield return $"{b.Id} has no samples list for '{name}'";
                    continue;
                }
                var bad = m.Samples.Select((v, i) => (v, i)).FirstOrDefault(x => !double.IsFinite(x.v) || x.v < 0);
                if (m.Samples.Count > 0 && (!double.IsFinite(bad.v) || bad.v < 0))
                    yield return $"{b.Id} has sample {bad.i} of '{name}' = {bad.v.ToString(System.Globalization.CultureInfo.InvariantCulture)} (samples are finite and >= 0)";
                if (b.SamplesPerLaunch is { Count: > 0 } spl && !m.Deterministic && spl.Sum() != m.Samples.Count)
                    yield return $"{b.Id} has {m.Samples.Count} '{name}' samples but samplesPerLaunch adds up to {spl.Sum()}";
            }
        }
    }
}
