using Bench.Core;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Results;

public class ResultsFileTests
{
    [Fact]
    public void WriteThenRead_RoundTripsEveryField()
    {
        using var dir = new TempDir();
        var doc = SampleDocuments.Document();
        ResultsFile.Write(dir.File("r.json"), doc);
        var back = ResultsFile.Read(dir.File("r.json"));
        Assert.Equal(ResultsFile.Serialize(doc), ResultsFile.Serialize(back));
        Assert.Equal(doc.Benchmarks[1].Metrics[MetricNames.Cycles].Samples, back.Benchmarks[1].Metrics[MetricNames.Cycles].Samples);
        Assert.Single(Directory.GetFiles(dir.Path)); // no temporary file left behind
    }

    [Fact]
    public void Serialize_IsSelfDescribing()
    {
        var json = ResultsFile.Serialize(SampleDocuments.Document());
        Assert.StartsWith("{\n  \"schemaVersion\": 2,", json.Replace("\r\n", "\n"));
        foreach (var field in new[] { "\"host\"", "\"cpuModel\"", "\"timerFrequencyHz\"", "\"compilerFlags\"", "\"staticKey\"", "\"commit\"",
                     "\"benchmarks\"", "\"tags\"", "\"metrics\"", "\"cycles\"", "\"unit\": \"cycles(tsc)/elem\"", "\"samples\"", "\"status\": \"crashed\"" })
            Assert.Contains(field, json);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n", "is empty")]
    [InlineData("{\"schemaVersion\": 1, \"tool\": {\"name\": \"bench\"", "not valid JSON")]
    [InlineData("[1,2,3]", "not a Bench results file")]
    [InlineData("{\"hello\": 1}", "not a Bench results file")]
    [InlineData("{\"schemaVersion\": \"one\"}", "not a Bench results file")]
    [InlineData("{\"schemaVersion\": 99}", "newer than this bench understands")]
    [InlineData("{\"schemaVersion\": 0}", "no bench ever wrote")]
    [InlineData("{\"schemaVersion\": 1, \"benchmarks\": 5}", "does not match schema 1")]
    public void Read_BadFile_IsUsageErrorNamingTheFile(string content, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.json");
        File.WriteAllText(path, content);
        var e = Assert.Throws<BenchException>(() => ResultsFile.Read(path));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(content, File.ReadAllText(path)); // nothing changed
    }

    [Fact]
    public void Read_MissingFile_IsUsageError()
    {
        var e = Assert.Throws<BenchException>(() => ResultsFile.Read("/nonexistent/bench/results.json"));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("/nonexistent/bench/results.json", e.Message);
    }

    [Theory]
    [InlineData("duplicate", "appears 2 times")]
    [InlineData("negative", "samples are finite, >= 0 and at most 1e12")]
    [InlineData("nan", "not valid JSON")]
    [InlineData("launches", "samplesPerLaunch adds up to")]
    [InlineData("colliding", "all claim implementation native, tags case=a style=x provider=off")]
    [InlineData("null-entry", "a benchmark entry is null")]
    [InlineData("null-field", "null")]
    [InlineData("placements", "samplesPerPlacement must give, for each launch")]
    [InlineData("layouts", "placementLayouts must name the layout of every placement")]
    [InlineData("metric-newline", "its metric name 'cyc\\nbench: gate: pass (exit 0) FORGED' holds a control")]
    [InlineData("tag-newline", "its tag 'k\\nbench: gate: pass' holds a control")]
    [InlineData("invisible-id", "holds a control, bidirectional or invisible character (\\u200B)")]
    [InlineData("one-lane", "run.lanes is below 2")]
    public void Read_CorruptContent_IsUsageErrorNamingFileAndBenchmark(string kind, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("r.json");
        const string id = "native/a/x/provider-off";
        var good = SampleDocuments.Samples(id, [1, 2, 3.5, 4], [2, 2]);
        var doc = kind switch
        {
            "duplicate" => SampleDocuments.With(good, good),
            "negative" => SampleDocuments.With(SampleDocuments.Samples(id, [1, -2, 3.5, 4], [2, 2])),
            "launches" => SampleDocuments.With(SampleDocuments.Samples(id, [1, 2, 3.5, 4], [3, 2])),
            // two placements in each launch, but launch 2's counts do not add up to its samples
            "placements" => SampleDocuments.With(good with { SamplesPerPlacement = [[1, 1], [1, 2]] }),
            "layouts" => SampleDocuments.With(good with { SamplesPerPlacement = [[1, 1], [1, 1]], PlacementLayouts = [["L0", "L1"], ["L2"]] }),
            // the same kernel under two IDs: the report's per-case charts would have two values for one cell
            "colliding" => SampleDocuments.With(good with { Tags = BenchmarkResult.TagsOf("a", "x", "off") },
                good with { Id = "native/a/x/provider-off-renamed", Tags = BenchmarkResult.TagsOf("a", "x", "off") }),
            // a name that would forge a line on the console, or look like another benchmark's
            "metric-newline" => SampleDocuments.With(good with { Metrics = new Dictionary<string, MetricSeries> { ["cyc\nbench: gate: pass (exit 0) FORGED"] = good.Metrics["cycles"] } }),
            // (a tag's value with one is refused as any string is; its key is a dictionary's)
            "tag-newline" => SampleDocuments.With(good with { Tags = new Dictionary<string, string> { ["case"] = "a", ["k\nbench: gate: pass"] = "v" } }),
            "invisible-id" => SampleDocuments.With(good with { Id = "native/a/x\u200B/provider-off" }),
            _ => SampleDocuments.With(good),
        };
        if (kind == "one-lane")
            doc = doc with { Run = doc.Run with { Lanes = 1 } };
        var text = ResultsFile.Serialize(doc);
        text = kind switch
        {
            "nan" => text.Replace("3.5", "NaN"),
            "null-entry" => text.Replace("\"benchmarks\": [", "\"benchmarks\": [null, "),
            "null-field" => text.Replace("\"implementation\": \"native\"", "\"implementation\": null"),
            _ => text,
        };
        File.WriteAllText(path, text);
        var e = Assert.Throws<BenchException>(() => ResultsFile.Read(path));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(path, e.Message);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }
}
