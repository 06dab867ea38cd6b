using System.Text.Json.Serialization;

namespace Bench.Core.Results;

/// <summary>One benchmark's outcome: identity, status, and its metrics' raw samples.</summary>
public sealed record BenchmarkResult
{
    /// <summary>A kernel's result with its identity from the kernel's own description (ID and tags): every measured result starts here.</summary>
    public static BenchmarkResult Of(Bench.Suite.Host.KernelInfo kernel, string implementation, BenchmarkStatus status, IReadOnlyDictionary<string, MetricSeries> metrics) => new()
    {
        Id = kernel.Id,
        Implementation = implementation,
        Tags = kernel.Tags,
        Status = status,
        Metrics = metrics,
    };

    /// <summary>Permanent ID, e.g. <c>native/pp03-slow/static-key+ops/provider-on</c>.</summary>
    public required string Id { get; init; }
    /// <summary><c>native</c>, <c>managed</c>, <c>kernel</c> or <c>bdn</c>.</summary>
    public required string Implementation { get; init; }
    /// <summary>
    /// Every tag of the benchmark, in its suite's order: <c>case</c> always, <c>style</c> and
    /// <c>provider</c> where the kernel has them (Bench's page_pool suite: its dispatch style and
    /// <c>on</c>/<c>off</c>), then whatever else its suite gave it. Schema 2; a schema-1 file's
    /// <c>case</c>, <c>dispatch</c> and <c>provider</c> fields are read as these tags
    /// (<see cref="ResultsFile.Read"/>).
    /// </summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The <c>case</c> tag: what tables group by.</summary>
    [JsonIgnore] public string Case => Tags.GetValueOrDefault(CaseTag) ?? "kernel";
    /// <summary>The <c>style</c> tag (the page_pool suite's dispatch style); null for the baseline loops and kernels without one.</summary>
    [JsonIgnore] public string? Style => Tags.GetValueOrDefault(StyleTag);
    /// <summary>The <c>provider</c> tag, <c>on</c> or <c>off</c>; null where no provider applies.</summary>
    [JsonIgnore] public string? Provider => Tags.GetValueOrDefault(ProviderTag);

    public const string CaseTag = Bench.Suite.Host.KernelInfo.CaseTag;
    public const string StyleTag = Bench.Suite.Host.KernelInfo.StyleTag;
    public const string ProviderTag = Bench.Suite.Host.KernelInfo.ProviderTag;

    /// <summary>The tags of a benchmark known by its case, style and provider alone.</summary>
    public static IReadOnlyDictionary<string, string> TagsOf(string @case, string? style = null, string? provider = null) =>
        Bench.Suite.Host.KernelInfo.StandardTags(@case, style, provider);

    public required BenchmarkStatus Status { get; init; }
    /// <summary>What went wrong, or why the benchmark could not run.</summary>
    public string? Error { get; init; }
    /// <summary>
    /// The family this benchmark was sampled in (<c>bench cost</c>): the results of one file that name the
    /// same family took turns with it sample by sample in the same tuples of the same launches and
    /// placements, so sample i of any two of them pairs. Null: sampled on its own.
    /// </summary>
    public string? Family { get; init; }
    /// <summary>
    /// With <see cref="Family"/>: the number of each launch (in the order of <see cref="SamplesPerLaunch"/>) within
    /// the run, so that two kernels of the family that were re-measured in different rounds pair on the launches they
    /// shared, and only on those. Null: every kernel of the family ran in every launch.
    /// </summary>
    public IReadOnlyList<int>? FamilyLaunches { get; init; }
    /// <summary>Elements per sample (one timed loop).</summary>
    public ulong Loops { get; init; }
    /// <summary>How many of the samples (in order) each worker process gave: launches are separate draws.</summary>
    public IReadOnlyList<int> SamplesPerLaunch { get; init; } = [];
    /// <summary>The CPU each launch's worker was pinned to, in the order of <see cref="SamplesPerLaunch"/>; null when not pinned (or an older file).</summary>
    public IReadOnlyList<int>? LaunchCpus { get; init; }
    /// <summary>
    /// Per launch, how many of its samples (in order) each of its placements gave: layouts of the
    /// build, or load contexts of the managed twins, that one process ran side by side. Null when
    /// every launch ran one placement (or an older file). Each launch's counts add up to its
    /// <see cref="SamplesPerLaunch"/>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>>? SamplesPerPlacement { get; init; }
    /// <summary>Per launch, the layout variant each placement loaded (as <see cref="SamplesPerPlacement"/>); null for managed placements and single placements.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? PlacementLayouts { get; init; }
    /// <summary>Where the cycles' variation comes from (<see cref="Statistics.PlacementVariance"/>); null without samples.</summary>
    public Statistics.PlacementVariance? Variance { get; init; }
    /// <summary>By metric name: <see cref="MetricNames"/>.</summary>
    public required IReadOnlyDictionary<string, MetricSeries> Metrics { get; init; }
    /// <summary>Who took the samples and how when it was not the harness's native runner (BenchmarkDotNet, or a worker running managed twins); null for native kernels in the workers.</summary>
    public RunnerInfo? Runner { get; init; }
    /// <summary>For imported figures: per sample, what the line printed and where it was; null for figures Bench measured.</summary>
    public ImportedSamples? Imported { get; init; }
}

/// <summary>What each imported sample's line said, beside the exact figure Bench took from it (tsc_interval / invoke count).</summary>
/// <param name="Invocations">Each line's invoke count.</param>
/// <param name="PrintedCycles">The cycles(tsc) each line printed (time_bench truncates them to a whole number).</param>
/// <param name="PrintedNs">The ns each line printed.</param>
/// <param name="Lines">FILE:LINE of each.</param>
public sealed record ImportedSamples(IReadOnlyList<ulong> Invocations, IReadOnlyList<double> PrintedCycles, IReadOnlyList<double> PrintedNs, IReadOnlyList<string> Lines);

/// <summary>How a benchmark run by BenchmarkDotNet, or a managed twin run by Bench's workers, was run: enough to repeat it and to know what its figures mean.</summary>
public sealed record RunnerInfo
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Job { get; init; }
    /// <summary>Tiered PGO: <c>on</c> (the runtime's default) or <c>off</c>.</summary>
    public required string Pgo { get; init; }
    public required string Toolchain { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required string Runtime { get; init; }
    /// <summary>The CPU a BenchmarkDotNet job's processes were pinned to (its affinity); null when not pinned, and for Bench's own workers, whose launches record their CPUs in <see cref="BenchmarkResult.LaunchCpus"/>.</summary>
    public int? Cpu { get; init; }
    /// <summary>Elements per invocation (one timed loop).</summary>
    public required long OperationsPerInvoke { get; init; }
    /// <summary>Fixed invocations per iteration (one sample); null when BenchmarkDotNet chose.</summary>
    public long? InvocationsPerIteration { get; init; }
    /// <summary>How cycles(tsc) were derived from the measured ns.</summary>
    public required string CyclesFrom { get; init; }
}

public enum BenchmarkStatus
{
    Ok,
    /// <summary>It ran but failed its own checks, or the kernel refused a sample.</summary>
    Failed,
    /// <summary>The worker process died while running it.</summary>
    Crashed,
    /// <summary>Not built on this machine (e.g. retpolines off x86-64); the error says why.</summary>
    Unavailable,
}
