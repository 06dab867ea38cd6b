using Bench.Core.Comparison;
using Bench.Core;


namespace Bench.Tests.Comparison.Rules;

public class GateConfigFileTests
{
    [Fact]
    public void Default_IsEmbeddedAndValid()
    {
        var c = GateConfigFile.Default;
        Assert.Equal("cycles", c.Metric);
        Assert.Equal("embedded default", c.Source);
        Assert.True(c.Defaults.AbsoluteFloor > 0 && c.Defaults.AbsoluteFloor < 1, "a floor of a cycle or more would hide a 1-cycle regression");
        Assert.Contains("\"pairedConfidence\"", GateConfigFile.DefaultText());
    }

    [Fact]
    public void RuleFor_MatchingOverride_ChangesOnlyItsValuesAndIsNamed()
    {
        var c = GateConfigFile.Parse("""
            { "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 0.99, "unpairedConfidence": 0.99,
              "defaults": { "relativeThresholdPercent": 2, "absoluteFloor": 0.25, "minPairs": 20, "minLaunches": 3, "minSamples": 20, "noiseFactor": 3 },
              "rerun": { "budgetSeconds": 10, "maxRounds": 1 },
              "overrides": [ { "match": "native/dispatch/*", "relativeThresholdPercent": 5, "why": "layout" } ] }
            """, "t.json");
        var (rule, name) = c.RuleFor("native/dispatch/ops/provider-on");
        Assert.Equal(5, rule.RelativeThresholdPercent);
        Assert.Equal(0.25, rule.AbsoluteFloor);
        Assert.Contains("overrides[0] 'native/dispatch/*' (layout)", name);
        Assert.Equal(("defaults"), c.RuleFor("native/lock").Name);
        Assert.Equal(0.5, rule.ThresholdFor(10)); // max(5 % of 10, 0.25)
    }

    [Fact]
    public void RuleFor_ImportedFigures_TakeTheImportedRule_MeasuredOnesDoNot()
    {
        var c = GateConfigFile.Default;
        var (imported, name) = c.RuleFor("native/pp01-fast/if/provider-off", imported: true);
        Assert.Equal((4.0, 3), (imported.RelativeThresholdPercent, imported.MinSamples));
        Assert.Contains("'*' (imported)", name);
        var measured = c.RuleFor("native/pp01-fast/if/provider-off").Rule;
        Assert.Equal((2.0, 20), (measured.RelativeThresholdPercent, measured.MinSamples));
        Assert.Equal(4.0, c.RuleFor("kernel/no-softirq-page_pool01", imported: true).Rule.RelativeThresholdPercent);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "typo": 1 }""", "typo")]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 1.5, "unpairedConfidence": 0.99, "defaults": { "relativeThresholdPercent": 2, "absoluteFloor": 0.25, "minPairs": 20, "minLaunches": 3, "minSamples": 20 }, "rerun": { "budgetSeconds": 1, "maxRounds": 1 } }""", "pairedConfidence")]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 0.9999999999999999, "unpairedConfidence": 0.99, "defaults": { "relativeThresholdPercent": 2, "absoluteFloor": 0.25, "minPairs": 20, "minLaunches": 3, "minSamples": 20 }, "rerun": { "budgetSeconds": 1, "maxRounds": 1 } }""", "pairedConfidence 0.9999999999999999 is not between 0.5 and 0.999999")]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 0.99, "unpairedConfidence": 0.99, "defaults": { "relativeThresholdPercent": 2, "absoluteFloor": 1e13, "minPairs": 20, "minLaunches": 3, "minSamples": 20 }, "rerun": { "budgetSeconds": 1, "maxRounds": 1 } }""", "absoluteFloor (at most 1e6 cycles)")]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 0.99, "unpairedConfidence": 0.99, "defaults": { "relativeThresholdPercent": 2, "absoluteFloor": 0.25, "noiseFactor": 1e308, "minPairs": 20, "minLaunches": 3, "minSamples": 20 }, "rerun": { "budgetSeconds": 1, "maxRounds": 1 } }""", "noiseFactor (at most 1000)")]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 0.99, "unpairedConfidence": 0.99, "defaults": { "relativeThresholdPercent": 0, "absoluteFloor": 0, "minPairs": 20, "minLaunches": 3, "minSamples": 20 }, "rerun": { "budgetSeconds": 1, "maxRounds": 1 } }""", "zero threshold")]
    [InlineData("""{ "schemaVersion": 1, "metric": "cycles", "pairedConfidence": 0.99, "unpairedConfidence": 0.99, "defaults": { "relativeThresholdPercent": 2, "absoluteFloor": 0.25, "minPairs": 2, "minLaunches": 3, "minSamples": 20 }, "rerun": { "budgetSeconds": 1, "maxRounds": 1 } }""", "minPairs")]
    [InlineData("""{ "schemaVersion": 2 }""", "schemaVersion")]
    [InlineData("not json", "not valid")]
    public void Parse_BadConfig_IsAUsageErrorNamingTheFileAndProblem(string text, string problem)
    {
        var e = Assert.Throws<BenchException>(() => GateConfigFile.Parse(text, "my.json"));
        Assert.Equal(ExitCodes.UsageError, e.ExitCode);
        Assert.Contains("my.json", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
