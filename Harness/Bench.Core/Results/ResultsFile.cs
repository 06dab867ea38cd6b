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
        try
        {
            return JsonSerializer.Deserialize<ResultsDocument>(text, Json)
                   ?? throw BenchException.Usage($"{path} holds no results.");
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"results file {path} does not match schema {version}: {e.Message}");
        }
    }
}
