using Bench.Benchmarks.Managed;

namespace Bench.Tests.TestSupport;

/// <summary>
/// The size of the page_pool matrix, from where its styles are defined (styles.def for C, DispatchStyles for C#),
/// so that adding a style stays one place per language and the tests follow it.
/// </summary>
internal static class Matrix
{
    private const int Baselines = 3;
    private const int Cases = 5;

    /// <summary>The native styles: the BENCH_STYLE lines of styles.def (the first, none, has no hook, so no provider-on kernel).</summary>
    public static int NativeStyles { get; } = File.ReadLines(Path.Combine(RepoRoot.Path, "Benchmarks", "Native", "src", "styles.def"))
        .Count(l => l.StartsWith("BENCH_STYLE(", StringComparison.Ordinal));

    /// <summary>Every native kernel the registry lists (unavailable ones included).</summary>
    public static int NativeKernels => Baselines + Cases * (1 + 2 * (NativeStyles - 1));

    /// <summary>Every managed twin: each style's provider-off kernel, and its provider-on one where it reaches a provider.</summary>
    public static int ManagedKernels => Baselines + Cases * DispatchStyles.All.Sum(s => s.ReachesProvider ? 2 : 1);
}
