using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bench.Core.Results;

namespace Bench.Core.Import;

/// <summary>What the user says of the machine and kernel a capture came from: nothing is guessed.</summary>
public sealed record ImportContext(string? Machine, string? Kernel, string? Commit, string? Architecture, int? Cores)
{
    public static readonly ImportContext None = new(null, null, null, null, null);

    /// <summary>The flags win over the sidecar file's fields.</summary>
    public ImportContext Over(ImportContext sidecar) => new(Machine ?? sidecar.Machine, Kernel ?? sidecar.Kernel, Commit ?? sidecar.Commit,
        Architecture ?? sidecar.Architecture, Cores ?? sidecar.Cores);

    /// <summary>
    /// A sidecar file: a JSON object with any of "machine", "kernel", "commit", "architecture"
    /// (strings) and "cores" (a positive whole number). Anything else is refused, naming the file.
    /// </summary>
    public static ImportContext Read(string path)
    {
        var text = IO.InputFile.ReadAllText(path, "the --context file");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw BenchException.Usage($"--context {path} is not JSON ({e.Message}); write e.g. {{\"machine\": \"Xeon 6430, 2 vCPU\", \"kernel\": \"6.12.0-rc3+\", \"commit\": \"abc1234\"}}.");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw BenchException.Usage($"--context {path} is not a JSON object; write e.g. {{\"machine\": \"...\", \"kernel\": \"...\"}}.");
        string? machine = null, kernel = null, commit = null, arch = null;
        int? cores = null;
        foreach (var p in root.EnumerateObject())
        {
            string Text() => IO.JsonText.TryOf(p.Value) is { Length: > 0 } s
                ? s : throw BenchException.Usage($"--context {path}: \"{p.Name}\" must be a non-empty string.");
            switch (p.Name)
            {
                case "machine": machine = Text(); break;
                case "kernel": kernel = Text(); break;
                case "commit": commit = Text(); break;
                case "architecture": arch = Text(); break;
                case "cores":
                    cores = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n) && n > 0
                        ? n : throw BenchException.Usage($"--context {path}: \"cores\" must be a positive whole number.");
                    break;
                default:
                    throw BenchException.Usage($"--context {path}: unknown field \"{p.Name}\"; it takes machine, kernel, commit, architecture and cores.");
            }
        }
        return new ImportContext(machine, kernel, commit, arch, cores);
    }
}

/// <summary>What an import made, and what it left out.</summary>
/// <param name="Unknown">Lines of cases that are not bench_page_pool_simple's (another time_bench module's, say): left out.</param>
public sealed record KernelImportResult(ResultsDocument Document, KernelLogCapture Capture, IReadOnlyList<KernelLine> Unknown);

/// <summary>
/// The kernel benchmark's captures as a Bench results file. Each case maps to a permanent ID under
/// <c>kernel/</c>: <c>for_loop</c>, <c>atomic_inc</c>, <c>lock</c>, <c>no-softirq-page_pool01..03</c>,
/// and the tasklet cases under their in-tree names (<c>tasklet_page_pool01_fast_path</c>,
/// <c>02_ptr_ring</c>, <c>03_slow</c>, whatever suffix the out-of-tree module printed). Lines of
/// Bench's own driver keep their <c>native/</c> IDs. Each module load is a launch of one sample
/// per case; a sample is the exact tsc_interval / invoke count (and time_interval / invoke count),
/// not the truncated integer printed, which is kept beside it with the invoke count and the line
/// it came from. The TSC rate is what the lines themselves say (their tsc_interval over
/// time_interval). The host is what the user gave; what was not given says so.
/// </summary>
public static class KernelImport
{
    public const string NotGiven = "not given";
    public const string Prefix = "kernel/";

