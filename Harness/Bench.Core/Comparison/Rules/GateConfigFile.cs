using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Core.Comparison;

/// <summary>Reads a gate configuration (or the embedded default) and refuses one that would decide nonsense.</summary>
public static class GateConfigFile
{
    private const string ResourceName = "Bench.Core.Comparison.Rules.bench.config.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        Converters = { new IO.FiniteDoubleConverter(), new IO.PrintableStringConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
    };

    /// <summary>The configuration built into bench (Comparison/Rules/bench.config.json).</summary>
    public static GateConfig Default { get; } = LoadDefault();

    /// <summary>The embedded default's text, for `bench gate --print-config` and for starting a file of one's own.</summary>
    public static string DefaultText()
    {
        using var stream = typeof(GateConfigFile).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static GateConfig LoadDefault() => Parse(DefaultText(), "the embedded default configuration");

    /// <summary>The file at <paramref name="path"/>, or when null the embedded default, with the controls the suite's manifest names where it names them.</summary>
    public static GateConfig Load(string? path)
    {
        if (path is null)
            return Suites.Suite.Current.Controls is { } controls && !controls.SequenceEqual(Default.Controls)
                ? Default with { Controls = controls, Source = $"embedded default, with the controls of the suite '{Suites.Suite.Current.Name}'" }
                : Default;
        var text = IO.InputFile.ReadAllText(path, "configuration");
        return Parse(text, path) with { Source = path };
    }

    public static GateConfig Parse(string text, string source)
    {
        try
        {
            using var probe = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (probe.RootElement.ValueKind == JsonValueKind.Object && probe.RootElement.TryGetProperty("schemaVersion", out var v) &&
                v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var version) && version != GateConfig.CurrentSchemaVersion)
                throw BenchException.Usage($"configuration {source}: schemaVersion {version} is not {GateConfig.CurrentSchemaVersion}, the version this bench reads.");
        }
        catch (JsonException)
        {
            // reported below with the deserializer's position
        }
        GateConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<GateConfig>(text, Json);
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"configuration {source} is not valid: {e.Message} (start from `bench gate --print-config`).");
        }
        if (config is null)
            throw BenchException.Usage($"configuration {source} is empty (start from `bench gate --print-config`).");
        var problems = Validate(config).ToList();
        if (problems.Count > 0)
            throw BenchException.Usage($"configuration {source}: {string.Join("; ", problems)}.");
        return config;
    }

    private static IEnumerable<string> Validate(GateConfig c)
    {
        if (c.Defaults is null || c.Rerun is null || c.Instructions is null || c.Overrides is null || c.Metric is null)
        {
            yield return "it lacks metric, defaults, rerun, instructions or overrides (or one of them is null)";
            yield break;
        }
        if (c.NormalizeRunDrift is not null)
            yield return "normalizeRunDrift was removed: dividing out the run's common drift absorbed real changes that many benchmarks share; " +
                         "drift is now judged on control benchmarks (\"controls\": [globs]); delete the key";
        if (c.Controls is null || c.Controls.Any(string.IsNullOrWhiteSpace))
            yield return "controls must be a list of benchmark globs (it may be empty)";
        else
            foreach (var g in c.Controls)
                if (Catalog.BenchmarkFilter.Problem(g) is { } bad)
                    yield return $"controls: {bad.TrimEnd('.')}";
        if (c.Overrides.Any(o => o is null))
        {
            yield return "an entry of overrides is null";
            yield break;
        }
        if (c.SchemaVersion != GateConfig.CurrentSchemaVersion)
            yield return $"schemaVersion {c.SchemaVersion} is not {GateConfig.CurrentSchemaVersion}, the version this bench reads";
        if (c.Metric is not ("cycles" or "ns"))
            yield return $"metric '{c.Metric}' is not one of cycles, ns";
        // a confidence a hair under 1 has no finite normal quantile: the interval would be infinite, the verdict never reached
        foreach (var (name, v) in new[] { ("pairedConfidence", c.PairedConfidence), ("unpairedConfidence", c.UnpairedConfidence) })
            if (!(v is > 0.5 and <= MaxConfidence))
                yield return $"{name} {v.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not between 0.5 and {MaxConfidence.ToString(System.Globalization.CultureInfo.InvariantCulture)} (e.g. 0.99)";
        foreach (var p in ValidateRule("defaults", c.Defaults))
            yield return p;
        for (var i = 0; i < c.Overrides.Count; i++)
        {
            var o = c.Overrides[i];
            if (string.IsNullOrWhiteSpace(o.Match))
                yield return $"overrides[{i}] has no match glob";
            else if (Catalog.BenchmarkFilter.Problem(o.Match) is { } bad)
                yield return $"overrides[{i}].match: {bad.TrimEnd('.')}";
            foreach (var p in ValidateRule($"overrides[{i}]", o.Apply(c.Defaults)))
                yield return p;
        }
        if (!(c.Instructions.Tolerance >= 0) || !(c.Instructions.TolerancePercent >= 0))
            yield return "instructions.tolerance and instructions.tolerancePercent must be numbers >= 0";
        if (c.Instructions.SameFromInstructions is not (InstructionRules.Never or InstructionRules.WhenCyclesNotCompared or InstructionRules.Always))
            yield return $"instructions.sameFromInstructions '{c.Instructions.SameFromInstructions}' is not one of " +
                         $"{InstructionRules.Never}, {InstructionRules.WhenCyclesNotCompared}, {InstructionRules.Always}";
        if (!(c.Rerun.BudgetSeconds is >= 0 and <= 86_400) || c.Rerun.MaxRounds is < 0 or > 100 || !(c.Rerun.WallSeconds is >= 0 and <= 86_400))
            yield return "rerun budgetSeconds and wallSeconds must be from 0 to 86400 and maxRounds from 0 to 100";
    }

    private static IEnumerable<string> ValidateRule(string where, GateRule r)
    {
        if (!(r.RelativeThresholdPercent >= 0) || !(r.AbsoluteFloor >= 0) || !(r.NoiseFactor >= 0))
            yield return $"{where}: relativeThresholdPercent, absoluteFloor and noiseFactor must be numbers >= 0";
        if (r.RelativeThresholdPercent == 0 && r.AbsoluteFloor == 0)
            yield return $"{where}: a zero threshold would call any noise a change; set relativeThresholdPercent or absoluteFloor";
        if (r.MinPairs < 6 || r.MinLaunches < 2 || r.MinSamples < 2)
            yield return $"{where}: minPairs must be >= 6, minLaunches >= 2, minSamples >= 2 (no verdict on too little data)";
        // every threshold a rule gives lands in a comparison file, whose figures are bounded (ResultsFile.MaxFigure): a rule
        // past these bounds would write a comparison that report and post then refuse
        if (!double.IsFinite(r.RelativeThresholdPercent) || !double.IsFinite(r.AbsoluteFloor) || !double.IsFinite(r.NoiseFactor)
            || r.RelativeThresholdPercent > 1000 || r.AbsoluteFloor > MaxFloor || r.NoiseFactor > MaxNoiseFactor)
            yield return $"{where}: relativeThresholdPercent (at most 1000), absoluteFloor (at most {MaxFloor:0e0} cycles) and noiseFactor (at most {MaxNoiseFactor}) must be finite numbers in range";
    }

    /// <summary>The highest confidence a rule may ask: beyond it the interval's normal quantile is not finite in a double.</summary>
    public const double MaxConfidence = 0.999999;

    /// <summary>The largest absolute floor: a million cycles per element is far past any kernel Bench measures.</summary>
    public const double MaxFloor = 1e6;

    /// <summary>The largest noise factor (3 by default): a change must pass this many launch spreads.</summary>
    public const double MaxNoiseFactor = 1000;
}
