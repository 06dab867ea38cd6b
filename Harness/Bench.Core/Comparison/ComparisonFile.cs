using System.Text.Json;
using Bench.Core.IO;
using Bench.Core.Results;

namespace Bench.Core.Comparison;

/// <summary>Writes comparison files (atomically, same JSON conventions as results files) and reads them back.</summary>
public static class ComparisonFile
{
    public static void Write(string path, ComparisonDocument doc) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(doc, ResultsFile.Json) + "\n");

    public static ComparisonDocument Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BenchException.Usage($"cannot read comparison file {path}: {e.Message}");
        }
        try
        {
            var doc = JsonSerializer.Deserialize<ComparisonDocument>(text, ResultsFile.Json);
            if (doc is null || doc.Benchmarks is null)
                throw BenchException.Usage($"{path} is not a Bench comparison file: re-run `bench compare`.");
            if (doc.SchemaVersion > ComparisonDocument.CurrentSchemaVersion)
                throw BenchException.Usage($"{path} has comparison schema {doc.SchemaVersion}, newer than this bench understands: update bench.");
            return doc;
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"comparison file {path} is not valid ({e.Message}): re-run `bench compare`.");
        }
    }
}