    private static readonly Regex Tasklet = new(@"^tasklet_page_pool0(?<n>[123])(?:_.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex NoSoftirq = new(@"^no-softirq-page_pool0[123]$", RegexOptions.CultureInvariant);
    private static readonly Regex Native = new(@"^native/[a-z0-9_+./-]+$", RegexOptions.CultureInvariant);

    /// <summary>The permanent ID of a case as printed, or null when it is not one of bench_page_pool_simple's (nor Bench's own).</summary>
    public static string? IdOf(string name)
    {
        if (name is "for_loop" or "atomic_inc" or "lock" || NoSoftirq.IsMatch(name))
            return Prefix + name;
        if (Tasklet.Match(name) is { Success: true } t)
            return Prefix + t.Groups["n"].Value switch
            {
                "1" => "tasklet_page_pool01_fast_path",
                "2" => "tasklet_page_pool02_ptr_ring",
                _ => "tasklet_page_pool03_slow",
            };
        return Native.IsMatch(name) ? name : null;
    }

    public static KernelImportResult Build(KernelLogCapture capture, ImportContext context, IReadOnlyList<string> files, ToolInfo tool, DateTimeOffset now)
    {
        var unknown = new List<KernelLine>();
        // per benchmark: one sample per load that printed it
        var byId = new Dictionary<string, List<KernelLine>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var load in capture.Loads)
            foreach (var line in load)
            {
                if (IdOf(line.Name) is not { } id)
                {
                    unknown.Add(line);
                    continue;
                }
                if (!byId.TryGetValue(id, out var list))
                {
                    byId[id] = list = [];
                    order.Add(id);
                }
                list.Add(line);
            }
        if (byId.Count == 0)
        {
            var why = capture.Refused.Count + unknown.Count == 0
                ? "no time_bench result line (\"Type:NAME Per elem: N cycles(tsc) ...\") in it"
                : $"no line of a bench_page_pool_simple case in it ({capture.Refused.Count} refused, {unknown.Count} of other cases)";
            throw BenchException.Usage($"nothing to import from {string.Join(", ", files)}: {why}. Give the dmesg, journalctl -k or selftest log of `modprobe bench_page_pool_simple` (or `bench-driver --format kernel` output).");
        }

        var taken = byId.Values.SelectMany(l => l).ToList();
        RefuseMixedMachines(taken);
        var ticks = taken.Sum(l => (double)l.TscInterval);
        var ns = taken.Sum(l => (double)l.TimeInterval);
        var benchmarks = order.Select(id => Benchmark(id, byId[id])).ToList();
        var loads = capture.Loads.Count(l => l.Any(x => IdOf(x.Name) is not null));
        var doc = new ResultsDocument
        {
            Tool = tool,
            CreatedUtc = now,
            Host = new HostContext
            {
                CpuModel = context.Machine ?? NotGiven,
                LogicalCores = context.Cores ?? 0,
                Architecture = context.Architecture ?? NotGiven,
                Kernel = context.Kernel ?? NotGiven,
                Os = "Linux kernel module (bench_page_pool_simple with time_bench)",
                DotnetRuntime = "none (imported kernel figures)",
                Timer = "time_bench's TSC stamps in the kernel",
                TimerFrequencyHz = ticks / ns * 1e9,
                TimerFrequencySource = string.Create(CultureInfo.InvariantCulture, $"tsc_interval / time_interval of the {taken.Count} imported lines"),
                Compiler = NotGiven,
                CompilerFlags = NotGiven,
                StaticKey = new StaticKeyInfo("kernel", "the kernel's own static keys (jump labels)"),
                Commit = context.Commit,
                Imported = new ImportSource("time_bench (bench_page_pool_simple)", files, taken.Count, loads),
            },
            Run = new RunSettings
            {
                Profile = "imported",
                Filters = [],
                Launches = loads,
                WarmupSamples = 0,
                RoundsPerLaunch = 1,
                SamplesPerBlock = 1,
                DiscardedPerBlock = 0,
                SampleTargetMilliseconds = Statistics.SampleSummary.Of(taken.Select(l => l.TimeInterval / 1e6).ToArray()).Median,
                Seed = 0,
            },
            Benchmarks = benchmarks,
        };
        return new KernelImportResult(doc, capture, unknown);
    }

    /// <summary>How far apart two lines' TSC rates may be before they are two machines' (one machine's lines agree to far less).</summary>
    public const double TscRateTolerance = 0.03;

    /// <summary>
    /// Lines whose TSC rates disagree came from different machines (3600 MHz and 2000 MHz): merged,
    /// the rate would be neither's and the samples two machines' draws. Refused, naming both.
    /// </summary>
    private static void RefuseMixedMachines(IReadOnlyList<KernelLine> lines)
    {
        var slowest = lines.MinBy(l => l.TscMhz)!;
        var fastest = lines.MaxBy(l => l.TscMhz)!;
        if (fastest.TscMhz <= slowest.TscMhz * (1 + TscRateTolerance))
            return;
        throw BenchException.Usage(string.Create(CultureInfo.InvariantCulture,
            $"the lines come from machines with different TSC rates: {slowest.Where} says {slowest.TscMhz:F1} MHz and {fastest.Where} {fastest.TscMhz:F1} MHz " +
            $"(one machine's lines agree within {TscRateTolerance:P0}). Import each machine's captures on their own."));
    }

    private static BenchmarkResult Benchmark(string id, List<KernelLine> lines)
    {
        var parsed = Catalog.BenchmarkId.Parse(id);
        var native = parsed is { Implementation: Catalog.BenchmarkId.Native, Prefixed: true };
        var invocations = lines.Select(l => l.Invocations).ToArray();
        return new BenchmarkResult
        {
            Id = id,
            Implementation = native ? "native" : "kernel",
            Tags = native ? BenchmarkResult.TagsOf(parsed.Case, parsed.Style, parsed.Provider) : BenchmarkResult.TagsOf(parsed.Name),
            Status = BenchmarkStatus.Ok,
            Loops = invocations.GroupBy(n => n).OrderByDescending(g => g.Count()).First().Key,
            SamplesPerLaunch = lines.Select(_ => 1).ToArray(),
            Metrics = new Dictionary<string, MetricSeries>
            {
                [MetricNames.Cycles] = new(MetricNames.CyclesUnit, lines.Select(l => l.Cycles).ToArray()),
                [MetricNames.Nanoseconds] = new(MetricNames.NanosecondsUnit, lines.Select(l => l.Nanoseconds).ToArray()),
            },
            Imported = new ImportedSamples(invocations, lines.Select(l => l.Printed).ToArray(), lines.Select(l => l.PrintedNs).ToArray(),
                lines.Select(l => l.Where).ToArray()),
        };
    }
}
