namespace Bench.Core.Results;

/// <summary>Where and how the numbers were measured: what makes two results comparable or not.</summary>
public sealed record HostContext
{
    public required string CpuModel { get; init; }
    public required int LogicalCores { get; init; }
    public required string Architecture { get; init; }
    public required string Kernel { get; init; }
    public required string Os { get; init; }
    public required string DotnetRuntime { get; init; }
    /// <summary>The C library, e.g. glibc 2.36: part of what makes instruction counts comparable.</summary>
    public string? Libc { get; init; }
    /// <summary>How ticks are read, e.g. fenced RDTSC.</summary>
    public required string Timer { get; init; }
    /// <summary>Ticks per second: the TSC frequency on x86-64.</summary>
    public required double TimerFrequencyHz { get; init; }
    public required string TimerFrequencySource { get; init; }
    /// <summary>
    /// The stop stamp that ran, e.g. RDTSCP;CPUID, or the fenced RDTSC stop where CPUID does not
    /// advertise RDTSCP; with why. Null in results written before it was recorded.
    /// </summary>
    public string? TimerStop { get; init; }
    public string? TimerStopNote { get; init; }
    public required string Compiler { get; init; }
    public required string CompilerFlags { get; init; }
    /// <summary>Extra flags of the ops-retpoline kernels; null where they were not built.</summary>
    public string? RetpolineFlags { get; init; }
    public required StaticKeyInfo StaticKey { get; init; }
    /// <summary>Extra dependent ALU ops per element in the library that ran (0: the real build).</summary>
    public int InjectedOpsPerElement { get; init; }
    /// <summary>Extra calls per element in the library that ran (0: the real build).</summary>
    public int InjectedCallsPerElement { get; init; }
    public string? Commit { get; init; }
    public bool? CommitDirty { get; init; }
    /// <summary>Set when the figures were imported (`bench import`), not measured by Bench: the host fields are what the user gave.</summary>
    public ImportSource? Imported { get; init; }
}

/// <summary>Where imported figures came from.</summary>
/// <param name="Format">What printed them, e.g. time_bench (bench_page_pool_simple).</param>
/// <param name="Files">The capture files, as given.</param>
/// <param name="Lines">Result lines taken.</param>
/// <param name="Loads">Module loads (launches) they came from.</param>
public sealed record ImportSource(string Format, IReadOnlyList<string> Files, int Lines, int Loads);

/// <summary>Which static-key implementation actually ran, and why.</summary>
public sealed record StaticKeyInfo(string Implementation, string Note);
