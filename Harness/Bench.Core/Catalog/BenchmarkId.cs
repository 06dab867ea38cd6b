namespace Bench.Core.Catalog;

/// <summary>
/// A benchmark's ID, read in one place. The text is what files and screens carry:
/// <c>[implementation/]name[@job]</c>, where the implementation is <c>native</c>, <c>managed</c> or
/// <c>kernel</c> (imported kernel logs), and a suite's own native kernels carry none
/// (<c>lookup/switch</c>, whose managed twin is <c>managed/lookup/switch</c>). The name is what twins
/// share: <c>pp01-fast/ops/provider-on</c> for <c>native/pp01-fast/ops/provider-on</c> and
/// <c>managed/pp01-fast/ops/provider-on@pgo-off</c>. Bench's page_pool names are
/// <c>case[/style/provider-x]</c>; a suite's are <c>suite/kernel…</c>.
/// </summary>
public readonly record struct BenchmarkId
{
    public const string Native = "native";
    public const string Managed = "managed";
    public const string Kernel = "kernel";

    /// <summary>The job of a managed kernel run with tiered PGO off.</summary>
    public const string PgoOff = "pgo-off";

    /// <summary>The job of a native kernel timed through BenchmarkDotNet.</summary>
    public const string Bdn = "bdn";

    private BenchmarkId(string text, string implementation, bool prefixed, string name, string? job)
    {
        Text = text;
        Implementation = implementation;
        Prefixed = prefixed;
        Name = name;
        Job = job;
    }

    /// <summary>The ID as written.</summary>
    public string Text { get; }

    /// <summary><see cref="Native"/>, <see cref="Managed"/> or <see cref="Kernel"/>.</summary>
    public string Implementation { get; }

    /// <summary>Whether the text starts with the implementation (a suite's native kernels do not).</summary>
    public bool Prefixed { get; }

    /// <summary>What twins share: the ID without implementation and job.</summary>
    public string Name { get; }

    /// <summary>What follows '@' (<see cref="PgoOff"/>, <see cref="Bdn"/>), or null.</summary>
    public string? Job { get; }

    /// <summary>The kernel the job runs: the ID without <c>@job</c>.</summary>
    public string KernelId => Job is null ? Text : Text[..Text.IndexOf('@')];

    public bool IsManaged => Implementation == Managed;

    /// <summary>A native kernel of Bench's own matrix timed through BenchmarkDotNet (<c>native/…@bdn</c>).</summary>
    public bool IsNativeThroughBdn => Implementation == Native && Prefixed && Job == Bdn;

    /// <summary>The segments of the name: case, style, provider for Bench's page_pool kernels.</summary>
    public IReadOnlyList<string> Segments => Name.Split('/');

    /// <summary>The case: the name's first segment (a suite's kernels: the suite).</summary>
    public string Case => Segments[0];

    /// <summary>The style of a three-part page_pool name (<c>case/style/provider-x</c>); null otherwise.</summary>
    public string? Style => Segments is [_, var style, var provider] && provider.StartsWith("provider-", StringComparison.Ordinal) ? style : null;

    /// <summary>"on" or "off" of a three-part page_pool name; null otherwise.</summary>
    public string? Provider => Segments is [_, _, var provider] && provider.StartsWith("provider-", StringComparison.Ordinal) ? provider["provider-".Length..] : null;

    /// <summary>Where twins sort among themselves: native, managed, managed with PGO off, native via BenchmarkDotNet, anything else.</summary>
    public int TwinRank => (Implementation, Job) switch
    {
        (Native, null) => 0,
        (Managed, null) => 1,
        (Managed, _) => 2,
        (Native, _) => 3,
        _ => 4,
    };

    public static BenchmarkId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@');
        var kernel = at < 0 ? text : text[..at];
        var job = at < 0 ? null : text[(at + 1)..];
        var slash = kernel.IndexOf('/');
        var first = slash < 0 ? kernel : kernel[..slash];
        return first is Native or Managed or Kernel && slash > 0
            ? new BenchmarkId(text, first, true, kernel[(slash + 1)..], job)
            : new BenchmarkId(text, Native, false, kernel, job);
    }

    /// <summary>The same kernel in another implementation: the managed twin of a native kernel, or the reverse.</summary>
    /// <param name="prefixNative">Whether native IDs carry <c>native/</c> (Bench's own suite) or not (a suite's).</param>
    public BenchmarkId As(string implementation, bool prefixNative) =>
        Parse(implementation == Native && !prefixNative ? Name : $"{implementation}/{Name}");

    /// <summary>This kernel under a job: <c>managed/x@pgo-off</c>.</summary>
    public BenchmarkId WithJob(string? job) => Parse(job is null ? KernelId : $"{KernelId}@{job}");

    public override string ToString() => Text;
}
