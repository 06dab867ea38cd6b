using Bench.Core.Catalog;

namespace Bench.Core.Running.Dotnet;

/// <summary>
/// IDs of what BenchmarkDotNet runs. A managed twin's ID is its native
/// twin's with the <c>managed/</c> prefix, measured under the runtime's default
/// (tiered PGO on); <c>@pgo-off</c> marks the same kernel with tiered PGO off.
/// <c>native/...@bdn</c> is a native kernel timed by BenchmarkDotNet around one
/// P/Invoke call (the cross-check of the harness's own figures).
/// </summary>
public static class DotnetIds
{
    public const string PgoOffSuffix = "@" + BenchmarkId.PgoOff;
    public const string BdnSuffix = "@" + BenchmarkId.Bdn;

    public static bool IsManaged(string id) => BenchmarkId.Parse(id).IsManaged;
    public static bool IsNativeThroughBdn(string id) => BenchmarkId.Parse(id).IsNativeThroughBdn;
    /// <summary>Whether BenchmarkDotNet runs it: the cross-check always, the managed twins with --thorough (else Bench's own workers do).</summary>
    public static bool RunsInBdn(string id, bool thorough) => IsNativeThroughBdn(id) || (thorough && IsManaged(id));

    /// <summary>The kernel's ID without the job suffix.</summary>
    public static string Kernel(string id) => BenchmarkId.Parse(id).KernelId;
}
