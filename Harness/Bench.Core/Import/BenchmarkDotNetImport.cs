using System.Globalization;
using System.Text.Json;
using Bench.Core.IO;
using Bench.Core.Results;

namespace Bench.Core.Import;

/// <summary>
/// BenchmarkDotNet's full JSON export (<c>*-report-full.json</c>, or the unindented
/// <c>*-report-full-compressed.json</c> that <c>--exporters json</c> writes) as a Bench results file.
/// Every workload measurement of the actual stage is a sample (its nanoseconds over its
/// operations: time per operation), grouped by BenchmarkDotNet's launch index, so each of its
/// processes is a launch. An ID is <c>bdn/</c> and the benchmark's full name with its parameters,
/// so no two <c>[Params]</c> values collide, and <c>@job</c> where the files hold more than one
/// job. BenchmarkDotNet measures time, not cycles: the results hold ns, and the comparison of two
/// imports judges ns (and says so). The host is BenchmarkDotNet's environment info, under what
/// the user gave.
/// </summary>
public static class BenchmarkDotNetImport
{
    public const string Prefix = "bdn/";
    public const string Format = "BenchmarkDotNet JSON (full)";
    public const string Implementation = "benchmarkdotnet";

    /// <summary>Whether a benchmark's figures came from a BenchmarkDotNet export.</summary>
    public static bool IsImport(BenchmarkResult b) => b.Implementation == Implementation;

    /// <summary>Whether a file's text is a BenchmarkDotNet JSON export (by content: a kernel log never starts with '{').</summary>
    public static bool Recognizes(string text)
    {
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("{") && text.Contains("\"HostEnvironmentInfo\"", StringComparison.Ordinal);
    }

    private sealed record Case(string File, string FullName, string Type, string Method, string Parameters, string Job,
        IReadOnlyList<(int Launch, double Ns)> Samples, string Runtime, string BdnVersion);

    private sealed record Host(string Cpu, int Cores, string Architecture, string Os, string Runtime, double TimerHz, string TimerKind, string BdnVersion);

    public static ResultsDocument Build(IReadOnlyList<(string Path, string Text)> files, ImportContext context, ToolInfo tool, DateTimeOffset now)
    {
        var cases = new List<Case>();
        Host? host = null;
        string? hostFile = null;
        foreach (var (path, text) in files)
        {
            var (h, found) = Parse(path, text);
            if (host is not null && (h.Cpu != host.Cpu || h.Os != host.Os || h.Cores != host.Cores))
                throw BenchException.Usage($"{hostFile} and {path} come from different machines ({host.Cpu}, {host.Os} against {h.Cpu}, {h.Os}): import each machine's exports on their own.");
            (host, hostFile) = (host ?? h, hostFile ?? path);
            cases.AddRange(found);
        }
        if (cases.Count == 0)
            throw BenchException.Usage($"nothing to import from {string.Join(", ", files.Select(f => f.Path))}: no benchmark with workload measurements. " +
                                       "Export with measurements: BenchmarkDotNet's --exporters json (or JsonExporter.Full), not the brief export.");
        var jobs = cases.Select(c => c.Job).Distinct().Count();
        var benchmarks = cases.Select(c => Benchmark(c, jobs > 1)).ToList();
        foreach (var dup in benchmarks.GroupBy(b => b.Id).Where(g => g.Count() > 1))
            throw BenchException.Usage($"'{dup.Key}' is in the exports {dup.Count()} times ({string.Join(", ", cases.Where(c => Id(c, jobs > 1) == dup.Key).Select(c => c.File).Distinct())}): " +
                                       "give each run's export once; two runs to compare are two imports.");
        var launches = cases.Max(c => c.Samples.Select(s => s.Launch).Distinct().Count());
        var h0 = host!;
        return new ResultsDocument
        {
            Tool = tool,
            CreatedUtc = now,
            Host = new HostContext
            {
                CpuModel = context.Machine ?? h0.Cpu,
                LogicalCores = context.Cores ?? h0.Cores,
                Architecture = context.Architecture ?? h0.Architecture,
                Kernel = context.Kernel ?? KernelImport.NotGiven,
                Os = h0.Os,
                DotnetRuntime = h0.Runtime,
                Timer = $"BenchmarkDotNet's chronometer (Stopwatch; hardware timer {h0.TimerKind})",
                TimerFrequencyHz = h0.TimerHz,
                TimerFrequencySource = "HostEnvironmentInfo.ChronometerFrequency of the export (the Stopwatch's, not a TSC's: no cycles are derived from it)",
                Compiler = KernelImport.NotGiven,
                CompilerFlags = KernelImport.NotGiven,
                StaticKey = new StaticKeyInfo("none", "imported BenchmarkDotNet figures"),
                Commit = context.Commit,
                Imported = new ImportSource($"{Format}, BenchmarkDotNet {h0.BdnVersion}", files.Select(f => f.Path).ToList(),
                    cases.Sum(c => c.Samples.Count), launches),
            },
            Run = new RunSettings
            {
                Profile = "imported",
                Filters = [],
                Launches = launches,
                WarmupSamples = 0,
                RoundsPerLaunch = 1,
                SamplesPerBlock = 1,
                DiscardedPerBlock = 0,
                SampleTargetMilliseconds = 0,
                Seed = 0,
            },
            Benchmarks = benchmarks,
        };
    }

