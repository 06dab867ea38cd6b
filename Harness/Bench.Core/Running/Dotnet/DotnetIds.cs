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
    public const string PgoOffSuffix = "@pgo-off";
    public const string BdnSuffix = "@bdn";

    public static bool IsManaged(string id) => id.StartsWith("managed/", StringComparison.Ordinal);
    public static bool IsNativeThroughBdn(string id) => id.StartsWith("native/", StringComparison.Ordinal) && id.EndsWith(BdnSuffix, StringComparison.Ordinal);
    /// <summary>Whether BenchmarkDotNet runs it: the cross-check always, the managed twins with --thorough (else Bench's own workers do).</summary>
    public static bool RunsInBdn(string id, bool thorough) => IsNativeThroughBdn(id) || (thorough && IsManaged(id));

    /// <summary>The kernel's ID without the job suffix.</summary>
    public static string Kernel(string id) => id.IndexOf('@') is var at and >= 0 ? id[..at] : id;
}
