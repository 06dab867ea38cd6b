using System.Runtime.CompilerServices;
using Bench.Core.Catalog;
using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Results;

/// <summary>
/// Files written before results carried tags (schema 1: each benchmark's case, dispatch and
/// provider fields) still read, with those fields as the tags case, style and provider, and the
/// verdicts drawn from them are the verdicts drawn from the same figures written today. The
/// fixture is four benchmarks of the baseline committed at e6b9072, as that bench wrote it.
/// </summary>
public sealed class Schema1Tests
{
    private static string Fixture([CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "Schema1", "baseline-e6b9072-excerpt.json.gz");

    private static readonly Comparer Comparer = new(GateConfigFile.Default);
    private static readonly ComparedSide Side = new("x", null, null, DateTimeOffset.UnixEpoch, "m");

    [Fact]
    public void ASchema1File_Reads_ItsPagePoolFieldsAsTags()
    {
        var doc = ResultsFile.Read(Fixture());
        Assert.Equal(ResultsDocument.CurrentSchemaVersion, doc.SchemaVersion);
        Assert.Equal(4, doc.Benchmarks.Count);
        foreach (var b in doc.Benchmarks)
        {
            var id = BenchmarkId.Parse(b.Id);
            Assert.Equal(id.Case, b.Case);
            Assert.Equal(id.Style, b.Style);
            Assert.Equal(id.Provider, b.Provider);
            Assert.Equal(BenchmarkResult.TagsOf(id.Case, id.Style, id.Provider), b.Tags);
        }
        var pool = doc.Benchmarks.Single(b => b.Id == "native/pp01-fast/ops/provider-on");
        Assert.Equal(["case=pp01-fast", "style=ops", "provider=on"], pool.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(["case=for_loop"], doc.Benchmarks.Single(b => b.Id == "native/for_loop").Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(960, pool.Metrics[MetricNames.Cycles].Samples.Count);
    }

    [Fact]
    public void ASchema1File_WrittenAgain_IsSchema2_AndDecidesTheSame()
    {
        using var dir = new TempDir();
        var old = ResultsFile.Read(Fixture());
        ResultsFile.Write(dir.File("again.json"), old);
        var text = File.ReadAllText(dir.File("again.json"));
        Assert.Contains("\"schemaVersion\": 2", text);
        Assert.Contains("\"tags\"", text);
        Assert.DoesNotContain("\"dispatch\":", text);
        var again = ResultsFile.Read(dir.File("again.json"));

        // a head of the same figures, one kernel's cycles 20 % more in every sample: Slower from either file, the rest the same verdicts
        var slow = "native/pp01-fast/ops/provider-on";
        var head = again with
        {
            Benchmarks = [.. again.Benchmarks.Select(b => b.Id != slow ? b : b with
            {
                Metrics = b.Metrics.ToDictionary(m => m.Key, m => m.Key != MetricNames.Cycles ? m.Value : m.Value with { Samples = [.. m.Value.Samples.Select(v => v * 1.2)] }),
            })],
        };
        var fromOld = Comparer.Compare(old, head, Side, Side).Benchmarks;
        var fromNew = Comparer.Compare(again, head, Side, Side).Benchmarks;
        Assert.Equal(4, fromOld.Count);
        Assert.Equal(fromOld.Select(c => (c.Id, c.Verdict, c.Shift, c.ShiftLow, c.Reason)), fromNew.Select(c => (c.Id, c.Verdict, c.Shift, c.ShiftLow, c.Reason)));
        Assert.Equal(Verdict.Slower, fromOld.Single(c => c.Id == slow).Verdict);
        Assert.All(fromOld.Where(c => c.Id != slow), c => Assert.NotEqual(Verdict.Slower, c.Verdict));
    }

    [Theory]
    [InlineData("\"case\": \"for_loop\",", "", "does not match schema 1")]   // schema 1 required a case
    [InlineData("\"case\": \"for_loop\"", "\"case\": 5", "does not match schema 1")]
    public void ASchema1File_ThatSchema1Refused_IsStillRefused(string what, string instead, string message)
    {
        using var dir = new TempDir();
        var text = System.Text.Json.Nodes.JsonNode.Parse(new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(Fixture()),
            System.IO.Compression.CompressionMode.Decompress)).ReadToEnd())!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })
            .Replace("\r\n", "\n");
        Assert.Contains(what, text);
        File.WriteAllText(dir.File("old.json"), text.Replace(what, instead));
        var e = Assert.Throws<Bench.Core.BenchException>(() => ResultsFile.Read(dir.File("old.json")));
        Assert.Contains(message, e.Message);
        Assert.Contains(dir.File("old.json"), e.Message);
    }
}