    private static string Id(Case c, bool withJob) => Prefix + c.FullName + (withJob ? "@" + c.Job : "");

    private static BenchmarkResult Benchmark(Case c, bool withJob)
    {
        var ordered = c.Samples.OrderBy(s => s.Launch).ToList();
        return new BenchmarkResult
        {
            Id = Id(c, withJob),
            Implementation = Implementation,
            Tags = BenchmarkResult.TagsOf(c.Type, c.Parameters.Length > 0 ? $"{c.Method}({c.Parameters})" : c.Method),
            Status = BenchmarkStatus.Ok,
            Loops = 1,
            SamplesPerLaunch = ordered.GroupBy(s => s.Launch).Select(g => g.Count()).ToArray(),
            Metrics = new Dictionary<string, MetricSeries>
            {
                [MetricNames.Nanoseconds] = new(NanosecondsPerOperation, ordered.Select(s => s.Ns).ToArray()),
            },
            Runner = new RunnerInfo
            {
                Name = "BenchmarkDotNet",
                Version = c.BdnVersion,
                Job = c.Job,
                Pgo = "as the job set it (see its environment in the export)",
                Toolchain = "as the export's run chose",
                Environment = new Dictionary<string, string>(),
                Runtime = c.Runtime,
                OperationsPerInvoke = 1,
                CyclesFrom = "none: BenchmarkDotNet measures time; the import holds ns only",
            },
        };
    }

    public const string NanosecondsPerOperation = "ns/op";

