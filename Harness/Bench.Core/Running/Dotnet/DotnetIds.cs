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
    public static bool RunsInBdn(string id) => IsManaged(id) || IsNativeThroughBdn(id);

    /// <summary>The kernel's ID without the job suffix.</summary>
    public static string Kernel(string id) => id.IndexOf('@') is var at and >= 0 ? id[..at] : id;

    /// <summary>False only for <c>@pgo-off</c>.</summary>
    public static bool Pgo(string id) => !id.EndsWith(PgoOffSuffix, StringComparison.Ordinal);

    /// <summary>The native kernel a result is the twin or the cross-check of, or null.</summary>
    public static string? NativeTwin(string id, Func<string, bool> exists)
    {
        var kernel = Kernel(id);
        var native = IsManaged(kernel) ? "native/" + kernel["managed/".Length..] : kernel;
        return native != id && exists(native) ? native : null;
    }
}
