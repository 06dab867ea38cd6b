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
        Converters = { new StrictEnumConverter(), new FiniteDoubleConverter(), new PrintableStringConverter() },
        // a repeated key is refused, not silently won by the last one (a second "id" would rename a benchmark)
        AllowDuplicateProperties = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // a file that says null where the model has no null is refused, not half-read (absent
        // positional-record arguments are checked by each reader: null ones are omitted on write)
        RespectNullableAnnotations = true,
    };

    /// <summary>The file's text: indented for people to read, or without indentation for a file kept compressed.</summary>
    public static string Serialize(ResultsDocument doc, bool compact = false) => JsonSerializer.Serialize(doc, compact ? Compact : Json);

    private static readonly JsonSerializerOptions Compact = new(Json) { WriteIndented = false };

    /// <summary>Writes a results file whole; a path named <c>.gz</c> is written compact and gzip-compressed (and read back as such).</summary>
    public static void Write(string path, ResultsDocument doc) => AtomicFile.WriteAllText(path, Serialize(doc, IO.InputFile.IsCompressed(path)) + "\n");

    /// <summary>Reads a results file; a clear error names the file and what is wrong with it.</summary>
    public static ResultsDocument Read(string path)
    {
        var text = IO.InputFile.ReadAllText(path, "results file");
        if (string.IsNullOrWhiteSpace(text))
            throw BenchException.Usage($"results file {path} is empty: re-run `bench run --out {path}`.");
        int version;
        try
        {
            using var probe = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
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
            if (version == 1)
                text = FromSchema1(text);
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

    /// <summary>
    /// A schema-1 file as schema 2 reads it: each benchmark's <c>case</c>, <c>dispatch</c> and
    /// <c>provider</c> fields (Bench's page_pool fields, hard-coded then) become its tags
    /// <c>case</c>, <c>style</c> and <c>provider</c>, in that order. Nothing else changed, so its
    /// figures and what is decided from them are as they were.
    /// </summary>
    private static string FromSchema1(string text)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        if (root["benchmarks"] is not System.Text.Json.Nodes.JsonArray benchmarks)
            return text; // the schema's own check says what is missing
        foreach (var node in benchmarks)
        {
            // an entry without its case (which schema 1 required) is left to fail the schema's check
            if (node is not System.Text.Json.Nodes.JsonObject b || b.ContainsKey("tags") || !b.ContainsKey("case"))
                continue;
            var tags = new System.Text.Json.Nodes.JsonObject();
            foreach (var (field, tag) in new[] { ("case", BenchmarkResult.CaseTag), ("dispatch", BenchmarkResult.StyleTag), ("provider", BenchmarkResult.ProviderTag) })
            {
                if (b[field] is { } value && value.GetValueKind() != JsonValueKind.Null)
                    tags[tag] = value.DeepClone();
                b.Remove(field);
            }
            b["tags"] = tags;
        }
        root["schemaVersion"] = ResultsDocument.CurrentSchemaVersion;
        return root.ToJsonString();
    }

    /// <summary>
    /// What no bench ever writes: missing parts, duplicate IDs, two IDs claiming one kernel (the
    /// same implementation, runner and tags, where the tags name a style: kernels without one may share their tags), samples that are not finite and
    /// non-negative, launch counts that do not add up.
    /// </summary>
    private static IEnumerable<string> Problems(ResultsDocument doc)
    {
        if (doc.Benchmarks is null || doc.Host is null || doc.Run is null || doc.Tool is null)
        {
            yield return "it lacks benchmarks, host, run or tool";
            yield break;
        }
        if (doc.Tool.Name is null || doc.Tool.Version is null)
            yield return "tool lacks name or version";
        if (doc.Host.StaticKey is not { Implementation: not null, Note: not null })
            yield return "host.staticKey lacks implementation or note";
        if (!double.IsFinite(doc.Host.TimerFrequencyHz) || doc.Host.TimerFrequencyHz < 0)
            yield return "host.timerFrequencyHz is not a finite number >= 0";
        if (doc.Run.CpuProbe is { } probe && probe.Any(c => c is null || c.Kernel is null || !(c.CyclesPerElement is >= 0 and <= MaxFigure) || c.Cpu < 0))
            yield return "run.cpuProbe has an entry without a kernel, a CPU or a finite speed";
        if (doc.Run.Phases is { } phases && phases.Any(kv => !Running.PhaseClock.Order.Contains(kv.Key) || !(kv.Value is >= 0 and <= MaxFigure)))
            yield return $"run.phases names a phase other than {string.Join(", ", Running.PhaseClock.Order)}, or gives one no finite number of seconds >= 0";
        if (doc.Run.Lanes is < 2 or > 1024)
            yield return "run.lanes is below 2 or above 1024 (a run of one launch at a time leaves it out)";
        if (doc.Run.Looks is { } looks && looks.Any(l => l is null || l.Look < 1 || l.NativeLaunches < 0 || l.ManagedLaunches < 0 || l.Measured < 0
                                                          || l.Decided < 0 || l.Decided > l.Measured || !(l.Alpha is > 0 and < 1) || !(l.Seconds is >= 0 and <= MaxFigure)))
            yield return "run.looks has an entry that is null, numbered below 1, with negative counts, more decided than measured, an alpha outside (0, 1) or no finite seconds";
        if (doc.Pairing is { } p && (p.RunId is null || p.Role is null || p.Roles is null))
            yield return "pairing lacks runId, role or roles";
        if (doc.Benchmarks.Any(b => b is null))
        {
            yield return "a benchmark entry is null";
            yield break;
        }
        foreach (var dup in doc.Benchmarks.GroupBy(b => b.Id).Where(g => g.Count() > 1))
            yield return $"benchmark '{dup.Key}' appears {dup.Count()} times";
        foreach (var clash in doc.Benchmarks.Where(b => b.Style is not null).GroupBy(KernelKey).Where(g => g.Count() > 1))
            yield return $"benchmarks {string.Join(" and ", clash.Select(b => $"'{b.Id}'"))} all claim {clash.Key} (IDs are permanent: one per kernel)";
        foreach (var b in doc.Benchmarks)
        {
            if (string.IsNullOrEmpty(b.Id))
                yield return "a benchmark has no id";
            // a name is printed on consoles, in comments and reports: a line break would forge a line, an invisible character
            // would make a renamed benchmark look like the old one (removed and added, never compared)
            foreach (var (what, text) in new[] { ("id", b.Id) }.Concat((b.Tags ?? new Dictionary<string, string>()).SelectMany(t => new[] { ("tag", t.Key), ("tag", t.Value) }))
                         .Concat((b.Metrics ?? new Dictionary<string, MetricSeries>()).Keys.Select(k => ("metric name", k))))
                if (Unreadable(text))
                    yield return $"{TextSafety.Shown(b.Id, 120)}: its {what} '{TextSafety.Shown(text, 120)}' holds a control, bidirectional or invisible character " +
                                 $"({TextSafety.Visible(text!.First(c => TextSafety.IsUnsafe(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))})";
            if (b.Runner is { } r && (r.Name is null || r.Version is null || r.Job is null || r.Pgo is null || r.Toolchain is null ||
                                      r.Environment is null || r.Runtime is null || r.CyclesFrom is null))
                yield return $"{b.Id}: runner lacks a field";
            if (b.LaunchCpus is { } lc && (lc.Count != b.SamplesPerLaunch?.Count || lc.Any(c => c is < 0 or > 4095)))
                yield return $"{b.Id}: launchCpus must give one CPU (0 to 4095) per launch of samplesPerLaunch";
            if (b.SamplesPerLaunch is null || b.SamplesPerLaunch.Any(n => n is < 0 or > MaxSamplesPerLaunch))
                yield return $"{b.Id}: samplesPerLaunch must be a list of counts from 0 to {MaxSamplesPerLaunch}";
            else if (b.SamplesPerPlacement is { } spp && (spp.Count != b.SamplesPerLaunch.Count
                         || spp.Select((counts, l) => counts is null || counts.Any(n => n < 0) || counts.Sum(n => (long)n) != b.SamplesPerLaunch[l]).Any(bad => bad)))
                yield return $"{b.Id}: samplesPerPlacement must give, for each launch of samplesPerLaunch, counts that add up to that launch's";
            if (b.PlacementLayouts is { } pl && (b.SamplesPerPlacement is not { } counted || pl.Count != counted.Count
                                                 || pl.Select((names, l) => names is null || names.Count != counted[l]?.Count || names.Any(string.IsNullOrEmpty)).Any(bad => bad)))
                yield return $"{b.Id}: placementLayouts must name the layout of every placement of samplesPerPlacement";
            if (b.Variance is { } v && new[] { v.WithinPlacement, v.BetweenPlacements ?? 0, v.BetweenLaunches ?? 0 }.Any(x => !(x is >= 0 and <= MaxFigure)))
                yield return $"{b.Id}: variance must give standard deviations from 0 to {MaxFigure:0e0}";
            foreach (var (name, m) in b.Metrics ?? new Dictionary<string, MetricSeries>())
            {
                if (m?.Samples is null || m.Unit is null)
                {
                    yield return $"{b.Id} has no samples list or unit for '{name}'";
                    continue;
                }
                var bad = m.Samples.Select((v, i) => (v, i)).FirstOrDefault(x => !(x.v is >= 0 and <= MaxFigure));
                if (m.Samples.Count > 0 && !(bad.v is >= 0 and <= MaxFigure))
                    yield return $"{b.Id} has sample {bad.i} of '{name}' = {bad.v.ToString(System.Globalization.CultureInfo.InvariantCulture)} (samples are finite, >= 0 and at most {MaxFigure:0e0})";
                if (b.SamplesPerLaunch is { Count: > 0 } spl && !m.Deterministic && spl.Sum(n => (long)n) != m.Samples.Count)
                    yield return $"{b.Id} has {m.Samples.Count} '{name}' samples but samplesPerLaunch adds up to {spl.Sum(n => (long)n)}";
            }
        }
    }

    /// <summary>Text no name may hold: a control or bidirectional character, or an invisible one (Unicode's format characters, such as U+200B).</summary>
    private static bool Unreadable(string? s) =>
        s is not null && s.Any(c => TextSafety.IsUnsafe(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);

    /// <summary>
    /// The largest figure a results or comparison file may hold (cycles, ns or instructions per
    /// element): a thousand seconds per element is corruption, and figures near double's range
    /// overflow every mean and chart drawn from them.
    /// </summary>
    public const double MaxFigure = 1e12;

    /// <summary>More samples than one launch ever takes: a count past it is corruption, not data.</summary>
    private const int MaxSamplesPerLaunch = 10_000_000;

    private static string KernelKey(BenchmarkResult b) =>
        $"implementation {b.Implementation}{(b.Runner is { } r ? $" ({r.Name} {r.Job}, PGO {r.Pgo})" : "")}, tags " +
        (b.Tags is { Count: > 0 } tags ? string.Join(' ', tags.Select(t => $"{t.Key}={t.Value}")) : "-");
}