    private static (Host, List<Case>) Parse(string path, string text)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Bad(path, $"is not JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("HostEnvironmentInfo", out var env) || env.ValueKind != JsonValueKind.Object)
            throw Bad(path, "has no HostEnvironmentInfo object");
        var bdnVersion = Text(env, "BenchmarkDotNetVersion", path, "HostEnvironmentInfo");
        var runtime = Text(env, "RuntimeVersion", path, "HostEnvironmentInfo");
        var hz = env.TryGetProperty("ChronometerFrequency", out var cf) && cf.ValueKind == JsonValueKind.Object && cf.TryGetProperty("Hertz", out var hertz)
                 && hertz.ValueKind == JsonValueKind.Number && hertz.TryGetDouble(out var f) && f is >= 1e3 and <= 1e12
            ? f
            : throw Bad(path, "has no HostEnvironmentInfo.ChronometerFrequency.Hertz from 1e3 to 1e12");
        var host = new Host(Text(env, "ProcessorName", path, "HostEnvironmentInfo"), Int(env, "LogicalCoreCount") ?? 0,
            Text(env, "Architecture", path, "HostEnvironmentInfo"), Text(env, "OsVersion", path, "HostEnvironmentInfo"), runtime, hz,
            OptionalText(env, "HardwareTimerKind") ?? "unknown", bdnVersion);
        if (!root.TryGetProperty("Benchmarks", out var list) || list.ValueKind != JsonValueKind.Array)
            throw Bad(path, "has no Benchmarks array");
        var cases = new List<Case>();
        var i = 0;
        foreach (var b in list.EnumerateArray())
        {
            var where = $"Benchmarks[{i++}]";
            if (b.ValueKind != JsonValueKind.Object)
                throw Bad(path, $"has {where} that is not an object");
            var fullName = Text(b, "FullName", path, where);
            if (!b.TryGetProperty("Measurements", out var ms) || ms.ValueKind != JsonValueKind.Array)
                throw Bad(path, $"has {where} ({TextSafety.Shown(fullName, 80)}) without Measurements: export with BenchmarkDotNet's --exporters json (full), not the brief export");
            var samples = new List<(int, double)>();
            var j = 0;
            foreach (var m in ms.EnumerateArray())
            {
                var at = $"{where}.Measurements[{j++}]";
                if (m.ValueKind != JsonValueKind.Object)
                    throw Bad(path, $"has {at} that is not an object");
                if (OptionalText(m, "IterationMode") != "Workload" || OptionalText(m, "IterationStage") != "Actual")
                    continue;
                var launch = Int(m, "LaunchIndex") is { } li and >= 0 ? li : throw Bad(path, $"has {at} without a LaunchIndex");
                var ops = m.TryGetProperty("Operations", out var o) && o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out var n) && n > 0
                    ? n : throw Bad(path, $"has {at} without a positive whole Operations");
                var ns = m.TryGetProperty("Nanoseconds", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var d) && double.IsFinite(d) && d >= 0
                    ? d : throw Bad(path, $"has {at} without finite, non-negative Nanoseconds");
                var per = ns / ops;
                if (per > ResultsFile.MaxFigure)
                    throw Bad(path, $"has {at} of {per.ToString("G4", CultureInfo.InvariantCulture)} ns per operation, past what a results file holds");
                samples.Add((launch, per));
            }
            if (samples.Count == 0)
                continue;
            cases.Add(new Case(path, fullName, Text(b, "Type", path, where), Text(b, "Method", path, where), OptionalText(b, "Parameters") ?? "",
                JobOf(b), samples, runtime, bdnVersion));
        }
        return (host, cases);
    }

    /// <summary>The job's ID from DisplayInfo, <c>Type.Method: JOB(characteristics) [params]</c>.</summary>
    private static string JobOf(JsonElement b)
    {
        var display = OptionalText(b, "DisplayInfo") ?? "";
        var colon = display.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
            return "DefaultJob";
        var rest = display[(colon + 2)..];
        var end = rest.IndexOfAny(['(', '[', ' ']);
        var job = (end < 0 ? rest : rest[..end]).Trim();
        return job.Length > 0 ? job : "DefaultJob";
    }

    private static string Text(JsonElement o, string field, string path, string where)
    {
        if (OptionalText(o, field) is { Length: > 0 } s)
            return s;
        // a string that is there but holds what no terminal or PR comment may show raw
        if (o.TryGetProperty(field, out var v) && JsonText.TryOf(v) is { } raw && TextSafety.FirstUnsafe(raw) is var at and >= 0)
            throw Bad(path, $"has {where}.{field} \"{TextSafety.Shown(raw, 80)}\" holding the control character {TextSafety.Visible(raw[at])}, which BenchmarkDotNet never writes");
        throw Bad(path, $"has {where} without a text {field}");
    }

    private static string? OptionalText(JsonElement o, string field) =>
        o.TryGetProperty(field, out var v) && JsonText.TryOf(v) is { } s && TextSafety.FirstUnsafe(s) < 0 ? s : null;

    private static int? Int(JsonElement o, string field) =>
        o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static BenchException Bad(string path, string what) =>
        BenchException.Usage($"BenchmarkDotNet export {path} {what}; give the *-report-full.json (or -full-compressed.json) BenchmarkDotNet wrote.");
}
