using System.Globalization;

namespace Bench.Core.Running.Managed;

/// <summary>
/// A build of the managed twins for a worker to load: the <c>Bench.Benchmarks.dll</c> it was built
/// into, and how many injected calls per element its kernels get (<c>ManagedInjection</c>, 0 for the
/// real code). On a worker's command line: the path, with <c>#inject-calls=N</c> appended for N &gt; 0.
/// </summary>
public sealed record ManagedKernelSpec(string AssemblyPath, int InjectCalls = 0)
{
    public const string AssemblyFileName = "Bench.Benchmarks.dll";
    private const string InjectMarker = "#inject-calls=";

    /// <summary>Whether a worker library spec names managed code (an assembly) rather than a native library.</summary>
    public static bool IsManaged(string spec) => PathOf(spec).EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    public static ManagedKernelSpec Parse(string spec)
    {
        var at = spec.LastIndexOf(InjectMarker, StringComparison.Ordinal);
        if (at < 0)
            return new ManagedKernelSpec(spec);
        var count = spec[(at + InjectMarker.Length)..];
        if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw BenchException.Usage($"'{spec}': {InjectMarker}N takes a non-negative integer, e.g. Bench.Benchmarks.dll{InjectMarker}1.");
        return new ManagedKernelSpec(spec[..at], n);
    }

    public override string ToString() => InjectCalls == 0 ? AssemblyPath : AssemblyPath + InjectMarker + InjectCalls.ToString(CultureInfo.InvariantCulture);

    /// <summary>The managed twins the tool carries: the suite's assembly beside it (the suite is loaded by its contract, never by a type of it).</summary>
    public static ManagedKernelSpec Default(int injectCalls = 0) =>
        new(Path.Combine(AppContext.BaseDirectory, AssemblyFileName), injectCalls);

    private static string PathOf(string spec) => spec.LastIndexOf(InjectMarker, StringComparison.Ordinal) is var at and >= 0 ? spec[..at] : spec;
}
