using System.Text.Json.Nodes;
using Bench.Core;
using Bench.Core.Comparison;
using Bench.Core.Results;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Results;

/// <summary>What the last key or a lenient enum parse would silently decide is refused instead.</summary>
public class StrictJsonTests
{
    [Fact]
    public void Results_ARepeatedKey_IsRefused_NotWonByTheLastOne()
    {
        using var dir = new TempDir();
        var path = dir.File("r.json");
        ResultsFile.Write(path, SampleDocuments.With(SampleDocuments.Samples("native/for_loop", SampleDocuments.Noisy(1, 0.1, 40, 1))));
        var text = File.ReadAllText(path);
        // a second "id" on the benchmark, and a second schemaVersion at the top
        File.WriteAllText(path, text.Replace("\"id\": \"native/for_loop\"", "\"id\": \"native/for_loop\", \"id\": \"native/renamed\""));
        Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => ResultsFile.Read(path)).ExitCode);
        File.WriteAllText(path, text.Replace("\"schemaVersion\": 2", "\"schemaVersion\": 99, \"schemaVersion\": 2"));
        Assert.Contains(path, Assert.Throws<BenchException>(() => ResultsFile.Read(path)).Message);
    }

    [Theory]
    [InlineData("slower, faster")]
    [InlineData("1")]
    [InlineData("")]
    public void Comparison_AnEnumThatIsAListOrANumber_IsRefused(string verdict)
    {
        using var dir = new TempDir();
        var path = dir.File("c.json");
        ComparisonFile.Write(path, ReportSamples.Comparison(ReportSamples.Run()));
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        node["benchmarks"]![0]!["verdict"] = verdict;
        File.WriteAllText(path, node.ToJsonString());
        Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => ComparisonFile.Read(path)).ExitCode);
        ComparisonFile.Write(path, ReportSamples.Comparison(ReportSamples.Run()));
        Assert.NotNull(ComparisonFile.Read(path)); // what bench writes still reads
    }

    [Fact]
    public void Config_ARepeatedKey_IsRefused()
    {
        var text = GateConfigFile.DefaultText();
        var doubled = text.Replace("\"metric\": \"cycles\"", "\"metric\": \"cycles\", \"metric\": \"ns\"");
        Assert.NotEqual(text, doubled);
        Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => GateConfigFile.Parse(doubled, "cfg.json")).ExitCode);
    }

    [Theory]
    [InlineData("\"wallSeconds\": 1e400")]
    [InlineData("\"wallSeconds\": \"Infinity\"")]
    [InlineData("\"wallSeconds\": \"NaN\"")]
    public void Results_ANumberThatIsNotFinite_IsRefusedAtRead(string field)
    {
        using var dir = new TempDir();
        var path = dir.File("r.json");
        ResultsFile.Write(path, SampleDocuments.With(SampleDocuments.Samples("native/for_loop", SampleDocuments.Noisy(1, 0.1, 40, 1))));
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.NotNull(node["run"]!["wallSeconds"]);
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), "\"wallSeconds\": [^,\n]+", field);
        Assert.Contains(field, text);
        File.WriteAllText(path, text);
        var e = Assert.Throws<BenchException>(() => ResultsFile.Read(path));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains(path, e.Message);
    }
}
